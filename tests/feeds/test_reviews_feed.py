"""Review meetings in key-dates.ics: timed events at the right instants across DST, parsed back."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import icalendar
import vobject

from calendar_app.core.model import CalendarSettings, Plan, Review, Rule
from calendar_app.feeds.render import KEY_DATES_FEED, build_feeds

UTC = timezone.utc
NOW = datetime(2026, 10, 1, 12, tzinfo=UTC)


def plan_with_review(at: time, days=("-1sun",)) -> Plan:
    rule = Rule(id="review", times=(at,), start=date(2020, 1, 1), every="month", days=days)
    review = Review(title="Point mensuel 🎉 — « bilan »", rule=rule, timezone="Europe/Paris")
    return Plan(channels=(), calendar=CalendarSettings(name="Atelier", timezone="Europe/Paris", reviews=(review,)))


def review_events(data: bytes) -> list:
    cal = icalendar.Calendar.from_ical(data)
    assert cal.get_missing_tzids() == set()
    return [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("review.")]


def test_meetings_across_both_changes_at_their_instants():
    files = build_feeds(plan_with_review(time(2, 30)), date(2026, 10, 1), date(2027, 4, 1), now=NOW).files
    data = files[KEY_DATES_FEED]
    events = review_events(data)
    starts = [e["DTSTART"].dt.astimezone(UTC) for e in events]
    ends = [e["DTEND"].dt.astimezone(UTC) for e in events]
    # last Sundays: Oct 25 (fall back: the first 02:30, +02:00), Nov 29, Dec 27, Jan 31, Feb 28 (+01:00),
    # Mar 28 2027 (spring forward: 02:30 does not exist, 01:30Z)
    assert starts == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 11, 29, 1, 30, tzinfo=UTC),
                      datetime(2026, 12, 27, 1, 30, tzinfo=UTC), datetime(2027, 1, 31, 1, 30, tzinfo=UTC),
                      datetime(2027, 2, 28, 1, 30, tzinfo=UTC), datetime(2027, 3, 28, 1, 30, tzinfo=UTC)]
    assert [e - s for s, e in zip(starts, ends, strict=True)] == [timedelta(hours=1)] * 6
    text = data.decode("utf-8")
    # the ambiguous and nonexistent ones in UTC, the others with TZID; DTEND, never DURATION
    assert "DTSTART:20261025T003000Z" in text and "DTEND:20261025T013000Z" in text
    assert "DTSTART:20270328T013000Z" in text
    assert "DTSTART;TZID=Europe/Paris:20261129T023000" in text
    assert "\r\nDURATION" not in text
    assert str(events[0]["SUMMARY"]) == "Point mensuel 🎉 — « bilan »"
    vobject.readOne(text, validate=True)


def test_ten_oclock_stays_ten_local_and_uids_are_stable():
    plan = plan_with_review(time(10, 0), days=("1mon",))
    first = build_feeds(plan, date(2026, 10, 1), date(2026, 12, 1), now=NOW).files[KEY_DATES_FEED]
    again = build_feeds(plan, date(2026, 10, 1), date(2026, 12, 1), now=NOW).files[KEY_DATES_FEED]
    assert first == again
    events = review_events(first)
    assert [e["DTSTART"].dt.isoformat() for e in events] == ["2026-10-05T10:00:00+02:00", "2026-11-02T10:00:00+01:00"]
    assert "DTSTART;TZID=Europe/Paris:20261005T100000" in first.decode()


def test_french_plan_speaks_french_in_the_meeting_events():
    plan = plan_with_review(time(10, 0), days=("1mon",))
    plan = Plan(channels=(), calendar=CalendarSettings(name="Atelier", timezone="Europe/Paris", lang="fr",
                                                       reviews=plan.calendar.reviews))
    text = build_feeds(plan, date(2026, 10, 1), date(2026, 11, 1), now=NOW).files[KEY_DATES_FEED].decode("utf-8")
    assert "CATEGORIES:Point d'équipe" in text
    assert "Dates clés du secteur\\, jours bloqués et points d'équipe (Atelier)." in text.replace("\r\n ", "")
