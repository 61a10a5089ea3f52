"""``[[review]]`` tables of ``_calendar.toml`` -> review meeting rhythms, validated like channel rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calendar_app.core.errors import did_you_mean
from calendar_app.core.model import FREQUENCIES, Review, Rule
from calendar_app.core.recurrence import rule_problem
from calendar_app.i18n import N_, _
from calendar_app.storage.schema import _check_day, _int_list
from calendar_app.storage.values import Reader, _show, array_of_tables, parse_time

REVIEW_KEYS = ("title", "every", "interval", "days", "monthdays", "months", "time", "duration",
               "start", "end", "skip", "timezone")
#: The first day of a rhythm given without ``start``: any day works when the days are named.
DEFAULT_START = date(2020, 1, 1)


def read_reviews(r: Reader, data: dict, default_tz: str | None) -> list[Review]:
    """The ``[[review]]`` tables; each problem is recorded on ``r`` with its key (``review[2].days[1]``)."""
    reviews: list[Review] = []
    for n, table in enumerate(array_of_tables(r, data, "review"), 1):
        p = f"review[{n}]"
        before = len(r.errors)
        r.unknown_keys(table, REVIEW_KEYS, p)
        title = r.get(table, "title", p, str, required=True, what=_(' (e.g. title = "Monthly review")'))
        if title is not None and not title.strip():
            r.error(f"{p}.title", _('is empty; say what the meeting is, e.g. title = "Monthly review"'))
        every = r.get(table, "every", p, str, required=True, what=_(' (day, week, month or year)'))
        if every is not None and every not in FREQUENCIES:
            hint = did_you_mean(every, FREQUENCIES) or _("; use day, week, month or year")
            r.error(f"{p}.every", _('"{every}" is not a frequency{hint}').format(every=every, hint=hint))
            every = None
        interval = r.get(table, "interval", p, int, default=1)
        if interval < 1:
            r.error(f"{p}.interval", _("must be at least 1, got {value}").format(value=interval))
        days = r.string_list(table, "days", p) or []
        for i, token in enumerate(days, 1):
            _check_day(r, token, every, f"{p}.days[{i}]")
        monthdays = _int_list(r, table, "monthdays", p, -31, 31, N_("a day of the month (1 to 31, or -1 for the last)"))
        months = _int_list(r, table, "months", p, 1, 12, N_("a month number (1 to 12)"))
        at = None
        if "time" not in table:
            r.error(f"{p}.time", _('is required (e.g. time = "10:00")'))
        else:
            try:
                at = parse_time(table["time"])
            except ValueError:
                r.error(f"{p}.time", _('{value} is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"')
                        .format(value=_show(table["time"])))
        duration = r.duration(table, "duration", p) or timedelta(hours=1)
        start = r.get(table, "start", p, date)
        if start is None and not days and not monthdays:
            r.error(p, _('needs days (e.g. days = ["1mon"]), monthdays or a start date to know which day it falls on'))
        start = start or DEFAULT_START
        if not 1900 <= start.year <= 2200:
            r.error(f"{p}.start", _("{value} is out of range (years 1900 to 2200)").format(value=start.isoformat()))
        end = r.get(table, "end", p, date)
        if end is not None and end < start:
            r.error(f"{p}.end", _("{end} is before start {start}").format(end=end.isoformat(), start=start.isoformat()))
        skip = []
        for i, d in enumerate(r.get(table, "skip", p, list, default=[]), 1):
            if isinstance(d, date) and not isinstance(d, datetime):
                skip.append(d)
            else:
                r.error(f"{p}.skip[{i}]", _("expected a date (2026-12-25), got {value}").format(value=_show(d)))
        tz = r.get(table, "timezone", p, str)
        if tz is not None:
            tz = r.timezone(tz, f"{p}.timezone")
        elif default_tz is None:
            r.error(f"{p}.timezone", _('is required (or set [calendar] timezone), e.g. "Europe/Paris"'))
        else:
            tz = default_tz
        if len(r.errors) > before:
            continue
        rule = Rule(id="review", times=(at,), start=start, every=every, interval=interval, days=tuple(days),
                    monthdays=tuple(monthdays), months=tuple(months), end=end, skip=tuple(sorted(set(skip))))
        problem = rule_problem(rule)
        if problem:
            r.error(p, problem)
            continue
        reviews.append(Review(title=title, rule=rule, timezone=tz, duration=duration, index=n))
    return reviews
