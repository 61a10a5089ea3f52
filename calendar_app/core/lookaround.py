"""What the check sees around its window: neighbours across the edges, missed past slots, blacked-out occurrences; pure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calendar_app.core.model import Channel, Plan, Slot, Status
from calendar_app.core.recurrence import expand_channel, window_instants
from calendar_app.core.wording import post_name, short_duration, when
from calendar_app.i18n import _

#: How far back the check looks for the slot before its window when none lies within max_gap.
#: A channel silent for longer (or new) has its first gap measured from the window's start.
FAR_BACK = timedelta(days=400)

#: (kind, message, at, channel, uid, campaign), as in :mod:`calendar_app.core.checks`.
Finding = tuple[str, str, "datetime | None", "str | None", "str | None", "str | None"]


def _counted(slots: list[Slot]) -> list[Slot]:
    return [s for s in slots if s.status != Status.CANCELLED]


def neighbours(channel: Channel, start: date, end: date, blackout: frozenset[date]) -> tuple[Slot | None, Slot | None, bool]:
    """``(before, after, after_searched_to_end)``: the last counted slot before the window
    [start, end) and the first after it, looked for within the channel's ``max_gap``
    (before: also up to :data:`FAR_BACK`). Cancelled slots count for nothing.

    Without ``max_gap`` nothing is looked for. When no slot follows within ``max_gap`` of the
    window's end, the gap from the last slot certainly exceeds ``max_gap``; the third value
    then says the search ran to ``end + max_gap + 1 day``.
    """
    if channel.max_gap is None:
        return None, None, False
    reach = timedelta(days=channel.max_gap.days + 1)
    before_slots = _counted(expand_channel(channel, start - reach, start, blackout))
    if not before_slots:
        before_slots = _counted(expand_channel(channel, start - reach - FAR_BACK, start - reach, blackout))
    after_slots = _counted(expand_channel(channel, end, end + reach, blackout))
    before = before_slots[-1] if before_slots else None
    after = after_slots[0] if after_slots else None
    return before, after, after is None


def search_end(channel: Channel, end: date) -> datetime:
    """The instant the search for the slot after the window stops at (see :func:`neighbours`)."""
    reach = timedelta(days=channel.max_gap.days + 1) if channel.max_gap is not None else timedelta()
    return window_instants(channel, end + reach, end + reach)[0]


def missed_findings(channel: Channel, slots: list[Slot], today: date) -> list[Finding]:
    """Slots before ``today`` that stayed open or whose post is neither published nor cancelled."""
    found: list[Finding] = []
    for slot in slots:
        if slot.start.date() >= today or slot.status in (Status.PUBLISHED, Status.CANCELLED):
            continue
        if slot.post is None:
            message = _("{when}: the slot stayed open and the day has passed; plan a post there and mark it "
                        "published, or cancel the slot.").format(when=when(slot.start))
        else:
            state = {Status.IDEA: _("is still an idea"), Status.DRAFT: _("is still a draft")}.get(
                slot.status, _("is not marked published"))
            message = _("{when}: {post} {state} and the day has passed; mark it published, "
                        "or cancel it.").format(when=when(slot.start), post=post_name(slot), state=state)
        found.append(("missed", message, slot.start, channel.id, slot.uid, slot.campaign))
    return found


def missed_slots(plan: Plan, channel: Channel, today: date, past_days: int) -> list[Slot]:
    """The slots of the ``past_days`` days before ``today``, sorted (none for 0)."""
    if past_days <= 0:
        return []
    return expand_channel(channel, today - timedelta(days=past_days), today, plan.blackout_days)


def blacked_out(plan: Plan, channel: Channel, start: date, end: date, slots: list[Slot]) -> list[Slot]:
    """Rule occurrences in [start, end) that a blackout day removed (and no post took their time)."""
    days = sorted(d for d in plan.blackout_days if start <= d < end)
    if not days:
        return []
    taken = {s.planned for s in slots}
    off = plan.blackout_days  # a property that lists the days again on each use
    removed: list[Slot] = []
    first = days[0]
    for i, day in enumerate(days):  # one expansion per run of consecutive blackout days
        if i + 1 < len(days) and days[i + 1] == day + timedelta(days=1):
            continue
        removed += [s for s in expand_channel(channel, first, day + timedelta(days=1), ())
                    if s.rule is not None and s.planned.date() in off and s.planned not in taken]
        if i + 1 < len(days):
            first = days[i + 1]
    return removed


def blacked_out_findings(channel: Channel, removed: list[Slot], timeline: list[Slot], below_weeks: set[int],
                         first_monday: date, titles: dict[date, str]) -> list[Finding]:
    """A finding for each removed occurrence whose loss leaves its week below ``per_week`` (its
    index in ``below_weeks``) or sits in a gap longer than ``max_gap`` (``timeline``: the counted
    slots in order, the neighbours across the window's edges included)."""
    found: list[Finding] = []
    stamps = [s.start.timestamp() for s in timeline]
    for slot in removed:
        ts = slot.start.timestamp()
        reasons = []
        if (slot.start.date() - first_monday).days // 7 in below_weeks:
            reasons.append(_("its week below per_week {target:g}").format(target=channel.per_week))
        if channel.max_gap is not None:
            prev = max((t for t in stamps if t < ts), default=None)
            nxt = min((t for t in stamps if t > ts), default=None)
            if prev is None or nxt is None or nxt - prev > channel.max_gap.total_seconds():
                reasons.append(_("a gap longer than max_gap {limit}").format(limit=short_duration(channel.max_gap)))
        if not reasons:
            continue
        found.append((
            "blacked_out",
            _("The {when} occurrence of rule « {rule} » falls on the blackout « {blackout} » and is dropped, "
              "which leaves {reasons}; move it to another day (add a post before or after the blackout).").format(
                when=when(slot.start), rule=_rule_label(channel, slot.rule), blackout=titles.get(slot.planned.date(), "?"),
                reasons=_(" and ").join(reasons)),
            slot.start, channel.id, slot.uid, slot.campaign,
        ))
    return found


def _rule_label(channel: Channel, rule_id: str | None) -> str:
    return next((r.label for r in channel.rules if r.id == rule_id and r.label), rule_id or "")
