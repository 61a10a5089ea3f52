"""What the editor shows of campaigns, as plain rows: the list, one campaign's timeline, the week band and an anchor move's preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

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


def band_marks(campaigns: tuple[CampaignRow, ...], day: date) -> tuple[BandMark, ...]:
    """The campaigns with their anchor or a step on ``day`` (its anchor first)."""
    marks = []
    for c in campaigns:
        anchor = c.anchor_day == day
        if anchor or any(s.start is not None and s.start.date() == day for s in c.steps):
            marks.append(BandMark(c.id, c.name, c.color, anchor))
    marks.sort(key=lambda m: (not m.anchor, m.name.casefold()))
    return tuple(marks)


# --- the plan's campaigns, from campaign-core's model (wired when that branch is merged) ---------


def campaign_rows(session) -> tuple[CampaignRow, ...]:
    """The plan's campaigns as rows, in anchor order."""
    return ()


def campaign_file_key(campaign: CampaignRow) -> str:
    """The session's key of the campaign's file (``campaigns/<id>``)."""
    return f"campaigns/{campaign.id}"


def move_preview(session, campaign_id: str, day: date) -> tuple[Landing, ...] | str:
    """Where each step of the campaign lands with its anchor on ``day``, or why it cannot be."""
    return ()


def check_campaign_text(session, path: Path, edit) -> list[str]:
    """The problems the campaign file would have once ``edit(text)`` is written (empty: none)."""
    return []


def move_anchor_text(session, campaign_id: str, path: Path, day: date, expected_digest: str | None):
    """Rewrite the anchor line of the campaign's file; the bytes before and the new stamp."""
    raise NotImplementedError
