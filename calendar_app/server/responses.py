"""The feed server's responses: validators, gzip negotiation, prepared feed headers, short text replies."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus

from aiohttp import web
from multidict import CIMultiDict

#: Headers on every response: nothing here is for robots, frames or referrers (tokens live in URLs).
#: ``Server`` replaces aiohttp's default, which names the Python and aiohttp versions.
COMMON = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex"),
    ("Server", "calendar-app"),
)
ALLOW = "GET, HEAD"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
INDEX_HEADERS = CIMultiDict([
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-cache"),
    ("Content-Security-Policy", _CSP),
    ("X-Frame-Options", "DENY"),
    *COMMON,
])


def accepts_gzip(header: str | None) -> bool:
    """True when an ``Accept-Encoding`` value allows gzip (explicitly or by ``*``, with q > 0)."""
    if not header:
        return False
    star = None
    for item in header.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        q = 1.0
        for param in params.split(";"):
            k, _, v = param.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v.strip())
                except ValueError:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            return q > 0
        if coding == "*":
            star = q > 0
    return bool(star)


def etag_matches(header: str, etag: str) -> bool:
    """``If-None-Match`` against our ETag: ``*``, or any listed tag (weak comparison, RFC 9110 13.1.2)."""
    if header == etag:
        return True  # what a client that kept our ETag sends
    if header.strip() == "*":
        return True
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


def not_modified_since(header: str, last_modified: datetime) -> bool:
    """``If-Modified-Since``: True when the resource has not changed after that date (bad dates: False)."""
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return last_modified <= since


def http_date(moment: datetime) -> str:
    """``Tue, 24 Nov 2026 10:00:00 GMT``."""
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def feed_headers(feed, name: str, gz: bool) -> tuple[CIMultiDict, CIMultiDict]:
    """The headers of a feed's 200 and 304 (aiohttp adds Date, Content-Length and Connection)."""
    validators = [
        ("ETag", feed.gzip_etag if gz else feed.etag),
        ("Last-Modified", http_date(feed.last_modified)),
        ("Cache-Control", "no-cache"),
        ("Vary", "Accept-Encoding"),
    ]
    head200 = CIMultiDict([
        ("Content-Type", "text/calendar; charset=utf-8"),
        *([("Content-Encoding", "gzip")] if gz else []),
        ("Content-Disposition", f'inline; filename="{name}"'),
        *validators,
        *COMMON,
    ])
    return head200, CIMultiDict([*validators, *COMMON])


#: The published calendar's pages load their stylesheet from the server, nothing else.
PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def page_headers(page, content_type: str, gz: bool) -> tuple[CIMultiDict, CIMultiDict]:
    """The headers of a calendar page's 200 and 304: the feeds' validators, an HTML or CSS type."""
    validators = [
        ("ETag", page.gzip_etag if gz else page.etag),
        ("Last-Modified", http_date(page.last_modified)),
        ("Cache-Control", "no-cache"),
        ("Vary", "Accept-Encoding"),
    ]
    head200 = CIMultiDict([
        ("Content-Type", content_type),
        *([("Content-Encoding", "gzip")] if gz else []),
        *validators,
        ("Content-Security-Policy", PAGE_CSP),
        ("X-Frame-Options", "DENY"),
        *COMMON,
    ])
    return head200, CIMultiDict([*validators, *COMMON])


def _text_headers(message: str, extra) -> tuple[bytes, list[tuple[str, str]]]:
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    return body, [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store"), *extra, *COMMON]


def text_response(status: int, message: str, extra=(), close: bool = False) -> web.Response:
    """A short plain-text response (errors): UTF-8, not cached; ``close`` ends the connection after it."""
    body, headers = _text_headers(message, extra)
    resp = web.Response(status=status, body=body, headers=headers)
    if close:
        close_after(resp)
    return resp


def close_after(resp: web.StreamResponse) -> None:
    """Close the connection once ``resp`` is sent, and say so (HTTP/1.0 clients too)."""
    resp.force_close()
    resp.headers["Connection"] = "close"


def raw_response(status: int, message: str, extra=()) -> bytes:
    """A whole plain-text response as bytes, for the replies made outside a request (503, 408), then close."""
    body, headers = _text_headers(message, extra)
    headers += [("Content-Length", str(len(body))), ("Date", http_date(datetime.now(timezone.utc))),
                ("Connection", "close")]
    head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return head.encode("latin-1") + b"\r\n" + body
