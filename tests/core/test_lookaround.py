"""What the check sees beyond its window, on hand-computed plans: missed past slots, blacked-out occurrences,
gaps across the window's edges, and the one window shared by `check` and the dashboard."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendar_app.core.model import CalendarSettings, Channel, KeyDate, Plan, Post, Rule
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan, check_window, run_check
from calendar_app.core.report import report_to_json

PARIS = ZoneInfo("Europe/Paris")


def chan(rules=(), posts=(), **kw) -> Channel:
    kw.setdefault("id", "ig")
    kw.setdefault("name", "Instagram")
    kw.setdefault("timezone", "Europe/Paris")
    return Channel(rules=tuple(rules), posts=tuple(sorted(posts, key=lambda p: p.at)), **kw)


def plan_of(*channels, key_dates=()) -> Plan:
    return Plan(channels=tuple(channels), key_dates=tuple(key_dates), calendar=CalendarSettings(timezone="Europe/Paris"))


def check(plan, start, end, today=None, past_days=0):
    return check_plan(plan, expand(plan, start, end), start, end, today=today or start, past_days=past_days)


def problems(report):
    return [(p.kind, p.at, p.uid) for c in report.channels for p in c.problems]


# --- missed past slots ---------------------------------------------------------------------------------


def test_past_slots_not_published_nor_cancelled_are_missed_within_the_lookback():
    # Daily 18:00 from 20 Nov; today 1 Dec, 5 days back: 26 to 30 Nov. 26 published, 27 cancelled,
    # 28 a draft, 29 an idea, 30 open: three missed. 25 Nov (6 days back) is outside the lookback.
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 11, 20), every="day")
    posts = [Post(at=datetime(2026, 11, 25, 18), title="Trop vieux", status="draft"),
             Post(at=datetime(2026, 11, 26, 18), title="Publié", status="published"),
             Post(at=datetime(2026, 11, 27, 18), title="Annulé", status="cancelled"),
             Post(at=datetime(2026, 11, 28, 18), title="Black Friday", status="draft"),
             Post(at=datetime(2026, 11, 29, 18), title="Une idée", status="idea")]
    plan = plan_of(chan([rule], posts))
    report = check(plan, date(2026, 12, 1), date(2026, 12, 8), past_days=5)
    missed = [p for p in report.channels[0].problems if p.kind == "missed"]
    assert [(p.at, p.uid) for p in missed] == [
        (datetime(2026, 11, d, 18, tzinfo=PARIS), f"ig.feed.202611{d}T1800@calendar-app") for d in (28, 29, 30)]
    assert missed[0].message == ("Sat 28 Nov 2026, 18:00: « Black Friday » is still a draft and the day has passed; "
                                 "mark it published, or cancel it.")
    assert missed[2].message.startswith("Mon 30 Nov 2026, 18:00: the slot stayed open")
    assert not report.ok
    assert {"kind": "missed", "at": "2026-11-28T18:00:00+01:00", "uid": "ig.feed.20261128T1800@calendar-app",
            "message": missed[0].message} in report_to_json(report)["channels"][0]["problems"]


def test_no_lookback_reports_no_missed_slot():
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 11, 20), every="day")
    report = check(plan_of(chan([rule])), date(2026, 12, 1), date(2026, 12, 8), past_days=0)
    assert report.ok


# --- occurrences removed by a blackout ---------------------------------------------------------------


def monthly_last_friday(**kw):
    return chan([Rule(id="episode", label="Épisode", times=(time(7),), start=date(2026, 9, 1),
                      rrule="FREQ=MONTHLY;BYDAY=-1FR")], id="podcast", name="Podcast", **kw)


CHRISTMAS = KeyDate(date(2026, 12, 24), "Fermeture de Noël", end=date(2026, 12, 26), blackout=True)


def test_a_blacked_out_occurrence_that_breaks_max_gap_is_reported_naming_the_blackout():
    # Last Fridays: 27 Nov, (25 Dec, blacked out), 29 Jan. From 27 Nov 07:00 to 29 Jan 07:00 is 63 days,
    # over max_gap 42 days; the window 1 Dec to 12 Jan holds no slot at all.
    plan = plan_of(monthly_last_friday(max_gap=timedelta(days=42)), key_dates=[CHRISTMAS])
    report = check(plan, date(2026, 12, 1), date(2027, 1, 12))
    assert problems(report) == [
        ("gap", datetime(2026, 11, 27, 7, tzinfo=PARIS), "podcast.episode.20261127T0700@calendar-app"),
        ("blacked_out", datetime(2026, 12, 25, 7, tzinfo=PARIS), "podcast.episode.20261225T0700@calendar-app"),
    ]
    gap, blacked = report.channels[0].problems
    assert gap.message == ("63d without a slot from Fri 27 Nov 2026, 07:00 to Fri 29 Jan 2027, 07:00, more than "
                           "max_gap 42d; add a slot in between.")
    assert blacked.message == ("The Fri 25 Dec 2026, 07:00 occurrence of rule « Épisode » falls on the blackout "
                               "« Fermeture de Noël » and is dropped, which leaves a gap longer than max_gap 42d; "
                               "move it to another day (add a post before or after the blackout).")
    assert report.channels[0].longest_gap.duration == timedelta(days=63)


def test_a_blacked_out_occurrence_that_breaks_nothing_is_not_reported():
    plan = plan_of(monthly_last_friday(max_gap=timedelta(days=70)), key_dates=[CHRISTMAS])
    assert check(plan, date(2026, 12, 1), date(2027, 1, 12)).ok


def test_a_blacked_out_occurrence_that_leaves_its_week_below_per_week():
    # Mon and Fri 18:00, per_week 2; Fri 25 Dec is blacked out, so the week of 21 Dec has 1 slot.
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 11, 2), every="week", days=("mon", "fri"))
    plan = plan_of(chan([rule], per_week=2), key_dates=[CHRISTMAS])
    report = check(plan, date(2026, 12, 21), date(2026, 12, 28))
    assert [k for k, _, _ in problems(report)] == ["below_target", "blacked_out"]
    assert "its week below per_week 2" in report.channels[0].problems[1].message


# --- gaps across the window's edges ------------------------------------------------------------------


def fortnightly(**kw):
    # Tuesdays 12:00, every other week from 3 Nov: 3 Nov, 17 Nov, 1 Dec, 15 Dec...
    return chan([Rule(id="feed", times=(time(12),), start=date(2026, 11, 3), every="week", interval=2,
                      days=("tue",))], **kw)


def test_a_window_that_starts_just_after_a_slot_still_sees_the_gap():
    # The window 2 to 14 Dec starts the day after 1 Dec; the next slot is 15 Dec: 14 days, over 10.
    plan = plan_of(fortnightly(max_gap=timedelta(days=10)))
    report = check(plan, date(2026, 12, 2), date(2026, 12, 15))
    [gap] = report.channels[0].problems
    assert (gap.kind, gap.at, gap.uid) == ("gap", datetime(2026, 12, 1, 12, tzinfo=PARIS),
                                           "ig.feed.20261201T1200@calendar-app")
    assert gap.message.startswith("14d without a slot from Tue 1 Dec 2026, 12:00 to Tue 15 Dec 2026, 12:00")
    assert not report.channels[0].longest_gap.edge


def test_a_window_that_ends_just_before_a_slot_still_sees_the_gap():
    # The window 16 Nov to 1 Dec (midnight) holds only 17 Nov; the next slot, 1 Dec 12:00, is 14 days on.
    plan = plan_of(fortnightly(max_gap=timedelta(days=10)))
    report = check(plan, date(2026, 11, 16), date(2026, 12, 1))
    kinds = [(p.kind, p.at) for p in report.channels[0].problems]
    assert kinds == [("gap", datetime(2026, 11, 3, 12, tzinfo=PARIS)), ("gap", datetime(2026, 11, 17, 12, tzinfo=PARIS))]
    assert report.channels[0].problems[1].message.startswith(
        "14d without a slot from Tue 17 Nov 2026, 12:00 to Tue 1 Dec 2026, 12:00")


def test_without_a_slot_within_max_gap_after_the_window_the_last_gap_is_reported():
    # One post on 1 Dec 12:00, nothing after: 2 days to the window's end, none in the 3 days after it.
    plan = plan_of(chan(posts=[Post(at=datetime(2026, 12, 1, 12), title="Seul", status="ready")],
                        max_gap=timedelta(days=3)))
    [gap] = check(plan, date(2026, 12, 1), date(2026, 12, 3)).channels[0].problems
    assert gap.message == ("At least 1d 12h without a slot from Tue 1 Dec 2026, 12:00 to Thu 3 Dec 2026, 00:00 "
                           "(window end), and none planned within max_gap 3d after it; add a slot in between.")


# --- one window for `check` and the dashboard ------------------------------------------------------


def test_check_window_starts_today_unless_told():
    assert check_window(date(2026, 12, 1)) == (date(2026, 12, 1), date(2027, 1, 12))
    assert check_window(date(2026, 12, 1), date(2026, 11, 30), weeks=2) == (date(2026, 11, 30), date(2026, 12, 14))


def test_run_check_uses_the_slots_it_is_given_and_looks_back_14_days():
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 11, 1), every="day")
    plan = plan_of(chan([rule]))
    asked = []

    def slots_of(lo, hi):
        asked.append((lo, hi))
        return expand(plan, lo, hi)

    slots, report = run_check(plan, date(2026, 12, 1), slots_of=slots_of)
    assert asked == [(date(2026, 12, 1), date(2027, 1, 12))]
    assert len(slots) == 42
    missed = [p.at.date() for p in report.channels[0].problems if p.kind == "missed"]
    assert missed == [date(2026, 11, 17) + timedelta(days=i) for i in range(14)]
