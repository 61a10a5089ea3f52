"""The regularity dashboard: the check facts per channel with a heat strip, the problems, Enter to jump.

Contract: ``app.push_screen(Dashboard(plan, slots, report, today), callback)`` with the report of
:func:`calendar_app.regularity.check_plan` over ``slots`` (``Dashboard.for_window(plan, today)``
computes both with ``check``'s window and today, through :func:`calendar_app.core.regularity.run_check`). The callback gets a
:class:`JumpTarget` (the local date, channel id and slot uid of the problem chosen with Enter;
uid None for a week- or channel-wide problem, channel None for an owner's workload) or
``None`` on Escape. Enter on a channel lists only its problems; ``a`` lists them all again.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from calendar_app.core.capacity import format_hours
from calendar_app.core.model import Plan, Slot
from calendar_app.core.regularity import DEFAULT_WEEKS, badge, run_check
from calendar_app.core.report import ChannelReport, Problem, Report
from calendar_app.i18n import N_, _, current, ngettext
from calendar_app.i18n.dates import format_decimal
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.widgets.heat_strip import HeatStrip, heat_text
from calendar_app.ui.widgets.preview import short_date, short_duration, short_moment

#: Problem kinds in a few words.
KIND_LABELS = {
    "below_target": N_("below target"),
    "gap": N_("gap too long"),
    "open_due": N_("not ready"),
    "too_close": N_("too close"),
    "blackout_post": N_("on a blackout"),
    "untitled": N_("no title"),
    "pillar_share": N_("pillar mix"),
    "pillar_run": N_("pillar run"),
    "owner_load": N_("owner load"),
    "missed": N_("missed"),
    "blacked_out": N_("blacked out"),
    "over_capacity": N_("over capacity"),
}


def _week(label: str) -> str:
    """``W49`` / ``S49`` for the ISO week ``2026-W49``."""
    return ("S" if current() == "fr" else "W") + label[-2:]


def _number(value: float) -> str:
    """``0.5`` / ``0,5``; ``3`` without decimals."""
    return f"{value:g}" if current() == "en" else format_decimal(value)


class JumpTarget(NamedTuple):
    """Where the week view should go for a problem."""

    date: date
    """The problem's local date (its slot's, its week's Monday, or the window's first day)."""
    channel: str | None
    uid: str | None
    """The slot to select, when the problem is about one slot."""


class Dashboard(ModalScreen[JumpTarget | None]):
    """Channels x regularity facts, and the problems to act on; ``dismiss(JumpTarget)`` on Enter."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("a", "all_problems", N_("All problems")),
        Binding("enter", "choose", N_("Open"), priority=True),
    ]

    AUTO_FOCUS = "#dash-channels"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    """Below 30 lines the headings lose their blank line, so the problem's detail stays in sight."""

    def __init__(self, plan: Plan, slots: list[Slot], report: Report, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.plan = plan
        self.slots = slots
        self.report = report
        self.today = today
        self.only: str | None = None
        """The channel whose problems are listed, or None for all."""
        self.shown: list[Problem] = []
        self._titles = {s.uid: s.title for s in slots if s.title}

    @classmethod
    def for_window(cls, plan: Plan, today: date, start: date | None = None, weeks: int = DEFAULT_WEEKS) -> Dashboard:
        """The dashboard of ``weeks`` weeks from ``start`` (default: today), as ``check`` computes it."""
        slots, report = run_check(plan, today, start=start, weeks=weeks)
        return cls(plan, slots, report, today)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the report, channels then owners, by date."""
        found = [p for c in self.report.channels for p in c.problems]
        found += [p for o in self.report.owners for p in o.problems]
        return sorted(found, key=lambda p: (p.at is None, p.at.timestamp() if p.at else 0, p.channel or "", p.kind))

    def compose(self) -> ComposeResult:
        report = self.report
        failing = sum(not c.ok for c in report.channels)
        with Vertical(id="dashboard-dialog"):
            yield Static(
                _("Regularity · {start} – {end}").format(start=short_date(report.start),
                                                         end=short_date(report.end - timedelta(days=1)))
                + " · " + ngettext("{failing} of {n} channel need attention", "{failing} of {n} channels need attention",
                                   len(report.channels)).format(failing=failing, n=len(report.channels)),
                id="dashboard-title", markup=False)
            yield DataTable(id="dash-channels", cursor_type="row", zebra_stripes=True)
            yield Static("", id="dash-heat-title", classes="dash-heading", markup=False)
            yield HeatStrip(id="dash-heat")
            yield Static("", id="dash-problems-title", classes="dash-heading", markup=False)
            yield DataTable(id="dash-problems", cursor_type="row")
            yield Static("", id="dash-problem-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        channels = self.query_one("#dash-channels", DataTable)
        styles = self.query_one(HeatStrip).heat_styles()
        weeks = self.report.channels[0].weeks if self.report.channels else ()
        strip = f"{_week(weeks[0].label)}→{_week(weeks[-1].label)}" if weeks else _("weeks")
        wide = self.app.size.width >= 100  # below, channel names give their room to the facts
        for label, key in ((_("Channel"), "channel"), (_("Check"), "check"), (_("Slots"), "slots"),
                           (_("Target"), "target"), (strip, "weeks"), (_("Longest gap"), "gap"),
                           (_("Filled"), "filled"), (_("Due"), "due")):
            channels.add_column(label, key=key, width=(24 if wide else 16) if key == "channel" else None)
        for c in self.report.channels:
            channels.add_row(*self._channel_cells(c, styles), key=c.channel)
        problems = self.query_one("#dash-problems", DataTable)
        problems.add_column(_("When"), key="when", width=16)
        problems.add_column(_("Channel"), key="channel", width=14)
        problems.add_column(_("Problem"), key="kind", width=13)
        # What is left of the dialog (margins, border, the other columns and their padding, the scrollbar).
        problems.add_column(_("What to do"), key="message", width=max(20, self.app.size.width - 59))
        self._fill_problems()
        self._show_heat(0)

    def _channel_cells(self, c: ChannelReport, styles: dict[str, Style]) -> list:
        check = Text(badge(c), style="" if c.ok else "bold")
        target = "—" if c.per_week_target is None else _("{n}/wk").format(n=_number(c.per_week_target))
        gap = "—"
        if c.longest_gap is not None:
            limit = self.plan.channel(c.channel).max_gap if self._in_plan(c.channel) else None
            over = limit is not None and c.longest_gap.duration > limit
            gap = Text(short_duration(c.longest_gap.duration) + ("+" if c.longest_gap.edge else "")
                       + (f" > {short_duration(limit)}" if over else ""),
                       style=styles.get("empty", Style()) if over else "")
        filled = f"{c.filled}/{c.slots}"
        return [Text(c.name, no_wrap=True, overflow="ellipsis"), check, str(c.slots), target, heat_text(c.weeks, styles), gap, filled,
                str(len(c.open_due))]

    def _in_plan(self, channel_id: str) -> bool:
        return any(ch.id == channel_id for ch in self.plan.channels)

    def _channel_name(self, channel_id: str | None) -> str:
        if channel_id is None:
            return _("owners")
        return next((c.name for c in self.report.channels if c.channel == channel_id), channel_id)

    def _fill_problems(self) -> None:
        table = self.query_one("#dash-problems", DataTable)
        table.clear()
        self.shown = [p for p in self.problems if self.only is None or p.channel == self.only]
        for i, p in enumerate(self.shown):
            when = "—" if p.at is None else (short_moment(p.at) if p.at.time() != time() else short_date(p.at.date()))
            table.add_row(when, Text(self._channel_name(p.channel), no_wrap=True, overflow="ellipsis"),
                          _(KIND_LABELS.get(p.kind, p.kind)), Text(p.message, no_wrap=True, overflow="ellipsis"),
                          key=str(i))
        total = len(self.problems)
        scope = _("Problems of {channel}").format(channel=self._channel_name(self.only)) if self.only else _("All problems")
        hint = _(" · a: all problems") if self.only else _(" · Enter on a channel: only its problems")
        self.query_one("#dash-problems-title", Static).update(
            _("{scope} ({shown} of {total})").format(scope=scope, shown=len(self.shown), total=total) + hint)
        self._show_detail(0)

    def _show_heat(self, row: int) -> None:
        if not self.report.channels:
            return
        c = self.report.channels[min(row, len(self.report.channels) - 1)]
        self.query_one(HeatStrip).weeks = c.weeks
        below = len(c.weeks_below_target)
        target = (_("no per_week target") if c.per_week_target is None
                  else _("target {n} a week").format(n=_number(c.per_week_target)))
        hours = sum(w.hours for w in c.weeks)
        work = _(" · {hours} of work").format(hours=format_hours(hours)) if hours else ""
        self.query_one("#dash-heat-title", Static).update(
            _("{channel} · slots per week · {target}").format(channel=c.name, target=target)
            + (_(" · {n} below").format(n=below) if below else "") + work)

    def _show_detail(self, row: int) -> None:
        detail = self.query_one("#dash-problem-detail", Static)
        if not self.shown:
            detail.update(_("Nothing to fix in these weeks.") if self.only is None or not self.problems
                          else _("{channel} has nothing to fix in these weeks.").format(
                              channel=self._channel_name(self.only)))
            return
        p = self.shown[min(row, len(self.shown) - 1)]
        title = self._titles.get(p.uid or "")
        detail.update(p.message + "\n" + (_("→ Enter opens « {title} » in the week view").format(title=title) if title
                                          else _("→ Enter opens that day in the week view")))

    @on(DataTable.RowHighlighted, "#dash-channels")
    def _channel_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_heat(event.cursor_row)

    @on(DataTable.RowHighlighted, "#dash-problems")
    def _problem_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    @on(DataTable.RowSelected, "#dash-channels")
    def _channel_selected(self, event: DataTable.RowSelected) -> None:
        self.only = str(event.row_key.value)
        self._fill_problems()
        self.query_one("#dash-problems", DataTable).focus()

    @on(DataTable.RowSelected, "#dash-problems")
    def _problem_selected(self, event: DataTable.RowSelected) -> None:
        if self.shown:
            self.dismiss(self.jump_target(self.shown[event.cursor_row]))

    def jump_target(self, problem: Problem) -> JumpTarget:
        """Where to go for ``problem``: its local date, channel and slot."""
        day = problem.at.date() if problem.at is not None else self.report.start
        return JumpTarget(day, problem.channel, problem.uid)

    def action_choose(self) -> None:
        """Enter: a channel lists its problems, a problem is jumped to."""
        focused = self.focused
        if isinstance(focused, DataTable):
            focused.action_select_cursor()

    def action_all_problems(self) -> None:
        """List every channel's problems again."""
        self.only = None
        self._fill_problems()

    def action_close(self) -> None:
        self.dismiss(None)
