"""What the editor shows of campaigns, as plain rows: the list, one campaign's timeline, the week band and an anchor move's preview."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from calendar_app.core.campaigns import format_offset, landing_problems, parse_offset, place_steps
from calendar_app.core.model import Campaign, CampaignStep, Plan
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_date, format_time

READY_STATUSES = frozenset({"ready", "scheduled", "published"})


@dataclass(frozen=True)
class StepRow:
    """One step of a campaign as the timeline lists it."""

    index: int
    """The step's place among the file's ``[[step]]`` tables (0-based)."""
    channel: str
    offset: str
    """From the anchor: ``-7d``, ``0d``, ``+2w`` (whole weeks in weeks; see :func:`offset_text`)."""
    start: datetime | None
    """Where the step lands now (local to its channel); None when it does not resolve."""
    status: str
    title: str | None
    uid: str | None = None
    slot_word: str | None = None
    """``next`` / ``previous`` when the step takes the channel's nearest rule slot."""

    @property
    def ready(self) -> bool:
        return self.status in READY_STATUSES


@dataclass(frozen=True)
class CampaignRow:
    """One campaign: its file, name, anchor, colour and steps (in time order)."""

    id: str
    name: str
    anchor: date | datetime
    path: Path
    color: str | None = None
    owner: str | None = None
    notes: str | None = None
    steps: tuple[StepRow, ...] = ()

    @property
    def anchor_day(self) -> date:
        return self.anchor.date() if isinstance(self.anchor, datetime) else self.anchor

    @property
    def ready_count(self) -> int:
        return sum(1 for s in self.steps if s.ready)


@dataclass(frozen=True)
class BandMark:
    """A campaign on one day of the week view: its name and colour, and whether the day is its anchor."""

    campaign: str
    name: str
    color: str | None
    anchor: bool


@dataclass(frozen=True)
class Landing:
    """Where one step lands when the anchor moves, and what is in the way there."""

    step: StepRow
    old: datetime | None
    new: datetime | None
    problem: str | None = None
    """A blackout day or a slot taken by another post, in words; None when the place is free."""


def _short(title: str, most: int = 28) -> str:
    """A title quoted in a line of the preview: ``most`` characters at most, else cut with …."""
    return title if len(title) <= most else title[:most - 1].rstrip() + "…"


def band_marks(campaigns: tuple[CampaignRow, ...], day: date) -> tuple[BandMark, ...]:
    """The campaigns with their anchor or a step on ``day`` (its anchor first)."""
    marks = []
    for c in campaigns:
        anchor = c.anchor_day == day
        if anchor or any(s.start is not None and s.start.date() == day for s in c.steps):
            marks.append(BandMark(c.id, c.name, c.color, anchor))
    marks.sort(key=lambda m: (not m.anchor, m.name.casefold()))
    return tuple(marks)


# --- the plan's campaigns: those the reader placed (a file with errors is reported, not shown) ---


def _anchor(campaign: Campaign, day: date | datetime) -> date | datetime:
    """``day`` as the campaign's anchor: a date-time anchor keeps its time of day."""
    if isinstance(campaign.anchor, datetime) and not isinstance(day, datetime):
        return datetime.combine(day, campaign.anchor.time())
    return day


def offset_text(days: int) -> str:
    """A step's offset shown: whole weeks in weeks (``+14d`` and ``+2w`` both read ``+2w``), else days."""
    return f"{days // 7:+d}w" if days and days % 7 == 0 else format_offset(days)


def _rows(session) -> tuple[CampaignRow, ...]:
    plan = session.plan
    rows = []
    for c in plan.campaigns:
        places = {p.step.index: p.at for p in place_steps(c, plan)}
        steps = [StepRow(s.index, s.channel, offset_text(s.offset), places.get(s.index), s.status, s.title,
                         uid=f"{s.channel}.campaign-{c.id}.{s.key}@calendar-app", slot_word=s.slot)
                 for s in c.steps]
        steps.sort(key=lambda s: (s.start is None, s.start or datetime.min, s.index))
        rows.append(CampaignRow(c.id, c.name, c.anchor, session.path_of(f"campaigns/{c.id}"), c.color, c.owner,
                                c.notes, tuple(steps)))
    rows.sort(key=lambda c: (c.anchor_day, c.name.casefold()))
    return tuple(rows)


def campaign_rows(session) -> tuple[CampaignRow, ...]:
    """The plan's campaigns as rows, in anchor order (made again only when the plan changed)."""
    cached = getattr(session, "_campaign_rows", None)
    if cached is not None and cached[0] is session.plan:
        return cached[1]
    rows = _rows(session)
    session._campaign_rows = (session.plan, rows)
    return rows


def campaign_file_key(campaign: CampaignRow) -> str:
    """The session's key of the campaign's file (``campaigns/<id>``)."""
    return f"campaigns/{campaign.id}"


def _taken(plan: Plan, campaign_id: str, channel_id: str, at: datetime) -> tuple[str, str] | None:
    """The title and file of what takes ``at`` on the channel: a post of its file, else another
    campaign's step (None: free, or only a step of ``campaign_id`` itself)."""
    try:
        channel = plan.channel(channel_id)
    except KeyError:
        return None
    post = next((p for p in channel.posts if p.at == at), None)
    if post is not None:
        return (_short(post.title) if post.title else _("a post")), f"{channel.id}.toml"
    step = next((p for p in channel.campaign_posts if p.at == at and p.campaign != campaign_id), None)
    if step is not None:
        return (_short(step.title) if step.title else _("a post")), f"campaigns/{step.campaign}.toml"
    return None


def move_preview(session, campaign_id: str, day: date) -> tuple[Landing, ...] | str:
    """Where each step of the campaign lands with its anchor on ``day``, and what is in the way there
    (a blackout day, a slot a post or another campaign's step takes); or why the day cannot be taken."""
    plan = session.plan
    row = next((c for c in campaign_rows(session) if c.id == campaign_id), None)
    campaign = next((c for c in plan.campaigns if c.id == campaign_id), None)
    if row is None or campaign is None:
        return _("The campaign {id} is no longer in the plan.").format(id=campaign_id)
    anchor = _anchor(campaign, day)
    places = {p.step.index: p.at for p in place_steps(campaign, plan, anchor)}
    blocked = {p.step.index for p, _why in landing_problems(plan, campaign, anchor)}
    titles = plan.blackout_titles()
    out = []
    for step in sorted(row.steps, key=lambda s: s.index):
        new = places.get(step.index)
        problem = None
        if new is None:
            problem = _("⚠ no place: no slot of the channel there")
        elif step.index in blocked:
            taken = _taken(plan, campaign_id, step.channel, new)
            if new.date() in titles:
                problem = _("⛔ blackout day: {title}").format(title=titles[new.date()])
            elif taken is not None:
                problem = _("⚠ slot taken by « {title} » ({file})").format(title=taken[0], file=taken[1])
        out.append(Landing(step, step.start, new, problem))
    out.sort(key=lambda landing: (landing.new is None, landing.new or datetime.min, landing.step.index))
    return tuple(out)


def _new_step(step: dict[str, str]) -> CampaignStep | None:
    """The form's answer as a step (None: an offset or time the form should not have let through)."""
    try:
        offset = parse_offset(step.get("offset", "0d"))
        at = time.fromisoformat(step["time"]) if "time" in step else None
    except ValueError:
        return None
    return CampaignStep(channel=step.get("channel", ""), offset=offset, time=at, slot=step.get("slot"),
                        title=step.get("title"), index=-1)


def step_landing(session, campaign_id: str, step: dict[str, str]) -> tuple[str, bool]:
    """Where a new step of the campaign lands, in words, and whether it may be written there
    (False: the slot is a post's or a step's, of this campaign or another: an error of the plan)."""
    plan = session.plan
    campaign = next((c for c in plan.campaigns if c.id == campaign_id), None)
    new = _new_step(step)
    if campaign is None or new is None:
        return "", False
    placed = place_steps(replace(campaign, steps=(new,)), plan)
    if not placed:
        return "", False  # not a channel of the plan
    at = placed[0].at
    if at is None:
        return _("⚠ no place: no slot of the channel there"), False
    when = f"{format_date(at.date(), 'short')} {format_time(at)}"
    taken = _taken(plan, campaign_id, new.channel, at)
    if taken is not None:
        return _("⚠ {when}: slot taken by « {title} » ({file})").format(when=when, title=taken[0], file=taken[1]), False
    row = next((c for c in campaign_rows(session) if c.id == campaign_id), None)
    other = next((s for s in row.steps if s.channel == new.channel and s.start == at), None) if row else None
    if other is not None:
        return _("⚠ {when}: the step « {title} » is there already").format(
            when=when, title=_short(other.title) if other.title else other.offset), False
    titles = plan.blackout_titles()
    if at.date() in titles:
        return _("→ {when}; ⛔ blackout day ({title}): kept, but the check will report it").format(
            when=when, title=titles[at.date()]), True
    return _("→ {when}").format(when=when), True


def check_campaign_text(session, path: Path, edit) -> list[str]:
    """The problems the campaign file would have once ``edit(text)`` is written (empty: none),
    as the reader words them."""
    from calendar_app.storage.campaign_files import edit_problems

    return edit_problems(path, edit, session.plan)


def move_anchor_text(session, campaign_id: str, path: Path, day: date, expected_digest: str | None):
    """Rewrite only the anchor line of the campaign's file (atomic, digest-checked); the bytes
    before and the new stamp."""
    from calendar_app.storage.campaign_anchor import move_anchor
    from calendar_app.storage.writer import ConflictError, read_stamp

    if expected_digest is None:
        raise ConflictError(path)
    before = move_anchor(path, day, expected_digest)
    return before, read_stamp(path)
