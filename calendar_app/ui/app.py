"""The editor app: the screens, navigation and background work; edits go to its workflow (ui/workflow.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from calendar_app.i18n import N_, _, library_text, ngettext
from calendar_app.ui.backlog_flow import BacklogWorkflow
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.campaign_flow import CampaignWorkflow
from calendar_app.ui.idle_gc import IdleCollector
from calendar_app.ui.messages import PlanChanged
from calendar_app.ui.palette import CalendarCommands
from calendar_app.ui.screens.backlog import BacklogChosen, BacklogScreen, SlotFillChosen
from calendar_app.ui.screens.campaigns import CampaignTimeline
from calendar_app.ui.screens.go_to_date import GoToDate
from calendar_app.ui.screens.help import HelpScreen
from calendar_app.ui.screens.load_errors import LoadErrorsScreen
from calendar_app.ui.screens.month import MonthScreen
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.session import Session
from calendar_app.ui.workflow import EditWorkflow

if TYPE_CHECKING:
    from calendar_app.ui.screens.agenda import AgendaScreen

#: App actions that must not fire while a dialog is open (a stray key on a focused button).
_BLOCKED_IN_DIALOGS = {"undo", "redo", "export", "reload", "help", "quit"}


class CalendarApp(App[None]):
    """Week view, post editor, channel editor, dashboard; every edit written to its TOML file.

    The App navigates and owns the background work (reload, export, dashboard data); the screens
    post what the user chose, and the edits go to :class:`~calendar_app.ui.workflow.EditWorkflow`.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {CalendarCommands}
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("u", "undo", N_("Undo")),
        Binding("U", "redo", N_("Redo"), key_display="U"),
        Binding("x", "export", N_("Export")),
        Binding("ctrl+r", "reload", N_("Reload files"), show=False),
        Binding("q", "quit", N_("Quit"), show=False),
    ]

    def __init__(self, plans_dir: Path | str, today: date, *, now: Callable[[], datetime] | None = None,
                 feeds_dir: Path | str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = Session(plans_dir)
        self.today = today
        self._now = now or (lambda: datetime.now(timezone.utc).replace(microsecond=0))
        self.feeds_dir = Path(feeds_dir) if feeds_dir else Path(plans_dir).resolve().parent / "feeds"
        self.title = self.session.plan.calendar.name
        self.idle_gc = IdleCollector(self)
        self.workflow = EditWorkflow(self, self.session)
        """Every edit, from the form to the file: the screens' messages are handed to it."""
        self.backlog = BacklogWorkflow(self, self.session)
        """The backlog's edits: the panel's ideas, and f on an open slot."""
        self.campaigns = CampaignWorkflow(self, self.session)
        """The campaigns screen and its edits: a new step, the anchor moved."""

    def get_default_screen(self) -> WeekScreen:
        return WeekScreen(self.session, self.today)

    def on_mount(self) -> None:
        self.call_after_refresh(self.idle_gc.start)  # once the first view is on screen
        if self.session.errors:
            self.push_screen(LoadErrorsScreen(self.session.errors, len(self.session.plan.channels)))

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    async def on_event(self, event: events.Event) -> None:
        self.idle_gc.saw(event)
        await super().on_event(event)

    @property
    def week_screen(self) -> WeekScreen:
        return next(s for s in self.screen_stack if isinstance(s, WeekScreen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in _BLOCKED_IN_DIALOGS and isinstance(self.screen, ModalScreen))

    def plan_changed(self, channels: frozenset[str] | None = None) -> None:
        """Tell every open screen the plan changed, so each redraws what it shows."""
        for screen in self.screen_stack:
            screen.post_message(PlanChanged(channels))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place background failures reach: said in a notification, the app keeps going."""
        if event.state == WorkerState.ERROR:
            self.notify(_("{task} failed: {error}").format(task=event.worker.name, error=event.worker.error),
                        title=_("Error"), severity="error", timeout=10)

    # --- what the screens say: edits go to the workflow ------------------------------------

    def on_week_screen_slot_chosen(self, message: WeekScreen.SlotChosen) -> None:
        self._edit_slot(message.slot, message.day, message.channel)

    def on_agenda_screen_slot_chosen(self, message: AgendaScreen.SlotChosen) -> None:
        self._edit_slot(message.slot, message.day, message.channel)

    def _edit_slot(self, slot, day: date, channel: str | None) -> None:
        """A campaign step's post is written into its campaign's file, any other into its channel's."""
        step = self.campaigns.step_of(slot) if slot is not None else None
        if step is not None:
            self.campaigns.edit_step_post(slot, *step)
        else:
            self.workflow.edit_post(slot, day, channel)

    def on_week_screen_new_post_chosen(self, message: WeekScreen.NewPostChosen) -> None:
        self.workflow.edit_post(None, message.day, message.channel)

    def on_week_screen_post_clear_chosen(self, message: WeekScreen.PostClearChosen) -> None:
        self.workflow.clear_post(message.slot)

    def on_week_screen_channel_edit_chosen(self, message: WeekScreen.ChannelEditChosen) -> None:
        self.workflow.edit_channel(message.channel)

    def on_week_screen_new_channel_chosen(self, message: WeekScreen.NewChannelChosen) -> None:
        self.workflow.new_channel()

    def on_week_screen_channel_delete_chosen(self, message: WeekScreen.ChannelDeleteChosen) -> None:
        self.workflow.delete_channel(message.channel)

    def on_week_screen_month_chosen(self, message: WeekScreen.MonthChosen) -> None:
        self.open_month(message.day)

    def on_week_screen_go_to_date_chosen(self, message: WeekScreen.GoToDateChosen) -> None:
        self.go_to_date()

    def on_week_screen_dashboard_chosen(self, message: WeekScreen.DashboardChosen) -> None:
        self.open_dashboard(message.monday)

    def on_backlog_chosen(self, message: BacklogChosen) -> None:
        self.backlog.open(message.channel)

    def on_slot_fill_chosen(self, message: SlotFillChosen) -> None:
        self.backlog.fill_slot(message.slot)

    def on_backlog_screen_idea_edit_chosen(self, message: BacklogScreen.IdeaEditChosen) -> None:
        self.backlog.edit_idea(message.idea, message.channel)

    def on_backlog_screen_idea_delete_chosen(self, message: BacklogScreen.IdeaDeleteChosen) -> None:
        self.backlog.delete_idea(message.idea)

    def on_week_screen_campaigns_chosen(self, message: WeekScreen.CampaignsChosen) -> None:
        self.campaigns.open()

    def on_campaign_timeline_new_step_chosen(self, message: CampaignTimeline.NewStepChosen) -> None:
        self.campaigns.new_step(message.campaign, message.channel)

    def on_campaign_timeline_anchor_move_chosen(self, message: CampaignTimeline.AnchorMoveChosen) -> None:
        self.campaigns.move_anchor(message.campaign)

    # --- undo, reload, export -------------------------------------------------------------

    def action_undo(self) -> None:
        self.workflow.undo()

    def action_redo(self) -> None:
        self.workflow.redo()

    def action_reload(self) -> None:
        self._reload(explicit=True)

    def on_app_focus(self, event: events.AppFocus) -> None:
        self._reload(explicit=False)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, explicit: bool) -> None:
        """Read the files again (only when some changed, unless asked with ctrl+r)."""
        changed_files = self.session.changed_on_disk()
        if not changed_files and not explicit:
            return
        self.session.reload()
        self.call_from_thread(self._reloaded, changed_files, explicit)

    def _reloaded(self, changed_files: list[str], explicit: bool) -> None:
        self.plan_changed()
        if changed_files:
            shown = ", ".join(changed_files[:4]) + (" …" if len(changed_files) > 4 else "")
            n = len(changed_files)
            self.notify(ngettext("Reloaded {count} file changed on disk: {files}",
                                 "Reloaded {count} files changed on disk: {files}", n).format(count=n, files=shown))
        else:
            self.notify(_("No plan file changed on disk."))
        if self.session.errors:
            self.push_screen(LoadErrorsScreen(self.session.errors, len(self.session.plan.channels)))

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self) -> None:
        """Write the feeds as `calendar-app export` does (30 days back, 12 weeks ahead)."""
        from calendar_app.feeds.filter import feed_window
        from calendar_app.feeds.incremental.export import export_feeds

        start, end = feed_window(self.today)
        out = self.feeds_dir
        try:
            result = export_feeds(self.session.plan, out, start=start, end=end, now=self._now())
        except (OSError, ValueError) as exc:
            message = getattr(exc, "strerror", None) or str(exc)
            self.call_from_thread(self.notify, _("Export failed, nothing written to {path}: {reason}").format(
                path=out, reason=library_text(message)),
                                  severity="error", timeout=10)
            return
        self.call_from_thread(
            self.notify,
            ngettext("{count} feed in {path} ({events} events, {written} files rewritten)",
                     "{count} feeds in {path} ({events} events, {written} files rewritten)",
                     len(result.paths)).format(count=len(result.paths), path=out, events=result.events,
                                               written=len(result.written)),
            title=_("Feeds exported"), timeout=8,
        )

    # --- other screens --------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def run_week_action(self, name: str) -> None:
        getattr(self.week_screen, f"action_{name}")()

    def open_month(self, day: date) -> None:
        def opened(chosen: date | None) -> None:
            if chosen is not None:
                self.week_screen.show(chosen)

        self.push_screen(MonthScreen(self.session, day, self.today, self.week_screen.hidden), opened)

    def go_to_date(self) -> None:
        def chosen(target: date | None) -> None:
            if target is not None:
                self.week_screen.show(target)

        self.push_screen(GoToDate(self.today), chosen)

    def jump_to_channel(self, channel_id: str) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WeekScreen):
            self.pop_screen()
        self.week_screen.jump_to_channel(channel_id)

    def screen_class(self, module: str, name: str):
        """A screen written alongside the editor; None (and a note) while it is not there yet."""
        try:
            return getattr(importlib.import_module(f"calendar_app.ui.screens.{module}"), name)
        except (ImportError, AttributeError):
            self.notify(_("{name} is not available in this build yet.").format(name=name), severity="warning")
            return None

    def open_dashboard(self, monday: date | None = None) -> None:
        """The regularity dashboard of six weeks from ``monday`` (default: the shown week)."""
        self._dashboard_data(monday or self.week_screen.monday)

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _dashboard_data(self, monday: date) -> None:
        from calendar_app.core.regularity import run_check

        plan = self.session.plan
        # The week of today gets exactly `check`'s window and today; another week starts on its Monday.
        start = None if monday <= self.today < monday + timedelta(days=7) else monday
        slots, report = run_check(plan, self.today, start=start,
                                  slots_of=lambda lo, hi: self.session.slots.slots(plan, lo, hi))
        self.call_from_thread(self._show_dashboard, plan, slots, report)

    def _show_dashboard(self, plan, slots, report) -> None:
        dashboard = self.screen_class("dashboard", "Dashboard")
        if dashboard is None:
            return

        def jump(target) -> None:
            if target is None:
                return
            screen = self.week_screen
            if target.channel and target.channel in screen.hidden:
                screen.hidden = screen.hidden - {target.channel}
            screen.show(target.date, target.uid)

        self.push_screen(dashboard(plan, slots, report, self.today), jump)


def run(plans_dir: Path | str, today: date) -> None:
    """Open the editor on ``plans_dir`` (``today`` as the CLI read it)."""
    CalendarApp(plans_dir, today).run()
