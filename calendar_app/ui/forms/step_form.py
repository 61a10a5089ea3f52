"""The new-step form as plain data: the texts of its fields in, a campaign file's ``[[step]]`` keys (or the problems per field) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calendar_app.core.model import STATUSES
from calendar_app.i18n import _, pgettext
from calendar_app.ui.forms.post_form import parse_time_text

#: Every field of the form, in the order of the ``[[step]]`` keys it writes.
STEP_FIELDS = ("channel", "offset", "when", "title", "format", "pillar", "status")
TEXT_FIELDS = ("title", "format", "pillar")

_OFFSET = re.compile(r"^([+-]?)\s*(\d{1,4})\s*([a-z]*)$")
#: Offset units a person may type (French or English) -> the unit written in the file.
_UNITS = {"": "d", "d": "d", "j": "d", "jour": "d", "jours": "d", "day": "d", "days": "d",
          "w": "w", "s": "w", "sem": "w", "semaine": "w", "semaines": "w", "week": "w", "weeks": "w"}
#: Slot words a person may type -> the file's ``slot`` value.
SLOT_WORDS = {"next": "next", "suivant": "next", "suivante": "next", "prochain": "next",
              "previous": "previous", "prev": "previous", "précédent": "previous", "precedent": "previous",
              "précédente": "previous", "precedente": "previous"}

StepFields = dict[str, str]


@dataclass(frozen=True)
class StepForm:
    """What the form says now: the ``[[step]]`` table it describes (None while a field has a
    problem) and the problems by field (``channel``, ``offset``, ``when``)."""

    step: dict[str, str] | None
    problems: dict[str, str] = field(default_factory=dict)


def parse_offset(text: str) -> str | None:
    """``-7d``, ``+1``, ``0``, ``+2w``, ``-3j``, ``+2s`` -> the file's spelling (``-7d``, ``+1d``,
    ``+0d``, ``+2w``, ``-3d``, ``+2w``); None for anything else."""
    m = _OFFSET.match(text.strip().lower())
    if not m or m.group(3) not in _UNITS:
        return None
    sign = "-" if m.group(1) == "-" and int(m.group(2)) else "+"
    return f"{sign}{int(m.group(2))}{_UNITS[m.group(3)]}"


def parse_when(text: str) -> tuple[str, str] | None:
    """``18:00`` / ``18h`` -> ``("time", "18:00")``; ``next`` / ``suivant`` -> ``("slot", "next")``;
    ``previous`` / ``précédent`` -> ``("slot", "previous")``; None for anything else."""
    word = text.strip().lower()
    if word in SLOT_WORDS:
        return "slot", SLOT_WORDS[word]
    at = parse_time_text(text)
    return ("time", f"{at:%H:%M}") if at is not None else None


def offset_label(offset: str) -> str:
    """A file's offset as a person reads it: ``-7d`` / ``+2w`` (French ``-7j`` / ``+2s``)."""
    m = _OFFSET.match(offset.strip().lower())
    if not m or m.group(3) not in ("d", "w"):
        return offset
    unit = pgettext("offset unit", "d") if m.group(3) == "d" else pgettext("offset unit", "w")
    return f"{m.group(1) or '+'}{int(m.group(2))}{unit}"


def new_step_fields(channel_id: str | None) -> StepFields:
    """The texts the form opens with: on the anchor day, at the channel's next slot, an idea
    (typed in the language spoken: ``+0d``, ``next`` / ``+0j``, ``suivant``)."""
    return {"channel": channel_id or "", "offset": offset_label("+0d"), "when": pgettext("slot word", "next"),
            "title": "", "format": "", "pillar": "", "status": "idea"}


def read_step_form(channels: tuple[str, ...], fields: StepFields) -> StepForm:
    """Read the form's texts into the keys of a ``[[step]]`` table, in the file's order
    (``channel``, ``offset``, ``time`` or ``slot``, ``title``, ``format``, ``pillar``, ``status``);
    empty texts are left out. ``channels`` are the plan's channel ids."""
    problems: dict[str, str] = {}
    channel = fields.get("channel", "").strip()
    if channel not in channels:
        problems["channel"] = _("choose one of the plan's channels")
    offset = parse_offset(fields.get("offset", ""))
    if offset is None:
        problems["offset"] = _("write the offset from the anchor as -7d, +1d, 0d or +2w")
    when = parse_when(fields.get("when", ""))
    if when is None:
        problems["when"] = _("write a time as HH:MM, or next / previous for the channel's nearest slot")
    status = fields.get("status", "") or "idea"
    if status not in STATUSES:
        problems["status"] = _("choose a status")
    if problems:
        return StepForm(None, problems)
    step = {"channel": channel, "offset": offset, when[0]: when[1]}
    for key in TEXT_FIELDS:
        value = fields.get(key, "").strip()
        if value:
            step[key] = value
    step["status"] = status
    return StepForm(step, problems)
