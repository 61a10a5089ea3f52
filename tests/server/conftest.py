"""Fixtures of the server tests: talking to a running server over real sockets."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Callable

import pytest


@pytest.fixture(scope="session")
def get() -> Callable:
    """``get(server, path, headers=None, method="GET")``: ``(status, headers with lower-case names, body)``
    of one request on a fresh connection."""

    def request(server, path: str, headers: dict | None = None, method: str = "GET"):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        try:
            conn.request(method, path, headers=headers or {})
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
        finally:
            conn.close()

    return request


@pytest.fixture(scope="session")
def raw() -> Callable:
    """``raw(server, data, timeout=15)``: send bytes as they are and read until the server closes the connection."""

    def send(server, data: bytes, *, timeout: float = 15) -> bytes:
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

    return send


@pytest.fixture(scope="session")
def status_of() -> Callable[[bytes], int]:
    """``status_of(response)``: the status code of a raw HTTP response."""
    return lambda response: int(response.split(b" ", 2)[1])
