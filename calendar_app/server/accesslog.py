"""The feed server's log: combined-format access lines without the token, written once per loop turn."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from datetime import datetime, timezone
from typing import TextIO

from aiohttp import hdrs


class AccessLog:
    """Access lines and server messages for ``stream`` (stderr), batched into one write per loop turn.

    The token is replaced by ``<token>`` wherever it shows, percent-encoded or not, in the request
    line and the referer: the log must never carry the secret.
    """

    def __init__(self, stream: TextIO, token: str | None):
        self.stream = stream
        self._token = (re.compile("".join(f"(?:{re.escape(c)}|%{ord(c):02x})" for c in token), re.IGNORECASE)
                       if token else None)
        self._lines: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._second = -1
        self._stamp = ""

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Write from this loop from now on (before, lines wait for :meth:`flush`)."""
        self._loop = loop

    def request(self, peer: str, request, status: int, size: int) -> None:
        """One line per response; ``request`` is None when the request could not be read."""
        if request is None:
            line, referer, agent = "-", "-", "-"
        else:
            version = request.version
            line = f"{request.method} {request.raw_path} HTTP/{version[0]}.{version[1]}"
            headers = request.headers
            referer = headers.get(hdrs.REFERER, "-")
            agent = headers.get(hdrs.USER_AGENT, "-")
            if self._token is not None:
                line = self._token.sub("<token>", line)
                referer = self._token.sub("<token>", referer)
        self.write(f'{peer} - - [{self._now()}] "{_clean(line)}" {status} {size} '
                   f'"{_clean(referer)}" "{_clean(agent)}"\n')

    def write(self, text: str) -> None:
        if not self._lines and self._loop is not None:
            self._loop.call_soon(self.flush)
        self._lines.append(text if text.endswith("\n") else text + "\n")

    def flush(self) -> None:
        lines, self._lines = self._lines, []
        if lines:
            try:
                self.stream.write("".join(lines))
                self.stream.flush()
            except (OSError, ValueError):
                pass

    def _now(self) -> str:
        second = int(time.time())
        if second != self._second:  # formatted once per second
            self._second = second
            self._stamp = datetime.fromtimestamp(second, timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
        return self._stamp

    def logger(self) -> logging.Logger:
        """A logger for aiohttp's own error reports (internal errors), written to this log."""
        logger = logging.Logger("calendar_app.server.aiohttp", logging.ERROR)
        logger.addHandler(_Forward(self))
        return logger


class _Forward(logging.Handler):
    def __init__(self, log: AccessLog):
        super().__init__(logging.ERROR)
        self.log = log
        self.setFormatter(logging.Formatter("calendar-app serve: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.log.write(self.format(record))


def _clean(text: str) -> str:
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text  # the usual case, without a loop over the characters
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\x{ord(c):02x}" for c in text)
