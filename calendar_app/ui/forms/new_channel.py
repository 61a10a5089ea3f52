"""The new-channel wizard's choices and checks as plain data: colors, first rhythms, the id from a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from calendar_app.core.model import CHANNEL_ID_RE
from calendar_app.i18n import N_, _

#: Colors offered to a new channel, the first one no channel uses yet.
PALETTE = ("#E1306C", "#1877F2", "#0A66C2", "#F4A300", "#6A1B9A", "#2E7D32", "#00897B", "#D84315",
           "#5D4037", "#3949AB", "#C2185B", "#7CB342")


@dataclass(frozen=True)
class Preset:
    """A first rule to start from: its form fields and the matching per_week target."""

    label: str
    """Marked for the catalogs with N_(): translate it where shown."""
    rule: dict[str, str]
    per_week: str


PRESETS = (
    Preset(N_("Mon/Wed/Fri 18:00"), {"id": "mon-wed-fri", "every": "week", "days": "mon, wed, fri", "times": "18:00"}, "3"),
    Preset(N_("every Tuesday 08:30"), {"id": "tuesday", "every": "week", "days": "tue", "times": "08:30"}, "1"),
    Preset(N_("first Tuesday of the month 09:00"), {"id": "monthly", "every": "month", "days": "1tue", "times": "09:00"}, ""),
    Preset(N_("every other Thursday 10:00"), {"id": "fortnightly", "every": "week", "interval": "2", "days": "thu",
                                          "times": "10:00"}, "0.5"),
    Preset(N_("custom…"), {"id": "posts", "every": "week", "interval": "1"}, ""),
)
CUSTOM = len(PRESETS) - 1


def suggest_id(name: str) -> str:
    """``"Podcast « Les Mains »"`` -> ``"podcast-les-mains"``: a channel id from a name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def id_problem(channel_id: str, taken: Iterable[str]) -> str | None:
    """Why ``channel_id`` cannot name a new channel, or None."""
    if not channel_id:
        return _('is required: it names the file, e.g. "tiktok" for plans/tiktok.toml')
    if not CHANNEL_ID_RE.match(channel_id):
        return _('use lowercase letters, digits and "-" only, e.g. "{id}"').format(id=suggest_id(channel_id) or "tiktok")
    if channel_id in set(taken):
        return _('"{id}" is already a channel; pick another id').format(id=channel_id)
    return None
