"""Which slots a feed holds: the window of ``export`` and ``serve``, and the personal-feed filter they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from calendar_app.core.model import Slot, Status
from calendar_app.core.names import fold
from calendar_app.i18n import DEFAULT, translation

#: Posts with this status are left out of every feed (clients would keep showing them).
LEFT_OUT = Status.CANCELLED.value
#: Statuses a filtered feed may ask for (``open`` is an empty slot).
FILTER_STATUSES = tuple(s.value for s in Status if s.value != LEFT_OUT)


@dataclass(frozen=True)
class FeedFilter:
    """Which slots a personal feed keeps ("my drafts"); the empty filter keeps everything."""

    channels: tuple[str, ...] = ()
    """Channel ids; empty = every channel."""
    owner: str | None = None
    """Slot owner (the post's, else the channel's), compared ignoring case and accents (:func:`fold`)."""
    statuses: tuple[str, ...] = ()
    """Slot statuses (``open``, ``idea``, ``draft``...); empty = all."""

    def __bool__(self) -> bool:
        """True when the filter leaves something out."""
        return bool(self.channels or self.owner is not None or self.statuses)

    @property
    def keeps_every_slot(self) -> bool:
        """No owner or status criterion: every slot of the selected channels is kept."""
        return self.owner is None and not self.statuses

    def matches(self, slot: Slot) -> bool:
        """True when the slot passes every criterion of the filter."""
        if self.channels and slot.channel not in self.channels:
            return False
        if self.owner is not None and fold(slot.owner or "") != fold(self.owner):
            return False
        return not self.statuses or slot.status in self.statuses

    def describe(self, lang: str = DEFAULT) -> str:
        """``owner Camille, status draft`` (« responsable Camille, statut draft » in French; empty
        for no owner/status criterion)."""
        _ = translation(lang).gettext
        parts = []
        if self.owner is not None:
            parts.append(_("owner {owner}").format(owner=self.owner))
        if self.statuses:
            parts.append(_("status {statuses}").format(statuses="/".join(self.statuses)))
        return ", ".join(parts)


def feed_window(
    today: date, *, past_days: int = 30, weeks: int = 12, start: date | None = None
) -> tuple[date, date]:
    """[start, end) of the feeds: ``start`` .. ``start + weeks`` as for ``agenda``, else the rolling
    window today - past_days .. today + weeks."""
    if start is not None:
        return start, start + timedelta(weeks=weeks)
    return today - timedelta(days=past_days), today + timedelta(weeks=weeks)
