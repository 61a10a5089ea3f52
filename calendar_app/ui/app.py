"""The editor app: opens the week view on a plans folder and saves every confirmed edit at once."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from calendar_app.core.editing import EditError, add_post, delete_post, move_post, update_post
from calendar_app.storage.writer import check_channel
from calendar_app.core.model import Channel, Slot
from calendar_app.storage.writer import ConflictError
from calendar_app.ui.idle_gc import IdleCollector
from calendar_app.ui.messages import PlanChanged
from calendar_app.ui.palette import CalendarCommands
from calendar_app.ui.screens.conflict import CommentWarning, ConflictScreen
from calendar_app.ui.screens.go_to_date import GoToDate
from calendar_app.ui.screens.help import HelpScreen
from calendar_app.ui.screens.load_errors import LoadErrorsScreen
from calendar_app.ui.screens.month import MonthScreen
from calendar_app.ui.screens.post_editor import MoveChoice, PostEditor
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.session import Session

#: App actions that must not fire while a dialog is open (a stray key on a focused button).
_BLOCKED_IN_DIALOGS = {"undo", "export", "reload", "help", "quit"}


def _title(slot_or_post) -> str:
    title = getattr(slot_or_post, "title", None)
    return f"« {title} »" if title else "the post"


class CalendarApp(App[None]):
    """Week view, post editor, channel editor, dashboard; every edit written to its TOML file."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {CalendarCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("u", "undo", "Undo"),
        Binding("x", "export", "Export"),
        Binding("ctrl+r", "reload", "Reload files", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(self, plans_dir: Path | str, today: date, *, now: Callable[[], datetime] | None = None,
                 feeds_dir: Path | str | None = None) -> None:
        super().__init__()
        self.session = Session(plans_dir)
        self.today = today
        self._now = now or (lambda: datetime.now(timezone.utc).replace(microsecond=0))
        self.feeds_dir = Path(feeds_dir) if feeds_dir else Path(plans_dir).resolve().parent / "feeds"
        self.title = self.session.plan.calendar.name
        self.idle_gc = IdleCollector(self)

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
        if action in _BLOCKED_IN_DIALOGS and isinstance(self.screen, ModalScreen):
            return False
        return True

    def plan_changed(self, channels: frozenset[str] | None = None) -> None:
        """Tell every open screen the plan changed, so each redraws what it shows."""
        for screen in self.screen_stack:
            screen.post_message(PlanChanged(channels))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place background failures reach: said in a notification, the app keeps going."""
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", title="Error", severity="error", timeout=10)

    # --- saving ---------------------------------------------------------------------------

    async def _write(self, write: Callable[[bool], object], path: Path, label: str, done: str | None = None) -> bool:
        """Run ``write(force)``; on a conflict ask reload / keep mine. True when written."""
        force = False
        while True:
            try:
                write(force)
            except ConflictError:
                choice = await self.push_screen_wait(ConflictScreen(path, label))
                if choice == "keep":
                    from calendar_app.ui.screens.confirm import ConfirmScreen

                    sure = await self.push_screen_wait(ConfirmScreen(
                        f"Overwrite {path.name} with your version? The change made outside the app is lost.",
                        title="Keep mine", yes="Overwrite", destructive=True))
                    if sure:
                        force = True
                        continue
                    self.notify(f"Nothing written; {path.name} is as it is on disk.")
                elif choice == "reload":
                    self.session.reload()
                    self.plan_changed()
                    self.notify(f"Reloaded {path.name}; your edit ({label}) was not written.", severity="warning")
                else:
                    self.notify(f"Nothing written; {path.name} is as it is on disk.")
                return False
            except OSError as exc:
                self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error", timeout=10)
                return False
            break
        self.plan_changed()
        self.notify(done or f"Saved {path.name}: {label}. (u undoes)")
        return True

    async def commit(self, channel: Channel, label: str) -> bool:
        """Save an edited channel now: checked to load back, comments warned, conflicts asked."""
        session = self.session
        if session.current(channel.id) == channel:
            self.notify("Nothing changed.")
            return False
        path = session.path_of(channel.id)
        problems = check_channel(channel, session.plan.calendar.timezone, path.name)
        if problems:
            self.notify("Not saved:\n" + "\n".join(str(p) for p in problems[:3]), severity="error", timeout=10)
            return False
        if session.needs_comment_warning(channel.id):
            if not await self.push_screen_wait(CommentWarning(path)):
                self.notify(f"Nothing written; {path.name} is unchanged.")
                return False
            session.accept_comment_loss(channel.id)
        return await self._write(lambda force: session.save(channel, label, force=force), path, label)

    # --- posts ----------------------------------------------------------------------------

    def edit_post(self, slot: Slot | None, day: date, channel_id: str | None = None) -> None:
        """Open the post editor on ``slot`` (None: a new one-off post on ``day``)."""
        if not self.session.plan.channels:
            self.notify("No channel yet: press c to create one.", severity="warning")
            return
        self._edit_post(slot, day, channel_id)

    @work(group="edit", exit_on_error=False)
    async def _edit_post(self, slot: Slot | None, day: date, channel_id: str | None) -> None:
        result = await self.push_screen_wait(PostEditor(self.session.plan, channel_id, slot, day))
        if result is None:
            return
        channel = self.session.current(result.channel)
        if channel is None:
            self.notify(f"The channel {result.channel} is gone (reloaded?); nothing written.", severity="error")
            return
        old = slot.post if slot else None
        new_post = result.post
        try:
            if new_post is None:
                new, label = delete_post(channel, old), f"cleared {_title(old)}"
            elif old is None:
                filled = slot is not None and slot.rule is not None and new_post.at == slot.planned
                new = add_post(channel, new_post)
                when = f"{new_post.at:%a %d %b %H:%M}"
                label = f"filled the {when} slot with {_title(new_post)}" if filled else f"added {_title(new_post)} on {when}"
            elif new_post.at != old.at and slot.rule is not None:
                rule = next((r for r in channel.rules if r.id == slot.rule), None)
                choice = await self.push_screen_wait(
                    MoveChoice(channel.name, slot, (rule.label or rule.id) if rule else slot.rule, new_post.at))
                if choice is None:
                    self.notify("Move cancelled; nothing written.")
                    return
                # move_post writes the slot's pillar and format into the post leaving it.
                new = move_post(channel, old, new_post, skip_rule=slot.rule if choice == "skip" else None,
                                blackout=self.session.plan.blackout_days)
                label = f"moved {_title(new_post)} to {new_post.at:%a %d %b %H:%M}"
                label += f", {slot.planned:%d %b} skipped" if choice == "skip" else f", {slot.planned:%d %b} slot open again"
            elif new_post.at != old.at:
                new, label = update_post(channel, old, new_post), f"moved {_title(new_post)} to {new_post.at:%a %d %b %H:%M}"
            else:
                new, label = update_post(channel, old, new_post), f"edited {_title(new_post)}"
        except EditError as exc:
            self.notify(f"{exc}; nothing written.", severity="error")
            return
        if await self.commit(new, label) and new_post is not None:
            self._show_post(channel.id, new_post.at)

    def clear_post(self, slot: Slot) -> None:
        self._clear_post(slot)

    @work(group="edit", exit_on_error=False)
    async def _clear_post(self, slot: Slot) -> None:
        channel = self.session.current(slot.channel)
        try:
            new = delete_post(channel, slot.post) if channel else None
        except EditError as exc:
            self.notify(f"{exc}; nothing written.", severity="error")
            return
        if new is not None:
            await self.commit(new, f"cleared {_title(slot)}")

    def _show_post(self, channel_id: str, at: datetime) -> None:
        day = at.date()
        for slot in self.session.slots.slots(self.session.plan, day - timedelta(days=1), day + timedelta(days=2)):
            if slot.channel == channel_id and slot.planned == at:
                self.week_screen.show(slot.start.date(), slot.uid)
                return

    # --- undo, reload, export -------------------------------------------------------------

    def action_undo(self) -> None:
        if not self.session.undo_stack:
            self.notify("Nothing to undo in this session.")
            return
        self._undo()

    @work(group="edit", exit_on_error=False)
    async def _undo(self) -> None:
        change = self.session.undo_stack[-1]
        path = self.session.path_of(change.channel)
        left = len(self.session.undo_stack) - 1
        await self._write(lambda force: self.session.undo(force=force), path, f"undo {change.label}",
                          done=f"Undone in {path.name}: {change.label}. ({left} more to undo)")

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
            self.notify(f"Reloaded {len(changed_files)} file{'s' if len(changed_files) != 1 else ''} changed on disk: {shown}")
        else:
            self.notify("No plan file changed on disk.")
        if self.session.errors:
            self.push_screen(LoadErrorsScreen(self.session.errors, len(self.session.plan.channels)))

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self) -> None:
        """Write the feeds as `calendar-app export` does (30 days back, 12 weeks ahead)."""
        from calendar_app.feeds.incremental.export import export_feeds
        from calendar_app.feeds.filter import feed_window

        start, end = feed_window(self.today)
        out = self.feeds_dir
        try:
            result = export_feeds(self.session.plan, out, start=start, end=end, now=self._now())
        except (OSError, ValueError) as exc:
            message = getattr(exc, "strerror", None) or str(exc)
            self.call_from_thread(self.notify, f"Export failed, nothing written to {out}: {message}",
                                  severity="error", timeout=10)
            return
        self.call_from_thread(
            self.notify,
            f"{len(result.paths)} feeds in {out} ({result.events} events, {len(result.written)} files rewritten)",
            title="Feeds exported", timeout=8,
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

    def _screen_class(self, module: str, name: str):
        """A screen written alongside the editor; None (and a note) while it is not there yet."""
        try:
            return getattr(importlib.import_module(f"calendar_app.ui.screens.{module}"), name)
        except (ImportError, AttributeError):
            self.notify(f"{name} is not available in this build yet.", severity="warning")
            return None

    def edit_channel(self, channel_id: str | None) -> None:
        if channel_id is None or self.session.current(channel_id) is None:
            self.notify("Select a slot or a channel in the sidebar first.", severity="warning")
            return
        self._edit_channel(channel_id)

    @work(group="edit", exit_on_error=False)
    async def _edit_channel(self, channel_id: str) -> None:
        editor = self._screen_class("rule_editor", "ChannelEditor")
        if editor is None:
            return
        channel = self.session.channel(channel_id)
        screen = editor(channel, self.session.plan, self.today)
        edited = await self.push_screen_wait(screen)
        if edited is not None:
            # A rhythm changed from a date says so (save_label); other edits are "edited the channel".
            await self.commit(edited, getattr(screen, "save_label", None) or f"edited the channel {edited.name}")

    def new_channel(self) -> None:
        self._new_channel()

    @work(group="edit", exit_on_error=False)
    async def _new_channel(self) -> None:
        wizard = self._screen_class("channel_wizard", "ChannelWizard")
        if wizard is None:
            return
        plan = self.session.plan
        taken = set(self.session.stamps) - {c.id for c in plan.channels}  # files that failed to load
        created = await self.push_screen_wait(wizard(plan, self.today, taken))
        if created is not None and await self.commit(created, f"created the channel {created.name}"):
            self.week_screen.jump_to_channel(created.id)

    def delete_channel(self, channel_id: str | None) -> None:
        if channel_id is None or self.session.current(channel_id) is None:
            self.notify("Highlight a channel in the sidebar first.", severity="warning")
            return
        self._delete_channel(channel_id)

    @work(group="edit", exit_on_error=False)
    async def _delete_channel(self, channel_id: str) -> None:
        from calendar_app.ui.screens.confirm import ConfirmScreen

        channel = self.session.channel(channel_id)
        path = self.session.path_of(channel_id)
        n = len(channel.posts)
        sure = await self.push_screen_wait(ConfirmScreen(
            f"Delete the channel « {channel.name} »? Its file {path.name} and its {n} post{'s' if n != 1 else ''} "
            "are removed (u undoes it in this session).",
            title="Delete channel", yes="Delete", destructive=True))
        if sure:
            await self._write(lambda force: self.session.remove(channel_id, f"deleted {channel.name}", force=force),
                              path, f"deleted the channel {channel.name}")

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
        dashboard = self._screen_class("dashboard", "Dashboard")
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
