"""Regularity metrics over expanded slots: weekly counts, gaps, readiness, pillars, workload; pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from calendar_app.core.capacity import capacity_findings, week_hours
from calendar_app.core.checks import owner_findings, owner_week_counts, pillar_findings, pillar_mix, slot_findings
from calendar_app.core.lookaround import (
    blacked_out,
    blacked_out_findings,
    missed_findings,
    missed_slots,
    neighbours,
)
from calendar_app.core.model import FILLED_STATUSES, READY_STATUSES, Channel, Plan, Slot, Status
from calendar_app.core.recurrence import expand, window_instants
from calendar_app.core.report import ChannelReport, Gap, OwnerReport, Problem, Report, WeekCount
from calendar_app.core.wording import post_name, short_duration, week_span, when
from calendar_app.i18n import _, current, ngettext
from calendar_app.i18n.dates import format_decimal

_EPS = 1e-9
#: The default window of ``check`` and of the editor's dashboard, and the lookback for missed slots.
DEFAULT_WEEKS = 6
DEFAULT_PAST_DAYS = 14


def window_weeks(start: date, end: date) -> list[tuple[str, date, float]]:
    """``(label, monday, fraction)`` of every ISO week that meets the window [start, end)."""
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday < end:
        inside = (min(monday + timedelta(days=7), end) - max(monday, start)).days
        year, week, _ = monday.isocalendar()
        weeks.append((f"{year}-W{week:02d}", monday, inside / 7))
        monday += timedelta(days=7)
    return weeks


def required_weeks(per_week: float) -> int:
    """How many consecutive weeks a target is checked over: 1 for a weekly or faster cadence,
    ``ceil(1 / per_week)`` for a slower one (0.5 is checked over runs of 2 weeks)."""
    return 1 if per_week >= 1 else math.ceil(1 / per_week - _EPS)


def check_window(today: date, start: date | None = None, weeks: int = DEFAULT_WEEKS) -> tuple[date, date]:
    """The window [start, end) that ``check`` and the dashboard look at: ``weeks`` weeks from
    ``start``, by default from ``today``. The one place that decides it."""
    first = start or today
    return first, first + timedelta(weeks=weeks)


def run_check(plan: Plan, today: date, *, start: date | None = None, weeks: int = DEFAULT_WEEKS,
              past_days: int = DEFAULT_PAST_DAYS, channels: Iterable[str] | None = None,
              slots_of: Callable[[date, date], list[Slot]] | None = None) -> tuple[list[Slot], Report]:
    """The window's slots and their report, as ``check`` and the editor's dashboard both compute them.

    ``slots_of(start, end)`` expands the plan (default :func:`calendar_app.core.recurrence.expand`;
    the editor passes its cache)."""
    first, end = check_window(today, start, weeks)
    slots = slots_of(first, end) if slots_of is not None else expand(plan, first, end, channels)
    return slots, check_plan(plan, slots, first, end, today=today, channels=channels, past_days=past_days)


def check_plan(
    plan: Plan,
    slots: list[Slot],
    start: date,
    end: date,
    *,
    today: date,
    channels: Iterable[str] | None = None,
    past_days: int = 0,
) -> Report:
    """Check the regularity of the plan over the window [start, end) (local midnights).

    ``slots`` are what :func:`calendar_app.recurrence.expand` gives for that window (slots
    outside it, or of channels not asked for, are ignored, so a wider cached expansion can be
    reused). ``channels`` limits the check to those ids (unknown ids are ignored); owners are
    counted across the channels checked. ``today`` decides which slots are due now. Cancelled
    slots count for nothing. Every problem fails the gate: a target that is not set is not checked.

    Beyond the window: gaps run from the last slot before it to the first after it (see
    :func:`calendar_app.core.lookaround.neighbours`); slots of the ``past_days`` days before
    ``today`` neither published nor cancelled are ``missed``;
    a rule occurrence removed by a blackout that leaves its week below ``per_week`` or sits in
    a gap over ``max_gap`` is ``blacked_out``.
    """
    wanted = None if channels is None else set(channels)
    checked = [c for c in plan.channels if wanted is None or c.id in wanted]
    by_channel: dict[str, list[Slot]] = {c.id: [] for c in checked}
    for slot in slots:
        bucket = by_channel.get(slot.channel)
        if bucket is not None and slot.status != Status.CANCELLED:
            bucket.append(slot)
    weeks = window_weeks(start, end)
    blackout = plan.blackout_titles()
    by_id = {c.id: c for c in plan.channels}
    reports = []
    kept: list[Slot] = []
    for channel in checked:
        report, in_window = _check_channel(plan, channel, by_channel[channel.id], start, end, today, weeks,
                                           blackout, past_days)
        reports.append(_with_hours(plan, report, in_window, weeks, by_id))
        kept.extend(in_window)
    owners = []
    limit = plan.calendar.owner_week_max
    first_monday = weeks[0][1] if weeks else start
    hours = week_hours(plan, kept, first_monday, len(weeks), by="owner", channels=by_id)
    for owner, counts in owner_week_counts(kept, first_monday, len(weeks)).items():
        capacity = plan.calendar.hours_week(owner)
        week_counts = tuple(
            WeekCount(label, monday, n, float(limit) if limit is not None else None, fraction,
                      limit is not None and n > limit, h, capacity)
            for (label, monday, fraction), n, h in zip(weeks, counts, hours.get(owner) or [0.0] * len(weeks))
        )
        problems = tuple(Problem(*f) for f in owner_findings(
            owner, week_counts, limit, plan.calendar.timezone, start, end))
        problems += tuple(Problem(*f) for f in capacity_findings(
            owner, week_counts, capacity, plan.calendar.timezone, start, end))
        owners.append(OwnerReport(owner, week_counts, not problems, problems))
    ok = all(r.ok for r in reports) and all(o.ok for o in owners)
    return Report(ok, start, end, tuple(reports), tuple(owners))


def _with_hours(plan: Plan, report: ChannelReport, slots: list[Slot], weeks: list,
                channels: dict[str, Channel]) -> ChannelReport:
    """The channel's weeks with the hours of work of their posts."""
    if not weeks:
        return report
    row = week_hours(plan, slots, weeks[0][1], len(weeks), by="channel", channels=channels).get(report.channel)
    if not row:
        return report
    return replace(report, weeks=tuple(replace(w, hours=h) for w, h in zip(report.weeks, row)))


def _check_channel(plan: Plan, channel: Channel, slots: list[Slot], start: date, end: date, today: date,
                   weeks: list, blackout: dict[date, str], past_days: int) -> tuple[ChannelReport, list[Slot]]:
    lo, hi = window_instants(channel, start, end)
    lo_ts, hi_ts = lo.timestamp(), hi.timestamp()
    timed = [(slot.start.timestamp(), slot) for slot in slots]
    timed = sorted((pair for pair in timed if lo_ts <= pair[0] < hi_ts), key=lambda pair: pair[0])
    kept = [slot for _, slot in timed]
    stamps = [ts for ts, _ in timed]
    problems: list[Problem] = []

    week_counts = _week_counts(channel, kept, weeks, start, end, problems)
    before, after, searched = neighbours(channel, start, end, plan.blackout_days)
    longest, spread = _gaps(channel, kept, stamps, lo, hi, problems, before, after, searched)
    removed = blacked_out(plan, channel, start, end, kept)
    if removed:
        timeline = [s for s in (before, *kept, after) if s is not None]
        below = {i for i, w in enumerate(week_counts) if w.below}
        first_monday = weeks[0][1] if weeks else start
        problems.extend(Problem(*f) for f in blacked_out_findings(channel, removed, timeline, below, first_monday,
                                                                    blackout))
    missed = missed_slots(plan, channel, today, past_days)
    problems.extend(Problem(*f) for f in missed_findings(channel, missed, today))
    filled = sum(1 for s in kept if s.status in FILLED_STATUSES)
    due = _open_due(channel, kept, stamps, today, problems)
    problems.extend(Problem(*f) for f in slot_findings(channel, kept, stamps, blackout))
    mix = pillar_mix(kept)
    problems.extend(Problem(*f) for f in pillar_findings(channel, kept, mix))
    problems.sort(key=lambda p: (p.at.timestamp() if p.at else math.inf, p.kind))
    report = ChannelReport(
        channel=channel.id,
        name=channel.name,
        ok=not problems,
        slots=len(kept),
        per_week_target=channel.per_week,
        weeks=week_counts,
        weeks_below_target=tuple(w.label for w in week_counts if w.below),
        longest_gap=longest,
        gap_spread=spread,
        filled=filled,
        open=len(kept) - filled,
        open_due=tuple(due),
        problems=tuple(problems),
        pillar_mix=mix,
    )
    return report, kept


def _week_counts(channel: Channel, kept: list[Slot], weeks: list, start: date, end: date,
                 problems: list[Problem]) -> tuple[WeekCount, ...]:
    """Slots per ISO week, each week (or run of weeks) checked against per_week pro rata.

    A run is short when it has fewer slots than its pro-rated target rounded down to a whole
    slot: per_week = 4 over a three-day edge week (target 1.71) asks for 1 slot.
    """
    counts = [0] * len(weeks)
    if weeks:
        first = weeks[0][1]
        for slot in kept:
            index = (slot.start.date() - first).days // 7
            if 0 <= index < len(counts):
                counts[index] += 1
    per_week = channel.per_week
    if per_week is None:
        return tuple(WeekCount(label, monday, n, None, fraction)
                     for (label, monday, fraction), n in zip(weeks, counts))
    targets = [per_week * fraction for _, _, fraction in weeks]
    span = required_weeks(per_week)
    out = []
    runs: list[list[int]] = []  # [first week, last week] of short runs; overlapping ones merged
    for i, ((label, monday, fraction), n) in enumerate(zip(weeks, counts)):
        first_i = max(0, i - span + 1)
        need = math.floor(sum(targets[first_i:i + 1]) + _EPS)
        below = sum(counts[first_i:i + 1]) < need
        out.append(WeekCount(label, monday, n, targets[i], fraction, below))
        if below:
            if runs and runs[-1][1] >= first_i:
                runs[-1][1] = i
            else:
                runs.append([first_i, i])
    for first_i, last_i in runs:
        have = sum(counts[first_i:last_i + 1])
        need = max(1, math.floor(sum(targets[first_i:last_i + 1]) + _EPS))
        run_start = max(weeks[first_i][1], start)
        run_end = min(weeks[last_i][1] + timedelta(days=7), end)
        full = sum(w[2] for w in weeks[first_i:last_i + 1]) > last_i - first_i + 1 - _EPS
        one = first_i == last_i
        labels = weeks[first_i][0] if one else _("{first} to {last}").format(first=weeks[first_i][0], last=weeks[last_i][0])
        per = f"{per_week:g}" if current() == "en" else format_decimal(per_week)
        rate = _("{n} a week").format(n=per) + ("" if full else _(", pro rata"))
        if one:
            message = _("{weeks} ({span}) has {have} for a target of {need} ({rate}); add {missing} or move posts "
                        "into that week.")
        else:
            message = _("{weeks} ({span}) have {have} for a target of {need} ({rate}); add {missing} or move posts "
                        "into those weeks.")
        problems.append(Problem(
            "below_target",
            message.format(weeks=labels, span=week_span(run_start, run_end),
                           have=ngettext("{n} slot", "{n} slots", have).format(n=have), need=need, rate=rate,
                           missing=ngettext("{n} slot", "{n} slots", need - have).format(n=need - have)),
            window_instants(channel, run_start, run_end)[0], channel.id, None))
    return tuple(out)


def _gaps(channel: Channel, kept: list[Slot], stamps: list[float], lo: datetime, hi: datetime,
          problems: list[Problem], before: Slot | None = None, after: Slot | None = None,
          searched: bool = False) -> tuple[Gap | None, float | None]:
    """Longest gap and the spread of the gaps between consecutive slot starts (real time).

    The first gap runs from ``before`` (the last slot before the window) and the last one to
    ``after`` (the first slot after it), so a window that starts just after a slot or ends just
    before one hides no gap. Without such a neighbour the window's edge stands in (``edge``:
    the real gap is at least that long, so one over ``max_gap`` is a real problem); ``searched``
    says that no slot follows within ``max_gap`` of the window's end, so the last gap is over
    ``max_gap`` whatever its length inside the window. The spread only uses the gaps between
    two slots of the window.
    """
    inner = [b - a for a, b in zip(stamps, stamps[1:])]
    spread = None
    if len(inner) >= 2:
        mean = sum(inner) / len(inner)
        variance = sum((x - mean) ** 2 for x in inner) / len(inner)
        spread = math.sqrt(variance) / mean if mean > 0 else 0.0
    # Points in time: the neighbour (or window edge) before, the window's slots, the one after.
    points: list[tuple[datetime, Slot | None]] = [(before.start if before else lo, before)]
    points += [(slot.start, slot) for slot in kept]
    points.append((after.start if after else hi, after))
    first_ts = points[0][0].timestamp()
    last_ts = points[-1][0].timestamp()
    # The timestamps of the window's slots are known: only the two ends are computed here.
    spans = [(stamps[0] if kept else last_ts) - first_ts, *inner]
    if kept:
        spans.append(last_ts - stamps[-1])
    last = len(spans) - 1

    def gap(j: int) -> Gap:
        edge = (j == 0 and before is None) or (j == last and after is None)
        return Gap(timedelta(seconds=round(spans[j])), points[j][0], points[j + 1][0], edge)

    longest = gap(max(range(len(spans)), key=spans.__getitem__))
    limit = channel.max_gap
    if limit is not None:
        over = limit.total_seconds()
        for j, seconds in enumerate(spans):
            forced = j == last and searched
            if seconds <= over and not forced:
                continue
            found = gap(j)
            slot = points[j][1] or (kept[0] if kept else None)
            if forced and seconds <= over:
                message = _("At least {duration} without a slot from {start} to {end} (window end), and none "
                            "planned within max_gap {limit} after it; add a slot in between.").format(
                    duration=short_duration(found.duration), start=when(found.start), end=when(found.end),
                    limit=short_duration(limit))
            else:
                message = _gap_message(found, limit, j == 0 and before is None, j == last and after is None)
            problems.append(Problem("gap", message, found.start, channel.id, slot.uid if slot else None,
                                    slot.campaign if slot else None))
    return longest, spread


def _gap_message(found: Gap, limit: timedelta, at_start: bool, at_end: bool) -> str:
    text = _("{duration} without a slot from {start}{start_note} to {end}{end_note}, more than max_gap {limit}; "
             "add a slot in between.").format(
        duration=short_duration(found.duration), start=when(found.start),
        start_note=_(" (window start)") if at_start else "", end=when(found.end),
        end_note=_(" (window end)") if at_end else "", limit=short_duration(limit))
    return _("At least {gap}").format(gap=text) if found.edge else text


def _open_due(channel: Channel, kept: list[Slot], stamps: list[float], today: date,
              problems: list[Problem]) -> list[Slot]:
    """Unready slots from today's local midnight on whose lead time begins before tomorrow's.

    Without a lead time the lead is zero: today's unready slots are listed but fail nothing.
    """
    day_start, day_end = window_instants(channel, today, today + timedelta(days=1))
    first, horizon = day_start.timestamp(), day_end.timestamp()
    lead = channel.lead_time.total_seconds() if channel.lead_time is not None else 0.0
    due = []
    for ts, slot in zip(stamps, kept):
        if ts - lead >= horizon:
            break
        if ts < first or slot.status in READY_STATUSES:
            continue
        due.append(slot)
        if channel.lead_time is not None:
            began = datetime.fromtimestamp(ts - lead, slot.start.tzinfo)
            if slot.post is None:
                what, todo = _("has no content yet"), _("plan a post and get it ready")
            else:
                what = _("is still an idea") if slot.status == "idea" else _("is still a draft")
                todo = _("get it ready")
            problems.append(Problem(
                "open_due",
                _("{when}: {post} {what} and its {lead} lead time runs from {began}; {todo}.").format(
                    when=when(slot.start), post=post_name(slot, _("the slot")), what=what,
                    lead=short_duration(channel.lead_time), began=when(began), todo=todo),
                slot.start, channel.id, slot.uid, slot.campaign))
    return due


def badge(report: ChannelReport) -> str:
    """A short label for a sidebar: ``✔ 4/4`` (weeks on target) when ok, else ``⚠ 2 problems``."""
    if not report.ok:
        n = len(report.problems)
        return ngettext("⚠ {n} problem", "⚠ {n} problems", n).format(n=n)
    if report.per_week_target is not None and report.weeks:
        good = sum(1 for w in report.weeks if not w.below)
        return f"✔ {good}/{len(report.weeks)}"
    return f"✔ {report.slots}"
