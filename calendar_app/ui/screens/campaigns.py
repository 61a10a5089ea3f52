"""The campaigns screen: the plan's campaigns (name, anchor, steps, readiness), then one campaign's timeline of steps across channels.

Contract: ``CampaignsScreen(session, today)`` lists the campaigns; Enter pushes
``CampaignTimeline(session, campaign_id, today)``, whose ``n`` and ``m`` post
:class:`CampaignTimeline.NewStepChosen` and :class:`CampaignTimeline.AnchorMoveChosen` (the app's
campaign workflow opens the forms and writes); Escape goes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from calendar_app.i18n import N_, _, ngettext
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.site.words import status_name
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.campaign_view import CampaignRow, StepRow, campaign_rows
from calendar_app.ui.forms.step_form import offset_label, parse_offset
from calendar_app.ui.messages import PlanChanged
from calendar_app.ui.screens.agenda import STATUS_STYLES
from calendar_app.ui.screens.list_screen import cut as _cut
from calendar_app.ui.session import Session
from calendar_app.ui.widgets.status import STATUS_ICONS

LIST_COLUMNS = (N_("Campaign"), N_("Anchor"), N_("Steps"), N_("Ready"))
STEP_COLUMNS = (N_("Offset"), N_("Date"), N_("Time"), N_("Channel"), N_("Status"), N_("Title"))


def anchor_text(anchor: date | datetime) -> str:
    """``Fri 04 Dec`` / ``ven. 04/12``, with the time when the anchor has one."""
    if isinstance(anchor, datetime):
        return f"{format_date(anchor.date(), 'short')} {format_time(anchor)}"
    return format_date(anchor, "short")


def offset_days_zero(offset: str) -> bool:
    """The step is on the anchor day itself (``+0d``, ``0d``): shown in bold."""
    return parse_offset(offset) == "+0d"


def _swatch(color: str | None) -> Text:
    return Text("█ ", style=color or "dim") if color else Text("  ")


class CampaignsScreen(Screen[None]):
    """Every campaign of the plan, one per line; Enter opens its timeline."""

    BINDINGS = [
        Binding("enter", "open", N_("Timeline"), priority=True),
        Binding("escape,C", "close", N_("Week view"), key_display="esc"),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    ]

    def __init__(self, session: Session, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.today = today
        self.rows: tuple[CampaignRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="campaigns-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="campaigns-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in LIST_COLUMNS:
            table.add_column(_(label), key=label)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.selected.id if self.selected else None
        table.clear()
        self.rows = campaign_rows(self.session)
        width = max(12, (self.size.width or self.app.size.width) - 40)
        for c in self.rows:
            name = _swatch(c.color) + Text(c.name)
            ready = Text(f"{c.ready_count}/{len(c.steps)}",
                         style="green" if c.steps and c.ready_count == len(c.steps) else "")
            past = c.anchor_day < self.today
            table.add_row(_cut(name, width), Text(anchor_text(c.anchor), style="dim" if past else ""),
                          Text(str(len(c.steps))), ready, key=c.id)
        n = len(self.rows)
        self.sub_title = ngettext("{count} campaign", "{count} campaigns", n).format(count=n)
        empty = self.query_one("#campaigns-empty", Static)
        empty.update("" if self.rows else _("No campaign yet: write one in plans/campaigns/<id>.toml "
                                             "(see the README), then ctrl+r."))
        empty.display = not self.rows
        row = next((i for i, c in enumerate(self.rows) if c.id == keep), None)
        if row is not None:
            table.move_cursor(row=row)

    @property
    def selected(self) -> CampaignRow | None:
        if not self.rows:
            return None
        table = self.query_one(DataTable)
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    def on_plan_changed(self, message: PlanChanged) -> None:
        self._fill()

    def on_resize(self) -> None:
        if self.query_one(DataTable).columns:
            self._fill()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        campaign = self.selected
        if campaign is None:
            self.app.notify(_("No campaign here to open."), severity="warning")
            return
        self.app.push_screen(CampaignTimeline(self.session, campaign.id, self.today))

    def action_close(self) -> None:
        self.dismiss(None)


class CampaignTimeline(Screen[None]):
    """One campaign's steps across channels in time order: offset, day, time, channel, status, title."""

    @dataclass
    class NewStepChosen(Message):
        """``n``: a new step is to be written into the campaign's file."""

        campaign: str
        channel: str | None
        """The channel of the step under the cursor, the form's first choice."""

    @dataclass
    class AnchorMoveChosen(Message):
        """``m``: the campaign's anchor is to be moved (asked, previewed, confirmed)."""

        campaign: str

    BINDINGS = [
        Binding("n", "new_step", N_("New step")),
        Binding("m", "move_anchor", N_("Move anchor")),
        Binding("enter", "show_in_week", N_("Show in week"), priority=True),
        Binding("escape", "close", N_("Campaigns")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    ]

    def __init__(self, session: Session, campaign_id: str, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.campaign_id = campaign_id
        self.today = today
        self.campaign: CampaignRow | None = None
        self.steps: tuple[StepRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="timeline-head")
        yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="timeline-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in STEP_COLUMNS:
            table.add_column(_(label), key=label)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        keep = self.selected.index if self.selected else None
        self.campaign = next((c for c in campaign_rows(self.session) if c.id == self.campaign_id), None)
        table = self.query_one(DataTable)
        table.clear()
        campaign = self.campaign
        if campaign is None:
            self.steps = ()
            self.query_one("#timeline-head", Static).update(
                _("The campaign {id} is no longer in the plan (its file was removed or has errors).").format(
                    id=self.campaign_id))
            return
        self.steps = campaign.steps
        self.sub_title = campaign.name
        head = _swatch(campaign.color) + Text(campaign.name, style="bold")
        head.append("  " + _("anchor {day}").format(day=anchor_text(campaign.anchor)))
        head.append("  " + _("{ready}/{count} ready").format(ready=campaign.ready_count, count=len(campaign.steps)))
        if campaign.owner:
            head.append("  · " + campaign.owner)
        self.query_one("#timeline-head", Static).update(head)
        names = {c.id: c.name for c in self.session.plan.channels}
        cells = [self._cells(step, names) for step in self.steps]
        # The title gets what the other columns leave (each as wide as its widest cell, plus its
        # padding), so a line never runs past the screen's edge.
        others = sum(max([cell_len(_(label))] + [row[i].cell_len for row in cells]) + 2
                     for i, label in enumerate(STEP_COLUMNS[:-1]))
        width = max(12, (self.size.width or self.app.size.width) - others - 4)
        for step, row in zip(self.steps, cells):
            table.add_row(*row[:-1], _cut(row[-1], width), key=str(step.index))
        empty = self.query_one("#timeline-empty", Static)
        empty.update("" if self.steps else _("No step yet: n adds one."))
        empty.display = not self.steps
        row = next((i for i, s in enumerate(self.steps) if s.index == keep), None)
        if row is not None:
            table.move_cursor(row=row)

    def _cells(self, step: StepRow, names: dict[str, str]) -> tuple[Text, ...]:
        status = step.status if step.status in STATUS_ICONS else "idea"
        if step.start is None:
            day, at = Text(_("unresolved"), style="italic red"), Text("")
        else:
            style = "bold" if step.start.date() == self.today else ""
            day = Text(format_date(step.start.date(), "short"), style=style)
            at = Text(format_time(step.start), style=style)
        title = Text(step.title) if step.title else Text(_("(no title)"), style="dim")
        return (
            Text(offset_label(step.offset), style="bold" if offset_days_zero(step.offset) else ""),
            day, at, _cut(Text(names.get(step.channel, step.channel)), 16),
            Text(f"{STATUS_ICONS[status]} {status_name(status)}", style=STATUS_STYLES.get(status, "")),
            title,
        )

    @property
    def selected(self) -> StepRow | None:
        if not self.steps:
            return None
        table = self.query_one(DataTable)
        return self.steps[min(max(table.cursor_row, 0), len(self.steps) - 1)]

    def on_plan_changed(self, message: PlanChanged) -> None:
        self._fill()

    def on_resize(self) -> None:
        if self.query_one(DataTable).columns:  # mounted: the titles get the new width
            self._fill()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_in_week()

    def action_new_step(self) -> None:
        if self.campaign is None:
            return
        step = self.selected
        self.post_message(self.NewStepChosen(self.campaign_id, step.channel if step else None))

    def action_move_anchor(self) -> None:
        if self.campaign is not None:
            self.post_message(self.AnchorMoveChosen(self.campaign_id))

    def action_show_in_week(self) -> None:
        """Back to the week view, on the step under the cursor."""
        step = self.selected
        if step is None or step.start is None:
            self.app.notify(_("No step here to show."), severity="warning")
            return
        week = getattr(self.app, "week_screen", None)
        while len(self.app.screen_stack) > 1 and self.app.screen is not week:
            self.app.pop_screen()
        if week is not None:
            if step.channel in week.hidden:
                week.hidden = week.hidden - {step.channel}
            week.show(step.start.date(), step.uid)

    def action_close(self) -> None:
        self.dismiss(None)
