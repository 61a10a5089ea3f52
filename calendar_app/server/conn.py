"""One HTTP/1.1 client connection on asyncio: reading requests within limits, writing responses."""

from __future__ import annotations

import asyncio
import traceback

from calendar_app.server.wire import (
    HttpError,
    Request,
    Response,
    find_head_end,
    incomplete_head_error,
    parse_head,
    text_response,
)

#: Headers on every response: nothing here is for robots, frames or referrers (tokens live in URLs).
COMMON = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("X-Robots-Tag", "noindex")]


class Connection(asyncio.Protocol):
    """One client: requests read in order (pipelining included), one response at a time.

    ``server`` provides ``limits``, ``connections`` (a set), ``respond(request)`` (a
    :class:`Response` or an awaitable of one), ``deadline()`` (a loop time ``limits.timeout``
    from now), ``date_line()``, ``access(peer, request, status, size)`` and ``log_error(text)``.
    The server sweeps ``connections`` and calls :meth:`timed_out` past a connection's deadline.
    """

    def __init__(self, server):
        self.server = server
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None
        self.peer = "-"
        self.busy = False
        self.closed = False
        self.write_paused = False
        self.deadline: float | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = peer[0] if peer else "-"
        server = self.server
        server.connections.add(self)
        self.deadline = server.deadline()
        if len(server.connections) > server.limits.max_connections:
            self._fail(text_response(503, "Too many connections; try again shortly.", [("Retry-After", "5")], True))

    def connection_lost(self, exc) -> None:
        self.closed = True
        self.deadline = None
        self.server.connections.discard(self)

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return
        self.buf += data
        if not self.busy:
            self._process()

    def pause_writing(self) -> None:
        self.write_paused = True
        self.deadline = self.server.deadline()
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.write_paused = False
        self.deadline = self.server.deadline()
        if not self.closed:
            self.transport.resume_reading()
            self._process()

    def _process(self) -> None:
        buf = self.buf
        limits = self.server.limits
        while not (self.busy or self.closed or self.write_paused):
            while buf[:1] in (b"\r", b"\n") and buf:
                del buf[:1]  # blank lines before a request are tolerated (RFC 9112 2.2)
            end, sep = find_head_end(buf)
            if end < 0:
                error = incomplete_head_error(buf, limits)
                if error is not None:
                    self._fail(text_response(error.status, error.message, COMMON, True))
                return
            head = bytes(buf[:end])
            del buf[: end + sep]
            try:
                req = parse_head(head, limits)
            except HttpError as exc:
                self._fail(text_response(exc.status, exc.message, COMMON, True))
                return
            self.deadline = None
            try:
                result = self.server.respond(req)
            except Exception:
                result = self._crashed()
            if isinstance(result, Response):
                self._send(req, result)
            else:
                self.busy = True
                self.transport.pause_reading()
                task = asyncio.ensure_future(result)
                task.add_done_callback(lambda t, req=req: self._finished(req, t))

    def _finished(self, req: Request, task: asyncio.Future) -> None:
        self.busy = False
        if self.closed or task.cancelled():
            return
        exc = task.exception()
        self._send(req, self._crashed(exc) if exc else task.result())
        if not self.closed:
            self.transport.resume_reading()
            self._process()

    def _crashed(self, exc: BaseException | None = None) -> Response:
        text = "".join(traceback.format_exception(exc)) if exc else traceback.format_exc()
        self.server.log_error(f"calendar-app serve: internal error\n{text}")
        return text_response(500, "Internal server error; see the server's log.", COMMON, True)

    def _send(self, req: Request, resp: Response) -> None:
        server = self.server
        close = resp.close or not req.keep_alive
        body = b"" if req.method == "HEAD" else resp.body
        tail = b"Connection: close\r\n\r\n" if close else b"Connection: keep-alive\r\n\r\n"
        self.transport.write(resp.head + server.date_line() + tail + body)
        server.access(self.peer, req, resp.status, len(body))
        if close:
            self.closed = True
            self.deadline = None
            self.transport.close()
        elif not self.write_paused:
            self.deadline = server.deadline()

    def _fail(self, resp: Response) -> None:
        """Answer a request that could not be read, then close (the stream is out of step)."""
        server = self.server
        self.transport.write(resp.head + server.date_line() + b"Connection: close\r\n\r\n" + resp.body)
        server.access(self.peer, None, resp.status, len(resp.body))
        self.closed = True
        self.deadline = None
        self.transport.close()

    def timed_out(self) -> None:
        if self.write_paused or self.busy:
            self.abort()
        elif self.buf.strip():
            self._fail(text_response(408, "Request timeout: the request took too long to arrive.", COMMON, True))
        else:
            self.closed = True
            self.deadline = None
            self.transport.close()

    def abort(self) -> None:
        self.closed = True
        self.deadline = None
        if self.transport is not None:
            self.transport.abort()
