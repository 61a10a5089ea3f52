"""Expand channel rules and posts into dated slots; pure: the window is always passed in."""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from calendar_app.core.model import WEEKDAYS, Channel, Plan, Post, Rule, Slot
from calendar_app.i18n import N_, _, library_text

UTC = timezone.utc

_FREQ = {"day": du.DAILY, "week": du.WEEKLY, "month": du.MONTHLY, "year": du.YEARLY}
_DU_DAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
DAY_RE = re.compile(r"^([+-]?\d{1,2})?(mon|tue|wed|thu|fri|sat|sun)$")
#: RRULE parts that would fight with the plan's own keys.
#: (Translated where shown.)
RRULE_FORBIDDEN = {
    "COUNT": N_("use the rule's `count` key"),
    "UNTIL": N_("use the rule's `end` key"),
    "BYHOUR": N_("use the rule's `times` key"),
    "BYMINUTE": N_("use the rule's `times` key"),
    "BYSECOND": N_("use the rule's `times` key"),
    "DTSTART": N_("use the rule's `start` key"),
}
RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_PROBE_YEAR = 9596  # a leap year at least 400 years (one Gregorian cycle) before datetime.MAXYEAR


@cache
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name (cached: slots of one channel share it)."""
    return ZoneInfo(name)


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a naive wall-clock time and normalize it, per RFC 5545 section 3.3.5.

    A nonexistent time (in a spring-forward gap) takes the offset from before the gap, so
    02:30 Europe/Paris on 2026-03-29 is 01:30Z, returned as 03:30+02:00. An ambiguous time
    (fall-back) is its first occurrence (``fold=0``).
    """
    return wall.replace(tzinfo=tz, fold=0).astimezone(timezone.utc).astimezone(tz)


def parse_day(token: str) -> tuple[int | None, int]:
    """``"1tue"`` -> ``(1, 1)``; ``"fri"`` -> ``(None, 4)``. Raises ValueError."""
    m = DAY_RE.match(token)
    if not m:
        raise ValueError(token)
    ordinal = int(m.group(1)) if m.group(1) else None
    return ordinal, WEEKDAYS.index(m.group(2))


def _structured_kwargs(rule: Rule) -> dict:
    """dateutil keyword arguments for a rule given with every/interval/days/monthdays/months.

    Defaults that dateutil would take from ``dtstart`` are made explicit, so the rule means
    the same whatever dtstart a caller (or the validity probe) gives.
    """
    kwargs: dict = {"freq": _FREQ[rule.every], "interval": rule.interval}
    if rule.days:
        weekdays = []
        for token in rule.days:
            ordinal, index = parse_day(token)
            weekdays.append(_DU_DAYS[index](ordinal) if ordinal else _DU_DAYS[index])
        kwargs["byweekday"] = weekdays
    if rule.monthdays:
        kwargs["bymonthday"] = list(rule.monthdays)
    if rule.months:
        kwargs["bymonth"] = list(rule.months)
    if not rule.days and not rule.monthdays:
        if rule.every == "week":
            kwargs["byweekday"] = [_DU_DAYS[rule.start.weekday()]]
        elif rule.every == "month":
            kwargs["bymonthday"] = [rule.start.day]
        elif rule.every == "year":
            kwargs["bymonthday"] = [rule.start.day]
            kwargs.setdefault("bymonth", [rule.start.month])
    return kwargs


def parse_rrule_text(text: str) -> dict[str, str]:
    """Split ``FREQ=MONTHLY;BYDAY=1TU`` (an optional ``RRULE:`` prefix allowed) into its parts.

    Names and values are upper-cased (RFC 5545: they are case-insensitive), spaces around
    them and empty parts (a trailing ``;``) are dropped. Raises ValueError for a part
    without ``=`` or a name given twice.
    """
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts: dict[str, str] = {}
    for chunk in body.split(";"):
        if not chunk.strip():
            continue
        name, sep, value = chunk.partition("=")
        if not sep:
            raise ValueError(_('"{part}" is not NAME=VALUE').format(part=chunk.strip()))
        name = name.strip().upper()
        if name in parts:
            raise ValueError(_("{name} is given twice").format(name=name))
        parts[name] = value.strip().upper()
    return parts


def normalize_rrule(text: str) -> str:
    """The rrule text as dateutil reads it: ``NAME=VALUE`` parts, upper case, no empty part."""
    return ";".join(f"{name}={value}" for name, value in parse_rrule_text(text).items())


def date_rule(rule: Rule, dtstart: datetime | None = None, until: datetime | None = None) -> du.rrule:
    """The dateutil rule giving the rule's *days* (at midnight), before times, count and skips."""
    start = dtstart or datetime.combine(rule.start, time())
    if rule.rrule:
        parsed = du.rrulestr(normalize_rrule(rule.rrule), dtstart=start)
        return parsed.replace(until=until) if until else parsed
    return du.rrule(dtstart=start, until=until, **_structured_kwargs(rule))


def _always_matches(rule: Rule) -> bool:
    """Shapes that match at least one day of every period whatever the calendar: no probe needed."""
    if rule.rrule is not None or rule.months or (rule.days and rule.monthdays):
        return False
    if rule.interval > 1 and rule.every == "day" and rule.days:
        return False
    if any(abs(d) > 28 for d in rule.monthdays):
        return False
    return all(parse_day(d)[0] is None or abs(parse_day(d)[0]) <= 4 for d in rule.days)


def rule_problem(rule: Rule) -> str | None:
    """Why the rule can never produce a slot, or None. Run once at load time.

    dateutil searches up to year 9999 for a rule with no occurrence (February 30th), which
    takes seconds; this probe runs the rule with interval 1 over one full 400-year Gregorian
    cycle near that limit, and checks the interval's phase for the structured form.
    """
    if _always_matches(rule):
        return None
    try:
        day = rule.start.day if not (rule.start.month == 2 and rule.start.day == 29) else 29
        probe_start = datetime(_PROBE_YEAR, rule.start.month, day)
        probe = date_rule(rule, probe_start).replace(
            dtstart=probe_start, interval=1, count=None, until=None
        )
    except (ValueError, TypeError) as exc:
        return _("is not a valid rule ({reason})").format(reason=library_text(exc))
    try:
        found = probe.after(probe_start, inc=True)
    except Exception as exc:  # dateutil fails late on some texts it accepted (an IndexError, say)
        return _("is not a valid rule ({reason})").format(reason=f"{type(exc).__name__}: {library_text(exc)}")
    if found is None:
        return _("never produces a slot (no date matches all of days, monthdays and months)")
    try:
        parts = {} if rule.rrule is None else parse_rrule_text(rule.rrule)
        yearly = rule.every == "year" if rule.rrule is None else parts.get("FREQ") == "YEARLY"
        interval = rule.interval if rule.rrule is None else int(parts.get("INTERVAL", "1"))
    except ValueError as exc:
        return _("is not a valid rule ({reason})").format(reason=library_text(exc))
    if yearly and interval > 1:
        # Feb 29 every 4 years from a year that is not a leap year: the probe (interval 1) finds
        # one, the rule never does. A yearly rule steps a year at a time, so the search to 9999 is short.
        first = datetime.combine(rule.start, time())
        if date_rule(rule, first).after(first, inc=True) is None:
            return _("never produces a slot: every {interval} years from {year} never reaches a matching date").format(
                interval=interval, year=rule.start.year)
    if rule.rrule is None and rule.interval > 1:
        if rule.every == "month" and rule.months:
            step = math.gcd(rule.interval, 12)
            if all((m - rule.start.month) % step for m in rule.months):
                return _("never produces a slot: every {interval} months from month {month} never reaches "
                         "months {months}").format(interval=rule.interval, month=rule.start.month, months=list(rule.months))
        if rule.every == "day" and rule.days and not rule.monthdays and not rule.months:
            step = math.gcd(rule.interval, 7)
            if all((parse_day(d)[1] - rule.start.weekday()) % step for d in rule.days):
                return _("never produces a slot: every {interval} days from {start} never falls on {days}").format(
                    interval=rule.interval, start=rule.start.isoformat(), days=", ".join(rule.days))
    return None


def rule_days(rule: Rule, until: date, since: date | None = None) -> Iterator[tuple[int | None, date]]:
    """Yield ``(index of the day's first occurrence, day)`` for the rule's days before ``until``.

    The index counts every occurrence (each time of each day) from the rule's start, skipped
    and blacked-out ones included, so pillar rotation and COUNT do not depend on the window
    asked for. When the rule has neither pillars nor count, days before ``since`` are jumped
    over and the index is None.
    """
    last = until - timedelta(days=1)
    if rule.end is not None:
        last = min(last, rule.end)
    if last < rule.start:
        return
    days = _days_through(rule, _horizon(rule, last))
    stop = bisect_right(days, last.toordinal())
    per_day = len(rule.times)
    day_of = date.fromordinal
    if rule.count is None and not rule.pillars:
        for ordinal in days[bisect_left(days, (since or rule.start).toordinal()):stop]:
            yield None, day_of(ordinal)
        return
    limit = rule.count
    index = 0
    for ordinal in days[:stop]:
        if limit is not None and index >= limit:
            return
        yield index, day_of(ordinal)
        index += per_day


def _horizon(rule: Rule, last: date) -> date:
    """The last day of the year ``last`` falls in (or the rule's end): days are listed per year."""
    horizon = date(last.year, 12, 31)
    return min(horizon, rule.end) if rule.end is not None else horizon


#: Entries of the day cache: two per rule (one per year its windows reach) for about 10,000
#: channels of 3 rules. Fewer made a check over 5,000 channels walk every rule again (the whole
#: plan's expansion evicts what the per-channel look-around needs next).
DAY_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=DAY_CACHE_SIZE)
def _days_through(rule: Rule, horizon: date) -> array:
    """The ordinal of every day of the rule from its start through ``horizon``, in order.

    Cached: expanding the weeks one after the other otherwise walks the rule from its start
    again for each of them. An rrule cut at ``horizon`` lists the same first days as one cut
    at any earlier day, so the days through any ``last <= horizon`` are a prefix of these.
    Ordinals in an array take 4 bytes a day where date objects took about 40.
    """
    return array("i", [m.toordinal() for m in date_rule(rule, until=datetime.combine(horizon, time()))])


def window_instants(channel: Channel, start: date, end: date) -> tuple[datetime, datetime]:
    """The window [start, end) as aware instants at local midnight in the channel's zone."""
    tz = zone(channel.timezone)
    return (
        localize(datetime.combine(start, time()), tz),
        localize(datetime.combine(end, time()), tz),
    )


def expand_channel(
    channel: Channel, start: date, end: date, blackout: Iterable[date] = ()
) -> list[Slot]:
    """Slots of one channel whose start lies in [start, end), local midnight in its zone, sorted.

    Rule occurrences on skipped or blackout dates are dropped; a post whose ``at`` equals an
    occurrence's planned wall-clock time fills it, any other post is a one-off slot of its own
    (posts are never dropped, even on blackout days).
    """
    keyed = _keyed_slots(channel, start, end, frozenset(blackout))
    keyed.sort(key=lambda pair: pair[0])
    return [slot for _, slot in keyed]


def _keyed_slots(channel: Channel, start: date, end: date, blackout: frozenset[date]) -> list[tuple]:
    """``(sort key, slot)`` pairs, unsorted; the key starts with the slot's UTC instant.

    Instants are compared in UTC: Python compares two datetimes of the same zone by wall
    clock, ignoring ``fold``, which would misorder the two 02:30 of a fall-back night.
    """
    tz = zone(channel.timezone)
    lo, hi = (t.astimezone(UTC) for t in window_instants(channel, start, end))
    posts_at: dict[datetime, list[Post]] = {}
    for post in channel.posts:
        posts_at.setdefault(post.at, []).append(post)
    for post in channel.campaign_posts:  # steps of campaigns: posts of the channel like the others
        posts_at.setdefault(post.at, []).append(post)
    make = _SlotMaker(channel, tz)
    keyed: list[tuple] = []
    # Wall-clock times up to one day beyond the window: a zone's offset never exceeds a day.
    until = end + timedelta(days=1)
    since = start - timedelta(days=1)
    cid = channel.id
    for rule in channel.rules:
        skip = frozenset(rule.skip)
        pillars, npillars = rule.pillars, len(rule.pillars)
        limit, rid, times = rule.count, rule.id, tuple(enumerate(rule.times))
        for first, day in rule_days(rule, until, since):
            if day in skip or day in blackout:
                continue
            for k, t in times:
                index = None if first is None else first + k
                if limit is not None and index >= limit:
                    break
                wall = datetime.combine(day, t)
                instant = wall.replace(tzinfo=tz).astimezone(UTC)
                if not lo <= instant < hi:
                    continue
                waiting = posts_at.get(wall)
                post = waiting.pop(0) if waiting else None
                pillar = pillars[index % npillars] if npillars else None
                keyed.append(((instant, cid, rid), make(rule, wall, instant, post, index, pillar)))
    for wall, waiting in posts_at.items():
        instant = wall.replace(tzinfo=tz).astimezone(UTC)
        if lo <= instant < hi:
            for post in waiting:
                keyed.append(((instant, cid, ""), make(None, wall, instant, post, None, None)))
    _dedupe_uids(keyed)
    return keyed


class _SlotMaker:
    """Builds the slots of one channel (the per-channel values are looked up once)."""

    def __init__(self, channel: Channel, tz):
        self.channel, self.tz = channel, tz
        self.id, self.owner, self.duration = channel.id, channel.owner, channel.duration

    def __call__(self, rule, wall, instant, post, index, pillar) -> Slot:
        tz = self.tz
        rule_id = rule.id if rule else None
        if post is None:
            pillar_, format_, owner = pillar, (rule.format if rule else None), self.owner
        else:
            pillar_ = post.pillar or pillar
            format_ = post.format or (rule.format if rule else None)
            owner = post.owner or self.owner
        # Positional: this runs once per slot (tens of thousands for an agency plan).
        return Slot(self.id, rule_id, wall, instant.astimezone(tz), (instant + self.duration).astimezone(tz),
                    post, pillar_, format_, owner, index)


def _dedupe_uids(keyed: list[tuple]) -> None:
    """Two one-off posts at the same minute get ``-2``, ``-3``... in file order."""
    seen: dict[datetime, int] = {}
    for i, (key, slot) in enumerate(keyed):
        if slot.rule is None:
            n = seen[slot.planned] = seen.get(slot.planned, 0) + 1
            if n > 1:
                keyed[i] = (key, replace(slot, duplicate=n))


def expand(
    plan: Plan, start: date, end: date, channels: Iterable[str] | None = None
) -> list[Slot]:
    """Slots of every channel (or of ``channels``) in [start, end), sorted by instant."""
    wanted = None if channels is None else set(channels)
    blackout = plan.blackout_days
    keyed: list[tuple] = []
    for channel in plan.channels:
        if wanted is None or channel.id in wanted:
            keyed.extend(_keyed_slots(channel, start, end, blackout))
    keyed.sort(key=lambda pair: pair[0])
    return [slot for _, slot in keyed]
