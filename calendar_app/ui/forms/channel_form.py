"""The channel editor's form as plain data: field texts in, the tables schema.read_channel checks out.

No Textual here. The editor and the wizard keep what the user typed as ``Fields`` (field name ->
text); :func:`read_form` turns them into the TOML tables a plan file would hold and runs
:func:`calendar_app.schema.read_channel` on them, so a form is accepted exactly when the same
file would load. Each problem comes back under the field it is about (``FormErrors``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from calendar_app.core.model import Channel, Rule
from calendar_app.core.rule_change import TIMING_KEYS, timing_changes
from calendar_app.i18n import N_, _, current
from calendar_app.i18n.parse import canonical_time, parse_weekday, weekday_index
from calendar_app.storage.schema import read_channel
from calendar_app.storage.values import format_duration
from calendar_app.storage.writer import channel_to_toml

CHANNEL_FIELDS = (
    "name", "timezone", "color", "owner", "duration", "per_week", "max_gap", "lead_time", "remind",
)
RULE_FIELDS = (
    "id", "label", "every", "interval", "days", "monthdays", "months", "times", "start", "end",
    "count", "format", "pillars", "skip", "rrule",
)
#: The value of the ``every`` field meaning "the rule is raw RRULE text".
RAW = "rrule"
#: Choices of the ``every`` field, as (label, value).
EVERY_CHOICES = ((N_("day"), "day"), (N_("week"), "week"), (N_("month"), "month"), (N_("year"), "year"),
                 (N_("RRULE text"), RAW))
#: Fields only used by the structured form (hidden when ``every`` is RAW), and the raw one.
STRUCTURED_FIELDS = ("interval", "days", "monthdays", "months")

#: Form rows: (field, label, placeholder) pairs, two to a row.
CHANNEL_ROWS = (
    (("name", N_("Name"), N_("e.g. Instagram")), ("timezone", N_("Time zone"), N_("e.g. Europe/Paris"))),
    (("color", N_("Color"), "#RRGGBB"), ("owner", N_("Owner"), N_("who posts"))),
    (("duration", N_("Duration"), N_("30m if empty")), ("per_week", N_("Per week"), N_("target, e.g. 4"))),
    (("max_gap", N_("Max gap"), N_("e.g. 3d or 36h")), ("lead_time", N_("Lead time"), N_("ready before, e.g. 2d"))),
    (("remind", N_("Remind"), N_("alarm before, e.g. 1d")),),
)
RULE_ROWS = (
    (("id", N_("Id"), N_("e.g. feed")), ("label", N_("Label"), N_("shown in calendars"))),
    (("every", N_("Every"), ""), ("interval", N_("Interval"), N_("2 = every other"))),
    (("days", N_("Days"), N_("e.g. mon, wed or 1tue")), ("times", N_("Times"), N_("e.g. 18:00, 12:30"))),
    (("monthdays", N_("Monthdays"), N_("e.g. 1, 15, -1")), ("months", N_("Months"), N_("e.g. 11, 12"))),
    (("rrule", N_("RRULE"), N_("e.g. FREQ=MONTHLY;BYDAY=1TU")),),
    (("start", N_("Start"), N_("first day, YYYY-MM-DD")), ("end", N_("End"), N_("last day (or a count)"))),
    (("count", N_("Count"), N_("occurrences (or an end)")), ("format", N_("Format"), N_("e.g. photo, reel"))),
    (("pillars", N_("Pillars"), N_("themes in rotation, e.g. coulisses, produit")),),
    (("skip", N_("Skip"), N_("no slot on, e.g. 2026-12-28, 2027-01-04")),),
)

Fields = dict[str, str]
#: (rule index or None for the channel, field name or "" for the whole table) -> messages.
FormErrors = dict[tuple[int | None, str], list[str]]

_KEY_RE = re.compile(r"^(?:channel|rule\[(\d+)\])(?:\.([a-z_]+))?")
_SPLIT_RE = re.compile(r"[,\s]+")
_RRULE_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}


def _opt(value: object | None) -> str:
    return "" if value is None else str(value)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def channel_fields(channel: Channel) -> Fields:
    """The channel's settings as the texts the form shows (an inherited zone is left empty)."""
    return {
        "name": channel.name,
        "timezone": "" if channel.timezone_from_calendar else channel.timezone,
        "color": _opt(channel.color),
        "owner": _opt(channel.owner),
        "duration": format_duration(channel.duration),
        "per_week": _number(channel.per_week),
        "max_gap": format_duration(channel.max_gap) if channel.max_gap else "",
        "lead_time": format_duration(channel.lead_time) if channel.lead_time else "",
        "remind": format_duration(channel.remind) if channel.remind else "",
    }


def rule_fields(rule: Rule) -> Fields:
    """The rule as the texts the form shows."""
    return {
        "id": rule.id,
        "label": _opt(rule.label),
        "every": RAW if rule.rrule else (rule.every or "week"),
        "interval": str(rule.interval),
        "days": ", ".join(rule.days),
        "monthdays": ", ".join(str(d) for d in rule.monthdays),
        "months": ", ".join(str(m) for m in rule.months),
        "times": ", ".join(f"{t:%H:%M}" for t in rule.times),
        "start": rule.start.isoformat(),
        "end": rule.end.isoformat() if rule.end else "",
        "count": _opt(rule.count),
        "format": _opt(rule.format),
        "pillars": ", ".join(rule.pillars),
        "skip": ", ".join(d.isoformat() for d in rule.skip),
        "rrule": _opt(rule.rrule),
    }


def new_rule_fields(rule_id: str, today: date, times: str = "09:00") -> Fields:
    """A fresh weekly rule starting today, on today's weekday."""
    fields = dict.fromkeys(RULE_FIELDS, "")
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[today.weekday()]
    fields.update(id=rule_id, every="week", interval="1", days=weekday, times=times, start=today.isoformat())
    return fields


def next_rule_id(taken: Iterable[str]) -> str:
    """``rule-N`` with the smallest N not taken."""
    used = set(taken)
    n = 1
    while f"rule-{n}" in used:
        n += 1
    return f"rule-{n}"


def base_document(channel: Channel | None) -> dict:
    """The channel's file as TOML tables: what the form does not show (posts, pillar targets) is kept from it."""
    return tomllib.loads(channel_to_toml(channel)) if channel is not None else {}


# --- texts -> TOML values ------------------------------------------------------------------
# Each converter returns the TOML value when the text reads as one, else the text itself, so
# read_channel reports the problem in its own words ('expected a date (2026-12-01), got ...').


def _words(text: str, commas_only: bool = False) -> list[str]:
    parts = text.split(",") if commas_only else _SPLIT_RE.split(text)
    return [p.strip() for p in parts if p.strip()]


def _day(text: str) -> str:
    """The canonical weekday token for a day as typed (``lun``, ``Lundi``, ``1mar`` -> ``mon``,
    ``mon``, ``1tue``); anything else as typed, lower case, for read_channel to report."""
    try:
        return parse_weekday(text)
    except ValueError:
        return text.lower()


def _time(text: str) -> str:
    """``18:30`` for ``18h30`` or ``18h`` typed in French; anything else as typed."""
    return canonical_time(text) or text


def _int(text: str) -> int | str:
    try:
        return int(text.strip())
    except ValueError:
        return text.strip()


def _num(text: str) -> int | float | str:
    value = _int(text)
    if isinstance(value, int):
        return value
    try:
        return float(text.strip())
    except ValueError:
        return text.strip()


def _date(text: str) -> date | str:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text.strip()


def channel_table(fields: Fields, extra: dict | None = None) -> dict:
    """The ``[channel]`` table: empty fields are left out (so an empty zone inherits the calendar's)."""
    table = {k: v for k, v in (extra or {}).items() if k not in CHANNEL_FIELDS}
    for key in CHANNEL_FIELDS:
        text = fields.get(key, "").strip()
        if text:
            table[key] = _num(text) if key == "per_week" else text
    return table


def rule_table(fields: Fields) -> dict:
    """One ``[[rule]]`` table from the rule's field texts."""
    f = {k: fields.get(k, "").strip() for k in RULE_FIELDS}
    table: dict = {}
    for key in ("id", "label"):
        if f[key]:
            table[key] = f[key]
    if f["every"] == RAW:
        table["rrule"] = f["rrule"]
    else:
        table["every"] = f["every"]
        if f["interval"]:
            table["interval"] = _int(f["interval"])
        if f["days"]:
            table["days"] = [_day(d) for d in _words(f["days"])]
        for key in ("monthdays", "months"):
            if f[key]:
                table[key] = [_int(x) for x in _words(f[key])]
    table["times"] = [_time(t) for t in _words(f["times"])]
    for key in ("start", "end"):
        if f[key]:
            table[key] = _date(f[key])
    if f["count"]:
        table["count"] = _int(f["count"])
    if f["format"]:
        table["format"] = f["format"]
    if f["pillars"]:
        table["pillars"] = _words(f["pillars"], commas_only=True)
    if f["skip"]:
        table["skip"] = [_date(x) for x in _words(f["skip"])]
    return table


def form_document(base: dict, channel: Fields, rules: Sequence[Fields]) -> dict:
    """The whole file as TOML tables: ``base`` (posts, hidden settings) with the form's values."""
    doc = {k: v for k, v in base.items() if k not in ("channel", "rule")}
    doc["channel"] = channel_table(channel, base.get("channel"))
    if rules:
        doc["rule"] = [rule_table(r) for r in rules]
    return doc


def locate(key: str) -> tuple[int | None, str]:
    """``rule[2].days[1]`` -> ``(1, "days")``; ``channel.color`` -> ``(None, "color")``.

    A key the form has no field for gives ``""`` (shown for the whole channel or rule).
    """
    m = _KEY_RE.match(key)
    if not m:
        return None, ""
    index = int(m.group(1)) - 1 if m.group(1) else None
    name = m.group(2) or ""
    known = RULE_FIELDS if index is not None else CHANNEL_FIELDS
    return index, name if name in known else ""


def read_form(channel_id: str, base: dict, channel: Fields, rules: Sequence[Fields],
              default_tz: str | None) -> tuple[Channel | None, FormErrors]:
    """The channel the form describes (None while anything is wrong) and the problems per field."""
    doc = form_document(base, channel, rules)
    result, problems = read_channel(f"{channel_id}.toml", channel_id, doc, default_tz)
    errors: FormErrors = {}
    for problem in problems:
        index, name = locate(problem.key)
        message = problem.message if name else (f"{problem.key}: {problem.message}" if problem.key else problem.message)
        bucket = errors.setdefault((index, name), [])
        if message not in bucket:
            bucket.append(message)
    return result, errors


# --- rhythm changes ------------------------------------------------------------------------


def retimed_rules(original: Channel, edited: Channel, origins: Sequence[str | None]) -> list[tuple[Rule, Rule]]:
    """``(rule as it was, rule as edited)`` for each rule of the form whose timing changed.

    ``origins`` is the id each edited rule had when the form opened (None for a new rule). A rule
    renamed in the form is not listed: a new id re-creates all its slots anyway (the form says so).
    """
    before = {r.id: r for r in original.rules}
    return [(before[origin], rule) for rule, origin in zip(edited.rules, origins)
            if origin is not None and rule.id == origin and origin in before
            and timing_changes(before[origin], rule)]


def with_old_timing(original: Rule, edited: Rule) -> Rule:
    """The edited rule with its timing as it was: the part of the edit that applies to the whole
    rule (label, format, pillars, start, end, count, skip)."""
    return replace(edited, **{key: getattr(original, key) for key in TIMING_KEYS})


# --- words for people ----------------------------------------------------------------------


def structured_to_rrule(fields: Fields) -> str:
    """The RRULE text meaning the same as the structured fields (to start the raw form from)."""
    parts = [f"FREQ={_RRULE_FREQ.get(fields.get('every', ''), 'WEEKLY')}"]
    interval = fields.get("interval", "").strip()
    if interval and interval != "1":
        parts.append(f"INTERVAL={interval}")
    days = [_day(d) for d in _words(fields.get("days", ""))]
    if days:
        parts.append("BYDAY=" + ",".join(d[:-3] + d[-3:-1].upper() for d in days))
    for key, name in (("monthdays", "BYMONTHDAY"), ("months", "BYMONTH")):
        values = _words(fields.get(key, ""))
        if values:
            parts.append(f"{name}={','.join(values)}")
    return ";".join(parts)


#: A rule's rhythm in words: once every unit, every n units.
_EVERY_WORDS = {"day": (N_("every day"), N_("every {n} days")), "week": (N_("every week"), N_("every {n} weeks")),
                "month": (N_("every month"), N_("every {n} months")), "year": (N_("every year"), N_("every {n} years"))}


def day_word(token: str) -> str:
    """A weekday token as people read it: ``tue`` in English, ``mar`` in French (``1tue`` -> ``1mar``)."""
    if current() == "en":
        return token
    m = re.match(r"^([+-]?\d*)(\w+)$", token)
    index = weekday_index(m.group(2)) if m else None
    if index is None:
        return token
    from babel.dates import get_day_names

    return m.group(1) + get_day_names("abbreviated", locale=current())[index].rstrip(".")


def cadence(fields: Fields) -> str:
    """``every week on mon, wed, fri at 18:00``: the rule's rhythm in a few words."""
    times = ", ".join(_words(fields.get("times", ""))) or "?"
    if fields.get("every") == RAW:
        return _("{rrule} at {times}").format(rrule=fields.get("rrule", "").strip() or "RRULE ?", times=times)
    every = fields.get("every") or "?"
    interval = fields.get("interval", "").strip()
    one, many = _EVERY_WORDS.get(every, (N_("every {every}"), N_("every {n} {every}s")))
    head = (_(many) if interval not in ("", "1") else _(one)).format(n=interval, every=every)
    on = [*(day_word(d) for d in _words(fields.get("days", ""))), *(_("day {n}").format(n=d) for d in _words(fields.get("monthdays", "")))]
    if on:
        return _("{every} on {days} at {times}").format(every=head, days=", ".join(on), times=times)
    return _("{every} at {times}").format(every=head, times=times)


def rule_title(fields: Fields) -> str:
    """The line naming a rule in the rule list."""
    rule_id = fields.get("id", "").strip() or _("(no id)")
    return f"{rule_id} · {cadence(fields)}"
