"""Campaigns placed on the calendar: offsets, each step's local date-time, its landing problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from calendar_app.core.model import Campaign, CampaignStep, Channel, Plan, Post
from calendar_app.core.recurrence import expand_channel
from calendar_app.i18n import _

OFFSET_RE = re.compile(r"^([+-]?)(\d{1,4})([dw])$")
SLOT_WORDS = ("next", "previous")
#: How far ``slot = "next"`` / ``"previous"`` looks for a rule slot of the channel.
SLOT_REACH = timedelta(days=400)
_ANCHOR_LINE = re.compile(r"^(\s*anchor\s*=\s*)(\S+)(.*)$", re.MULTILINE)


def parse_offset(text: str) -> int | None:
    """Days from the anchor of an offset (``-7d`` -> -7, ``+2w`` -> 14, ``0d`` -> 0); None when malformed."""
    m = OFFSET_RE.match(text.strip())
    if not m:
        return None
    days = int(m.group(2)) * (7 if m.group(3) == "w" else 1)
    return -days if m.group(1) == "-" else days


def step_at(channel: Channel, step: CampaignStep, anchor: date, blackout: frozenset[date] = frozenset()) -> datetime | None:
    """The naive local date-time (in ``channel``'s zone) of ``step`` with its campaign anchored on ``anchor``.

    A ``time`` step is on the anchor day plus its offset at that wall-clock time (a DST change in
    between keeps the wall clock). ``slot = "next"`` takes the channel's first rule slot on or after that
    day, ``"previous"`` its last one on or before it (blackout days give none). None when nothing resolves.
    """
    try:
        day = anchor + timedelta(days=step.offset)
    except OverflowError:
        return None
    if step.time is not None:
        return datetime.combine(day, step.time)
    bare = replace(channel, posts=(), steps=())
    try:
        if step.slot == "next":
            slots = expand_channel(bare, day, day + SLOT_REACH, blackout)
            ruled = [s.planned for s in slots if s.rule is not None and s.planned.date() >= day]
            return min(ruled) if ruled else None
        if step.slot == "previous":
            slots = expand_channel(bare, day - SLOT_REACH, day + timedelta(days=2), blackout)
            ruled = [s.planned for s in slots if s.rule is not None and s.planned.date() <= day]
            return max(ruled) if ruled else None
    except OverflowError:
        return None
    return None


def step_post(campaign: Campaign, index: int, at: datetime) -> Post:
    """The post a step stands for on its channel (it carries the campaign id and the step's index)."""
    s = campaign.steps[index]
    return Post(at=at, title=s.title, status=s.status, owner=s.owner or campaign.owner, pillar=s.pillar,
                format=s.format, notes=s.notes, link=s.link, campaign=campaign.id, step=index,
                campaign_name=campaign.name)


def resolve(plan: Plan, campaign: Campaign, anchor: date | None = None) -> list[datetime | None]:
    """Each step's local date-time (file order), with the campaign anchored on ``anchor`` (default its own)."""
    day = campaign.anchor_day if anchor is None else anchor
    blackout = plan.blackout_days
    out: list[datetime | None] = []
    for step in campaign.steps:
        try:
            channel = plan.channel(step.channel)
        except KeyError:
            out.append(None)
            continue
        out.append(step_at(channel, step, day, blackout))
    return out


def with_steps(plan: Plan) -> Plan:
    """``plan`` with every campaign step on its channel's ``steps`` (replacing what was there)."""
    steps: dict[str, list[Post]] = {}
    for campaign in plan.campaigns:
        for index, at in enumerate(resolve(plan, campaign)):
            if at is not None:
                steps.setdefault(campaign.steps[index].channel, []).append(step_post(campaign, index, at))
    channels = tuple(replace(c, steps=tuple(sorted(steps.get(c.id, ()), key=lambda p: p.at)))
                     if c.steps or c.id in steps else c for c in plan.channels)
    return replace(plan, channels=channels)


@dataclass(frozen=True)
class Landing:
    """Where one step lands with the anchor on a given day, and what is in the way there."""

    index: int
    step: CampaignStep
    at: datetime | None
    problem: str | None = None
    """A blackout day, a slot taken by another post, no slot of the channel: in words; None when free."""


def landings(plan: Plan, campaign: Campaign, anchor: date) -> list[Landing]:
    """Where each step of ``campaign`` lands with its anchor on ``anchor`` (file order), and the problem there.

    A slot is taken when a post of the channel file or a step of another campaign is at that time.
    """
    titles = plan.blackout_titles()
    out = []
    for index, at in enumerate(resolve(plan, campaign, anchor)):
        step = campaign.steps[index]
        problem = None
        if at is None:
            problem = _("no slot of the channel {channel} there").format(channel=step.channel)
        elif at.date() in titles:
            problem = _("blackout day: {title}").format(title=titles[at.date()])
        else:
            channel = plan.channel(step.channel)
            taken = next((p for p in channel.posts if p.at == at), None)
            taken = taken or next((p for p in channel.steps if p.at == at and p.campaign != campaign.id), None)
            if taken is not None:
                problem = _("slot taken by « {title} »").format(title=taken.title or _("a post"))
        out.append(Landing(index, step, at, problem))
    return out


def anchor_moved(text: str, day: date) -> str:
    """``text`` with only its ``anchor = ...`` line changed to ``day`` (its comment kept)."""
    # A local date-time anchor keeps its time of day: only the date part changes.
    return _ANCHOR_LINE.sub(lambda m: f"{m.group(1)}{day.isoformat()}{m.group(2)[10:]}{m.group(3)}", text, count=1)


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
