"""Headless Chromium driven over the DevTools protocol on a pipe: print a page to PDF, read a page.

Chromium is the distribution's (Debian: ``apt-get install chromium``); no driver, no websocket:
``--remote-debugging-pipe`` speaks the protocol as NUL-terminated JSON on file descriptors 3
(commands in) and 4 (answers and events out). One browser serves every page of a run.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The browser, when it is not on the PATH under one of :data:`NAMES`.
ENVIRONMENT = "CALENDAR_APP_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Quiet, offline, reproducible: no first-run UI, no background traffic, a fresh profile each run.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
)
TIMEOUT = 60.0


class BrowserError(RuntimeError):
    """Chromium could not be started, or did not answer, or refused a command."""


def find_chromium() -> str | None:
    """The browser's executable: ``$CALENDAR_APP_CHROMIUM``, else the first of :data:`NAMES` on the PATH."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        return shutil.which(named) or (named if os.access(named, os.X_OK) else None)
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A running headless Chromium (use :func:`chromium`)."""

    def __init__(self, process: subprocess.Popen, commands: int, answers: int, profile: str):
        self.process = process
        self._out = commands
        self._in = answers
        self._profile = profile
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        """Every event received so far (``{"method", "params", "sessionId"}``), in order."""

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = TIMEOUT) -> dict:
        """Run one protocol command and return its ``result``; events met meanwhile are kept."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._out, data):]
        except OSError as exc:
            raise BrowserError(f"the browser stopped ({exc.strerror})") from None
        deadline = time.monotonic() + timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error'].get('message', answer['error'])}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append(answer)

    def wait_for(self, method: str, session: str | None = None, timeout: float = TIMEOUT) -> dict:
        """The first event ``method`` (of ``session``) not yet waited for, waiting if needed."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for i in range(seen, len(self.events)):
                event = self.events[i]
                if event.get("method") == method and (session is None or event.get("sessionId") == session) \
                        and not event.get("_taken"):
                    event["_taken"] = True
                    return event
            seen = len(self.events)
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise BrowserError("the browser stopped")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def open(self, url: str, *, width: int = 1280, height: int = 900, timeout: float = TIMEOUT) -> Page:
        """A new tab showing ``url``, loaded (its load event fired)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        page.goto(url, timeout)
        return page

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.send("Browser.close", timeout=10)
        except BrowserError:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)


class Page:
    """One tab: run scripts in it, print it, take its picture, read what happened while loading."""

    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session
        self._since = 0

    def goto(self, url: str, timeout: float = TIMEOUT) -> None:
        """Show ``url`` in this tab, loaded; :attr:`events` restart from here."""
        self._since = len(self.browser.events)
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, timeout)

    def send(self, method: str, params: dict | None = None, timeout: float = TIMEOUT) -> dict:
        return self.browser.send(method, params, self.session, timeout)

    @property
    def events(self) -> list[dict]:
        """The events of this tab since its last :meth:`goto`."""
        return [e for e in self.browser.events[self._since:] if e.get("sessionId") == self.session]

    def evaluate(self, expression: str):
        """The JSON value of a JavaScript expression evaluated in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def pdf(self) -> bytes:
        """The page printed as the print stylesheet says (its ``@page`` size), backgrounds included."""
        data = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                             "displayHeaderFooter": False})["data"]
        return base64.b64decode(data)

    def screenshot(self) -> bytes:
        """A PNG of the whole page."""
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


@contextmanager
def chromium(executable: str | None = None) -> Iterator[Browser]:
    """A headless Chromium for the duration of the block, with a fresh profile removed afterwards.

    Raises :class:`BrowserError` when there is no browser or it does not start."""
    executable = executable or find_chromium()
    if executable is None:
        raise BrowserError("Chromium is not installed")
    profile = tempfile.mkdtemp(prefix="calendar-app-chromium-")
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    # The browser reads fd 3 and writes fd 4. Its ends move above 9 first (close-on-exec), so
    # that placing them on 3 and 4 in the child cannot overwrite one with the other; the child's
    # other descriptors are Python's, never inherited (PEP 446), so none is passed but these two.
    ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
    os.close(to_browser_r)
    os.close(from_browser_w)

    def place() -> None:
        os.dup2(ends[0], 3)
        os.dup2(ends[1], 4)

    try:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"], close_fds=False,
            preexec_fn=place, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        for fd in (*ends, to_browser_w, from_browser_r):
            os.close(fd)
        shutil.rmtree(profile, ignore_errors=True)
        raise BrowserError(f"{executable} could not start ({exc.strerror or exc})") from None
    for fd in ends:
        os.close(fd)
    browser = Browser(process, to_browser_w, from_browser_r, profile)
    try:
        browser.send("Browser.getVersion")
        yield browser
    finally:
        browser.close()


def print_pages(folder: Path, names: list[str], executable: str | None = None) -> dict[str, bytes]:
    """Each page ``folder/name`` printed to PDF by one browser: name -> PDF bytes."""
    out = {}
    with chromium(executable) as browser:
        page = None
        for name in names:
            url = (folder / name).resolve().as_uri()
            if page is None:
                page = browser.open(url)
            else:
                page.goto(url)
            out[name] = page.pdf()
    return out
