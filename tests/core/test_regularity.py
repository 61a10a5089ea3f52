"""Regularity metrics pinned on small hand-computed plans: weeks, pro rata, gaps, readiness."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.core.model import CalendarSettings, Channel, Plan, Post, Rule
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan, required_weeks, window_weeks

PARIS = ZoneInfo("Europe/Paris")


def chan(rules=(), posts=(), **kw) -> Channel:
    kw.setdefault("id", "ig")
    kw.setdefault("name", "Instagram")
    kw.setdefault("timezone", "Europe/Paris")
    return Channel(rules=tuple(rules), posts=tuple(sorted(posts, key=lambda p: p.at)), **kw)


def weekly(days, at=time(18), start=date(2026, 9, 7), **kw) -> Rule:
    kw.setdefault("id", "feed")
    return Rule(times=(at,), start=start, every="week", days=tuple(days), **kw)


def check(channels, start, end, today=None, key_dates=(), owner_week_max=None, slots=None):
    plan = Plan(channels=tuple(channels), calendar=CalendarSettings(timezone="Europe/Paris", owner_week_max=owner_week_max),
                key_dates=tuple(key_dates))
    if slots is None:
        slots = expand(plan, start, end)
    return check_plan(plan, slots, start, end, today=today or start)


def kinds(report) -> list[str]:
    return [p.kind for p in report.problems]


# --- ISO weeks and pro rata ------------------------------------------------------------


def test_window_weeks_are_iso_weeks_with_the_share_inside_the_window():
    # Wed 25 Nov 2026 to Tue 8 Dec 2026 inclusive: 5 days of W48, all of W49, 2 days of W50.
    weeks = window_weeks(date(2026, 11, 25), date(2026, 12, 9))
    assert [(label, monday) for label, monday, _ in weeks] == [
        ("2026-W48", date(2026, 11, 23)), ("2026-W49", date(2026, 11, 30)), ("2026-W50", date(2026, 12, 7))]
    assert [fraction for *_, fraction in weeks] == [5 / 7, 1.0, 2 / 7]


def test_week_labels_use_the_iso_year_at_year_ends():
    labels = [w[0] for w in window_weeks(date(2026, 12, 28), date(2027, 1, 5))]
    assert labels == ["2026-W53", "2027-W01"]  # 2026 has 53 ISO weeks
    assert [w[0] for w in window_weeks(date(2024, 12, 30), date(2024, 12, 31))] == ["2025-W01"]


def test_full_weeks_on_target_and_a_skipped_day_puts_its_week_below():
    rule = weekly(["mon", "wed", "fri"], skip=(date(2026, 12, 9),))
    report = check([chan([rule], per_week=3)], date(2026, 11, 30), date(2026, 12, 14)).channels[0]
    assert [(w.label, w.count, w.target, w.fraction) for w in report.weeks] == [
        ("2026-W49", 3, 3.0, 1.0), ("2026-W50", 2, 3.0, 1.0)]
    assert report.weeks_below_target == ("2026-W50",)
    [problem] = report.problems
    assert problem.kind == "below_target"
    assert problem.at == datetime(2026, 12, 7, tzinfo=PARIS)
    assert "2026-W50" in problem.message and "has 2 slots for a target of 3" in problem.message
    assert not report.ok


def test_a_partial_edge_week_is_pro_rata_rounded_down_to_whole_slots():
    # Window from Saturday 28 Nov: W48 keeps 2 days of 7, target 4 x 2/7 = 1.14, so 1 slot is enough.
    rule = weekly(["mon", "wed", "fri", "sat"])
    report = check([chan([rule], per_week=4)], date(2026, 11, 28), date(2026, 12, 7)).channels[0]
    first = report.weeks[0]
    assert (first.label, first.count, first.fraction) == ("2026-W48", 1, 2 / 7)
    assert first.target == pytest.approx(8 / 7)
    assert report.weeks_below_target == ()
    assert report.ok


def test_a_partial_edge_week_still_needs_its_whole_slots():
    # Window from Sunday 29 Nov, per_week 7: W48 has 1 day, target 1, and the rule only posts on Mondays.
    report = check([chan([weekly(["mon"])], per_week=7)], date(2026, 11, 29), date(2026, 12, 7)).channels[0]
    assert report.weeks[0].target == pytest.approx(1.0)
    assert report.weeks_below_target == ("2026-W48", "2026-W49")
    assert "pro rata" not in report.problems[1].message
    assert "Sun 29 Nov 2026" in report.problems[0].message


def test_a_cadence_slower_than_weekly_is_checked_over_runs_of_weeks():
    assert required_weeks(0.5) == 2 and required_weeks(1 / 3) == 3 and required_weeks(2.5) == 1
    rule = Rule(id="article", times=(time(10),), start=date(2026, 9, 3), every="week", interval=2, days=("thu",))
    blog = chan([rule], id="blog", name="Blog", per_week=0.5)
    # Thursdays 26 Nov, 10 Dec, 24 Dec in a window of four full weeks: one article every two weeks.
    ok = check([blog], date(2026, 11, 23), date(2026, 12, 21)).channels[0]
    assert [w.count for w in ok.weeks] == [1, 0, 1, 0]
    assert ok.weeks_below_target == () and ok.ok
    skipped = check([chan([Rule(**{**_fields(rule), "skip": (date(2026, 12, 10),)})], id="blog", name="Blog", per_week=0.5)],
                    date(2026, 11, 23), date(2026, 12, 21)).channels[0]
    assert skipped.weeks_below_target == ("2026-W50", "2026-W51")
    [problem] = skipped.problems  # overlapping short runs are one problem
    assert "2026-W49 to 2026-W51" in problem.message and "0 slots for a target of 1" in problem.message


def _fields(rule: Rule) -> dict:
    return {name: getattr(rule, name) for name in rule.__slots__}


# --- gaps ------------------------------------------------------------------------------


def test_gaps_across_the_autumn_dst_change_are_real_elapsed_time():
    # Saturday 12:00 Paris: 24 Oct (+02:00) to 31 Oct (+01:00) is 7 days and 1 hour of real time.
    report = check([chan([weekly(["sat"], at=time(12))], max_gap=timedelta(days=7))],
                   date(2026, 10, 24), date(2026, 11, 1)).channels[0]
    gap = report.longest_gap
    assert gap.duration == timedelta(days=7, hours=1)
    assert (gap.start, gap.end, gap.edge) == (datetime(2026, 10, 24, 12, tzinfo=PARIS), datetime(2026, 10, 31, 12, tzinfo=PARIS), False)
    assert kinds(report) == ["gap"]
    assert report.problems[0].uid == "ig.feed.20261024T1200@calendar-app"


def test_gaps_across_the_spring_dst_change_are_an_hour_short():
    # Saturdays 12:00: 27 Mar (+01:00) to 3 Apr (+02:00) is 6 days 23 hours; the gaps across the
    # window's edges (20 to 27 Mar, 3 to 10 Apr) are 7 days, over a max_gap of 6d 23h.
    report = check([chan([weekly(["sat"], at=time(12))], max_gap=timedelta(days=6, hours=23))],
                   date(2027, 3, 27), date(2027, 4, 4)).channels[0]
    assert report.longest_gap.duration == timedelta(days=7)
    assert [(p.kind, p.at) for p in report.problems] == [
        ("gap", datetime(2027, 3, 20, 12, tzinfo=PARIS)), ("gap", datetime(2027, 4, 3, 12, tzinfo=PARIS))]


def test_the_window_edges_count_as_gaps_at_least_that_long():
    # One slot on Tue 1 Dec 12:00; the window runs to Mon 7 Dec midnight: 5 days 12 hours at least.
    post = Post(at=datetime(2026, 12, 1, 12), title="Seul post", status="ready")
    report = check([chan(posts=[post], max_gap=timedelta(days=5))], date(2026, 11, 30), date(2026, 12, 7)).channels[0]
    gap = report.longest_gap
    assert (gap.duration, gap.edge) == (timedelta(days=5, hours=12), True)
    assert gap.end == datetime(2026, 12, 7, tzinfo=PARIS)
    [problem] = report.problems
    assert problem.kind == "gap" and problem.message.startswith("At least 5d 12h")
    assert report.gap_spread is None


def test_a_channel_without_slots_has_the_whole_window_as_its_gap():
    report = check([chan(max_gap=timedelta(days=3))], date(2026, 11, 30), date(2026, 12, 7)).channels[0]
    assert report.slots == 0 and report.longest_gap.duration == timedelta(days=7) and report.longest_gap.edge
    assert kinds(report) == ["gap"]


def test_gap_spread_is_the_coefficient_of_variation_of_the_gaps():
    even = check([chan([Rule(id="d", times=(time(9),), start=date(2026, 1, 1), every="day")])],
                 date(2026, 11, 30), date(2026, 12, 7)).channels[0]
    assert even.gap_spread == 0.0
    # Mon, Tue, Wed, next Mon: gaps of 1, 1 and 5 days; mean 7/3, stdev 4*sqrt(2)/3.
    bunched = check([chan([weekly(["mon", "tue", "wed"])])], date(2026, 11, 30), date(2026, 12, 8)).channels[0]
    assert bunched.gap_spread == pytest.approx(4 * math.sqrt(2) / 7)


# --- filled, open and due --------------------------------------------------------------


def test_filled_open_and_cancelled_slots():
    statuses = ["idea", "draft", "ready", "scheduled", "published", "cancelled"]
    posts = [Post(at=datetime(2026, 12, 1 + i, 18), title=f"Post {s}", status=s) for i, s in enumerate(statuses)]
    rule = Rule(id="d", times=(time(18),), start=date(2026, 1, 1), every="day")
    report = check([chan([rule], posts)], date(2026, 12, 1), date(2026, 12, 8)).channels[0]
    assert report.slots == 6  # 7 days, the cancelled one does not count
    assert report.filled == 4  # draft, ready, scheduled, published
    assert report.open == 2  # the idea and the empty slot of 7 Dec


LEAD = dict(lead_time=timedelta(days=2))
TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("at", "status", "due"),
    [
        (datetime(2026, 11, 23, 23, 59), None, False),  # yesterday: past, not due
        (datetime(2026, 11, 24, 0, 0), None, True),  # today counts (the check knows the date, not the hour)
        (datetime(2026, 11, 26, 23, 59), None, True),  # lead time begins 24 Nov 23:59, before tomorrow
        (datetime(2026, 11, 27, 0, 0), None, False),  # lead time begins 25 Nov 00:00: tomorrow
        (datetime(2026, 11, 25, 18, 0), "idea", True),
        (datetime(2026, 11, 25, 18, 0), "draft", True),
        (datetime(2026, 11, 25, 18, 0), "ready", False),
        (datetime(2026, 11, 25, 18, 0), "scheduled", False),
        (datetime(2026, 11, 25, 18, 0), "cancelled", False),
    ],
)
def test_open_due_is_unready_from_today_with_its_lead_time_begun_by_tonight(at, status, due):
    if status is None:
        rule = Rule(id="one", times=(at.time(),), start=at.date(), every="day", count=1)
        channel = chan([rule], **LEAD)
    else:
        channel = chan(posts=[Post(at=at, title="Black Friday", status=status)], **LEAD)
    report = check([channel], date(2026, 11, 23), date(2026, 11, 30), today=TODAY).channels[0]
    assert [s.start.replace(tzinfo=None) for s in report.open_due] == ([at] if due else [])
    assert kinds(report) == (["open_due"] if due else [])


def test_lead_time_is_real_elapsed_time_across_dst():
    # 24 hours before Sun 25 Oct 2026 23:30 (+01:00) is Sun 25 Oct 00:30 (+02:00), not Sat 24 Oct 23:30.
    channel = chan(posts=[Post(at=datetime(2026, 10, 25, 23, 30), title="x", status="draft")], lead_time=timedelta(days=1))
    window = (date(2026, 10, 19), date(2026, 10, 26))
    assert check([channel], *window, today=date(2026, 10, 24)).channels[0].open_due == ()
    report = check([channel], *window, today=date(2026, 10, 25)).channels[0]
    assert len(report.open_due) == 1
    assert "runs from Sun 25 Oct 2026, 00:30" in report.problems[0].message


def test_without_lead_time_today_unready_slots_are_listed_but_fail_nothing():
    posts = [Post(at=datetime(2026, 11, 24, 18), title="Aujourd'hui", status="draft"),
             Post(at=datetime(2026, 11, 25, 18), title="Demain", status="draft")]
    report = check([chan(posts=posts)], date(2026, 11, 23), date(2026, 11, 30), today=TODAY).channels[0]
    assert [s.title for s in report.open_due] == ["Aujourd'hui"]
    assert report.ok and report.problems == ()


def test_the_example_draft_message_says_what_to_do():
    channel = chan(posts=[Post(at=datetime(2026, 11, 25, 18), title="Black Friday : pourquoi 🎁", status="draft")], **LEAD)
    [problem] = check([channel], date(2026, 11, 23), date(2026, 11, 30), today=TODAY).channels[0].problems
    assert problem.message == (
        "Wed 25 Nov 2026, 18:00: « Black Friday : pourquoi 🎁 » is still a draft and its 2d lead time "
        "runs from Mon 23 Nov 2026, 18:00; get it ready.")
    assert problem.uid == "ig.post.20261125T1800@calendar-app"
    assert problem.at == datetime(2026, 11, 25, 18, tzinfo=PARIS)


# --- targets not set, windows and filters ----------------------------------------------


def test_a_target_not_set_is_not_checked():
    posts = [Post(at=datetime(2026, 11, 24, 9), title="a", status="idea")]
    report = check([chan(posts=posts)], date(2026, 11, 2), date(2026, 11, 30), today=TODAY)
    channel = report.channels[0]
    assert channel.longest_gap.duration > timedelta(days=20)
    assert all(w.target is None and not w.below for w in channel.weeks)
    assert channel.per_week_target is None and channel.ok and report.ok


def test_slots_outside_the_window_or_of_other_channels_are_ignored():
    ig = chan([weekly(["mon", "wed", "fri"])], per_week=3, max_gap=timedelta(days=3))
    fb = chan([weekly(["tue"])], id="fb", name="Facebook", per_week=3)
    plan = Plan(channels=(ig, fb))
    start, end = date(2026, 11, 30), date(2026, 12, 14)
    exact = check_plan(plan, expand(plan, start, end), start, end, today=start, channels=["ig"])
    wide = check_plan(plan, expand(plan, start - timedelta(days=30), end + timedelta(days=30)), start, end,
                      today=start, channels=["ig"])
    assert [c.channel for c in exact.channels] == ["ig"]
    assert exact == wide and exact.ok
