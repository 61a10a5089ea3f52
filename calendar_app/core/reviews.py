"""Review meetings: the ``[[review]]`` rhythms expanded to dated meetings; pure, the window is passed in."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from calendar_app.core.model import Review
from calendar_app.core.recurrence import UTC, localize, rule_days, zone


@dataclass(frozen=True, slots=True)
class Meeting:
    """One review meeting: its rhythm and when it takes place."""

    review: Review
    planned: datetime
    """Naive wall-clock date-time in the review's zone, as the rhythm gives it."""
    start: datetime
    """Aware, normalized (a nonexistent 02:30 becomes 03:30+02:00; an ambiguous one is the first)."""
    end: datetime
    """Aware: ``start`` plus the exact duration, in the review's zone."""

    @property
    def title(self) -> str:
        return self.review.title

    @property
    def uid(self) -> str:
        """Derived from the planned minute and the title: the same across exports."""
        digest = hashlib.sha256(self.review.title.encode("utf-8")).hexdigest()[:10]
        return f"review.{self.planned:%Y%m%dT%H%M}.{digest}@calendar-app"


def meetings(reviews: Iterable[Review], start: date, end: date) -> list[Meeting]:
    """The meetings whose planned local day lies in [start, end), sorted by instant then title.

    Skipped days give no meeting; blackout key dates do not apply (a closed workshop can
    still meet). Durations are exact time (RFC 5545), added in UTC: a 1h meeting across a
    clock change lasts one hour, whatever the wall clock shows at its end.
    """
    out: list[Meeting] = []
    for review in reviews:
        rule, tz = review.rule, zone(review.timezone)
        skip = frozenset(rule.skip)
        (at,) = rule.times
        for _index, day in rule_days(rule, end, start):
            if day < start or day in skip:
                continue
            planned = datetime.combine(day, at)
            begin = localize(planned, tz)
            finish = (begin.astimezone(UTC) + review.duration).astimezone(tz)
            out.append(Meeting(review, planned, begin, finish))
    out.sort(key=lambda m: (m.start.astimezone(UTC), m.review.title))
    return out


def previous_meeting(reviews: Iterable[Review], today: date) -> Meeting | None:
    """The latest meeting on a day before ``today`` (today's own meeting reviews the time since the last)."""
    reviews = tuple(reviews)
    if not reviews:
        return None
    earliest = min(r.rule.start for r in reviews)
    found = meetings(reviews, earliest, today)
    return found[-1] if found else None


def meetings_by_day(reviews: Iterable[Review], start: date, end: date) -> dict[date, list[Meeting]]:
    """The meetings of [start, end) grouped by their planned local day."""
    days: dict[date, list[Meeting]] = {}
    for meeting in meetings(reviews, start, end):
        days.setdefault(meeting.planned.date(), []).append(meeting)
    return days


def review_days_back(today: date) -> date:
    """The first day of the default review period when no ``[[review]]`` is planned: four weeks back."""
    return today - timedelta(days=28)
