"""Campaigns placed on their channels: offsets, rule-slot words, the steps' posts and slots; pure."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from calendar_app.core.model import READY_STATUSES, Campaign, CampaignStep, Channel, Plan, Post, Slot
from calendar_app.core.recurrence import expand_channel
from calendar_app.i18n import _

OFFSET_RE = re.compile(r"^([+-]?)(\d{1,5})([dw])$")
SLOT_WORDS = ("next", "previous")
#: Years a step may land in: those of the plan files (a post's ``at``, a rule's ``start``).
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: How far ``slot = "next"``/``"previous"`` looks for a rule slot, in blocks of SEARCH_BLOCK days.
SEARCH_BLOCK, SEARCH_BLOCKS = 32, 12


def parse_offset(text: str) -> int:
    """``"-7d"`` -> -7, ``"+2w"`` -> 14, ``"0d"`` -> 0 (days from the anchor). Raises ValueError."""
    m = OFFSET_RE.match(text.strip()) if isinstance(text, str) else None
    if not m:
        raise ValueError(text)
    days = int(m.group(2)) * (7 if m.group(3) == "w" else 1)
    return -days if m.group(1) == "-" else days


def format_offset(days: int) -> str:
    """Inverse of :func:`parse_offset` in days: -7 -> ``"-7d"``, 0 -> ``"0d"``, 1 -> ``"+1d"``."""
    return f"{days:+d}d" if days else "0d"


@dataclass(frozen=True)
class Placement:
    """Where one step of a campaign lands, or why it cannot be placed."""

    step: CampaignStep
    at: datetime | None
    """Naive local wall-clock date-time in the step's channel zone; None with a ``problem``."""
    problem: str | None = None
    key: str = ""
    """The key of the step's table the problem is about (``step[2].offset``)."""


def step_place(step: CampaignStep, anchor: date | datetime) -> datetime | None:
    """The wall-clock moment a step's place is counted from: the anchor's day plus the offset, at
    the step's ``time``, else the anchor's time (a date anchor: midnight). Raises OverflowError."""
    day = (anchor.date() if isinstance(anchor, datetime) else anchor) + timedelta(days=step.offset)
    if step.time is not None:
        return datetime.combine(day, step.time)
    return datetime.combine(day, anchor.time() if isinstance(anchor, datetime) else time())


def place_steps(campaign: Campaign, plan: Plan, anchor: date | datetime | None = None) -> list[Placement]:
    """Where each step of ``campaign`` lands (with ``anchor`` instead of its own, for a move).

    A step with ``time`` lands on the anchor's day plus its offset at that local time of its
    channel; one with ``slot = "next"`` on the channel's first rule slot from that day (from the
    anchor's time with a date-time anchor), ``"previous"`` on its last rule slot through that
    day (through the anchor's time). Rule slots are those left by skips and blackouts. A step
    of a channel the plan lacks is left out (its file's problem is reported where it is read).
    """
    anchor = campaign.anchor if anchor is None else anchor
    channels = {c.id: c for c in plan.channels}
    blackout = plan.blackout_days
    out: list[Placement] = []
    for step in campaign.steps:
        channel = channels.get(step.channel)
        if channel is None:
            continue
        where = f"step[{step.index + 1}]"
        try:
            at = step_place(step, anchor)
        except OverflowError:
            at = None
        if at is None or not FIRST_YEAR <= at.year <= LAST_YEAR:
            shown = at.date().isoformat() if at is not None else _("a day out of the calendar")
            out.append(Placement(step, None, _("lands on {day}, outside the plan years ({first} to {last}); "
                                               "use a smaller offset").format(day=shown, first=FIRST_YEAR, last=LAST_YEAR),
                                 f"{where}.offset"))
            continue
        if step.slot is not None:
            found = rule_slot(channel, at, step.slot, blackout, whole_day=not isinstance(anchor, datetime))
            if found is None:
                message = (_('no rule slot of "{channel}" within a year from {day}; give the step a time = "HH:MM"')
                           if step.slot == "next" else
                           _('no rule slot of "{channel}" within a year up to {day}; give the step a time = "HH:MM"'))
                out.append(Placement(step, None, message.format(channel=channel.id, day=at.date().isoformat()),
                                     f"{where}.slot"))
                continue
            at = found
        out.append(Placement(step, at))
    return out


def rule_slot(channel: Channel, place: datetime, word: str, blackout: Iterable[date] = (),
              whole_day: bool = True) -> datetime | None:
    """The planned wall-clock time of ``channel``'s nearest rule slot: ``next`` the first at or
    after ``place``, ``previous`` the last at or before it (with ``whole_day``, through the end of
    its day); None when there is none within SEARCH_BLOCKS blocks."""
    bare = replace(channel, posts=(), campaign_posts=())
    blackout = frozenset(blackout)
    day = place.date()
    for n in range(SEARCH_BLOCKS):
        if word == "next":
            start = day + timedelta(days=n * SEARCH_BLOCK)
            window = (start - timedelta(days=1), start + timedelta(days=SEARCH_BLOCK))
        else:
            stop = day + timedelta(days=1 - n * SEARCH_BLOCK)
            window = (stop - timedelta(days=SEARCH_BLOCK), stop + timedelta(days=1))
        if window[0].year < FIRST_YEAR or window[1].year > LAST_YEAR:
            return None
        walls = [s.planned for s in expand_channel(bare, window[0], window[1], blackout) if s.rule is not None]
        if word == "next":
            hits = [w for w in walls if w >= place]
            if hits:
                return min(hits)
        else:
            limit = datetime.combine(day + timedelta(days=1), time()) if whole_day else place
            hits = [w for w in walls if (w < limit if whole_day else w <= limit)]
            if hits:
                return max(hits)
    return None


def step_post(campaign: Campaign, step: CampaignStep, at: datetime) -> Post:
    """The post a step places on its channel (its owner defaults to the campaign's)."""
    return Post(at=at, title=step.title, status=step.status, owner=step.owner or campaign.owner,
                pillar=step.pillar, format=step.format, notes=step.notes, link=step.link, effort=step.effort,
                campaign=campaign.id, step=step.key)


def attach(plan: Plan, campaigns: Iterable[Campaign], placements: dict[str, list[Placement]]) -> Plan:
    """``plan`` with ``campaigns`` and, on each channel, the posts of their placed steps (every
    channel's ``campaign_posts`` replaced: a channel kept from an earlier read has stale ones)."""
    campaigns = tuple(sorted(campaigns, key=lambda c: c.id))
    by_channel: dict[str, list[Post]] = {}
    for campaign in campaigns:
        for placed in placements.get(campaign.id, ()):
            if placed.at is not None:
                by_channel.setdefault(placed.step.channel, []).append(step_post(campaign, placed.step, placed.at))
    channels = []
    for channel in plan.channels:
        posts = tuple(sorted(by_channel.get(channel.id, ()), key=lambda p: p.at))
        channels.append(channel if channel.campaign_posts == posts else replace(channel, campaign_posts=posts))
    return replace(plan, channels=tuple(channels), campaigns=campaigns)


def with_campaign(plan: Plan, campaign: Campaign) -> Plan:
    """``plan`` with ``campaign`` added or replacing the one of its id, every step placed again
    (steps that cannot be placed are left out: the reader reports them)."""
    others = [c for c in plan.campaigns if c.id != campaign.id]
    everything = [*others, campaign]
    return attach(plan, everything, {c.id: place_steps(c, plan) for c in everything})


def step_slots(plan: Plan, campaign: Campaign) -> list[tuple[CampaignStep, Slot | None]]:
    """Each step of ``campaign`` (as placed in ``plan``) with the slot it fills, in step order."""
    by_channel = {c.id: c for c in plan.channels}
    blackout = plan.blackout_days
    out: list[tuple[CampaignStep, Slot | None]] = []
    for step in campaign.steps:
        channel = by_channel.get(step.channel)
        post = None if channel is None else next(
            (p for p in channel.campaign_posts if p.campaign == campaign.id and p.step == step.key), None)
        slot = None
        if post is not None:
            day = post.at.date()
            first, last = day - timedelta(days=1), day + timedelta(days=2)
            near = _near(channel, datetime.combine(first - timedelta(days=1), time()),
                         datetime.combine(last + timedelta(days=1), time()))
            slot = next((s for s in expand_channel(near, first, last, blackout) if s.post is post), None)
        out.append((step, slot))
    return out


def _near(channel: Channel, lo: datetime, hi: datetime) -> Channel:
    """``channel`` with only its posts (file and campaign) of wall-clock times in [lo, hi): the same slots
    in a window inside that span, without going through every post of the year for each step."""
    def cut(posts: tuple[Post, ...]) -> tuple[Post, ...]:  # sorted by ``at``
        return posts[bisect_left(posts, lo, key=_at):bisect_left(posts, hi, key=_at)]

    return replace(channel, posts=cut(channel.posts), campaign_posts=cut(channel.campaign_posts))


def _at(post: Post) -> datetime:
    return post.at


def step_ready(step: CampaignStep) -> bool:
    """The step's content is ready in time: ready, scheduled or published."""
    return step.status in READY_STATUSES


def landing_problems(plan: Plan, campaign: Campaign, anchor: date | datetime) -> list[tuple[Placement, str]]:
    """The steps of ``campaign`` that cannot land where ``anchor`` puts them, each with why: no place
    (its placement problem), a blackout day, or a slot a post of the channel file or another
    campaign's step takes. Empty: the anchor may move there (``campaign move``)."""
    titles = plan.blackout_titles()
    channels = {c.id: c for c in plan.channels}
    out = []
    for placement in place_steps(campaign, plan, anchor):
        if placement.problem is not None or placement.at is None:
            out.append((placement, placement.problem or _("no place")))
            continue
        at, channel = placement.at, channels[placement.step.channel]
        if at.date() in titles:
            out.append((placement, _("blackout day: {title}").format(title=titles[at.date()])))
            continue
        taken = next((p for p in channel.posts if p.at == at), None) or next(
            (p for p in channel.campaign_posts if p.at == at and p.campaign != campaign.id), None)
        if taken is not None:
            out.append((placement, _("slot taken by « {title} »").format(title=taken.title or _("a post"))))
    return out


def passed_with_unpublished(plan: Plan, today: date) -> list[tuple[Campaign, int]]:
    """The campaigns whose anchor day is before ``today`` with steps neither published nor cancelled,
    and how many such steps each has (anchor order)."""
    out = []
    for campaign in sorted(plan.campaigns, key=lambda c: (c.anchor_day, c.id)):
        if campaign.anchor_day < today:
            left = sum(1 for s in campaign.steps if s.status not in ("published", "cancelled"))
            if left:
                out.append((campaign, left))
    return out
