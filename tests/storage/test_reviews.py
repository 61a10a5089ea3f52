"""``[[review]]`` tables of _calendar.toml: read into rhythms, every problem reported with its key."""

from __future__ import annotations

from datetime import date, time, timedelta

from calendar_app.storage.reader import load_plan

GOOD = '''[calendar]
timezone = "Europe/Paris"

[[review]]
title = "Point mensuel — bilan 🎉"
every = "month"
days = ["1mon"]
time = "10:00"
duration = "1h30m"

[[review]]
title = "Hebdo"
every = "week"
start = 2026-09-04
time = "09:00"
timezone = "America/Montreal"
'''

BAD = '''[calendar]
timezone = "Europe/Paris"

[[review]]
title = "Point"
every = "mois"
days = ["1lun"]
time = "25:00"
duree = "1h"

[[review]]
title = "Hebdo"
every = "week"
days = ["1mon"]
time = "10:00"
timezone = "Europe/Pariss"

[[review]]
every = "week"
'''


def test_reviews_are_read_with_the_calendar_zone_by_default(plans_with):
    plan = load_plan(plans_with("_calendar.toml", GOOD.encode("utf-8"))).plan
    first, second = plan.calendar.reviews
    assert (first.title, first.timezone, first.duration, first.index) == (
        "Point mensuel — bilan 🎉", "Europe/Paris", timedelta(minutes=90), 1)
    assert (first.rule.every, first.rule.days, first.rule.times) == ("month", ("1mon",), (time(10, 0),))
    assert (second.timezone, second.rule.start, second.rule.days) == ("America/Montreal", date(2026, 9, 4), ())


def test_every_problem_of_the_reviews_at_once(plans_with):
    plans = plans_with("_calendar.toml", BAD.encode("utf-8"))
    result = load_plan(plans)
    path = plans / "_calendar.toml"
    assert [str(e) for e in result.errors] == [f"{path}: {m}" for m in (
        "review[1].duree: unknown key; known keys: title, every, interval, days, monthdays, months, time, "
        "duration, start, end, skip, timezone",
        'review[1].every: "mois" is not a frequency; use day, week, month or year',
        'review[1].days[1]: "1lun" is not a weekday token of plan files; did you mean "1mon"?',
        'review[1].time: "25:00" is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"',
        'review[2].days[1]: "1mon": ordinal weekdays like "1tue" need every = "month" or "year"',
        'review[2].timezone: "Europe/Pariss" is not a known time zone; did you mean "Europe/Paris"?',
        'review[3].title: is required (e.g. title = "Monthly review")',
        'review[3].time: is required (e.g. time = "10:00")',
        'review[3]: needs days (e.g. days = ["1mon"]), monthdays or a start date to know which day it falls on',
    )]
    assert result.plan.calendar.reviews == ()


def test_review_without_any_zone_is_an_error(plans_with):
    plans = plans_with("_calendar.toml", b'[[review]]\ntitle = "X"\nevery = "month"\ndays = ["1mon"]\ntime = "10:00"\n')
    assert [e.key for e in load_plan(plans).errors] == ["review[1].timezone"]
