"""HTTP feeds: the live feeds, their index page and tokens, served by aiohttp on one asyncio loop."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import TextIO
from urllib.parse import unquote

from aiohttp import hdrs, web
from aiohttp.web import BaseRequest

from calendar_app.feeds.filter import FeedFilter
from calendar_app.i18n import _
from calendar_app.server.accesslog import AccessLog
from calendar_app.server.connection import Connection, Limits
from calendar_app.server.index_page import render_index
from calendar_app.server.live import Feed, LiveFeeds, Snapshot, parse_query
from calendar_app.server.pages import PAGE_NAME, LivePages, content_type
from calendar_app.server.responses import (
    ALLOW,
    INDEX_HEADERS,
    accepts_gzip,
    close_after,
    etag_matches,
    feed_headers,
    not_modified_since,
    page_headers,
    text_response,
)

_FEED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.ics")
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
#: The published calendar's pages live under this folder of the feeds' address.
CALENDAR = "calendar"


class FeedServer:
    """Serves a :class:`LiveFeeds` over HTTP/1.1 (aiohttp) on one asyncio loop.

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
        self._access_log = AccessLog(self.log, token)
        self.access = self._access_log.request
        """``access(peer, request, status, size)``: one access-log line (the token never written)."""
        self._today = today or date.today
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.connections: set[Connection] = set()
        self._server: asyncio.base_events.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="calendar-feeds")
        self._fresh_for: date | None = None
        self._prepared: tuple[dict[Feed, _Prepared], dict[Feed, _Prepared]] = ({}, {})  # identity, gzip
        self._index_cache: tuple[tuple, bytes] | None = None
        self.pages = LivePages()
        """The published calendar's pages, served under ``/calendar/``."""
        self._reported: tuple[int, tuple[str, ...]] = (0, ())
        self._stop: asyncio.Event | None = None
        self._sweeper: asyncio.TimerHandle | None = None

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Build the feeds, then listen (``self.port`` is the bound port afterwards)."""
        loop = self._loop = asyncio.get_running_loop()
        self._access_log.bind(loop)
        self._stop = asyncio.Event()
        await self._refresh()
        # aiohttp's low-level server: our routing is string matching, so no Application or router.
        manager = web.Server(self._handle)
        args = dict(self.limits.protocol_args(), loop=loop, access_log=None, logger=self._access_log.logger())
        self._server = await loop.create_server(
            lambda: Connection(self, manager, **args), self.host, self.port, backlog=1024, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._sweeper = loop.call_later(self._sweep_every, self._sweep)

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
        self._access_log.flush()
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

    def deadline(self) -> float:
        """The loop time by which a client must have done its next step."""
        return self._loop.time() + self.limits.timeout

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

    async def _handle(self, request: BaseRequest) -> web.StreamResponse:
        """aiohttp's request handler (exceptions become a logged 500 in :meth:`Connection.handle_error`)."""
        request.protocol.started()
        resp = self.respond(request)
        if not isinstance(resp, web.StreamResponse):
            resp = await resp
        if request.body_exists or not request.keep_alive:
            close_after(resp)  # no route reads a body: never look for a next request after one
        return resp

    def respond(self, request: BaseRequest) -> web.StreamResponse | Awaitable[web.StreamResponse]:
        """The response to one request, or an awaitable when the feeds must be rebuilt first."""
        major = request.version[0]
        if major != 1:  # llhttp reads HTTP/0.9 and HTTP/2.0 request lines too
            if major == 0:
                return text_response(400, "malformed request line; expected METHOD /path HTTP/1.1", close=True)
            return text_response(505, "only HTTP/1.0 and HTTP/1.1 are spoken here", close=True)
        method = request.method
        if method != "GET" and method != "HEAD":
            return text_response(405, "Only GET and HEAD are allowed.", [("Allow", ALLOW)])
        url = request.rel_url
        route = self.route(url.raw_path)
        if route is None:
            return text_response(404, "No such feed here.")
        if route == "":
            return self._index(request)
        if route.startswith(CALENDAR):
            return self._calendar(request, route)
        today = self._today()
        if self._fresh_for != today:
            if not self.feeds.is_current(today):
                return self._refresh_then(request, route)
            # Requests read in this loop iteration arrived before this stat(): share it.
            self._fresh_for = today
            self._loop.call_soon(self._expire_fresh)
        return self._feed(request, self.feeds.snapshot, route, url.raw_query_string)

    def _expire_fresh(self) -> None:
        self._fresh_for = None

    def route(self, path: str) -> str | None:
        """``""`` for the index page, a feed name, ``calendar/<page>`` for a page of the published
        calendar (``calendar`` alone: the folder without its slash), or None (404). Pure string matching."""
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
        if segments[0] == CALENDAR:
            if len(segments) == 1:
                return CALENDAR
            if len(segments) == 2 and (segments[1] == "" or PAGE_NAME.fullmatch(segments[1])):
                return f"{CALENDAR}/{segments[1] or 'index.html'}"
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
                self.log_error(f"calendar-app serve: the plans have {n} problem{'s' if n != 1 else ''}; {kept}:\n"
                               + "".join(f"  {p}\n" for p in snap.problems))
            else:
                self.log_error("calendar-app serve: the plans are valid again.\n")
        if snap.build != build and snap.build > 1:
            self.log_error(f"calendar-app serve: feeds rebuilt ({len(snap.feeds)} feeds, "
                           f"{snap.window[0]} to {snap.window[1]}).\n")
        self._reported = (snap.build, snap.problems)

    async def _refresh_then(self, request: BaseRequest, name: str) -> web.StreamResponse:
        snap = await self._refresh()
        result = self._feed(request, snap, name, request.rel_url.raw_query_string)
        return result if isinstance(result, web.StreamResponse) else await result

    def _feed(self, request: BaseRequest, snap: Snapshot, name: str, raw_query: str):
        if not snap.feeds:
            lines = "\n".join(snap.problems)
            return text_response(503, f"No valid plan yet; fix these problems:\n{lines}", [("Retry-After", "30")])
        query = None
        if raw_query:
            try:
                query = parse_query(raw_query, snap, name)
            except ValueError as exc:
                return text_response(400, str(exc))
        if not query:
            feed = snap.feeds.get(name)
        else:
            found, feed = self.feeds.cached(snap, name, query)
            if not found:
                return self._render_filtered(request, snap, name, query)
        if feed is None:
            return text_response(404, f"No feed named {name}; feeds: {', '.join(snap.feeds)}")
        return self._feed_response(request, feed, name)

    async def _render_filtered(self, request: BaseRequest, snap: Snapshot, name: str,
                               query: FeedFilter) -> web.StreamResponse:
        feed = await self._loop.run_in_executor(self._executor, self.feeds.filtered, snap, name, query, self._clock())
        if feed is None:
            return text_response(404, f"No feed named {name}; feeds: {', '.join(snap.feeds)}")
        return self._feed_response(request, feed, name)

    def _feed_response(self, request: BaseRequest, feed: Feed, name: str) -> web.Response:
        headers = request.headers  # looked up by aiohttp's istr names: no case folding per request
        gz = hdrs.ACCEPT_ENCODING in headers and accepts_gzip(", ".join(headers.getall(hdrs.ACCEPT_ENCODING)))
        prepared = self._prepared[gz].get(feed) or self._prepare(feed, name, gz)
        return self._conditional(request, feed, prepared)

    def _conditional(self, request: BaseRequest, feed: Feed, prepared: _Prepared) -> web.Response:
        """200 with the bytes, or 304 when the client's ETag (or date) says it has them."""
        headers = request.headers
        etag = prepared.etag
        inm = headers.get(hdrs.IF_NONE_MATCH)
        if inm is not None:
            fresh = etag_matches(inm, etag) or any(etag_matches(v, etag) for v in headers.getall(hdrs.IF_NONE_MATCH)[1:])
        else:
            ims = headers.get(hdrs.IF_MODIFIED_SINCE)
            fresh = ims is not None and not_modified_since(ims, feed.last_modified)
        if fresh:
            return web.Response(status=304, headers=prepared.head304)
        return web.Response(status=200, headers=prepared.head200, body=prepared.body)

    def _prepare(self, feed: Feed, name: str, gz: bool, page_type: str | None = None) -> _Prepared:
        cache = self._prepared[gz]
        if len(cache) > 256:
            cache.clear()
        prepared = cache[feed] = _Prepared(feed, name, gz, page_type)
        return prepared

    async def _calendar(self, request: BaseRequest, route: str) -> web.StreamResponse:
        """A page of the published calendar: the same token, validators and gzip as a feed."""
        if route == CALENDAR:  # relative links need the folder's slash
            location = f"{self.base_path()}{CALENDAR}/"
            return text_response(308, _("The calendar is at {location}").format(location=location),
                                 [("Location", location)])
        today = self._today()
        snap = self.feeds.snapshot if self.feeds.is_current(today) else await self._refresh()
        base = self._bases(request)[0]
        pages = await self._loop.run_in_executor(self._executor, self.pages.pages, snap, base, self._clock())
        if pages is None:
            lines = "\n".join(snap.problems)
            return text_response(503, f"No valid plan yet; fix these problems:\n{lines}", [("Retry-After", "30")])
        name = route.split("/", 1)[1]
        page = pages.get(name)
        if page is None:
            return text_response(404, _("No page {name} in the calendar (this month and the next two); start from "
                                        "{index}").format(name=name, index=f"{self.base_path()}{CALENDAR}/"))
        headers = request.headers
        gz = hdrs.ACCEPT_ENCODING in headers and accepts_gzip(", ".join(headers.getall(hdrs.ACCEPT_ENCODING)))
        prepared = self._prepared[gz].get(page) or self._prepare(page, name, gz, content_type(name))
        return self._conditional(request, page, prepared)

    def _bases(self, request: BaseRequest) -> tuple[str, str]:
        """The http(s) and webcal addresses of the feeds, as the client reached the server."""
        host = request.headers.get(hdrs.HOST, "")
        if not _HOST.fullmatch(host):
            host = self.url_host()
        proto = request.headers.get("X-Forwarded-Proto", "").strip().lower()
        scheme = "https" if proto == "https" else "http"
        path = self.base_path()
        return f"{scheme}://{host}{path}", f"webcal://{host}{path}"

    async def _index(self, request: BaseRequest) -> web.Response:
        snap = await self._refresh()
        http_base, webcal_base = self._bases(request)
        now = self._clock()
        key = (snap.generation, http_base, now.replace(second=0, microsecond=0))
        if self._index_cache is None or self._index_cache[0] != key:
            body = await self._loop.run_in_executor(
                self._executor, lambda: render_index(
                    snap, http_base=http_base, webcal_base=webcal_base, today=snap.today, now=now,
                )
            )
            self._index_cache = (key, body)
        return web.Response(status=200, headers=INDEX_HEADERS, body=self._index_cache[1])

    # --- log ----------------------------------------------------------------------------

    def log_error(self, text: str) -> None:
        self._access_log.write(text)


class _Prepared:
    """A feed's response headers for one representation (identity or gzip), built once."""

    __slots__ = ("etag", "head200", "head304", "body")

    def __init__(self, feed: Feed, name: str, gz: bool, page_type: str | None = None):
        self.etag = feed.gzip_etag if gz else feed.etag
        self.head200, self.head304 = (feed_headers(feed, name, gz) if page_type is None
                                      else page_headers(feed, page_type, gz))
        self.body = feed.gzipped if gz else feed.body
