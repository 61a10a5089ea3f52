"""`calendar-app serve` as people run it: URLs printed, warnings, bad options, Ctrl-C."""

from __future__ import annotations

import argparse
import http.client
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
from datetime import date

import pytest

from calendar_app.commands.serve import _print_urls
from calendar_app.server.app import FeedServer
from calendar_app.server.live import LiveFeeds

TOKEN = "Zx8-k2_QmW4rT7uY9pL0aS3d"


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "calendar_app", "serve", "--port", "0", "--today", "2026-11-24", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )


def _read_until(proc: subprocess.Popen, pattern: str, limit: float = 60) -> str:
    """stdout until ``pattern`` shows up (or the process ends); bounded so a hang fails the test."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    out = b""
    while not re.search(pattern, out.decode("utf-8", "replace")):
        if not sel.select(limit):
            break
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
    return out.decode("utf-8", "replace")


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_urls_and_stops_cleanly(bundled_plans, sig):
    proc = _start("--plans", str(bundled_plans))
    try:
        out = _read_until(proc, r"pinned")
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", out).group(1))
        for name in ("instagram.ics", "all.ics", "key-dates.ics"):
            assert f"webcal://127.0.0.1:{port}/{name}" in out
        assert "Atelier Terre & Feu" in out
        assert _get(port, "/all.ics")[0] == 200
        idle = socket.create_connection(("127.0.0.1", port))  # an open client must not block the stop
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
        idle.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode in (0, 130)
    text = err.decode("utf-8")
    assert "Traceback" not in text and "stopped" in text
    assert '"GET /all.ics HTTP/1.1" 200' in text


def test_serve_with_token_prints_secret_urls(bundled_plans):
    proc = _start("--plans", str(bundled_plans), "--token", TOKEN)
    try:
        out = _read_until(proc, r"pinned")
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", out).group(1))
        assert f"webcal://127.0.0.1:{port}/{TOKEN}/all.ics" in out
        assert _get(port, f"/{TOKEN}/all.ics")[0] == 200
        assert _get(port, "/all.ics")[0] == 404
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err.decode() and TOKEN not in err.decode()


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calendar_app", "serve", *args],
                          capture_output=True, text=True, timeout=60)


def test_missing_plans_folder_is_exit_2(tmp_path):
    result = _run("--plans", str(tmp_path / "nope"), "--port", "0")
    assert result.returncode == 2 and "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_bad_token_is_exit_2(bundled_plans):
    result = _run("--plans", str(bundled_plans), "--port", "0", "--token", "a/b c")
    assert result.returncode == 2 and "--token" in result.stderr and "Traceback" not in result.stderr


def test_port_in_use_is_exit_2(bundled_plans):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run("--plans", str(bundled_plans), "--port", str(port))
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_plans_still_start_and_say_so(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "blog.toml").write_text("[channel\n", encoding="utf-8")
    proc = _start("--plans", str(plans))
    try:
        out = _read_until(proc, r"pinned")
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", out).group(1))
        assert _get(port, "/all.ics")[0] == 503
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "blog.toml" in err.decode() and "503" in err.decode()


def _args(host: str, token: str | None) -> argparse.Namespace:
    return argparse.Namespace(host=host, port=0, token=token, today=date(2026, 11, 24), plans="plans")


@pytest.mark.parametrize("host, token, warned", [
    ("0.0.0.0", None, True), ("192.168.1.20", None, True), ("cal.local", None, True), ("::", None, True),
    ("127.0.0.1", None, False), ("::1", None, False), ("localhost", None, False), ("0.0.0.0", TOKEN, False),
])
def test_warning_without_token_off_loopback(bundled_plans, capsys, host, token, warned):
    # Nothing is bound here: the URL printer is called on a server that was never started.
    server = FeedServer(LiveFeeds(bundled_plans), host=host, port=8080, token=token)
    _print_urls(server, _args(host, token))
    err = capsys.readouterr().err
    assert ("without --token" in err) is warned


def test_short_token_warning(bundled_plans, capsys):
    server = FeedServer(LiveFeeds(bundled_plans), host="127.0.0.1", port=8080, token="abc")
    _print_urls(server, _args("127.0.0.1", "abc"))
    assert "token is short" in capsys.readouterr().err
