"""`calendar-app rule change`: a rule's timing changed from a date, the past left as it was."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

from calendar_app.core.editing import EditError, replace_rule
from calendar_app.core.errors import PlanError, PlanErrors, UsageError, did_you_mean
from calendar_app.core.model import Channel, Plan
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
        hint = did_you_mean(args.rule, known) or f"; rules of {channel.id}: {', '.join(known) or '(none)'}"
        raise UsageError(f'"{args.rule}" is not a rule of {channel.id}{hint}')
    changes = _changes(args)
    stamp = result.files[channel.id]
    blackout = plan.blackout_days
    day = args.start or default_change_date(channel, rule.id, args.today, blackout)
    if day < rule.start:
        raise UsageError(f'--from {day.isoformat()} is before the start of rule "{rule.id}" '
                         f"({rule.start.isoformat()}); give a date on or after it")
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
        raise UsageError(f"{stamp.path} changed on disk while the change was computed; nothing was written, "
                         "run the command again") from None
    except OSError as exc:
        raise UsageError(f"cannot write {stamp.path} ({exc.strerror or exc}); nothing was written") from None
    print(f'{stamp.path}: rule "{rule.id}" changed from {day_name(day)}.')
    for line in change_lines(done):
        print(line)
    if stamp.has_comments:
        print(f"note: the # comments of {stamp.path.name} are not kept when it is rewritten", file=sys.stderr)
    return 0


def _channel(plan: Plan, wanted: str) -> Channel:
    for channel in plan.channels:
        if channel.id == wanted:
            return channel
    known = [c.id for c in plan.channels]
    hint = did_you_mean(wanted, known) or f"; channels: {', '.join(known) or '(none)'}"
    raise UsageError(f'"{wanted}" is not a channel{hint}')


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
            raise UsageError(f"give either --rrule or {', '.join(structured)}, not both")
        changes["rrule"] = args.rrule
    if not changes:
        raise UsageError(f"nothing to change; give at least one of {', '.join(OPTIONS.values())}")
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
        where += f" ({OPTIONS[key]}" + (f", value {index[1:-1]})" if index else ")")
    elif key:
        where += f".{key}{index or ''}"
    return PlanError(problem.path, where, problem.message)
