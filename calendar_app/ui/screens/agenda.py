"""The agenda list: the coming slots one per line (date, time, channel, status, title), for narrow terminals.

Contract: ``AgendaScreen(session, day, today, hidden)`` lists the slots of the shown channels from
``day`` for :data:`AgendaScreen.WEEKS` weeks; Enter opens the post editor on the slot under the cursor
(it posts :class:`AgendaScreen.SlotChosen`, which the app's edit workflow handles as the week view's); Escape goes back to the week view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from calendar_app.core.model import Slot
from calendar_app.i18n import N_, _
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.site.words import status_name
from calendar_app.ui.screens.list_screen import ListScreen, cut
from calendar_app.ui.session import Session
from calendar_app.ui.widgets.status import STATUS_ICONS

#: Column headers, translated where shown.
COLUMNS = (N_("Date"), N_("Time"), N_("Channel"), N_("Status"), N_("Title"))
STATUS_STYLES = {
    "open": "italic dim", "idea": "yellow", "draft": "yellow", "ready": "green",
    "scheduled": "blue", "published": "bold green", "cancelled": "dim strike",
}


class AgendaScreen(ListScreen[Slot]):
    """The coming slots as a list, one per line; Enter edits the slot under the cursor."""

    @dataclass
    class SlotChosen(Message):
        """Enter on a line: the slot's post is to be edited (or the open slot filled)."""

        slot: Slot
        day: date
        channel: str

    BINDINGS = [
        Binding("enter", "edit", N_("Edit"), priority=True),
        Binding("escape,a", "close", N_("Week view")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    ]
    WEEKS = 6
    """How far the list reaches, like the dashboard's window."""
    CHANNEL_WIDTH = 16
    """A long channel name (« Podcast « Les Mains dans la Terre » ») ends with … to leave the titles room."""

    COLUMNS = COLUMNS
    NAME = "agenda"

    def __init__(self, session: Session, day: date, today: date, hidden: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.session = session
        self.day = day
        self.today = today
        self.hidden = hidden

    def _fill(self, keep_uid: str | None = None) -> None:
        """List the slots again (after an edit, keeping the cursor on the same slot)."""
        end = self.day + timedelta(weeks=self.WEEKS)
        slots = self.session.slots.slots(self.session.plan, self.day, end, self.hidden)
        names = {c.id: c.name for c in self.session.plan.channels}
        table = self.query_one(DataTable)
        table.clear()
        self.rows = list(slots)
        cells = [self._cells(slot, names) for slot in self.rows]
        cells = [(*row[:2], cut(row[2], self.CHANNEL_WIDTH), *row[3:]) for row in cells]
        width = self._title_width(cells)
        for slot, row in zip(self.rows, cells):
            table.add_row(*row[:-1], cut(row[-1], width), key=slot.uid)
        self.sub_title = _("Agenda · {first} – {last}").format(
            first=format_date(self.day, "day_month"), last=format_date(end - timedelta(days=1), "day_month"))
        self._show_empty(_("No slot in the next {weeks} weeks for the channels shown.").format(weeks=self.WEEKS))
        if keep_uid is not None:
            self._move_to(next((i for i, s in enumerate(self.rows) if s.uid == keep_uid), None))

    def _title_width(self, cells: list[tuple[Text, ...]]) -> int:
        """Room left for the titles once the other columns are as wide as their widest cell, so a
        line never runs past the screen's edge (a long title ends with …)."""
        screen_width = self.size.width or self.app.size.width
        others = sum(
            max([cell_len(_(label))] + [row[i].cell_len for row in cells]) + 2  # a cell's padding
            for i, label in enumerate(COLUMNS[:-1])
        )
        return max(12, screen_width - others - 2 - 2)  # the title's padding, the scrollbar

    def on_resize(self) -> None:
        if not self.query_one(DataTable).columns:
            return  # not mounted yet
        self._fill(self._keep())

    def _cells(self, slot: Slot, names: dict[str, str]) -> tuple[Text, ...]:
        day = slot.start.date()
        style = "bold" if day == self.today else ""
        status = slot.status
        if slot.title:
            title = Text(slot.title)
        elif slot.post is None:
            title = Text(_("open slot"), style="italic dim")
        else:
            title = Text(_("(no title)"), style="dim")
        return (
            Text(format_date(day, "short"), style=style),
            Text(format_time(slot.start), style=style),
            Text(names.get(slot.channel, slot.channel)),
            Text(f"{STATUS_ICONS[status]} {status_name(status)}", style=STATUS_STYLES.get(status, "")),
            title,
        )

    def _keep(self) -> str | None:
        slot = self.selected
        return slot.uid if slot else None

    def action_edit(self) -> None:
        """Open the post editor on the slot under the cursor, as Enter does in the week view."""
        slot = self.selected
        if slot is None:
            self.app.notify(_("No slot here to edit."), severity="warning")
            return
        self.post_message(self.SlotChosen(slot, slot.start.date(), slot.channel))
