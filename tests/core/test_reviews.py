"""Review meetings expanded from their rhythm: their days, and exact instants across DST changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from calendar_app.core.model import Review, Rule
from calendar_app.core.reviews import meetings, previous_meeting

UTC = timezone.utc


def review(days=("1mon",), at=time(10, 0), duration=timedelta(hours=1), every="month", **extra) -> Review:
    rule = Rule(id="review", times=(at,), start=extra.pop("start", date(2020, 1, 1)), every=every, days=days, **extra)
    return Review(title="Point mensuel 🎉", rule=rule, timezone="Europe/Paris", duration=duration)


def test_first_monday_of_each_month_at_ten_local_on_both_sides_of_dst():
    found = meetings([review()], date(2026, 9, 1), date(2027, 1, 1))
    # first Mondays, worked out on a calendar: Sep 7, Oct 5, Nov 2, Dec 7 2026
    assert [m.planned for m in found] == [datetime(2026, 9, 7, 10), datetime(2026, 10, 5, 10),
                                          datetime(2026, 11, 2, 10), datetime(2026, 12, 7, 10)]
    # 10:00 CEST (+02:00) before October 25, 10:00 CET (+01:00) after
    assert [m.start.astimezone(UTC) for m in found] == [
        datetime(2026, 9, 7, 8, tzinfo=UTC), datetime(2026, 10, 5, 8, tzinfo=UTC),
        datetime(2026, 11, 2, 9, tzinfo=UTC), datetime(2026, 12, 7, 9, tzinfo=UTC)]
    assert all(m.end - m.start == timedelta(hours=1) for m in found)


def test_fall_back_night_meeting_is_the_first_0230_and_lasts_an_exact_hour():
    # last Sunday of October 2026 is the 25th: clocks go back from 03:00 CEST to 02:00 CET
    (m,) = meetings([review(days=("-1sun",), at=time(2, 30))], date(2026, 10, 1), date(2026, 11, 1))
    assert m.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert m.end.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert m.end.isoformat() == "2026-10-25T02:30:00+01:00"  # the second 02:30 on the wall clock


def test_spring_forward_gap_meeting_starts_at_0130_utc():
    # last Sunday of March 2027 is the 28th: 02:30 does not exist; RFC 5545 takes 03:30+02:00
    (m,) = meetings([review(days=("-1sun",), at=time(2, 30))], date(2027, 3, 1), date(2027, 4, 1))
    assert m.start.isoformat() == "2027-03-28T03:30:00+02:00"
    assert m.start.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert m.planned == datetime(2027, 3, 28, 2, 30)


def test_skip_and_end_and_window_bounds():
    r = review(skip=(date(2026, 11, 2),), end=date(2026, 12, 31))
    found = meetings([r], date(2026, 10, 5), date(2027, 3, 1))
    assert [m.planned.date() for m in found] == [date(2026, 10, 5), date(2026, 12, 7)]


def test_previous_meeting_is_before_today():
    r = review()
    assert previous_meeting([r], date(2026, 12, 7)).planned == datetime(2026, 11, 2, 10)
    assert previous_meeting([r], date(2026, 12, 8)).planned == datetime(2026, 12, 7, 10)
    assert previous_meeting([], date(2026, 12, 8)) is None


def test_uid_is_stable_and_distinct_per_meeting():
    a, b = meetings([review()], date(2026, 9, 1), date(2026, 11, 1))
    assert a.uid.startswith("review.20260907T1000.") and a.uid.endswith("@calendar-app")
    assert a.uid != b.uid
    assert meetings([review()], date(2026, 9, 1), date(2026, 10, 1))[0].uid == a.uid
