"""The regularity report as data (problems, weekly counts, gaps, per channel and owner) and its JSON form; pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from calendar_app.core.model import Slot
from calendar_app.core.wording import iso_duration


@dataclass(frozen=True)
class Problem:
    """One target that does not hold, said as a sentence with the date and what to do."""

    kind: str
    """``below_target``, ``gap``, ``open_due``, ``too_close``, ``blackout_post``, ``untitled``,
    ``pillar_share``, ``pillar_run``, ``owner_load``, ``over_capacity``, ``missed`` (a past slot neither published
    nor cancelled) or ``blacked_out`` (a rule occurrence a blackout removed, which breaks
    ``per_week`` or ``max_gap``)."""
    message: str
    at: datetime | None
    """Aware start of the slot (or of the week, or of the gap) it is about."""
    channel: str | None
    uid: str | None
    """The slot to jump to, when the problem is about one slot."""
    campaign: str | None = None
    """The id of the campaign whose step fills that slot (:attr:`Slot.campaign`), else None."""


@dataclass(frozen=True)
class WeekCount:
    """Slots of one ISO week (Monday first) that lie in the window."""

    label: str
    """ISO week label, ``2026-W48``."""
    start: date
    """The week's Monday (maybe before the window when the window starts mid-week)."""
    count: int
    target: float | None
    """Target pro-rated by ``fraction`` (per_week or owner_week_max x fraction for a channel;
    owner_week_max as is for an owner); None when no target is set."""
    fraction: float
    """Share of the week's seven days inside the window (1.0 for a full week)."""
    below: bool = False
    """True when this week (or the run of weeks it ends, for a cadence slower than weekly)
    has fewer slots than required; for an owner, True when the week is over the maximum."""
    hours: float = 0.0
    """Hours of work of the week's posts (their effort, else their format's)."""
    hours_week: float | None = None
    """For an owner: the ``hours_week`` of ``[[owner]]``; None when not given (and for a channel)."""


@dataclass(frozen=True)
class Gap:
    """The time between two consecutive slot starts, in real elapsed time."""

    duration: timedelta
    start: datetime
    end: datetime
    edge: bool = False
    """True when one end is the window's edge: the real gap is at least this long."""


@dataclass(frozen=True)
class ChannelReport:
    """Every regularity fact of one channel over the window."""

    channel: str
    name: str
    ok: bool
    """No problem (every target that is set holds)."""
    slots: int
    """Slots in the window, cancelled ones excluded."""
    per_week_target: float | None
    weeks: tuple[WeekCount, ...]
    weeks_below_target: tuple[str, ...]
    longest_gap: Gap | None
    """Longest gap between consecutive slots, window edges included (None without any slot
    and without a window)."""
    gap_spread: float | None
    """Coefficient of variation (population stdev / mean) of the gaps between consecutive
    slots: 0 is a perfectly even rhythm, above ~0.5 is bunching. None with fewer than 2 gaps."""
    filled: int
    """Slots with a post beyond ``idea`` (draft, ready, scheduled, published)."""
    open: int
    """Slots with no post or an ``idea``."""
    open_due: tuple[Slot, ...]
    """Unready slots (open, idea, draft) of today or later whose lead time begins before tomorrow."""
    problems: tuple[Problem, ...]
    pillar_mix: dict[str, float] = field(default_factory=dict, hash=False)
    """Share of each pillar among the window's slots that have a pillar."""


@dataclass(frozen=True)
class OwnerReport:
    """Slots per ISO week of one owner, across the channels checked."""

    owner: str
    weeks: tuple[WeekCount, ...]
    ok: bool
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Report:
    """The regularity check of a window [start, end): per channel and per owner."""

    ok: bool
    start: date
    end: date
    """First day after the window."""
    channels: tuple[ChannelReport, ...]
    owners: tuple[OwnerReport, ...]


def report_to_json(report: Report) -> dict:
    """The report as the object ``check --json`` prints: ``{"ok", "channels", "owners", ...}``."""
    return {
        "ok": report.ok,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "channels": [_channel_json(c) for c in report.channels],
        "owners": [
            {
                "owner": o.owner,
                "ok": o.ok,
                "weeks": [_owner_week_json(w) for w in o.weeks],
                "weeks_over_max": [w.label for w in o.weeks if w.below],
                "problems": [_problem_json(p) for p in o.problems],
            }
            for o in report.owners
        ],
    }


def _channel_json(c: ChannelReport) -> dict:
    gap = c.longest_gap
    return {
        "channel": c.channel,
        "name": c.name,
        "ok": c.ok,
        "slots": c.slots,
        "filled": c.filled,
        "open": c.open,
        "per_week_target": c.per_week_target,
        "weeks": [_week_json(w) for w in c.weeks],
        "weeks_below_target": list(c.weeks_below_target),
        "hours_per_week": {w.label: round(w.hours, 3) for w in c.weeks},
        "longest_gap": None if gap is None else {
            "duration": iso_duration(gap.duration),
            "start": gap.start.isoformat(),
            "end": gap.end.isoformat(),
            "edge": gap.edge,
        },
        "gap_spread": None if c.gap_spread is None else round(c.gap_spread, 3),
        "open_due": [s.start.isoformat() for s in c.open_due],
        "open_due_uids": [s.uid for s in c.open_due],
        "pillar_mix": {k: round(v, 3) for k, v in c.pillar_mix.items()},
        "problems": [_problem_json(p) for p in c.problems],
    }


def _week_json(w: WeekCount) -> dict:
    return {
        "week": w.label,
        "start": w.start.isoformat(),
        "count": w.count,
        "target": None if w.target is None else round(w.target, 3),
        "fraction": round(w.fraction, 3),
        "below": w.below,
    }


def _owner_week_json(w: WeekCount) -> dict:
    return {**_week_json(w), "hours": round(w.hours, 3), "hours_week": w.hours_week}


def _problem_json(p: Problem) -> dict:
    out = {"kind": p.kind, "message": p.message, "at": p.at.isoformat() if p.at else None, "uid": p.uid}
    if p.campaign:  # a problem about a campaign's step says which campaign
        out["campaign"] = p.campaign
    return out
