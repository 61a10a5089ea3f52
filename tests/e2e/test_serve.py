"""A real subscription: vdirsyncer pulls `calendar-app serve`'s feed, khal shows it, edits follow."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from calendar_app.core.recurrence import expand
from calendar_app.feeds.events import slot_summary
from calendar_app.files import atomic_write
from calendar_app.storage.reader import load_plan

BIN = Path(sys.executable).parent  # the test extra installs both next to the interpreter
VDIRSYNCER = BIN / "vdirsyncer"
KHAL = BIN / "khal"
DAYS = 30
#: khal's zone differs from the channels' (Europe/Paris): a floating or wrongly zoned time would show.
READER = "America/New_York"


def _configs(tmp: Path, url: str) -> tuple[Path, Path]:
    local = tmp / "calendar"
    local.mkdir()
    (tmp / "status").mkdir()
    vdir = tmp / "vdirsyncer.conf"
    vdir.write_text(
        f'[general]\nstatus_path = "{tmp / "status"}/"\n\n'
        '[pair feeds]\na = "feeds_remote"\nb = "feeds_local"\ncollections = null\n\n'
        f'[storage feeds_remote]\ntype = "http"\nurl = "{url}"\n\n'
        f'[storage feeds_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n',
        encoding="utf-8",
    )
    khal = tmp / "khal.conf"
    khal.write_text(
        f"[calendars]\n[[feeds]]\npath = {local}\ntype = calendar\n\n"
        f"[locale]\nlocal_timezone = {READER}\ndefault_timezone = {READER}\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        f"[default]\ndefault_calendar = feeds\n\n[sqlite]\npath = {tmp / 'khal.db'}\n",
        encoding="utf-8",
    )
    return vdir, khal


def _run(*cmd, env) -> str:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120, env=env,
                            input="y\n" * 5)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _sync(vdir: Path, env) -> None:
    _run(VDIRSYNCER, "-c", vdir, "discover", env=env)
    _run(VDIRSYNCER, "-c", vdir, "sync", env=env)


def _khal(khal: Path, today, env) -> list[tuple[str, str]]:
    out = _run(KHAL, "-c", khal, "list", "--day-format", "", "--format", "{start}|{title}",
               today.isoformat(), f"{DAYS}d", env=env)
    return [tuple(line.split("|", 1)) for line in out.splitlines() if "|" in line]


def _expected(plans: Path, today) -> list[tuple[str, str]]:
    """(local start in khal's zone, summary) of every slot starting in khal's window, as the feed says."""
    plan = load_plan(plans).plan
    labels = {(c.id, r.id): (r.label or r.id) for c in plan.channels for r in c.rules}
    first, last = today.isoformat(), (today + timedelta(days=DAYS)).isoformat()
    out = []
    for slot in expand(plan, today - timedelta(days=1), today + timedelta(days=DAYS + 1)):
        start = slot.start.astimezone(ZoneInfo(READER)).strftime("%Y-%m-%d %H:%M")
        if slot.status != "cancelled" and first <= start < last:
            summary = slot_summary(slot, plan.channel(slot.channel), labels.get((slot.channel, slot.rule)))
            out.append((start, summary))
    return out


def test_vdirsyncer_and_khal_follow_the_served_feed(bundled_plans, tmp_path, serving, today):
    env = {**os.environ, "TZ": READER, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    with serving(bundled_plans) as (server, log):
        vdir, khal = _configs(tmp_path, f"http://127.0.0.1:{server.port}/all.ics")
        _sync(vdir, env)
        rows = _khal(khal, today, env)
        expected = _expected(bundled_plans, today)
        assert len(expected) > 20
        # khal lists events overlapping the range; compare those starting in it. Sorted lists, not
        # sets: an event synced twice would show up twice.
        start_of_window = today.isoformat()
        assert sorted(r for r in rows if r[0] >= start_of_window) == sorted(expected)

        instagram = bundled_plans / "instagram.toml"
        text = instagram.read_text(encoding="utf-8")
        old = "Black Friday : pourquoi nous ne bradons pas nos pièces"
        new = "Black Friday : la main plutôt que la remise ✋"
        atomic_write(instagram, text.replace(old, new).replace("2026-12-03T19:00:00", "2026-12-03T20:30:00")
                     .encode("utf-8"))
        _sync(vdir, env)
        rows = _khal(khal, today, env)
        titles = [r[1] for r in rows]
        assert f"Instagram · {new}" in titles and f"Instagram · {old}" not in titles
        live = [r for r in rows if "Live" in r[1]]
        assert len(live) == 1 and live[0][0] == "2026-12-03 14:30"  # 20:30 in Paris
        assert sorted(r for r in rows if r[0] >= start_of_window) == sorted(_expected(bundled_plans, today))
    # vdirsyncer really went through the server, twice.
    assert log.getvalue().count('"GET /all.ics HTTP/1.1" 200') >= 2
