"""Channel files' TOML tables -> model, reporting every problem with its file, key path and a suggested fix."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.model import (
    FREQUENCIES,
    STATUSES,
    WEEKDAYS,
    Channel,
    Post,
    Rule,
)
from calendar_app.core.recurrence import (
    DAY_RE,
    RRULE_FORBIDDEN,
    RRULE_FREQS,
    normalize_rrule,
    parse_day,
    parse_rrule_text,
    rule_problem,
)
from calendar_app.i18n import N_, _, library_text
from calendar_app.i18n.parse import canonical_weekday
from calendar_app.storage.ideas import check_link, read_effort, read_ideas
from calendar_app.storage.values import (  # noqa: F401  (parse/format helpers are part of schema's API)
    Reader,
    _show,
    _type_name,
    array_of_tables,
    format_duration,
    parse_duration,
    parse_time,
)

RULE_ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")

TOP_KEYS = ("channel", "rule", "post", "idea")
CHANNEL_KEYS = (
    "name", "timezone", "color", "owner", "duration", "per_week", "max_gap", "lead_time",
    "remind", "pillar_share", "pillar_tolerance", "max_pillar_run", "description", "effort",
)
RULE_KEYS = (
    "id", "label", "every", "interval", "days", "monthdays", "months", "times", "start",
    "end", "count", "format", "pillars", "skip", "rrule",
)
POST_KEYS = ("at", "title", "status", "owner", "pillar", "format", "notes", "link", "effort")


def read_channel(path: Path | str, channel_id: str, data: dict, default_tz: str | None) -> tuple[Channel | None, list[PlanError]]:
    """Convert one parsed channel file. Returns the channel (None if unusable) and its problems."""
    r = Reader(path)
    r.unknown_keys(data, TOP_KEYS, "")
    table = data.get("channel")
    missing = not isinstance(table, dict)
    if missing:
        r.error("channel", _('missing [channel] table; start the file with [channel] and name = "..."'))
        table = {}
    r.unknown_keys(table, CHANNEL_KEYS, "channel")
    name = r.get(table, "name", "channel", str, required=not missing)
    if name is not None and not name.strip():
        r.error("channel.name", _('is empty; give the channel the name shown in the agenda and the feeds, e.g. name = "Instagram"'))
    tz_name = r.get(table, "timezone", "channel", str)
    inherited = False
    if tz_name is None:
        if default_tz is None and not missing:
            if "timezone" not in table:
                r.error("channel.timezone", _('is required (or set [calendar] timezone in _calendar.toml), e.g. "Europe/Paris"'))
        else:
            tz_name, inherited = default_tz, True
    elif r.timezone(tz_name, "channel.timezone") is None:
        tz_name = None
    color = r.get(table, "color", "channel", str)
    if color is not None and not COLOR_RE.match(color):
        r.error("channel.color", _('"{color}" is not a color; write it as "#RRGGBB", e.g. "#E1306C"').format(color=color))
        color = None
    duration = r.duration(table, "duration", "channel")
    per_week = r.get(table, "per_week", "channel", (int, float))
    if per_week is not None and per_week <= 0:
        r.error("channel.per_week", _("must be more than 0, got {value}").format(value=_show(per_week)))
    elif per_week is not None and not 0.01 <= per_week <= 1000:  # nan, inf and 1e-308 broke check
        r.error("channel.per_week", _("must be between 0.01 and 1000 slots a week, got {value}").format(value=_show(per_week)))
    tolerance = r.get(table, "pillar_tolerance", "channel", (int, float), default=0.1)
    if not 0 <= tolerance <= 1:
        r.error("channel.pillar_tolerance", _("must be between 0 and 1, got {value}").format(value=_show(tolerance)))
    max_run = r.get(table, "max_pillar_run", "channel", int)
    if max_run is not None and max_run < 1:
        r.error("channel.max_pillar_run", _("must be at least 1, got {value}").format(value=max_run))
    share = r.get(table, "pillar_share", "channel", dict, default={})
    for pillar, value in share.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            r.error(f"channel.pillar_share.{pillar}", _("expected a share between 0 and 1 (0.4 for 40%), got {value}")
                    .format(value=_show(value)))
    if sum(v for v in share.values() if isinstance(v, (int, float))) > 1.0001:
        r.error("channel.pillar_share", _("shares add up to more than 1"))
    owner = r.get(table, "owner", "channel", str)
    description = r.get(table, "description", "channel", str)
    max_gap = r.duration(table, "max_gap", "channel")
    lead_time = r.duration(table, "lead_time", "channel")
    remind = r.duration(table, "remind", "channel")
    effort = read_effort(r, table, "channel")
    rules = _read_rules(r, data)
    posts = _read_posts(r, data)
    ideas = read_ideas(r, data, f"{channel_id}.toml", own_channel=channel_id)
    channel = None
    if not r.errors:
        channel = Channel(
            id=channel_id, name=name, timezone=tz_name, color=color, owner=owner,
            duration=duration or timedelta(minutes=30), per_week=per_week,
            max_gap=max_gap, lead_time=lead_time, remind=remind,
            pillar_share={str(k): float(v) for k, v in share.items()},
            pillar_tolerance=float(tolerance), max_pillar_run=max_run, description=description,
            rules=tuple(rules), posts=tuple(sorted(posts, key=lambda p: p.at)),
            timezone_from_calendar=inherited, effort=effort, ideas=tuple(ideas),
        )
    return channel, r.errors


def _read_rules(r: Reader, data: dict) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for n, table in enumerate(array_of_tables(r, data, "rule"), 1):
        p = f"rule[{n}]"
        before = len(r.errors)
        r.unknown_keys(table, RULE_KEYS, p)
        rule_id = r.get(table, "id", p, str, required=True, what=_(' (a short name like "feed", unique in the file)'))
        if rule_id is not None:
            if not RULE_ID_RE.match(rule_id):
                r.error(f"{p}.id", _('"{id}" may only use letters, digits, "-" and "_"').format(id=rule_id))
            elif rule_id in seen:
                r.error(f"{p}.id", _('"{id}" is already the id of rule[{n}]; rule ids must be unique').format(id=rule_id, n=seen[rule_id]))
            else:
                seen[rule_id] = n
        every = r.get(table, "every", p, str)
        raw = r.get(table, "rrule", p, str)
        if every is not None and every not in FREQUENCIES:
            hint = did_you_mean(every, FREQUENCIES) or _("; use day, week, month or year")
            r.error(f"{p}.every", _('"{every}" is not a frequency{hint}').format(every=every, hint=hint))
            every = None
        if raw is not None and ("every" in table or any(k in table for k in ("interval", "days", "monthdays", "months"))):
            r.error(f"{p}.rrule", _("give either rrule or every/interval/days/monthdays/months, not both"))
        elif raw is None and "every" not in table:
            r.error(p, _('needs every = "day", "week", "month" or "year" (or an rrule = "FREQ=...")'))
        if raw is not None:
            _check_rrule_text(r, raw, f"{p}.rrule")
        interval = r.get(table, "interval", p, int, default=1)
        if interval < 1:
            r.error(f"{p}.interval", _("must be at least 1, got {value}").format(value=interval))
        days = r.string_list(table, "days", p) or []
        for i, token in enumerate(days, 1):
            _check_day(r, token, every, f"{p}.days[{i}]")
        monthdays = _int_list(r, table, "monthdays", p, -31, 31, N_("a day of the month (1 to 31, or -1 for the last)"))
        months = _int_list(r, table, "months", p, 1, 12, N_("a month number (1 to 12)"))
        times = _read_times(r, table, p)
        start = r.get(table, "start", p, date, required=True, what=_(" (the first day, e.g. 2026-09-01)"))
        end = r.get(table, "end", p, date)
        count = r.get(table, "count", p, int)
        if start is not None and not 1900 <= start.year <= 2200:
            r.error(f"{p}.start", _("{value} is out of range (years 1900 to 2200)").format(value=start.isoformat()))
        if end is not None and count is not None:
            r.error(f"{p}.count", _("give either end or count, not both"))
        if end is not None and start is not None and end < start:
            r.error(f"{p}.end", _("{end} is before start {start}").format(end=end.isoformat(), start=start.isoformat()))
        if count is not None and count < 1:
            r.error(f"{p}.count", _("must be at least 1, got {value}").format(value=count))
        skip = []
        for i, d in enumerate(r.get(table, "skip", p, list, default=[]), 1):
            if isinstance(d, date) and not isinstance(d, datetime):
                skip.append(d)
            else:
                r.error(f"{p}.skip[{i}]", _("expected a date (2026-12-25), got {value}").format(value=_show(d)))
        pillars = r.string_list(table, "pillars", p) or []
        label = r.get(table, "label", p, str)
        fmt = r.get(table, "format", p, str)
        if len(r.errors) == before:
            rule = Rule(
                id=rule_id, times=tuple(times), start=start, every=every, interval=interval,
                days=tuple(days), monthdays=tuple(monthdays), months=tuple(months), end=end,
                count=count, rrule=raw, label=label, format=fmt, pillars=tuple(pillars),
                skip=tuple(sorted(set(skip))),
            )
            problem = rule_problem(rule)
            if problem:
                r.error(p, problem)
            else:
                rules.append(rule)
    return rules


def _check_day(r: Reader, token: str, every: str | None, where: str) -> None:
    m = DAY_RE.match(token)
    if not m:
        canonical = canonical_weekday(token)
        if canonical:  # "lun", "Lundi": plan files keep the English token
            r.error(where, _('"{token}" is not a weekday token of plan files; did you mean "{canonical}"?')
                    .format(token=token, canonical=canonical))
            return
        hint = did_you_mean(token, WEEKDAYS) or _('; use "mon".."sun", or "1tue"/"-1fri" with every = "month"')
        r.error(where, _('"{token}" is not a weekday{hint}').format(token=token, hint=hint))
        return
    ordinal, _weekday = parse_day(token)
    if ordinal is not None:
        limit = {"month": 5, "year": 53}.get(every or "")
        if limit is None:
            r.error(where, _('"{token}": ordinal weekdays like "1tue" need every = "month" or "year"').format(token=token))
        elif ordinal == 0 or abs(ordinal) > limit:
            r.error(where, _('"{token}": the ordinal must be 1 to {limit} or -1 to -{limit}').format(token=token, limit=limit))


def _int_list(r: Reader, table: dict, key: str, p: str, lo: int, hi: int, what: str) -> list[int]:
    values = r.get(table, key, p, list, default=[])
    out = []
    for i, v in enumerate(values, 1):
        if isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi and v != 0:
            out.append(v)
        else:
            r.error(f"{p}.{key}[{i}]", _("{value} is not {what}").format(value=_show(v), what=_(what)))
    return out


def _read_times(r: Reader, table: dict, p: str) -> list[time]:
    values = r.get(table, "times", p, list, required=True, what=_(' (e.g. times = ["18:00"])'))
    if values is None:
        return []
    if not values:
        r.error(f"{p}.times", _('needs at least one time, e.g. ["18:00"]'))
    out: list[time] = []
    for i, v in enumerate(values, 1):
        try:
            t = parse_time(v)
        except ValueError:
            r.error(f"{p}.times[{i}]", _('{value} is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"')
                    .format(value=_show(v)))
            continue
        if t in out:
            r.error(f"{p}.times[{i}]", _('"{time}" is listed twice').format(time=f"{t:%H:%M}"))
        out.append(t)
    return sorted(out)


def _check_rrule_text(r: Reader, raw: str, where: str) -> None:
    try:
        parts = parse_rrule_text(raw)
    except ValueError as exc:
        r.error(where, _('is not RRULE text: {reason}; write it like "FREQ=MONTHLY;BYDAY=1TU"').format(reason=exc))
        return
    before = len(r.errors)
    freq = parts.get("FREQ")
    if freq is None:
        r.error(where, _('needs FREQ, e.g. "FREQ=WEEKLY;BYDAY=MO,WE,FR"'))
        return
    elif freq not in RRULE_FREQS:
        r.error(where, _("FREQ={freq} is not supported; use {freqs}{hint}").format(
            freq=freq, freqs=", ".join(RRULE_FREQS), hint=did_you_mean(freq, RRULE_FREQS)))
    for name, fix in RRULE_FORBIDDEN.items():
        if name in parts:
            r.error(where, _("{name} is not allowed here; {fix}").format(name=name, fix=_(fix)))
    # dateutil loops forever on INTERVAL=0, fails late on a negative one and ignores BYMONTHDAY=0.
    interval = parts.get("INTERVAL")
    if interval is not None and not (interval.isdigit() and int(interval) >= 1):
        r.error(where, _("INTERVAL={interval} must be a whole number of 1 or more (INTERVAL=2: every other one)")
                .format(interval=interval))
    for day in filter(None, parts.get("BYMONTHDAY", "").split(",")):
        if not re.fullmatch(r"[+-]?\d{1,2}", day) or int(day) == 0 or abs(int(day)) > 31:
            r.error(where, _("BYMONTHDAY={day} is not a day of the month; use 1 to 31, or -1 for the last").format(day=day))
    _check_byday(r, parts, freq, where)
    if len(r.errors) > before:
        return
    try:
        from dateutil.rrule import rrulestr

        rrulestr(normalize_rrule(raw), dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        r.error(where, _('is not valid RRULE text ({reason}); e.g. "FREQ=MONTHLY;BYDAY=1TU"').format(
            reason=library_text(exc) if str(exc) else _("unreadable")))


_BYDAY_RE = re.compile(r"([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)")


def _check_byday(r: Reader, parts: dict[str, str], freq: str | None, where: str) -> None:
    """BYDAY items: a weekday, with an ordinal only for MONTHLY (1 to 5, -1 the last) or YEARLY
    (1 to 53; 1 to 5 with BYMONTH). dateutil accepts ``99MO`` and fails with an IndexError later."""
    within_month = freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts)
    most = 5 if within_month else 53
    for item in filter(None, parts.get("BYDAY", "").split(",")):
        m = _BYDAY_RE.fullmatch(item)
        if m is None:
            r.error(where, _('BYDAY={item} is not a weekday; write MO, TU, WE, TH, FR, SA or SU, with an ordinal '
                             'for MONTHLY rules ("1TU": the first Tuesday, "-1FR": the last Friday)').format(item=item))
            continue
        if m.group(1) is None:
            continue
        n = int(m.group(1))
        if freq not in ("MONTHLY", "YEARLY"):
            r.error(where, _("BYDAY={item}: an ordinal needs FREQ=MONTHLY or FREQ=YEARLY; write {day} "
                             "for every {day} of the period").format(item=item, day=m.group(2)))
        elif n == 0 or abs(n) > most:
            r.error(where, _("BYDAY={item}: the ordinal must be 1 to {most} or -1 to -{most} "
                             '(e.g. "1{day}" the first, "-1{day}" the last)').format(item=item, most=most, day=m.group(2)))


def _read_posts(r: Reader, data: dict) -> list[Post]:
    posts: list[Post] = []
    for n, table in enumerate(array_of_tables(r, data, "post"), 1):
        p = f"post[{n}]"
        before = len(r.errors)
        r.unknown_keys(table, POST_KEYS, p)
        at = table.get("at")
        if "at" not in table:
            r.error(f"{p}.at", _("is required: the local date-time of the post, e.g. at = 2026-12-01T18:00:00"))
        elif not isinstance(at, datetime):
            r.error(f"{p}.at", _("expected a local date-time like 2026-12-01T18:00:00, got {kind} ({value})").format(
                kind=_type_name(at), value=_show(at)))
        elif at.tzinfo is not None:
            r.error(f"{p}.at", _("{value} has a UTC offset; write the channel's local time without offset, e.g. {fixed}")
                    .format(value=at.isoformat(), fixed=at.replace(tzinfo=None).isoformat()))
        elif not 1900 <= at.year <= 2200:
            r.error(f"{p}.at", _("{value} is out of range (years 1900 to 2200)").format(value=at.isoformat()))
        elif at.second or at.microsecond:
            # A post at 18:00:30 would not fill the 18:00 slot, yet share its minute's UID.
            r.error(f"{p}.at", _("{value} has seconds; posts are planned to the minute, write {fixed}").format(
                value=at.isoformat(), fixed=at.replace(second=0, microsecond=0).isoformat()))
        fields = post_fields(r, table, p)
        if len(r.errors) == before:
            posts.append(Post(at=at, **fields))
    return posts


def post_fields(r: Reader, table: dict, p: str) -> dict:
    """What a ``[[post]]`` and a campaign's ``[[step]]`` share, read from ``table`` (key path ``p``):
    ``status`` (default "idea", a near miss suggested), ``title``, ``owner``, ``pillar``, ``format``,
    ``notes``, ``link`` (checked to be a URL) and ``effort`` (a duration), as keyword arguments of
    :class:`Post` and :class:`CampaignStep`. Problems go to ``r``; the caller checks the other keys."""
    status = r.get(table, "status", p, str, default="idea")
    if status not in STATUSES:
        hint = did_you_mean(status, STATUSES) or _("; use {choices}").format(choices=", ".join(STATUSES))
        r.error(f"{p}.status", _('"{status}" is not a status{hint}').format(status=status, hint=hint))
    fields = {k: r.get(table, k, p, str) for k in ("title", "owner", "pillar", "format", "notes", "link")}
    check_link(r, fields["link"], p)
    fields["status"] = status
    fields["effort"] = r.duration(table, "effort", p)
    return fields
