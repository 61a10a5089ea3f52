"""Regularity checks on single slots, pillars and owners; the JSON shape, the badge, purity."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.core.model import CalendarSettings, Channel, KeyDate, Plan, Post, Rule
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import badge, check_plan
from calendar_app.core.report import report_to_json
from calendar_app.core.wording import iso_duration, short_duration, when

PARIS = ZoneInfo("Europe/Paris")
START, END = date(2026, 11, 30), date(2026, 12, 7)


def chan(rules=(), posts=(), **kw) -> Channel:
    kw.setdefault("id", "ig")
    kw.setdefault("name", "Instagram")
    kw.setdefault("timezone", "Europe/Paris")
    return Channel(rules=tuple(rules), posts=tuple(sorted(posts, key=lambda p: p.at)), **kw)


def check(channels, start=START, end=END, key_dates=(), owner_week_max=None):
    plan = Plan(channels=tuple(channels), key_dates=tuple(key_dates),
                calendar=CalendarSettings(timezone="Europe/Paris", owner_week_max=owner_week_max))
    return check_plan(plan, expand(plan, start, end), start, end, today=start)


def post(day, hour=18, minute=0, **kw) -> Post:
    kw.setdefault("title", f"Post du {day}")
    kw.setdefault("status", "draft")
    return Post(at=datetime(2026, 12, day, hour, minute), **kw)


# --- one slot at a time ----------------------------------------------------------------


def test_two_slots_closer_than_the_duration_are_too_close():
    posts = [post(1, 18, 0), post(1, 18, 20), post(2, 18, 0), post(2, 18, 30), post(3, 18, 0),
             post(3, 18, 10, status="cancelled")]
    report = check([chan(posts=posts, duration=timedelta(minutes=30))]).channels[0]
    [problem] = report.problems  # exactly one duration apart is fine; a cancelled post is no slot
    assert problem.kind == "too_close"
    assert problem.uid == "ig.post.20261201T1820@calendar-app"
    assert problem.message.startswith("Tue 1 Dec 2026, 18:20 is only 20m after the slot of Tue 1 Dec 2026, 18:00")


def test_a_post_on_a_blackout_day_is_reported_with_the_key_date():
    closed = KeyDate(date(2026, 12, 2), "Fermeture — inventaire 📦", end=date(2026, 12, 3), blackout=True)
    rule = Rule(id="d", times=(time(9),), start=date(2026, 1, 1), every="day")
    posts = [post(3, 10, title="Joyeux inventaire 🎄", status="scheduled"), post(2, 11, status="cancelled")]
    report = check([chan([rule], posts)], key_dates=[closed]).channels[0]
    assert report.slots == 6  # rule slots of 2 and 3 Dec are removed by the blackout; one post stays
    [problem] = report.problems
    assert problem.kind == "blackout_post" and problem.uid == "ig.post.20261203T1000@calendar-app"
    assert "« Joyeux inventaire 🎄 »" in problem.message and "« Fermeture — inventaire 📦 »" in problem.message


def test_scheduled_or_published_posts_need_a_title():
    posts = [post(1, title=None, status="scheduled"), post(2, title="  ", status="published"),
             post(3, title=None, status="draft"), post(4, title=None, status="ready")]
    report = check([chan(posts=posts)]).channels[0]
    assert [(p.kind, p.uid) for p in report.problems] == [
        ("untitled", "ig.post.20261201T1800@calendar-app"), ("untitled", "ig.post.20261202T1800@calendar-app")]
    assert "scheduled post of Tue 1 Dec 2026, 18:00 has no title" in report.problems[0].message


# --- pillars ---------------------------------------------------------------------------


def test_pillar_mix_is_the_share_among_slots_with_a_pillar():
    posts = [post(1, pillar="conseils"), post(2, pillar="conseils"), post(3, pillar="coulisses"), post(4)]
    report = check([chan(posts=posts)]).channels[0]
    assert report.pillar_mix == pytest.approx({"conseils": 2 / 3, "coulisses": 1 / 3})
    assert list(report.pillar_mix) == ["conseils", "coulisses"]


@pytest.mark.parametrize(("tolerance", "flagged"), [(0.1, ["conseils", "produit"]), (0.2, ["produit"]), (0.5, [])])
def test_pillar_share_targets_with_their_tolerance(tolerance, flagged):
    # conseils 2/3 against 0.5 (off by 0.17); produit 0 against 0.3 (off by 0.3); coulisses 1/3 unchecked.
    posts = [post(1, pillar="conseils"), post(2, pillar="conseils"), post(3, pillar="coulisses")]
    channel = chan(posts=posts, pillar_share={"conseils": 0.5, "produit": 0.3}, pillar_tolerance=tolerance)
    problems = check([channel]).channels[0].problems
    assert [p.kind for p in problems] == ["pillar_share"] * len(flagged)
    assert [p.message.split("»")[0].split("« ")[1].strip() for p in problems] == flagged


def test_pillar_share_is_not_checked_on_an_empty_window():
    assert check([chan(pillar_share={"conseils": 0.5})]).channels[0].ok


@pytest.mark.parametrize(("max_run", "expected"), [(2, ["ig.post.20261203T1800@calendar-app"]), (3, [])])
def test_runs_of_one_pillar_longer_than_max_pillar_run(max_run, expected):
    pillars = ["conseils", "conseils", "conseils", "produit", "conseils", None, "conseils", "conseils"]
    posts = [post(i + 1, pillar=p) for i, p in enumerate(pillars) if i < 6]
    posts += [Post(at=datetime(2026, 12, 6, 20), title="x", status="draft", pillar="conseils")]
    report = check([chan(posts=posts, max_pillar_run=max_run)]).channels[0]
    runs = [p for p in report.problems if p.kind == "pillar_run"]
    assert [p.uid for p in runs] == expected
    if expected:
        assert runs[0].message.startswith("3 slots in a row with pillar « conseils » from Tue 1 Dec 2026, 18:00")


# --- owners ----------------------------------------------------------------------------


def test_owner_workload_per_iso_week_across_channels():
    daily = Rule(id="d", times=(time(9),), start=date(2026, 1, 1), every="day")
    ig = chan([daily], owner="Camille")
    fb = chan(posts=[post(1, owner="Inès"), post(8, owner="Camille"), post(9)], id="fb", name="Facebook", owner="Julien")
    report = check([ig, fb], START, date(2026, 12, 10), owner_week_max=7)
    owners = {o.owner: o for o in report.owners}
    assert list(owners) == ["Camille", "Inès", "Julien"]
    assert [w.count for w in owners["Camille"].weeks] == [7, 4]  # W50 has 3 days in the window + the fb post
    assert [w.count for w in owners["Julien"].weeks] == [0, 1]
    assert owners["Camille"].ok and report.ok
    tight = check([ig, fb], START, date(2026, 12, 10), owner_week_max=6)
    camille = next(o for o in tight.owners if o.owner == "Camille")
    assert [w.below for w in camille.weeks] == [True, False]
    [problem] = camille.problems
    assert problem.kind == "owner_load" and problem.at == datetime(2026, 11, 30, tzinfo=PARIS)
    assert "Camille has 7 slots in 2026-W49" in problem.message and "owner_week_max 6" in problem.message
    assert not tight.ok and all(c.ok for c in tight.channels)


def test_owner_workload_is_not_checked_without_owner_week_max():
    daily = Rule(id="d", times=(time(9), time(12), time(18)), start=date(2026, 1, 1), every="day")
    report = check([chan([daily], owner="Camille")])
    assert report.owners[0].weeks[0].count == 21 and report.owners[0].weeks[0].target is None
    assert report.ok


# --- JSON, badge, wording --------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (timedelta(days=3, hours=2), "P3DT2H"), (timedelta(hours=17, minutes=30), "PT17H30M"),
    (timedelta(days=7), "P7D"), (timedelta(0), "PT0S"), (timedelta(days=25, hours=14), "P25DT14H"),
])
def test_iso_durations(value, text):
    assert iso_duration(value) == text


def test_human_wording_does_not_depend_on_the_locale():
    assert when(datetime(2027, 1, 1, 9, 5, tzinfo=PARIS)) == "Fri 1 Jan 2027, 09:05"
    assert short_duration(timedelta(days=3, hours=8)) == "3d 8h"


def test_report_json_shape():
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 9, 7), every="week", days=("mon", "wed", "fri"),
                skip=(date(2026, 12, 2),), pillars=("coulisses",))
    channel = chan([rule], [post(4, title="Émaux et cendres 🔥", status="idea")], per_week=3,
                   max_gap=timedelta(days=3), lead_time=timedelta(days=5))
    report = check([channel], owner_week_max=2)
    data = json.loads(json.dumps(report_to_json(report), ensure_ascii=False))
    assert set(data) == {"ok", "start", "end", "channels", "owners"}
    assert (data["ok"], data["start"], data["end"]) == (False, "2026-11-30", "2026-12-07")
    [c] = data["channels"]
    assert {"channel", "name", "ok", "slots", "per_week_target", "weeks_below_target", "longest_gap",
            "open_due", "problems", "weeks", "filled", "open", "gap_spread", "pillar_mix"} <= set(c)
    assert (c["channel"], c["name"], c["ok"], c["slots"], c["per_week_target"]) == ("ig", "Instagram", False, 2, 3)
    assert c["weeks_below_target"] == ["2026-W49"]
    assert c["weeks"] == [{"week": "2026-W49", "start": "2026-11-30", "count": 2, "target": 3.0,
                           "fraction": 1.0, "below": True}]
    assert c["longest_gap"] == {"duration": "P4D", "start": "2026-11-30T18:00:00+01:00",
                                "end": "2026-12-04T18:00:00+01:00", "edge": False}
    assert c["open_due"] == ["2026-11-30T18:00:00+01:00", "2026-12-04T18:00:00+01:00"]
    assert c["pillar_mix"] == {"coulisses": 1.0}
    assert {p["kind"] for p in c["problems"]} == {"below_target", "gap", "open_due"}
    assert all(set(p) == {"kind", "message", "at", "uid"} for p in c["problems"])
    assert [(p["kind"], p["at"]) for p in c["problems"]][:2] == [
        ("below_target", "2026-11-30T00:00:00+01:00"), ("gap", "2026-11-30T18:00:00+01:00")]
    assert any("« Émaux et cendres 🔥 » is still an idea" in p["message"] for p in c["problems"])
    assert data["owners"] == []  # no slot has an owner


def test_badge():
    good = check([chan([Rule(id="d", times=(time(9),), start=date(2026, 1, 1), every="day")], per_week=7)])
    assert badge(good.channels[0]) == "✔ 1/1"
    assert badge(check([chan()]).channels[0]) == "✔ 0"
    bad = check([chan(per_week=1, max_gap=timedelta(days=1))])
    assert badge(bad.channels[0]) == "⚠ 2 problems"


def test_the_metrics_are_pure():
    code = ("import sys, calendar_app.core.regularity, calendar_app.core.checks; "
            "bad = [m for m in ('rich', 'textual') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
