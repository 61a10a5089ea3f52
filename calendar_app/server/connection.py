"""One client connection: aiohttp's HTTP/1.1 protocol plus the server's deadlines, cap and error replies.

aiohttp (its C parser wraps llhttp, Node's) reads the requests and writes the responses. What it
does not do is added here: a deadline for each step a client must take (send a request, read a
response), a cap on open connections, plain-text error replies with the server's headers, and one
access-log line for every response, including those to requests that could not be read.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from calendar_app.server.responses import raw_response, text_response


@dataclass(frozen=True)
class Limits:
    """What one client may cost the server."""

    request_line: int = 8 * 1024
    """Longest request target in bytes (aiohttp's ``max_line_size``); longer is a 400 from aiohttp."""
    header_field: int = 8 * 1024
    """Longest header field, name and value, in bytes (``max_field_size``); longer is a 400 from aiohttp."""
    header_count: int = 100
    """Most header fields in one request (``max_headers``); more is a 400 from aiohttp."""
    timeout: float = 10.0
    """Seconds a client has to send a whole request head (counted from the connection or the
    previous response, not reset by each byte), and longest a response may wait on a client
    that does not read."""
    max_connections: int = 1000
    """Open connections beyond this are answered 503 and closed."""

    def protocol_args(self) -> dict:
        """Keyword arguments for aiohttp's request handler."""
        return {
            "max_line_size": self.request_line,
            "max_field_size": self.header_field,
            "max_headers": self.header_count,
            # Our deadlines close idle and slow connections first; aiohttp's timer is a backstop.
            "keepalive_timeout": 2 * self.timeout,
            "lingering_time": self.timeout,
        }


class Connection(web.RequestHandler):
    """aiohttp's protocol for one client, with a deadline and the server's replies.

    ``server`` provides ``limits``, ``connections`` (a set), ``deadline()`` (a loop time
    ``limits.timeout`` from now), ``access(peer, request, status, size)`` and ``log_error(text)``;
    it sweeps ``connections`` and calls :meth:`timed_out` past a connection's deadline. The
    request handler calls :meth:`started` when a request head has arrived.
    """

    __slots__ = ("server", "peer", "deadline", "busy", "partial", "closing", "_refusal", "_access")

    def __init__(self, server, manager: web.Server, **kwargs):
        super().__init__(manager, **kwargs)
        self.server = server
        self._access = server.access
        self.peer = "-"
        self.deadline: float | None = None
        self.busy = False
        """A request is being answered (from its head's arrival to its response's last byte)."""
        self.partial = False
        """Bytes of a request that has not reached the handler yet have arrived."""
        self.closing = False
        self._refusal: web.StreamResponse | None = None

    # --- asyncio protocol ---------------------------------------------------------------

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        self.peer = peer[0] if peer else "-"
        server = self.server
        server.connections.add(self)
        self.deadline = server.deadline()
        if len(server.connections) > server.limits.max_connections:
            self.refuse(503, "Too many connections; try again shortly.", [("Retry-After", "5")])

    def connection_lost(self, exc) -> None:
        self.deadline = None
        self.server.connections.discard(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # Bytes arriving while a request is answered are not counted: a client that pipelines half
        # a request and stalls is closed without the 408 courtesy.
        if not self.partial and not self.busy and data.strip():
            self.partial = True
        super().data_received(data)

    def pause_writing(self) -> None:
        super().pause_writing()
        self.deadline = self.server.deadline()  # the client must read within the timeout

    def resume_writing(self) -> None:
        super().resume_writing()
        self.deadline = None if self.busy else self.server.deadline()

    # --- the server's part --------------------------------------------------------------

    def started(self) -> None:
        """A request head has arrived: no deadline while the server works on it."""
        self.busy = True
        self.partial = False
        self.deadline = None

    def log_access(self, request, response, time) -> None:
        """Called by aiohttp once a response is written: log it, then wait for the next request."""
        self.busy = False
        self.closing = not response.keep_alive
        self.deadline = self.server.deadline()
        if response is self._refusal:
            request = None
            size = len(response.body)
        elif request.method == "HEAD" or response.status == 304:
            size = 0
        else:
            body = getattr(response, "body", None)  # the log's size: aiohttp's body_length counts headers too
            size = len(body) if isinstance(body, (bytes, bytearray)) else 0
        self._access(self.peer, request, response.status, size)

    def handle_error(self, request, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        """aiohttp's reply to a request it could not read (400), or to a handler that raised (500)."""
        if isinstance(exc, HttpProcessingError):
            resp = text_response(status, f"Bad request: {message or exc.message}", close=True)
            self._refusal = resp
            return resp
        if exc is not None:
            text = "".join(traceback.format_exception(exc))
            self.server.log_error(f"calendar-app serve: internal error\n{text}")
        return text_response(status, "Internal server error; see the server's log.", close=True)

    def timed_out(self) -> None:
        """Past the deadline: drop a client that does not read, answer 408 to one that sends too slowly."""
        if self.writing_paused or self.busy:
            self.abort()
        elif self.partial and not self.closing:
            self.refuse(408, "Request timeout: the request took too long to arrive.")
        else:
            self.deadline = None
            self.force_close()

    def refuse(self, status: int, message: str, extra=()) -> None:
        """Answer outside any request (nothing else is being written), then close."""
        data = raw_response(status, message, extra)
        if self.transport is not None:
            self.transport.write(data)
        self.server.access(self.peer, None, status, len(data) - data.index(b"\r\n\r\n") - 4)
        self.deadline = None
        self.force_close()

    def abort(self) -> None:
        self.deadline = None
        transport = self.transport
        if transport is not None:
            transport.abort()

