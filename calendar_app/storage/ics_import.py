"""Key dates imported from iCalendar files (holidays, trade fairs), recurring events expanded."""

from __future__ import annotations

import copy
import unicodedata
from datetime import date, datetime, timedelta
from itertools import islice

from calendar_app.core.model import KeyDate
from calendar_app.i18n import _, library_text

#: Imported recurring key dates stop at this year (the plans' own dates end in 2200) ...
KEY_DATES_LAST_YEAR = 2200
#: ... or after this many occurrences of each RRULE of an event.
KEY_DATES_PER_EVENT = 5000


def import_key_dates(data: bytes, source: str) -> list[KeyDate]:
    """Key dates from the VEVENTs of an iCalendar file (holidays, trade fairs...).

    All-day events keep their day span (DTEND exclusive, or DURATION); timed events give their
    local date. Recurring events (RRULE, RDATE, EXDATE) are expanded from their start up to
    :data:`KEY_DATES_LAST_YEAR`, at most :data:`KEY_DATES_PER_EVENT` days each, so a yearly
    holiday written from 1970 still gives this year's day. Raises ValueError naming the event
    when it cannot be read.
    """
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises several types for bad input
        raise ValueError(library_text(_short(str(exc) or type(exc).__name__))) from exc
    out: list[KeyDate] = []
    for event in cal.walk("VEVENT"):
        if "DTSTART" not in event:
            continue
        # Control characters (an escape sequence) would be replayed by the terminals showing it.
        title = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c
                                 for c in str(event.get("SUMMARY", ""))).split())
        title = title or _("(untitled)")
        try:
            out.extend(_event_key_dates(event, title, source, cal))
        except Exception as exc:  # icalendar and recurring-ical-events raise many types for bad input
            raise ValueError(_('event "{title}": {reason}').format(
                title=_short(title, 60), reason=library_text(_short(str(exc) or type(exc).__name__)))) from exc
    return out


def _short(text: str, limit: int = 120) -> str:
    text = " ".join("".join(c if c.isprintable() else "?" for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decoded(event, name: str, kinds: tuple[type, ...]):
    try:
        value = event.decoded(name)
    except Exception as exc:  # icalendar: ValueError, KeyError... for a malformed value
        raise ValueError(_("{name} cannot be read ({reason})").format(name=name, reason=library_text(exc))) from exc
    if not isinstance(value, kinds):
        raise TypeError(_("{name} is not a valid value ({value})").format(
            name=name, value=_short(str(event[name].to_ical().decode()), 40)))
    return value


def _event_key_dates(event, title: str, source: str, cal) -> list[KeyDate]:
    """The days of one event: its first day's span, repeated on each occurrence that
    recurring-ical-events gives (RRULE, RDATE, EXDATE), within the bounds above."""
    start = _decoded(event, "DTSTART", (date,))
    first = start.date() if isinstance(start, datetime) else start
    last = first
    if "DTEND" in event:
        end = _decoded(event, "DTEND", (date,))
        end_day = end.date() if isinstance(end, datetime) else end
        last = max(first, end_day if isinstance(end, datetime) else end_day - timedelta(days=1))
    elif "DURATION" in event:
        length = _decoded(event, "DURATION", (timedelta,))
        if isinstance(start, datetime):
            last = max(first, (start + length).date())
        else:
            last = max(first, first + timedelta(days=length.days - 1))
    span = last - first
    days = {first}
    if any(name in event for name in ("RRULE", "RDATE", "EXDATE")):
        days = _occurrence_days(event, cal)
    # Plans live in 1900-2200 (windows and feeds compute a day beyond a key date's end).
    lowest, highest = date(1900, 1, 1), date(KEY_DATES_LAST_YEAR, 12, 31)
    out = []
    for day in sorted(d for d in days if lowest <= d <= highest):
        last_day = highest if highest - day < span else day + span
        out.append(KeyDate(date=day, title=title, end=last_day if last_day != day else None, source=source))
    return out


def _occurrence_days(event, cal) -> set:
    """The local start days of a recurring event's occurrences (RRULE, RDATE, EXDATE), expanded by
    recurring-ical-events from the event alone with the file's time zones, each RRULE capped at
    :data:`KEY_DATES_PER_EVENT` occurrences so that a dense rule (FREQ=SECONDLY) stays cheap."""
    import icalendar
    import recurring_ical_events

    alone = icalendar.Calendar()
    for name, value in cal.property_items(recursive=False):
        if name == "X-WR-TIMEZONE":
            alone.add(name, value)
    for component in cal.subcomponents:
        if component.name == "VTIMEZONE":
            alone.add_component(component)
    alone.add_component(_capped(event))
    first = date(1900, 1, 1)
    after = date(KEY_DATES_LAST_YEAR + 1, 1, 1)
    days = set()
    for occurrence in recurring_ical_events.of(alone).between(first, after):
        moment = occurrence["DTSTART"].dt
        days.add(moment.date() if isinstance(moment, datetime) else moment)
    return days


def _capped(event):
    """A copy of ``event`` whose RRULEs give at most :data:`KEY_DATES_PER_EVENT` occurrences each.

    A rule with COUNT keeps the smaller count; one with UNTIL keeps it unless it has more
    occurrences than the cap before it (counted with dateutil, fast), then it gets COUNT instead;
    an endless rule gets COUNT. INTERVAL must be 1 or more (dateutil loops on 0)."""
    from dateutil.rrule import rrulestr

    from calendar_app.core.recurrence import parse_rrule_text

    event = copy.deepcopy(event)
    rules = event.get("RRULE")
    start = event.decoded("DTSTART")
    naive = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        text = rule.to_ical().decode()
        interval = parse_rrule_text(text).get("INTERVAL")
        if interval is not None and not (interval.isdigit() and int(interval) >= 1):
            raise ValueError(_("RRULE INTERVAL={interval} must be 1 or more").format(interval=interval))
        if "COUNT" in rule:
            rule["COUNT"] = [min(int(rule["COUNT"][0]), KEY_DATES_PER_EVENT)]
        elif "UNTIL" in rule:
            occurrences = rrulestr(text, dtstart=naive, ignoretz=True)
            if next(islice(iter(occurrences), KEY_DATES_PER_EVENT, None), None) is not None:
                del rule["UNTIL"]
                rule["COUNT"] = [KEY_DATES_PER_EVENT]
        else:
            rule["COUNT"] = [KEY_DATES_PER_EVENT]
    return event
