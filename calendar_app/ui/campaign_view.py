"""What the editor shows of campaigns, as plain rows: the list, one campaign's timeline, the week band and an anchor move's preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

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
    """As written in the file: ``-7d``, ``+0d``, ``+2w``."""
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


# --- the plan's campaigns (INTERIM: from ui/campaign_interim.py until campaign-core is merged) ----


def _places(plan, cid: str, tables: list, anchor: date) -> dict[int, datetime | None]:
    """Step index -> where it lands with the campaign anchored on ``anchor``: campaign-core's
    placement when the plan holds the campaign, else (a file with errors) the interim reading."""
    from calendar_app.core.campaigns import place_steps
    from calendar_app.ui.campaign_interim import resolve

    campaign = next((c for c in getattr(plan, "campaigns", ()) if c.id == cid), None)
    if campaign is not None:
        if isinstance(campaign.anchor, datetime) and not isinstance(anchor, datetime):
            anchor = datetime.combine(anchor, campaign.anchor.time())  # a date-time anchor keeps its time
        return {p.step.index: p.at for p in place_steps(campaign, plan, anchor)}
    return {n: resolve(plan, step, anchor) for n, step in enumerate(tables)}


def _rows(session) -> tuple[CampaignRow, ...]:
    from calendar_app.ui.campaign_interim import read_campaigns

    plan = session.plan
    rows = []
    for cid, path, doc in read_campaigns(session.plans_dir / "campaigns"):
        head = doc.get("campaign", {})
        anchor = head.get("anchor")
        if not isinstance(anchor, date) or not isinstance(head.get("name"), str):
            continue
        steps = []
        places = _places(plan, cid, doc.get("step", []), anchor)
        for n, step in enumerate(doc.get("step", [])):
            channel = str(step.get("channel", ""))
            steps.append(StepRow(n, channel, str(step.get("offset", "")), places.get(n),
                                 str(step.get("status", "idea")), step.get("title"),
                                 uid=f"{channel}.campaign-{cid}.{step.get('id') or n + 1}@calendar-app", slot_word=step.get("slot")))
        steps.sort(key=lambda s: (s.start is None, s.start or datetime.min, s.index))
        rows.append(CampaignRow(cid, head["name"], anchor, path, head.get("color"), head.get("owner"),
                                head.get("notes"), tuple(steps)))
    rows.sort(key=lambda c: (c.anchor_day, c.name.casefold()))
    return tuple(rows)


def campaign_rows(session) -> tuple[CampaignRow, ...]:
    """The plan's campaigns as rows, in anchor order (read again only when the plan changed)."""
    cached = getattr(session, "_campaign_rows", None)
    if cached is not None and cached[0] is session.plan:
        return cached[1]
    rows = _rows(session)
    session._campaign_rows = (session.plan, rows)
    return rows


def campaign_file_key(campaign: CampaignRow) -> str:
    """The session's key of the campaign's file (``campaigns/<id>``)."""
    return f"campaigns/{campaign.id}"


def move_preview(session, campaign_id: str, day: date) -> tuple[Landing, ...] | str:
    """Where each step of the campaign lands with its anchor on ``day``, and what is in the way there
    (a blackout day, a slot another post takes); or why the day cannot be taken."""
    from calendar_app.ui.campaign_interim import read_campaigns

    plan = session.plan
    campaign = next((c for c in campaign_rows(session) if c.id == campaign_id), None)
    doc = next((d for cid, _p, d in read_campaigns(session.plans_dir / "campaigns") if cid == campaign_id), None)
    if campaign is None or doc is None:
        return _("The campaign {id} is no longer in the plan.").format(id=campaign_id)
    places = _places(plan, campaign_id, doc.get("step", []), day)
    out = []
    for step in sorted(campaign.steps, key=lambda s: s.index):
        new = places.get(step.index)
        problem = None
        if new is None:
            problem = _("⚠ no place: no slot of the channel there")
        else:
            blackout = [k.title for k in plan.key_dates if k.blackout and k.covers(new.date())]
            try:
                taken = next((p for p in plan.channel(step.channel).posts if p.at == new), None)
            except KeyError:
                taken = None
            if blackout:
                problem = _("⛔ blackout day: {title}").format(title=blackout[0])
            elif taken is not None:
                problem = _("⚠ slot taken by « {title} » ({file})").format(
                    title=_short(taken.title) if taken.title else _("a post"), file=f"{step.channel}.toml")
        out.append(Landing(step, step.start, new, problem))
    out.sort(key=lambda landing: (landing.new is None, landing.new or datetime.min, landing.step.index))
    return tuple(out)


def step_landing(session, campaign_id: str, step: dict[str, str]) -> tuple[str, bool]:
    """Where a new step of the campaign lands, in words, and whether it may be written there
    (False: the slot is another post's or another step's, an error of the plan)."""
    from calendar_app.ui.campaign_interim import resolve

    plan = session.plan
    campaign = next((c for c in campaign_rows(session) if c.id == campaign_id), None)
    if campaign is None:
        return "", False
    at = resolve(plan, step, campaign.anchor_day)
    if at is None:
        return _("⚠ no place: no slot of the channel there"), False
    when = f"{format_date(at.date(), 'short')} {format_time(at)}"
    try:
        channel = plan.channel(step["channel"])
    except KeyError:
        return "", False
    post = next((p for p in channel.posts if p.at == at), None)
    other = next((s for s in campaign.steps if s.channel == step["channel"] and s.start == at), None)
    if post is not None:
        return _("⚠ {when}: slot taken by « {title} » ({file})").format(
            when=when, title=_short(post.title) if post.title else _("a post"), file=f"{channel.id}.toml"), False
    if other is not None:
        return _("⚠ {when}: the step « {title} » is there already").format(
            when=when, title=_short(other.title) if other.title else other.offset), False
    blackout = [k.title for k in plan.key_dates if k.blackout and k.covers(at.date())]
    if blackout:
        return _("→ {when}; ⛔ blackout day ({title}): kept, but the check will report it").format(
            when=when, title=blackout[0]), True
    return _("→ {when}").format(when=when), True


def check_campaign_text(session, path: Path, edit) -> list[str]:
    """The problems the campaign file would have once ``edit(text)`` is written (empty: none)."""
    import tomllib

    try:
        tomllib.loads(edit(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [f"{path.name}: {exc}"]
    return []


def move_anchor_text(session, campaign_id: str, path: Path, day: date, expected_digest: str | None):
    """Rewrite only the anchor line of the campaign's file (atomic, digest-checked); the bytes
    before and the new stamp."""
    from calendar_app.files import atomic_write
    from calendar_app.storage.reader import FileStamp, _has_comments, digest
    from calendar_app.storage.writer import ConflictError
    from calendar_app.ui.campaign_interim import anchor_moved

    raw = path.read_bytes()
    if digest(raw) != expected_digest:
        raise ConflictError(path)
    text = anchor_moved(raw.decode("utf-8"), day)
    data = text.encode("utf-8")
    atomic_write(path, data)
    return raw, FileStamp(path, digest(data), _has_comments(text))
