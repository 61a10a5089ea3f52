"""HTTP/1.1 on the wire for the feed server: strict request parsing with limits, response bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_TARGET = re.compile(rb"[\x21-\x7e]+")
_BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_ABSOLUTE = re.compile(r"^https?://[^/?#]*", re.IGNORECASE)
_HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Limits:
    """What one client may cost the server."""

    request_line: int = 8 * 1024
    """Longest request line (method, target, version) in bytes; longer is 414."""
    header_bytes: int = 32 * 1024
    """Largest request head (request line and headers) in bytes; larger is 431."""
    header_count: int = 100
    """Most header fields in one request; more is 431."""
    timeout: float = 10.0
    """Seconds a client has to send a whole request head (counted from the connection or the
    previous response, not reset by each byte), and longest a response may wait on a client
    that does not read."""
    max_connections: int = 1000
    """Open connections beyond this are answered 503 and closed."""


class HttpError(Exception):
    """A request the server answers with ``status`` and a one-line explanation, then closes."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Request:
    """One parsed request head. Header names are lower case; repeated fields are joined by ``, ``."""

    __slots__ = ("method", "target", "path", "query", "version", "headers", "keep_alive", "line")

    def __init__(self, method: str, target: str, version: str, headers: dict[str, str], line: str):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.line = line
        path = _ABSOLUTE.sub("", target, count=1) or "/"
        path, _, self.query = path.partition("?")
        self.path = path.partition("#")[0]
        tokens = {t.strip().lower() for t in headers.get("connection", "").split(",")}
        self.keep_alive = "close" not in tokens if version == "HTTP/1.1" else "keep-alive" in tokens
        if "transfer-encoding" in headers or headers.get("content-length", "0") != "0":
            self.keep_alive = False  # no route reads a body: never try to find the next request after one


def find_head_end(buf: bytes | bytearray) -> tuple[int, int]:
    """``(end, separator length)`` of the request head in ``buf``, or ``(-1, 0)`` if incomplete."""
    end = buf.find(b"\r\n\r\n")
    if end >= 0:
        return end, 4
    m = _HEAD_END.search(buf)
    return (m.start(), m.end() - m.start()) if m else (-1, 0)


def incomplete_head_error(buf: bytes | bytearray, limits: Limits) -> HttpError | None:
    """The error for a head still incomplete in ``buf`` that is already past a limit."""
    line_end = buf.find(b"\n")
    if (line_end < 0 and len(buf) > limits.request_line) or line_end > limits.request_line:
        return HttpError(414, f"the request line is longer than {limits.request_line} bytes")
    if len(buf) > limits.header_bytes:
        return HttpError(431, f"the request headers are larger than {limits.header_bytes} bytes")
    return None


def parse_head(head: bytes, limits: Limits) -> Request:
    """Parse a request head (without the blank line); raise :class:`HttpError` for anything off."""
    lines = head.split(b"\n")
    line = lines[0].rstrip(b"\r")
    if len(line) > limits.request_line:
        raise HttpError(414, f"the request line is longer than {limits.request_line} bytes")
    if len(head) > limits.header_bytes:
        raise HttpError(431, f"the request headers are larger than {limits.header_bytes} bytes")
    if len(lines) - 1 > limits.header_count:
        raise HttpError(431, f"more than {limits.header_count} request header fields")
    parts = line.split(b" ")
    if len(parts) != 3 or not _TOKEN.fullmatch(parts[0]) or not _TARGET.fullmatch(parts[1]):
        raise HttpError(400, "malformed request line; expected METHOD /path HTTP/1.1")
    method, target, version = parts
    if version not in (b"HTTP/1.1", b"HTTP/1.0"):
        if re.fullmatch(rb"HTTP/\d(\.\d)?", version):
            raise HttpError(505, "only HTTP/1.0 and HTTP/1.1 are spoken here")
        raise HttpError(400, "malformed request line; expected METHOD /path HTTP/1.1")
    if not (target.startswith(b"/") or target == b"*" or target[:7].lower() == b"http://"
            or target[:8].lower() == b"https://"):
        raise HttpError(400, "the request target must be a path starting with /")
    headers: dict[str, str] = {}
    for raw in lines[1:]:
        raw = raw.rstrip(b"\r")
        if raw[:1] in (b" ", b"\t"):
            raise HttpError(400, "folded header lines are not accepted")
        name, sep, value = raw.partition(b":")
        value = value.strip(b" \t")
        if not sep or not _TOKEN.fullmatch(name) or _BAD_VALUE.search(value):
            raise HttpError(400, "malformed header line")
        key = name.decode("ascii").lower()
        text = value.decode("latin-1")
        if key in headers:
            if key in ("host", "content-length"):
                raise HttpError(400, f"more than one {key} header")
            headers[key] += ", " + text
        else:
            headers[key] = text
    if version == b"HTTP/1.1" and "host" not in headers:
        raise HttpError(400, "an HTTP/1.1 request needs a Host header")
    if "content-length" in headers and not headers["content-length"].isdigit():
        raise HttpError(400, "malformed Content-Length")
    return Request(method.decode("ascii"), target.decode("ascii"), version.decode("ascii"), headers,
                   line.decode("latin-1"))


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


def status_line(status: int) -> bytes:
    return f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode("ascii")


def head_bytes(status: int, headers: list[tuple[str, str]]) -> bytes:
    """The status line and ``headers``, without Date, Connection and the blank line (added per response)."""
    return status_line(status) + "".join(f"{k}: {v}\r\n" for k, v in headers).encode("latin-1")


@dataclass(frozen=True, slots=True)
class Response:
    """A response ready to write: ``head`` from :func:`head_bytes`, the body, and whether to close."""

    status: int
    head: bytes
    body: bytes = b""
    close: bool = False


def text_response(status: int, message: str, extra: list[tuple[str, str]] = (), close: bool = False) -> Response:
    """A short plain-text response (errors): UTF-8, not cached."""
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        *extra,
    ]
    return Response(status, head_bytes(status, headers), body, close)
