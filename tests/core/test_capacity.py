"""Effort and capacity in the regularity report: hours per owner-week against hours_week, on mixed formats."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calendar_app.core.capacity import format_hours
from calendar_app.core.model import CalendarSettings, Channel, Owner, Plan, Post
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan
from calendar_app.core.report import report_to_json

START, END = date(2026, 11, 23), date(2026, 12, 7)  # W48 and W49, Mondays


def plan(*posts: Post, hours_week: float | None = 5) -> Plan:
    channel = Channel(id="ig", name="Instagram", timezone="Europe/Paris", owner="Camille", posts=posts,
                      effort={"photo": timedelta(minutes=45)})
    owners = () if hours_week is None else (Owner("Camille", hours_week),)
    calendar = CalendarSettings(timezone="Europe/Paris", effort={"reel": timedelta(hours=3), "photo": timedelta(hours=1)},
                                owners=owners)
    return Plan((channel,), calendar)


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 18)


MIXED = (
    # W48: three reels (3 h each from the calendar) = 9 h; a cancelled reel counts for nothing.
    Post(at(23), "Reel 1", "draft", format="reel"), Post(at(25), "Reel 2", "idea", format="reel"),
    Post(at(27), "Reel 3", "ready", format="reel"), Post(at(28), "Annulé", "cancelled", format="reel"),
    # W49: three photos (45 min each, the channel's effort over the calendar's 1 h), one of 2 h of its own,
    # and one post without a format: 3 x 0.75 + 2 = 4.25 h.
    Post(at(30), "Photo 1", "draft", format="photo"), Post(at(2, 12), "Photo 2", "draft", format="photo"),
    Post(at(4, 12), "Photo 3", "draft", format="photo"),
    Post(at(5, 12), "Photo longue", "draft", format="photo", effort=timedelta(hours=2)),
    Post(at(6, 12), "Sans format", "draft"),
)


def report(p: Plan):
    return check_plan(p, expand(p, START, END), START, END, today=START)


def test_hours_per_owner_week_against_hours_week():
    r = report(plan(*MIXED))
    (owner,) = r.owners
    assert [(w.label, w.count, w.hours, w.hours_week) for w in owner.weeks] == [
        ("2026-W48", 3, 9.0, 5.0), ("2026-W49", 5, 4.25, 5.0)]
    assert [p.kind for p in owner.problems] == ["over_capacity"]
    assert owner.problems[0].message == (
        "Camille has 9h of work in 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026), more than their hours_week 5h; "
        "hand some posts to someone else or move them to a lighter week.")
    assert not owner.ok and not r.ok


def test_the_json_gives_hours_and_hours_week_in_each_owner_week_and_hours_per_channel_week():
    data = report_to_json(report(plan(*MIXED)))
    weeks = data["owners"][0]["weeks"]
    assert [(w["week"], w["hours"], w["hours_week"]) for w in weeks] == [("2026-W48", 9.0, 5.0), ("2026-W49", 4.25, 5.0)]
    assert data["owners"][0]["problems"][0]["kind"] == "over_capacity"
    assert data["channels"][0]["hours_per_week"] == {"2026-W48": 9.0, "2026-W49": 4.25}


def test_without_hours_week_the_hours_are_reported_but_not_checked():
    r = report(plan(*MIXED, hours_week=None))
    assert [w.hours for w in r.owners[0].weeks] == [9.0, 4.25]
    assert [w.hours_week for w in r.owners[0].weeks] == [None, None]
    assert r.owners[0].problems == ()


def test_hours_are_written_as_people_say_them():
    assert (format_hours(3), format_hours(4.25), format_hours(0.75)) == ("3h", "4h15", "0h45")
