"""The hours of work per owner and ISO week in `calendar-app check`, against each owner's hours_week."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from calendar_app.core.capacity import format_hours
from calendar_app.core.report import Report
from calendar_app.i18n import _


def owner_hours_table(report: Report) -> Group | None:
    """One row per owner: the hours of each week (red over hours_week); None when no post has an effort."""
    if not any(w.hours for o in report.owners for w in o.weeks):
        return None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_("owner"), overflow="ellipsis", no_wrap=True, max_width=22)
    table.add_column(_("hours per week"), no_wrap=True)
    table.add_column(_("hours_week"), justify="right")
    for owner in report.owners:
        cells = Text()
        capacity = owner.weeks[0].hours_week if owner.weeks else None
        for i, w in enumerate(owner.weeks[:12]):  # a long window: the first 12 weeks, the JSON has them all
            if i:
                cells.append(" ")
            over = capacity is not None and w.hours > capacity + 1e-9
            cells.append(format_hours(w.hours) if w.hours else "·", style="bold red" if over else "")
        table.add_row(owner.owner, cells, "—" if capacity is None else format_hours(capacity))
    return Group(table, Text(_("hours: the effort of each post, else of its format ([calendar.effort], "
                               "a channel's effort); hours_week from [[owner]] in _calendar.toml"), style="dim"))
