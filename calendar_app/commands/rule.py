"""`calendar-app rule change`: a rule's timing changed from a date, the past left as it was."""

from __future__ import annotations

import re
from dataclasses import replace

from calendar_app.core.editing import EditError, replace_rule
from calendar_app.core.errors import PlanError, PlanErrors, UsageError, did_you_mean
from calendar_app.core.model import Channel, Plan
from calendar_app.core.names import channel_hint, find_channel
from calendar_app.core.rule_change import (
    change_lines,
    change_rule_from,
    check_change,
    default_change_date,
    retimed,
)
from calendar_app.core.wording import day_name
from calendar_app.i18n import _
from calendar_app.i18n.parse import parse_time, parse_weekday
from calendar_app.storage.reader import FileStamp, load_plan
from calendar_app.storage.writer import ConflictError, check_channel, save_channel

#: The command-line options of the timing keys, in the order of the plan format.
OPTIONS = {"every": "--every", "interval": "--interval", "days": "--days", "monthdays": "--monthdays",
           "months": "--months", "times": "--times", "rrule": "--rrule"}
_RULE_KEY = re.compile(r"^rule\[(\d+)\](?:\.([a-z_]+)(\[\d+\])?)?")


def run(args) -> int:
    return {"change": change}[args.rule_command](args)


def change(args) -> int:
    result = load_plan(args.plans)
    if result.errors:
        raise PlanErrors(result.errors)
    plan = result.plan
    channel = _channel(plan, args.channel)
    rule = next((r for r in channel.rules if r.id == args.rule), None)
    if rule is None:
        known = [r.id for r in channel.rules]
        hint = did_you_mean(args.rule, known) or _("; rules of {channel}: {rules}").format(
            channel=channel.id, rules=", ".join(known) or _("(none)"))
        raise UsageError(_('"{rule}" is not a rule of {channel}{hint}').format(rule=args.rule, channel=channel.id, hint=hint))
    changes = _changes(args)
    stamp = result.files[channel.id]
    blackout = plan.blackout_days
    day = args.start or default_change_date(channel, rule.id, args.today, blackout)
    if day < rule.start:
        raise UsageError(_('--from {day} is before the start of rule "{rule}" ({start}); give a date on or after it')
                         .format(day=day.isoformat(), rule=rule.id, start=rule.start.isoformat()))
    try:
        effective = check_change(channel, rule.id, day, changes)
        # Refuse what the plan format refuses before expanding anything: the rule as it would read.
        _check(replace_rule(channel, rule.id, replace(retimed(rule, effective), start=day)), plan, stamp)
        done = change_rule_from(channel, rule.id, day, effective, blackout)
    except EditError as exc:
        raise UsageError(str(exc)) from None
    _check(done.channel, plan, stamp)
    try:
        save_channel(stamp.path, done.channel, stamp.digest)
    except ConflictError:
        raise UsageError(_("{path} changed on disk while the change was computed; nothing was written, "
                           "run the command again").format(path=stamp.path)) from None
    except OSError as exc:
        raise UsageError(_("cannot write {path} ({reason}); nothing was written").format(
            path=stamp.path, reason=exc.strerror or exc)) from None
    print(_('{path}: rule "{rule}" changed from {day}.').format(path=stamp.path, rule=rule.id, day=day_name(day)))
    for line in change_lines(done):
        print(line)
    return 0


def _channel(plan: Plan, wanted: str) -> Channel:
    """The channel named by its id or its display name (case and accents ignored)."""
    channel = find_channel(plan, wanted)
    if channel is None:
        raise UsageError(_('"{channel}" is not a channel{hint}').format(channel=wanted, hint=channel_hint(plan, wanted)))
    return channel


def _changes(args) -> dict[str, object]:
    """The timing keys given on the command line, as model values."""
    changes: dict[str, object] = {}
    if args.every is not None:
        changes["every"] = args.every
    if args.interval is not None:
        changes["interval"] = args.interval
    if args.days is not None:
        changes["days"] = tuple(_day_token(d) for d in args.days)
    if args.monthdays is not None:
        changes["monthdays"] = tuple(args.monthdays)
    if args.months is not None:
        changes["months"] = tuple(args.months)
    if args.times is not None:
        times = []
        for text in args.times:
            try:
                times.append(parse_time(text))
            except ValueError:
                raise UsageError(_('--times "{text}" is not a time; write HH:MM in 24-hour form, e.g. 12:30')
                                 .format(text=text)) from None
        changes["times"] = tuple(sorted(times))
    if args.rrule is not None:
        structured = [OPTIONS[k] for k in ("every", "interval", "days", "monthdays", "months") if k in changes]
        if structured:
            raise UsageError(_("give either --rrule or {options}, not both").format(options=", ".join(structured)))
        changes["rrule"] = args.rrule
    if not changes:
        raise UsageError(_("nothing to change; give at least one of {options}").format(options=", ".join(OPTIONS.values())))
    return changes


def _day_token(text: str) -> str:
    """``lun``, ``Lundi``, ``1mar`` -> ``mon``, ``mon``, ``1tue``; anything else as typed (lower
    case), for the plan's own check to name and suggest."""
    try:
        return parse_weekday(text)
    except ValueError:
        return text.strip().lower()


def _check(channel: Channel, plan: Plan, stamp: FileStamp) -> None:
    """Raise PlanErrors (exit 2, nothing written) if the channel would not load back."""
    problems = check_channel(channel, plan.calendar.timezone, stamp.path)
    if problems:
        raise PlanErrors([_in_option_words(p, channel) for p in problems])


def _in_option_words(problem: PlanError, channel: Channel) -> PlanError:
    """``rule[2].days[1]`` becomes ``rule "hebdo-2026-12-01" (--days, value 1)``: the file's rule
    numbers describe the file as it would be written, which does not exist yet."""
    m = _RULE_KEY.match(problem.key)
    if not m or not 0 < int(m.group(1)) <= len(channel.rules):
        return problem
    where = f'rule "{channel.rules[int(m.group(1)) - 1].id}"'
    key, index = m.group(2), m.group(3)
    if key in OPTIONS:
        where += (_(" ({option}, value {n})").format(option=OPTIONS[key], n=index[1:-1]) if index
                  else f" ({OPTIONS[key]})")
    elif key:
        where += f".{key}{index or ''}"
    return PlanError(problem.path, where, problem.message)
