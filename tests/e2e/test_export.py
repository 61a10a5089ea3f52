"""A subscriber of the exported files: vdirsyncer pulls them over HTTP, khal shows them, edits follow."""

from __future__ import annotations

import functools
import subprocess
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

from calendar_app.core.recurrence import expand
from calendar_app.feeds.events import slot_summary
from calendar_app.storage.reader import load_plan_strict

#: khal reads in another zone than the channels' (Europe/Paris): a floating or mis-zoned time would show.
READER = "America/New_York"
FIRST, DAYS = date(2026, 11, 23), 14


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextmanager
def static_site(folder: Path):
    """The folder over HTTP on 127.0.0.1, an ephemeral port, like any static web host."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _run(*cmd) -> str:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def expected_lines(plans: Path) -> Counter:
    plan = load_plan_strict(plans)
    channel = plan.channel("instagram")
    labels = {r.id: r.label or r.id for r in channel.rules}
    zone = ZoneInfo(READER)
    out = Counter()
    # one day of margin on each side: khal's window is in the reader's zone
    for slot in expand(plan, FIRST - timedelta(days=1), FIRST + timedelta(days=DAYS + 1), ["instagram"]):
        local = slot.start.astimezone(zone)
        if slot.status != "cancelled" and FIRST <= local.date() < FIRST + timedelta(days=DAYS):
            out[f"{local:%Y-%m-%d %H:%M} {slot_summary(slot, channel, labels.get(slot.rule))}"] += 1
    return out


def test_vdirsyncer_and_khal_follow_the_exported_feed(bundled_plans, tmp_path, export, khal_config, tool):
    out = tmp_path / "feeds"
    export(bundled_plans, out, "--today", "2026-11-24")
    local, status = tmp_path / "calendar", tmp_path / "status"
    local.mkdir()
    status.mkdir()
    khal = khal_config(tmp_path, local, READER)
    with static_site(out) as base:
        vdir = tmp_path / "vdirsyncer.conf"
        vdir.write_text(
            f'[general]\nstatus_path = "{status}/"\n\n'
            '[pair feeds]\na = "remote"\nb = "local"\ncollections = null\n\n'
            f'[storage remote]\ntype = "http"\nurl = "{base}/instagram.ics"\n\n'
            f'[storage local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n',
            encoding="utf-8",
        )

        def sync_and_list() -> Counter:
            _run(tool("vdirsyncer"), "-c", vdir, "discover")
            _run(tool("vdirsyncer"), "-c", vdir, "sync")
            shown = _run(tool("khal"), "-c", khal, "list", "--format", "{start} {title}", "--day-format", "",
                         FIRST.isoformat(), f"{DAYS}d")
            return Counter(line for line in shown.splitlines() if line.strip())

        first = sync_and_list()
        assert first == expected_lines(bundled_plans)  # each event once, at the right local time
        assert sum(first.values()) >= 8
        vevents = (out / "instagram.ics").read_bytes().count(b"\r\nBEGIN:VEVENT\r\n")
        assert len(list(local.glob("*.ics"))) == vevents  # one item per event, not one for the calendar

        path = bundled_plans / "instagram.toml"
        text = path.read_text(encoding="utf-8")
        old = "Black Friday : pourquoi nous ne bradons pas nos pièces"
        path.write_text(text.replace(old, "Black Friday, autrement 🌿").replace(
            "at = 2026-12-03T19:00:00", "at = 2026-12-03T20:00:00"), encoding="utf-8")
        export(bundled_plans, out, "--today", "2026-11-24")
        second = sync_and_list()
    assert second == expected_lines(bundled_plans)
    assert not any(old in line for line in second)
    assert any("Black Friday, autrement 🌿" in line for line in second)
    assert sum(second.values()) == sum(first.values())  # edits replaced events: no duplicates
