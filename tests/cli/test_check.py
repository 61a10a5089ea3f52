"""`calendar-app check`: exit codes, the JSON report, and the terminal report on the bundled example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calendar_app.cli import main

TODAY = "2026-11-24"

STEADY = """\
[channel]
name = "Instagram"
timezone = "Europe/Paris"
owner = "Camille"
per_week = 3
max_gap = "3d"
lead_time = "2d"

[[rule]]
id = "feed"
every = "week"
days = ["mon", "wed", "fri"]
times = ["18:00"]
start = 2026-09-07

[[post]]
at = 2026-11-25T18:00:00
title = "Émaux d'hiver ❄️"
status = "ready"
"""


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", *argv])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def steady(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "instagram.toml").write_text(STEADY, encoding="utf-8")
    (plans / "_calendar.toml").write_text('[calendar]\nname = "Atelier"\nowner_week_max = 3\n', encoding="utf-8")
    return plans


def test_exit_0_when_every_target_holds(steady, capsys):
    # The slots before today stayed open: --past-days 0 leaves them out (missed slots: tests/core/test_lookaround.py).
    code, out, err = run_cli(capsys, "--plans", str(steady), "--today", TODAY, "--from", "2026-11-30", "--weeks", "3",
                             "--past-days", "0")
    assert code == 0, out + err
    assert "✔ Every target holds." in out and "Instagram" in out


def test_exit_1_when_a_target_does_not_hold(steady, capsys):
    # On Wed 25 Nov the slot of that evening is ready, but Fri 27 Nov 18:00 is open and its
    # 2d lead time begins at 18:00 today; Mon 30 Nov's begins on Saturday.
    code, out, _ = run_cli(capsys, "--plans", str(steady), "--today", "2026-11-25", "--json", "--past-days", "0")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    [channel] = data["channels"]
    assert channel["open_due"] == ["2026-11-27T18:00:00+01:00"]
    assert [p["kind"] for p in channel["problems"]] == ["open_due"]
    assert channel["problems"][0]["uid"] == "instagram.feed.20261127T1800@calendar-app"


def test_owner_load_alone_fails_the_gate(steady, capsys):
    (steady / "_calendar.toml").write_text('[calendar]\nowner_week_max = 2\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "--plans", str(steady), "--today", TODAY, "--from", "2026-11-30", "--json",
                             "--past-days", "0")
    data = json.loads(out)
    assert code == 1 and all(c["ok"] for c in data["channels"])
    assert data["owners"][0]["owner"] == "Camille" and data["owners"][0]["weeks_over_max"][0] == "2026-W49"


@pytest.mark.parametrize("argv", [
    ["--channel", "instagrm"],  # unknown channel (with a suggestion)
    ["--from", "2026-13-01"],  # not a date
    ["--weeks", "0"],
    ["--from", "9999-12-01"],  # a window beyond the calendar
    ["--from", "0001-01-01"],
    ["--from", "9998-12-01", "--weeks", "999999999"],
])
def test_exit_2_for_bad_usage(steady, capsys, argv):
    code, out, err = run_cli(capsys, "--plans", str(steady), "--today", TODAY, *argv)
    assert code == 2 and out == ""
    assert err.strip() and "Traceback" not in err


def test_unknown_channel_suggests_the_near_miss(steady, capsys):
    _, _, err = run_cli(capsys, "--plans", str(steady), "--today", TODAY, "--channel", "instagrm")
    assert 'did you mean "instagram"?' in err


def test_exit_2_for_an_invalid_plan_naming_file_and_key(steady, capsys):
    (steady / "instagram.toml").write_text(STEADY.replace('max_gap = "3d"', 'max_gap = "3 jours"'), encoding="utf-8")
    code, out, err = run_cli(capsys, "--plans", str(steady), "--today", TODAY)
    assert code == 2 and out == ""
    assert "instagram.toml: channel.max_gap:" in err


def test_exit_2_for_a_missing_plans_folder(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--plans", str(tmp_path / "nope"), "--today", TODAY)
    assert code == 2 and "no such plans directory" in err


def test_bundled_example_shows_realistic_warnings_as_json(bundled_plans, capsys):
    code, out, _ = run_cli(capsys, "--plans", str(bundled_plans), "--today", TODAY, "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    channels = {c["channel"]: c for c in data["channels"]}
    assert set(channels) == {"instagram", "facebook", "linkedin", "blog", "newsletter", "podcast"}
    ig = channels["instagram"]
    # The Black Friday draft of Wed 25 Nov, with a 2d lead time, is due now.
    assert "2026-11-25T18:00:00+01:00" in ig["open_due"]
    kinds = {p["kind"] for p in ig["problems"]}
    assert {"open_due", "blackout_post", "below_target"} <= kinds
    blackout = next(p for p in ig["problems"] if p["kind"] == "blackout_post")
    assert blackout["at"] == "2026-12-25T10:00:00+01:00" and "Joyeux Noël de toute l'équipe 🎄" in blackout["message"]
    assert "2026-W52" in ig["weeks_below_target"]
    assert all(re.fullmatch(r"\d{4}-W\d{2}", w) for c in data["channels"] for w in c["weeks_below_target"])
    # LinkedIn holds its targets ahead; its only problems are the open slots of Tue 10 and 17 Nov, in the
    # 14 days looked back at.
    assert [(p["kind"], p["at"]) for p in channels["linkedin"]["problems"]] == [
        ("missed", "2026-11-10T08:30:00+01:00"), ("missed", "2026-11-17T08:30:00+01:00")]
    assert re.fullmatch(r"P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?", ig["longest_gap"]["duration"])
    assert [w["fraction"] for w in ig["weeks"]][0] == pytest.approx(6 / 7, abs=1e-3)  # the window starts on a Tuesday


def test_bundled_example_on_1_december_reports_missed_posts_and_the_blacked_out_episode(bundled_plans, capsys):
    code, out, _ = run_cli(capsys, "--plans", str(bundled_plans), "--today", "2026-12-01", "--json")
    data = json.loads(out)
    assert code == 1 and (data["start"], data["end"]) == ("2026-12-01", "2027-01-12")
    channels = {c["channel"]: c for c in data["channels"]}
    missed = {p["at"]: p for p in channels["instagram"]["problems"] if p["kind"] == "missed"}
    # The Black Friday draft of Wed 25 Nov and the idea of Mon 30 Nov were never published.
    assert "is still a draft" in missed["2026-11-25T18:00:00+01:00"]["message"]
    assert "is still an idea" in missed["2026-11-30T18:00:00+01:00"]["message"]
    assert missed["2026-11-25T18:00:00+01:00"]["uid"] == "instagram.feed.20261125T1800@calendar-app"
    # The podcast's December episode falls on the Christmas closure: 63 days from 27 Nov to 29 Jan.
    podcast = channels["podcast"]
    assert podcast["ok"] is False
    gap = next(p for p in podcast["problems"] if p["kind"] == "gap")
    assert gap["message"].startswith("63d without a slot from Fri 27 Nov 2026, 07:00 to Fri 29 Jan 2027, 07:00")
    blacked = next(p for p in podcast["problems"] if p["kind"] == "blacked_out")
    assert blacked["at"] == "2026-12-25T07:00:00+01:00"
    assert "« Fermeture de l'atelier — Noël 🎄 »" in blacked["message"]
    assert podcast["longest_gap"] == {"duration": "P63D", "start": "2026-11-27T07:00:00+01:00",
                                      "end": "2027-01-29T07:00:00+01:00", "edge": False}


def test_past_days_sets_the_lookback(bundled_plans, capsys):
    def missed(*argv):
        _, out, _ = run_cli(capsys, "--plans", str(bundled_plans), "--today", "2026-12-01", "--channel", "instagram",
                            "--json", *argv)
        return [p["at"][:10] for p in json.loads(out)["channels"][0]["problems"] if p["kind"] == "missed"]

    assert missed("--past-days", "0") == []
    assert missed("--past-days", "1") == ["2026-11-30"]
    assert "2026-11-25" in missed() and min(missed()) >= "2026-11-17"


def test_bundled_example_terminal_report(bundled_plans, capsys):
    code, out, err = run_cli(capsys, "--plans", str(bundled_plans), "--today", TODAY)
    assert code == 1 and err == ""
    assert "Atelier Terre & Feu — calendrier éditorial" in out
    for name in ("Instagram", "Facebook", "LinkedIn", "Blog", "Newsletter"):
        assert name in out
    flat = " ".join(out.split())
    assert "« Black Friday : pourquoi nous ne bradons pas nos pièces » is still a draft" in flat
    assert "falls on the blackout « Fermeture de l'atelier — Noël 🎄 »" in flat
    assert "owner_week_max = 8" in flat
    assert re.search(r"⚠ \d+ problems in \d+ channels", flat)


def test_channel_filter_limits_the_report(bundled_plans, capsys):
    code, out, _ = run_cli(capsys, "--plans", str(bundled_plans), "--today", TODAY, "--channel", "linkedin", "--json",
                             "--past-days", "0")
    data = json.loads(out)
    assert code == 0 and [c["channel"] for c in data["channels"]] == ["linkedin"]
    assert [o["owner"] for o in data["owners"]] == ["Julien"]


def test_console_script_in_a_subprocess(bundled_plans):
    proc = subprocess.run(
        [sys.executable, "-m", "calendar_app", "check", "--plans", str(bundled_plans), "--today", TODAY,
         "--weeks", "2", "--json"],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["channels"][0]["channel"] == "blog"


@pytest.mark.parametrize("width", [60, 80, 160])
def test_the_table_fits_the_terminal_and_keeps_the_facts(bundled_plans, width):
    from datetime import date
    from io import StringIO

    from rich.console import Console

    from calendar_app.commands.check_text import render
    from calendar_app.core.recurrence import expand
    from calendar_app.core.regularity import check_plan
    from calendar_app.storage.reader import load_plan_strict

    plan = load_plan_strict(bundled_plans)
    start, end = date(2026, 9, 7), date(2027, 3, 8)  # 26 weeks
    report = check_plan(plan, expand(plan, start, end), start, end, today=date(2026, 11, 24))
    buffer = StringIO()
    render(plan, report, date(2026, 11, 24), Console(file=buffer, width=width, color_system=None))
    text = buffer.getvalue()
    assert all(len(line) <= width for line in text.splitlines())
    # One strip per channel and per owner, one bar per week, never cut.
    assert len(re.findall(r"[·▁▂▃▄▅▆▇█]{26}", text)) == len(plan.channels) + len(report.owners)
    assert ("/0.5" in text) == (width != 80)  # targets shown unless only a compact table fits
    assert "Podcast « Les Mains dans la Terre »" in text or width != 160


def test_an_empty_plan_folder_checks_nothing(tmp_path, capsys):
    code, out, _ = run_cli(capsys, "--plans", str(tmp_path), "--today", TODAY)
    assert code == 0 and "No channels to check." in out


def test_a_title_with_a_newline_stays_on_its_problem_line(steady, capsys):
    path = steady / "instagram.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title = "Émaux d\'hiver ❄️"\nstatus = "ready"', 'title = "Émaux\\nd\'hiver\\tfaux: ligne"\nstatus = "draft"'),
        encoding="utf-8")
    code, out, _ = run_cli(capsys, "--plans", str(steady), "--today", "2026-11-27", "--past-days", "3")
    assert code == 1
    [line] = [line for line in out.splitlines() if "Émaux" in line]
    assert "« Émaux\\nd'hiver\\tfaux: ligne » is still a draft" in " ".join(out.split())
    assert "\t" not in out
