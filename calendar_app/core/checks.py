"""The per-slot, pillar and owner checks of the regularity report, as findings; pure."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from calendar_app.core.model import Channel, Slot
from calendar_app.core.recurrence import localize, zone
from calendar_app.core.wording import post_name, short_duration, week_span, when
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_percent

_EPS = 1e-9

#: (kind, message, at, channel, uid, campaign): what :mod:`calendar_app.core.regularity` turns into a Problem;
#: ``campaign`` is the slot's (:attr:`Slot.campaign`), None for a finding about no slot.
Finding = tuple[str, str, "datetime | None", "str | None", "str | None", "str | None"]


def slot_findings(channel: Channel, slots: list[Slot], stamps: list[float],
                  blackout: dict[date, str]) -> list[Finding]:
    """Slots closer than the channel's duration, posts on blackout days, untitled posts.

    ``slots`` are sorted with their UTC timestamps in ``stamps``; ``blackout`` maps each
    blackout day to its key date's title.
    """
    found: list[Finding] = []
    limit = channel.duration.total_seconds()
    for i, slot in enumerate(slots):
        if i and stamps[i] - stamps[i - 1] < limit:
            found.append((
                "too_close",
                _("{when} is only {gap} after the slot of {previous}, closer than the channel's duration "
                  "{duration}; move one of them.").format(
                    when=when(slot.start), gap=short_duration(timedelta(seconds=stamps[i] - stamps[i - 1])),
                    previous=when(slots[i - 1].start), duration=short_duration(channel.duration)),
                slot.start, channel.id, slot.uid, slot.campaign,
            ))
        post = slot.post
        if post is None:
            continue
        title = blackout.get(slot.start.date())
        if title is not None:
            found.append((
                "blackout_post",
                _("{post} on {when} falls on the blackout « {title} »; "
                  "move it to another day or set its status to cancelled.").format(
                    post=post_name(slot), when=when(slot.start), title=title),
                slot.start, channel.id, slot.uid, slot.campaign,
            ))
        if post.status in ("scheduled", "published") and not (post.title and post.title.strip()):
            found.append((
                "untitled",
                _("The {status} post of {when} has no title; give it one.").format(
                    status=post.status, when=when(slot.start)),
                slot.start, channel.id, slot.uid, slot.campaign,
            ))
    return found


def pillar_mix(slots: list[Slot]) -> dict[str, float]:
    """Share of each pillar among the slots that have one, largest first (empty without any)."""
    counts: dict[str, int] = {}
    for slot in slots:
        if slot.pillar:
            counts[slot.pillar] = counts.get(slot.pillar, 0) + 1
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {pillar: n / total for pillar, n in ordered}


def pillar_findings(channel: Channel, slots: list[Slot], mix: dict[str, float]) -> list[Finding]:
    """Pillar shares off target by more than the tolerance, and runs longer than max_pillar_run.

    Shares are checked when the window has at least one slot; a slot without a pillar is
    left out of the mix and breaks a run.
    """
    found: list[Finding] = []
    if channel.pillar_share and slots:
        at = slots[0].start
        with_pillar = sum(1 for s in slots if s.pillar)
        for pillar, target in channel.pillar_share.items():
            actual = mix.get(pillar, 0.0)
            if abs(actual - target) > channel.pillar_tolerance + _EPS:
                todo = _("give more slots this pillar") if actual < target else _("give some of its slots another pillar")
                n = round(actual * with_pillar)
                found.append((
                    "pillar_share",
                    _("Pillar « {pillar} » has {n} of the window's {total} slots with a pillar "
                      "({actual}), target {target} ± {tolerance}; {todo}.").format(
                        pillar=pillar, n=n, total=with_pillar, actual=format_percent(actual),
                        target=format_percent(target), tolerance=format_percent(channel.pillar_tolerance), todo=todo),
                    at, channel.id, None, None,
                ))
    limit = channel.max_pillar_run
    if limit is not None:
        run = 0
        for i, slot in enumerate(slots):
            same = slot.pillar is not None and i > 0 and slots[i - 1].pillar == slot.pillar
            run = run + 1 if same else (1 if slot.pillar else 0)
            if run == limit + 1:
                first = slots[i - limit]
                found.append((
                    "pillar_run",
                    _("{n} slots in a row with pillar « {pillar} » from {first} to {last}, more than "
                      "max_pillar_run {limit}; give this one another pillar.").format(
                        n=limit + 1, pillar=slot.pillar, first=when(first.start), last=when(slot.start), limit=limit),
                    slot.start, channel.id, slot.uid, slot.campaign,
                ))
    return found


def owner_week_counts(slots: list[Slot], first_monday: date, weeks: int) -> dict[str, list[int]]:
    """Slots per owner per week (week i starts ``first_monday + 7i`` days), owners sorted.

    Each slot counts in the week of its local date in its own channel's zone; slots without
    an owner are left out.
    """
    counts: dict[str, list[int]] = {}
    for slot in slots:
        if not slot.owner:
            continue
        index = (slot.start.date() - first_monday).days // 7
        if 0 <= index < weeks:
            row = counts.get(slot.owner)
            if row is None:
                row = counts[slot.owner] = [0] * weeks
            row[index] += 1
    return dict(sorted(counts.items(), key=lambda kv: (kv[0].casefold(), kv[0])))


def owner_findings(owner: str, weeks, limit: int | None, timezone: str | None,
                   start: date, end: date) -> list[Finding]:
    """A finding per week where ``owner`` carries more than ``limit`` slots."""
    found: list[Finding] = []
    if limit is None:
        return found
    tz = zone(timezone or "UTC")
    for week in weeks:
        if week.count > limit:
            first = max(week.start, start)
            after = min(week.start + timedelta(days=7), end)
            found.append((
                "owner_load",
                _("{owner} has {count} slots in {week} ({span}), more than owner_week_max {limit}; hand some to "
                  "someone else or move them to a lighter week.").format(
                    owner=owner, count=week.count, week=week.label, span=week_span(first, after), limit=limit),
                localize(datetime.combine(first, time()), tz), None, None, None,
            ))
    return found
