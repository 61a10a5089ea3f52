"""A full screen of one table (the agenda, the backlog): rows of items, a line when there is none, Enter edits.

Contract: a subclass sets :attr:`ListScreen.COLUMNS` (headers marked with ``N_``) and :attr:`ListScreen.NAME`
(the ids ``#<name>-table`` and ``#<name>-empty`` that ``app.tcss`` and the tests use), fills ``self.rows``
and the table in ``_fill(keep)``, and implements ``action_edit``; the base composes, translates the footer,
keeps the cursor's item across plan changes and closes on Escape.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from calendar_app.i18n import _
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.messages import PlanChanged

Item = TypeVar("Item")


def cut(text: Text, width: int) -> Text:
    """``text`` ending with … when it is wider than ``width`` cells."""
    if text.cell_len <= width:
        return text
    short = text.copy()
    short.truncate(width - 1, overflow="crop")
    short.rstrip()  # « Salon des… », not « Salon des … »
    short.append("…")
    return short


class ListScreen(Screen[None], Generic[Item]):
    """One table of items filling the screen, with a header, a footer and a line shown when it is empty."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    """Column headers, marked with ``N_`` and translated where shown."""
    NAME: ClassVar[str] = "list"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Item] = []
        """The items listed, in the table's row order."""
        translate_bindings(self)  # the descriptions are marked with N_; the footer shows them translated

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id=f"{self.NAME}-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id=f"{self.NAME}-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in self.COLUMNS:
            table.add_column(_(label), key=label)
        self._fill()
        table.focus()

    def _fill(self, keep: Any = None) -> None:
        """List the items again; ``keep`` tells the item the cursor should stay on."""
        raise NotImplementedError

    def _show_empty(self, text: str) -> None:
        """Show ``text`` instead of the table's rows when there is none."""
        empty = self.query_one(f"#{self.NAME}-empty", Static)
        empty.update("" if self.rows else text)
        empty.display = not self.rows

    def _move_to(self, row: int | None) -> None:
        if row is not None:
            self.query_one(DataTable).move_cursor(row=row)

    @property
    def selected(self) -> Item | None:
        """The item under the cursor (None when the list is empty)."""
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _keep(self) -> Any:
        """What ``_fill`` needs to put the cursor back on the selected item."""
        return self.selected

    def on_plan_changed(self, message: PlanChanged) -> None:
        self._fill(self._keep())

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        raise NotImplementedError

    def action_close(self) -> None:
        self.dismiss(None)
