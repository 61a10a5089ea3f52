"""Names as people type them: channels by id or display name, owners without case or accents; pure."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from calendar_app.core.model import Channel, Plan
from calendar_app.i18n import _


def fold(text: str) -> str:
    """``text`` compared loosely: NFKD, combining marks dropped, case-folded (``Inès`` -> ``ines``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def closest(wanted: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``wanted`` once both are folded (difflib, cutoff 0.6), as written."""
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(fold(choice), choice)
    close = difflib.get_close_matches(fold(wanted), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def find_channel(plan: Plan, wanted: str) -> Channel | None:
    """The channel whose id is ``wanted``, else whose id or display name folds to it (case and
    accents ignored: ``instagram``, ``Instagram``, ``podcast « les mains dans la terre »``)."""
    for channel in plan.channels:
        if channel.id == wanted:
            return channel
    key = fold(wanted)
    for channel in plan.channels:
        if key in (fold(channel.id), fold(channel.name)):
            return channel
    return None


def channel_hint(plan: Plan, wanted: str) -> str:
    """``; did you mean "instagram"?`` for the nearest id or name, else the list of channel ids."""
    choices = {c.id: c.id for c in plan.channels} | {c.name: c.id for c in plan.channels}
    near = closest(wanted, choices)
    if near is not None:
        return _('; did you mean "{choice}"?').format(choice=choices[near])
    return _("; channels: {channels}").format(channels=", ".join(c.id for c in plan.channels) or _("(none)"))


def plan_owners(plan: Plan) -> list[str]:
    """Every owner named in the plan (channels and posts), as first written, sorted loosely."""
    seen: dict[str, str] = {}
    for channel in plan.channels:
        for name in (channel.owner, *(p.owner for p in channel.posts)):
            if name:
                seen.setdefault(fold(name), name)
    return sorted(seen.values(), key=lambda n: (fold(n), n))


def find_owner(owners: Iterable[str], wanted: str) -> str | None:
    """The owner (as written in the plan) that ``wanted`` names, case and accents ignored."""
    key = fold(wanted)
    return next((o for o in owners if fold(o) == key), None)
