"""Placing backlog ideas into open rule slots (``calendar-app fill``); pure and deterministic.

An idea goes to the earliest open slot that every placement rule allows, ideas taken by
priority (1 first) and then in the order written (:meth:`Plan.backlog`). The rules, checked in
this order for each slot (the first that fails is the slot's reason):

1. ``format``: the slot's format (from its rule) equals the idea's, when both are given;
2. ``pillar``: the slot's pillar (from the rotation) equals the idea's, when both are given; a
   slot without a pillar takes an idea's pillar only while that pillar, in the channel's
   ``pillar_share`` (when set), is below its target plus the tolerance;
3. ``too_soon``: the slot starts at least the idea's effort in working days (hours / 8,
   rounded up; Monday to Friday) after the start of today, plus the channel's lead time;
4. ``not_before`` and ``expires``: the slot's local day lies between them;
5. ``capacity``: the owner (the idea's, else the channel's) stays within their ``hours_week``
   in the slot's ISO week, counting the posts already planned and the ideas placed before;
6. ``taken``: an idea before it in line has the slot.

An idea that has expired before today is never placed (``expired``); one whose channels have no
open slot in the window gets ``no_slot``. Otherwise an unplaced idea's reason is that of the slot
that went furthest down the list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from calendar_app.core.capacity import planned_hours, week_monday
from calendar_app.core.model import Channel, Idea, Plan, Post, Slot, Status
from calendar_app.core.recurrence import localize, zone

#: The reasons an idea is not placed, from the first placement rule to the last.
REASONS = ("expired", "no_slot", "format", "pillar", "too_soon", "not_before", "expires", "capacity", "taken")
_STEPS = REASONS[2:]
_EPS = 1e-9
WORKDAY_HOURS = 8


@dataclass(frozen=True)
class Placement:
    """An idea given an open slot."""

    idea: Idea
    slot: Slot
    effort: timedelta | None
    """The work it takes (its own, else its format's)."""
    owner: str | None
    """Its owner, else the channel's."""


@dataclass(frozen=True)
class Unplaced:
    """An idea left in the backlog, with the placement rule that kept it out."""

    idea: Idea
    reason: str
    """One of :data:`REASONS`."""


@dataclass(frozen=True)
class FillResult:
    placements: tuple[Placement, ...]
    """Sorted by slot start, then uid."""
    unplaced: tuple[Unplaced, ...]
    """In the order the ideas were taken."""


def add_working_days(day: date, n: int) -> date:
    """``day`` moved forward by ``n`` working days (Monday to Friday); ``n = 0`` gives ``day``."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days(effort: timedelta | None) -> int:
    """Days of work an effort takes: hours / 8, rounded up (0 without an effort)."""
    if effort is None:
        return 0
    return math.ceil(effort.total_seconds() / 3600 / WORKDAY_HOURS - _EPS)


def earliest_start(channel: Channel, today: date, effort: timedelta | None) -> datetime:
    """The first instant a slot may start for an idea of ``effort`` on ``channel``."""
    ready = add_working_days(today, working_days(effort))
    start = localize(datetime.combine(ready, time()), zone(channel.timezone))
    return start + (channel.lead_time or timedelta(0))


def ordered_ideas(plan: Plan, channels: Iterable[str] | None = None) -> list[Idea]:
    """The backlog in the order ideas are placed: priority, then as written. With ``channels``,
    only the ideas that may go to one of them."""
    wanted = None if channels is None else set(channels)
    ideas = [i for i in plan.backlog() if wanted is None or wanted.intersection(i.channels)]
    return sorted(ideas, key=lambda i: i.priority)  # stable: ties keep the written order


class _Channel:
    """The open slots of one channel and its pillar counts, as placements go."""

    def __init__(self, channel: Channel, slots: list[Slot]):
        self.channel = channel
        self.open = [s for s in slots if s.rule is not None and s.post is None]
        self.stamps = [s.start.timestamp() for s in self.open]
        self.pillars: dict[str, int] = {}
        self.earliest: dict[int, datetime] = {}
        """Earliest start per number of working days (the same for many ideas)."""
        for slot in slots:
            if slot.pillar and slot.status != Status.CANCELLED:
                self.pillars[slot.pillar] = self.pillars.get(slot.pillar, 0) + 1

    def mix_allows(self, pillar: str) -> bool:
        """A slot without a pillar takes ``pillar`` while the pillar has a target and is below it
        plus the tolerance (the window's slots with a pillar and the ideas placed so far)."""
        share = self.channel.pillar_share
        if not share:
            return True
        target = share.get(pillar, 0.0)
        total = sum(self.pillars.values())
        if target <= 0:
            return False
        return total == 0 or self.pillars.get(pillar, 0) / total < target + self.channel.pillar_tolerance - _EPS


def fill(plan: Plan, slots: list[Slot], today: date, channels: Iterable[str] | None = None) -> FillResult:
    """Place the backlog's ideas into the open rule slots among ``slots``.

    ``slots`` are what :func:`calendar_app.core.recurrence.expand` gives for the window; its
    posts count towards the owners' hours. ``channels`` limits the slots (and the ideas) to those
    channel ids. The same input always gives the same result.
    """
    wanted = None if channels is None else set(channels)
    by_id: dict[str, list[Slot]] = {c.id: [] for c in plan.channels if wanted is None or c.id in wanted}
    for slot in slots:
        bucket = by_id.get(slot.channel)
        if bucket is not None:
            bucket.append(slot)
    state = {c.id: _Channel(c, by_id[c.id]) for c in plan.channels if c.id in by_id}
    hours = planned_hours(plan, slots)
    taken: set[str] = set()
    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    for idea in ordered_ideas(plan, wanted):
        if idea.expires is not None and idea.expires < today:
            unplaced.append(Unplaced(idea, "expired"))
            continue
        best: tuple[float, int, Slot, _Channel, timedelta | None, str | None] | None = None
        furthest = -1
        candidates = 0
        for order, channel_id in enumerate(idea.channels):
            chan = state.get(channel_id)
            if chan is None:
                continue
            candidates += len(chan.open)
            for stamp, slot in zip(chan.stamps, chan.open):
                if best is not None and stamp >= best[0]:
                    break
                step, effort, owner = _first_failure(plan, chan, idea, slot, today, hours, taken)
                if step is None:
                    best = (stamp, order, slot, chan, effort, owner)
                    break
                furthest = max(furthest, step)
        if best is None:
            unplaced.append(Unplaced(idea, "no_slot" if candidates == 0 else _STEPS[furthest]))
            continue
        _, _, slot, chan, effort, owner = best
        taken.add(slot.uid)
        pillar = idea.pillar if slot.pillar is None else None
        if pillar:
            chan.pillars[pillar] = chan.pillars.get(pillar, 0) + 1
        if owner and effort is not None:
            key = (owner, week_monday(slot.start.date()))
            hours[key] = hours.get(key, 0.0) + effort.total_seconds() / 3600
        placements.append(Placement(idea, slot, effort, owner))
    placements.sort(key=lambda p: (p.slot.start.timestamp(), p.slot.uid))
    return FillResult(tuple(placements), tuple(unplaced))


def ideas_for_slot(plan: Plan, slot: Slot, slots: list[Slot], today: date) -> list[Idea]:
    """The ideas that may fill the open rule ``slot``, in the order :func:`fill` takes them.

    The same placement rules as :func:`fill` (an idea of another channel, an expired one, or one the
    slot fails a rule for is left out), ranked by priority then as written. ``slots`` are the
    window's slots (for the pillar mix and the owners' hours); a slot with a post, or a one-off
    slot, gets none.
    """
    if slot.rule is None or slot.post is not None:
        return []
    try:
        channel = plan.channel(slot.channel)
    except KeyError:
        return []
    chan = _Channel(channel, [s for s in slots if s.channel == slot.channel])
    hours = planned_hours(plan, slots)
    out = []
    for idea in ordered_ideas(plan, [slot.channel]):
        if idea.expires is not None and idea.expires < today:
            continue
        if _first_failure(plan, chan, idea, slot, today, hours, set())[0] is None:
            out.append(idea)
    return out


def _first_failure(plan: Plan, chan: _Channel, idea: Idea, slot: Slot, today: date,
                   hours: dict[tuple[str, date], float], taken: set[str]):
    """``(index in _STEPS of the first rule the slot fails or None, effort, owner)``."""
    channel = chan.channel
    if idea.format and slot.format and idea.format != slot.format:
        return 0, None, None
    if idea.pillar:
        if slot.pillar is not None and slot.pillar != idea.pillar:
            return 1, None, None
        if slot.pillar is None and not chan.mix_allows(idea.pillar):
            return 1, None, None
    effort = plan.effort(channel, idea.format or slot.format, idea.effort)
    days = working_days(effort)
    earliest = chan.earliest.get(days)
    if earliest is None:
        earliest = chan.earliest[days] = earliest_start(channel, today, effort)
    if slot.start < earliest:
        return 2, None, None
    day = slot.start.date()
    if idea.not_before is not None and day < idea.not_before:
        return 3, None, None
    if idea.expires is not None and day > idea.expires:
        return 4, None, None
    owner = idea.owner or channel.owner
    limit = plan.calendar.hours_week(owner) if owner else None
    if limit is not None and effort is not None:
        planned = hours.get((owner, week_monday(day)), 0.0)
        if planned + effort.total_seconds() / 3600 > limit + _EPS:
            return 5, None, None
    if slot.uid in taken:
        return 6, None, None
    return None, effort, owner


def idea_post(placement: Placement) -> Post:
    """The post a placed idea becomes on its slot: status ``idea``, the idea's own fields kept."""
    idea = placement.idea
    return Post(at=placement.slot.planned, title=idea.title, status=Status.IDEA.value, owner=idea.owner,
                pillar=idea.pillar, format=idea.format, notes=idea.notes, link=idea.link, effort=idea.effort)


def applied(plan: Plan, result: FillResult) -> tuple[dict[str, Channel], tuple[Idea, ...] | None]:
    """The plan once the placements are written: each channel changed (new posts, its placed ideas
    gone) by id, and the ideas ``_ideas.toml`` keeps (None when none of its ideas was placed)."""
    placed = {(p.idea.source, p.idea.index) for p in result.placements}
    new_posts: dict[str, list[Post]] = {}
    for p in result.placements:
        new_posts.setdefault(p.slot.channel, []).append(idea_post(p))
    changed: dict[str, Channel] = {}
    for channel in plan.channels:
        gone = [i for i in channel.ideas if (i.source, i.index) in placed]
        if channel.id not in new_posts and not gone:
            continue
        kept = [i for i in channel.ideas if (i.source, i.index) not in placed]
        changed[channel.id] = replace(
            channel,
            posts=tuple(sorted(channel.posts + tuple(new_posts.get(channel.id, ())), key=lambda p: p.at)),
            ideas=tuple(replace(i, index=n) for n, i in enumerate(kept)),
        )
    shared = None
    if any((i.source, i.index) in placed for i in plan.ideas):
        kept = [i for i in plan.ideas if (i.source, i.index) not in placed]
        shared = tuple(replace(i, index=n) for n, i in enumerate(kept))
    return changed, shared
