"""Expansion cross-checked against recurring-ical-events on generated rules (hypothesis).

The test writes each generated rule as an RFC 5545 VEVENT by itself (RRULE text, COUNT or UNTIL
in UTC, EXDATE for skips, DTSTART with a TZID) and compares the instants recurring-ical-events
gives with the slots of :func:`calendar_app.recurrence.expand_channel`, over two years that
cross every DST change of the zones used.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calendar_app.core.model import Channel, Rule
from calendar_app.core.recurrence import expand_channel, rule_problem

UTC = timezone.utc
WINDOW = (date(2026, 1, 1), date(2028, 1, 1))
ZONES = ["Europe/Paris", "Australia/Sydney", "America/New_York"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ICAL_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}


@st.composite
def rules(draw):
    every = draw(st.sampled_from(["day", "week", "month", "year"]))
    interval = draw(st.integers(1, 3))
    days: tuple[str, ...] = ()
    monthdays: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    if every in ("day", "week"):
        days = tuple(sorted(draw(st.sets(st.sampled_from(DAYS), max_size=3)), key=DAYS.index))
    elif every == "month":
        if draw(st.booleans()):
            n = draw(st.sampled_from([1, 2, 3, 4, -1]))
            days = (f"{n}{draw(st.sampled_from(DAYS))}",)
        else:
            monthdays = tuple(sorted(draw(st.sets(st.sampled_from([1, 10, 15, 29, 30, 31, -1]), min_size=1, max_size=2))))
    else:
        months = tuple(sorted(draw(st.sets(st.integers(1, 12), max_size=2))))
        if draw(st.booleans()):
            monthdays = (draw(st.sampled_from([1, 15, 28, 29, 31])),)
    # 02:30 falls in the spring-forward gap or the fall-back fold of Paris and New York;
    # 02:30 also does so in Sydney. Two times share a minute so RRULE BYHOUR x BYMINUTE is exact.
    times = draw(st.sampled_from([(time(2, 30),), (time(9, 0),), (time(18, 45),), (time(9, 0), time(18, 0)),
                                  (time(2, 30), time(23, 30))]))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
    limit = draw(st.sampled_from(["none", "count", "end"]))
    count = draw(st.integers(1, 40)) if limit == "count" else None
    end = start + timedelta(days=draw(st.integers(0, 400))) if limit == "end" else None
    return dict(every=every, interval=interval, days=days, monthdays=monthdays, months=months, times=times,
                start=start, count=count, end=end, zone=draw(st.sampled_from(ZONES)),
                skip_picks=draw(st.lists(st.integers(0, 30), max_size=2)))


def rrule_text(spec: dict) -> str:
    parts = [f"FREQ={FREQ[spec['every']]}", f"INTERVAL={spec['interval']}"]
    if spec["days"]:
        by = []
        for d in spec["days"]:
            word = d.lstrip("-0123456789")
            by.append(f"{d[: len(d) - len(word)]}{ICAL_DAYS[word]}")
        parts.append("BYDAY=" + ",".join(by))
    if spec["monthdays"]:
        parts.append("BYMONTHDAY=" + ",".join(map(str, spec["monthdays"])))
    if spec["months"]:
        parts.append("BYMONTH=" + ",".join(map(str, spec["months"])))
    if len(spec["times"]) > 1:
        parts.append("BYHOUR=" + ",".join(str(t.hour) for t in spec["times"]))
        parts.append("BYMINUTE=" + str(spec["times"][0].minute))
    return ";".join(parts)


def ics_for(spec: dict, start: date, skip: list[date]) -> bytes:
    tz = ZoneInfo(spec["zone"])
    first = datetime.combine(start, spec["times"][0])
    rule = rrule_text(spec)
    if spec["count"]:
        rule += f";COUNT={spec['count']}"
    if spec["end"]:
        last_local = datetime.combine(spec["end"], time(23, 59, 59)).replace(tzinfo=tz)
        rule += f";UNTIL={last_local.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//crosscheck//EN", "BEGIN:VEVENT",
             "UID:x@test", "DTSTAMP:20260101T000000Z",
             f"DTSTART;TZID={spec['zone']}:{first:%Y%m%dT%H%M%S}", "DURATION:PT30M", f"RRULE:{rule}"]
    for day in skip:
        for t in spec["times"]:
            lines.append(f"EXDATE;TZID={spec['zone']}:{datetime.combine(day, t):%Y%m%dT%H%M%S}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rules())
def test_expansion_matches_recurring_ical_events(spec):
    # RFC 5545 counts DTSTART as the first instance; make the start an instance of the rule
    # (found by dateutil from the RRULE text this test wrote) so both sides agree on COUNT.
    days_rule = rrulestr(rrule_text({**spec, "times": (time(0, 0),)}), dtstart=datetime.combine(spec["start"], time()))
    first = days_rule.after(datetime.combine(spec["start"], time()), inc=True)
    assume(first is not None and first.year < 2028)
    start = first.date()
    if spec["end"] is not None:
        assume(spec["end"] >= start)
    probe = Rule(id="r", times=spec["times"], start=start, every=spec["every"], interval=spec["interval"],
                 days=spec["days"], monthdays=spec["monthdays"], months=spec["months"])
    assume(rule_problem(probe) is None)
    candidates = days_rule.between(datetime.combine(start, time()), datetime(2028, 1, 1), inc=True)[1:]
    skip = sorted({candidates[i].date() for i in spec["skip_picks"] if i < len(candidates)})
    rule = Rule(id="r", times=spec["times"], start=start, every=spec["every"], interval=spec["interval"],
                days=spec["days"], monthdays=spec["monthdays"], months=spec["months"], count=spec["count"],
                end=spec["end"], skip=tuple(skip))
    channel = Channel(id="c", name="C", timezone=spec["zone"], rules=(rule,))
    ours = [s.start.astimezone(UTC) for s in expand_channel(channel, *WINDOW)]

    cal = icalendar.Calendar.from_ical(ics_for(spec, start, skip))
    tz = ZoneInfo(spec["zone"])
    lo = datetime.combine(WINDOW[0], time()).replace(tzinfo=tz)
    hi = datetime.combine(WINDOW[1], time()).replace(tzinfo=tz)
    theirs = sorted(e["DTSTART"].dt.astimezone(UTC) for e in recurring_ical_events.of(cal).between(lo, hi))
    theirs = [t for t in theirs if lo <= t < hi]
    assert ours == theirs, rrule_text(spec)
