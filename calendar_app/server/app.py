"""HTTP feeds: an asyncio server for the live feeds, their index page, tokens and limits."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import TextIO
from urllib.parse import unquote

from calendar_app.server.live import Feed, FeedQuery, LiveFeeds, Snapshot, parse_query
from calendar_app.server.conn import COMMON, Connection
from calendar_app.server.wire import (
    Limits,
    Request,
    Response,
    accepts_gzip,
    etag_matches,
    head_bytes,
    http_date,
    not_modified_since,
    text_response,
)
from calendar_app.server.index_page import render_index

_FEED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.ics")
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
ALLOW = "GET, HEAD"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class FeedServer:
    """Serves a :class:`LiveFeeds` over HTTP/1.1 on one asyncio loop.

    Feed bytes come from memory only: a path is matched against the token and the feed names,
    never joined to a folder. ``today`` and ``clock`` are injectable for reproducible runs.
    """

    def __init__(
        self,
        feeds: LiveFeeds,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        limits: Limits = Limits(),
        log: TextIO | None = None,
        today: Callable[[], date] | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        self.feeds = feeds
        self.host = host
        self.port = port
        self.token = token
        self._token_digest = hashlib.sha256(token.encode("utf-8")).digest() if token else None
        self.limits = limits
        self.log = log if log is not None else sys.stderr
        self._today = today or date.today
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.connections: set[Connection] = set()
        self._server: asyncio.base_events.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="calendar-feeds")
        self._fresh_for: date | None = None
        self._log_lines: list[str] = []
        self._second = -1
        self._date_line = b""
        self._log_time = ""
        self._prepared: dict[tuple[int, bool], tuple[Feed, bytes, bytes, bytes]] = {}
        self._index_cache: tuple[tuple, Response] | None = None
        self._reported: tuple[int, tuple[str, ...]] = (0, ())
        self._stop: asyncio.Event | None = None
        self._sweeper: asyncio.TimerHandle | None = None
        self._404 = text_response(404, "No such feed here.", COMMON)
        self._405 = text_response(405, "Only GET and HEAD are allowed.", [("Allow", ALLOW), *COMMON])

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Build the feeds, then listen (``self.port`` is the bound port afterwards)."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self._refresh()
        self._server = await self._loop.create_server(
            lambda: Connection(self), self.host, self.port, backlog=1024, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._sweeper = self._loop.call_later(self._sweep_every, self._sweep)

    async def serve(self) -> None:
        """Start if needed, serve until :meth:`stop` (or cancellation), then close everything."""
        if self._server is None:
            await self.start()
        try:
            await self._stop.wait()
        finally:
            await self.aclose()

    def stop(self) -> None:
        """Ask :meth:`serve` to return; safe from any thread or a signal handler."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    async def aclose(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        if self._server is not None:
            self._server.close()
        for conn in list(self.connections):
            conn.abort()
        self._flush_log()
        self._executor.shutdown(wait=False, cancel_futures=True)

    @contextmanager
    def running(self) -> Iterator[FeedServer]:
        """Serve from a background thread for the duration of a ``with`` block (tests, the editor)."""
        ready = threading.Event()
        failed: list[BaseException] = []

        async def main() -> None:
            try:
                await self.start()
            except BaseException as exc:
                failed.append(exc)
                ready.set()
                return
            ready.set()
            await self.serve()

        thread = threading.Thread(target=asyncio.run, args=(main(),), name="calendar-app-serve", daemon=True)
        thread.start()
        ready.wait(60)
        if failed:
            raise failed[0]
        try:
            yield self
        finally:
            self.stop()
            thread.join(30)

    @property
    def _sweep_every(self) -> float:
        return max(0.05, min(1.0, self.limits.timeout / 4))

    def _sweep(self) -> None:
        """Close connections past their deadline: slow or silent clients cannot hold the server."""
        now = self._loop.time()
        for conn in list(self.connections):
            if conn.deadline is not None and now > conn.deadline:
                conn.timed_out()
        self._sweeper = self._loop.call_later(self._sweep_every, self._sweep)

    # --- URLs ---------------------------------------------------------------------------

    def base_path(self) -> str:
        return f"/{self.token}/" if self.token else "/"

    def url_host(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            import socket

            host = socket.gethostname()
        if ":" in host:
            host = f"[{host}]"
        return f"{host}:{self.port}"

    # --- requests -----------------------------------------------------------------------

    def respond(self, req: Request) -> Response | Awaitable[Response]:
        """The response to one request, or an awaitable when the feeds must be rebuilt first."""
        if req.method not in ("GET", "HEAD"):
            return self._405
        route = self.route(req.path)
        if route is None:
            return self._404
        if route == "":
            return self._index(req)
        today = self._today()
        if self._fresh_for != today:
            if not self.feeds.is_current(today):
                return self._refresh_then(req, route)
            # Requests read in this loop iteration arrived before this stat(): share it.
            self._fresh_for = today
            self._loop.call_soon(self._expire_fresh)
        return self._feed(req, self.feeds.snapshot, route)

    def _expire_fresh(self) -> None:
        self._fresh_for = None

    def route(self, path: str) -> str | None:
        """``""`` for the index page, a feed name, or None (404). Pure string matching."""
        if "%" in path:
            lowered = path.lower()
            if "%2f" in lowered or "%5c" in lowered or "%00" in lowered:
                return None
            path = unquote(path, errors="replace")
        segments = path.split("/")[1:]
        if self._token_digest is not None:
            if not segments or not self._token_ok(segments[0]):
                return None
            segments = segments[1:] or [""]
        if segments == [""]:
            return ""
        if len(segments) == 1 and _FEED_NAME.fullmatch(segments[0]):
            return segments[0]
        return None

    def _token_ok(self, candidate: str) -> bool:
        # Compare digests: same length whatever the candidate, so neither length nor content leaks.
        digest = hashlib.sha256(candidate.encode("utf-8", "surrogateescape")).digest()
        return hmac.compare_digest(digest, self._token_digest)

    async def _refresh(self) -> Snapshot:
        today, now = self._today(), self._clock()
        snap = await self._loop.run_in_executor(self._executor, self.feeds.refresh, today, now)
        self._report(snap)
        return snap

    def _report(self, snap: Snapshot) -> None:
        build, problems = self._reported
        if problems != snap.problems:
            if snap.problems:
                n = len(snap.problems)
                kept = (f"still serving the feeds built {snap.built:%Y-%m-%d %H:%M:%S} UTC"
                        if snap.built else "no feed is served until they are valid")
                self._log(f"calendar-app serve: the plans have {n} problem{'s' if n != 1 else ''}; {kept}:\n")
                self._log("".join(f"  {p}\n" for p in snap.problems))
            else:
                self._log("calendar-app serve: the plans are valid again.\n")
        if snap.build != build and snap.build > 1:
            self._log(f"calendar-app serve: feeds rebuilt ({len(snap.feeds)} feeds, "
                      f"{snap.window[0]} to {snap.window[1]}).\n")
        self._reported = (snap.build, snap.problems)

    async def _refresh_then(self, req: Request, name: str) -> Response:
        snap = await self._refresh()
        result = self._feed(req, snap, name)
        return await result if isinstance(result, Awaitable) else result

    def _feed(self, req: Request, snap: Snapshot, name: str) -> Response | Awaitable[Response]:
        if not snap.feeds:
            lines = "\n".join(snap.problems)
            return text_response(503, f"No valid plan yet; fix these problems:\n{lines}",
                                 [("Retry-After", "30"), *COMMON])
        try:
            query = parse_query(req.query, snap, name)
        except ValueError as exc:
            return text_response(400, str(exc), COMMON)
        if not query:
            feed = snap.feeds.get(name)
        else:
            found, feed = self.feeds.cached(snap, name, query)
            if not found:
                return self._render_filtered(req, snap, name, query)
        if feed is None:
            return text_response(404, f"No feed named {name}; feeds: {', '.join(snap.feeds)}", COMMON)
        return self._feed_response(req, feed, name)

    async def _render_filtered(self, req: Request, snap: Snapshot, name: str, query: FeedQuery) -> Response:
        feed = await self._loop.run_in_executor(self._executor, self.feeds.filtered, snap, name, query, self._clock())
        if feed is None:
            return text_response(404, f"No feed named {name}; feeds: {', '.join(snap.feeds)}", COMMON)
        return self._feed_response(req, feed, name)

    def _feed_response(self, req: Request, feed: Feed, name: str) -> Response:
        gz = accepts_gzip(req.headers.get("accept-encoding"))
        prepared = self._prepared.get((id(feed), gz))
        if prepared is None or prepared[0] is not feed:
            prepared = self._prepare(feed, name, gz)
        _, head200, head304, body = prepared
        etag = feed.gzip_etag if gz else feed.etag
        inm = req.headers.get("if-none-match")
        if inm is not None:
            fresh = etag_matches(inm, etag)
        else:
            ims = req.headers.get("if-modified-since")
            fresh = ims is not None and not_modified_since(ims, feed.last_modified)
        if fresh:
            return Response(304, head304)
        return Response(200, head200, body)

    def _prepare(self, feed: Feed, name: str, gz: bool) -> tuple[Feed, bytes, bytes, bytes]:
        body = feed.gzipped if gz else feed.body
        validators = [
            ("ETag", feed.gzip_etag if gz else feed.etag),
            ("Last-Modified", http_date(feed.last_modified)),
            ("Cache-Control", "no-cache"),
            ("Vary", "Accept-Encoding"),
        ]
        head200 = head_bytes(200, [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *([("Content-Encoding", "gzip")] if gz else []),
            ("Content-Disposition", f'inline; filename="{name}"'),
            *validators,
            *COMMON,
        ])
        head304 = head_bytes(304, [*validators, *COMMON])
        if len(self._prepared) > 512:
            self._prepared.clear()
        prepared = (feed, head200, head304, body)
        self._prepared[(id(feed), gz)] = prepared
        return prepared

    async def _index(self, req: Request) -> Response:
        snap = await self._refresh()
        host = req.headers.get("host", "")
        if not _HOST.fullmatch(host):
            host = self.url_host()
        proto = req.headers.get("x-forwarded-proto", "").strip().lower()
        scheme = "https" if proto == "https" else "http"
        path = self.base_path()
        now = self._clock()
        key = (snap.generation, scheme, host, now.replace(second=0, microsecond=0))
        if self._index_cache is not None and self._index_cache[0] == key:
            return self._index_cache[1]
        body = await self._loop.run_in_executor(
            self._executor, lambda: render_index(
                snap, http_base=f"{scheme}://{host}{path}", webcal_base=f"webcal://{host}{path}",
                today=snap.today, now=now,
            )
        )
        response = Response(200, head_bytes(200, [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-cache"),
            ("Content-Security-Policy", _CSP),
            ("X-Frame-Options", "DENY"),
            *COMMON,
        ]), body)
        self._index_cache = (key, response)
        return response

    # --- output -------------------------------------------------------------------------

    def date_line(self) -> bytes:
        """``Date: ...`` for this second (formatted once per second)."""
        now = time.time()
        second = int(now)
        if second != self._second:
            moment = datetime.fromtimestamp(second, timezone.utc)
            self._second = second
            self._date_line = f"Date: {http_date(moment)}\r\n".encode("ascii")
            self._log_time = moment.strftime("%d/%b/%Y:%H:%M:%S +0000")
        return self._date_line

    def access(self, peer: str, req: Request | None, status: int, size: int) -> None:
        """One access-log line per request (combined log format; the token is never written)."""
        if req is None:
            line, referer, agent = "-", "-", "-"
        else:
            line = req.line if not self.token else req.line.replace(self.token, "<token>")
            referer = req.headers.get("referer", "-")
            agent = req.headers.get("user-agent", "-")
            if self.token:
                referer = referer.replace(self.token, "<token>")
        self.date_line()
        self._log(f'{peer} - - [{self._log_time}] "{_clean(line)}" {status} {size} '
                  f'"{_clean(referer)}" "{_clean(agent)}"\n')

    def deadline(self) -> float:
        """The loop time by which a client must have done its next step."""
        return self._loop.time() + self.limits.timeout

    def log_error(self, text: str) -> None:
        self._log(text if text.endswith("\n") else text + "\n")

    def _log(self, text: str) -> None:
        if not self._log_lines and self._loop is not None:
            self._loop.call_soon(self._flush_log)
        self._log_lines.append(text)

    def _flush_log(self) -> None:
        lines, self._log_lines = self._log_lines, []
        if lines:
            try:
                self.log.write("".join(lines))
                self.log.flush()
            except (OSError, ValueError):
                pass


def _clean(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\x{ord(c):02x}" for c in text)
