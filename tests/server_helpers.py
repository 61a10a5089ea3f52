"""Start the feed server on an ephemeral loopback port and talk to it over real sockets."""

from __future__ import annotations

import http.client
import io
import socket
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from calendar_app.server.live import LiveFeeds
from calendar_app.server.connection import Limits
from calendar_app.server.app import FeedServer

TODAY = date(2026, 11, 24)


@contextmanager
def serving(plans: Path, *, token: str | None = None, today=TODAY, limits: Limits = Limits(timeout=5.0),
            feeds: LiveFeeds | None = None):
    """A running server in a thread; ``today`` is a date or a callable returning one."""
    log = io.StringIO()
    today_fn = today if callable(today) else (lambda: today)
    server = FeedServer(feeds or LiveFeeds(plans), host="127.0.0.1", port=0, token=token, limits=limits,
                        log=log, today=today_fn)
    with server.running():
        yield server, log


def get(server: FeedServer, path: str, headers: dict | None = None, method: str = "GET"):
    """``(status, headers with lower-case names, body)`` of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def raw(server: FeedServer, data: bytes, *, timeout: float = 15) -> bytes:
    """Send bytes as they are and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])
