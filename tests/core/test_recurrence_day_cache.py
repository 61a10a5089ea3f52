"""The rule days listed once per rule and year give exactly what walking the rule each time gave."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from calendar_app.core.model import Rule
from calendar_app.core.recurrence import date_rule, rule_days

SHAPES = [
    dict(every="week", days=("mon", "wed", "fri")),
    dict(every="week", days=("tue",), interval=2, pillars=("a", "b", "c")),
    dict(every="day", interval=3, times=(time(9, 0), time(18, 30))),
    dict(every="day", count=25, times=(time(8, 0), time(12, 0))),
    dict(every="month", days=("1tue", "-1fri"), pillars=("x", "y")),
    dict(every="month", monthdays=(31,)),
    dict(every="year", months=(2,), monthdays=(29,)),
    dict(every=None, rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", count=9),
    dict(every=None, rrule="FREQ=MONTHLY;BYDAY=-1FR"),
    dict(every="week", days=("sat",), end=date(2027, 3, 1)),
    dict(every="day", end=date(2026, 12, 31), skip=(date(2026, 10, 1),)),
]


def walked(rule: Rule, until: date, since: date | None) -> list[tuple[int | None, date]]:
    """What rule_days yielded before the days were cached: the rule walked from its start."""
    last = until - timedelta(days=1)
    if rule.end is not None:
        last = min(last, rule.end)
    if last < rule.start:
        return []
    days = [m.date() for m in date_rule(rule, until=datetime.combine(last, time()))]
    if rule.count is None and not rule.pillars:
        return [(None, d) for d in days if d >= (since or rule.start)]
    out, index = [], 0
    for day in days:
        if rule.count is not None and index >= rule.count:
            break
        out.append((index, day))
        index += len(rule.times)
    return out


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.get("rrule") or f"{s['every']}{sorted(s)}")
def test_cached_days_equal_the_rule_walked_for_any_window_in_any_order(shape):
    fields = {"times": (time(10, 0),), "start": date(2026, 9, 7), **shape}
    rule = Rule(id="r", **fields)
    rng = random.Random(7)
    for _ in range(40):
        since = date(2026, 6, 1) + timedelta(days=rng.randint(0, 800))
        until = since + timedelta(days=rng.choice([1, 7, 28, 90, 400]))
        assert list(rule_days(rule, until, since)) == walked(rule, until, since), (since, until)


def test_a_window_across_new_year_after_one_inside_the_year():
    rule = Rule(id="r", times=(time(9, 0),), start=date(2026, 9, 7), every="week", days=("mon",), pillars=("a", "b"))
    inside = list(rule_days(rule, date(2026, 12, 1), date(2026, 11, 1)))
    across = list(rule_days(rule, date(2027, 1, 20), date(2026, 12, 20)))
    assert inside == walked(rule, date(2026, 12, 1), date(2026, 11, 1))
    assert across == walked(rule, date(2027, 1, 20), date(2026, 12, 20))
    assert across[-1][1] == date(2027, 1, 18)
