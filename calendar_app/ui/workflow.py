"""The edit workflow: from a screen's message to the file written, conflicts asked, undoable and redoable.

The App owns one :class:`EditWorkflow` and hands it the messages its screens post (a slot chosen,
a channel to delete...). Each edit runs as a worker of the ``edit`` group, because it waits for
dialogs (``push_screen_wait``): the form, the move question, a conflict, a confirmation.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calendar_app.core.editing import EditError, add_post, delete_post, move_post, update_post
from calendar_app.core.model import Channel, Slot
from calendar_app.i18n import _, current, library_text, ngettext
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.storage.writer import ConflictError, check_channel
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.conflict import ConflictScreen
from calendar_app.ui.screens.post_editor import MoveChoice, PostEditor
from calendar_app.ui.session import Session

if TYPE_CHECKING:
    from calendar_app.ui.app import CalendarApp


def _title(slot_or_post) -> str:
    title = getattr(slot_or_post, "title", None)
    return _("« {title} »").format(title=title) if title else _("the post")


def _when(moment: datetime) -> str:
    """``Tue 01 Dec 18:30`` / ``mar. 01/12 18:30``: a slot's day and time in a label."""
    return f"{format_date(moment.date(), 'short')} {format_time(moment)}"


def _day(day: date) -> str:
    """``01 Dec`` / ``01/12``: the day a slot was planned, in a label."""
    return f"{day:%d %b}" if current() == "en" else f"{day:%d/%m}"


class EditWorkflow:
    """Every edit of the editor, from the form to the file: checked, conflict-asked, undoable, redoable."""

    def __init__(self, app: CalendarApp, session: Session) -> None:
        self.app = app
        self.session = session

    def _run(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run one edit as a worker (it waits for dialogs); failures reach the App's one handler."""
        self.app.run_worker(work, name=name, group="edit", exit_on_error=False)

    def _notify(self, message: str, **kwargs) -> None:
        self.app.notify(message, **kwargs)

    # --- saving ---------------------------------------------------------------------------

    async def write(self, write: Callable[[bool], object], path: Path, label: str, done: str | None = None,
                    merge: Callable[[], bool] | None = None) -> bool:
        """Run ``write(force)``; on a conflict try ``merge()`` (True: merged with the outside change and
        written), and only if it clashes ask reload / keep mine. True when written."""
        app, force = self.app, False
        while True:
            try:
                write(force)
            except ConflictError:
                if merge is not None and self._merged(merge, path, label):
                    return True
                choice = await app.push_screen_wait(ConflictScreen(path, label))
                if choice == "keep":
                    sure = await app.push_screen_wait(ConfirmScreen(
                        _("Overwrite {file} with your version? The change made outside the app is lost.").format(
                            file=path.name),
                        title=_("Keep mine"), yes=_("Overwrite"), destructive=True))
                    if sure:
                        force = True
                        continue
                    self._notify(_("Nothing written; {file} is as it is on disk.").format(file=path.name))
                elif choice == "reload":
                    self.session.reload()
                    app.plan_changed()
                    self._notify(_("Reloaded {file}; your edit ({label}) was not written.").format(file=path.name, label=label),
                                 severity="warning")
                else:
                    self._notify(_("Nothing written; {file} is as it is on disk.").format(file=path.name))
                return False
            except OSError as exc:
                self._notify(_("Could not write {path}: {reason}").format(path=path, reason=library_text(exc.strerror or exc)),
                             severity="error", timeout=10)
                return False
            break
        app.plan_changed()
        self._notify(done or _("Saved {file}: {label}. (u undoes)").format(file=path.name, label=label))
        return True

    def _merged(self, merge: Callable[[], bool], path: Path, label: str) -> bool:
        """The file changed on disk: True when the edit was merged with that change and written."""
        try:
            if not merge():
                return False
        except OSError:
            return False  # the question that follows lets the person decide
        self.app.plan_changed()
        self._notify(_("Saved {file}: {label}, merged with the outside change. (u undoes yours)").format(
            file=path.name, label=label))
        return True

    async def commit(self, channel: Channel, label: str) -> bool:
        """Save an edited channel now: checked to load back, merged with or asked about an outside change."""
        session = self.session
        if session.current(channel.id) == channel:
            self._notify(_("Nothing changed."))
            return False
        path = session.path_of(channel.id)
        problems = check_channel(channel, session.plan.calendar.timezone, path.name)
        if problems:
            self._notify(_("Not saved:") + "\n" + "\n".join(str(p) for p in problems[:3]), severity="error", timeout=10)
            return False
        return await self.write(lambda force: session.save(channel, label, force=force), path, label,
                                merge=lambda: session.merge_save(channel, label).channel is not None)

    # --- posts ----------------------------------------------------------------------------

    def edit_post(self, slot: Slot | None, day: date, channel_id: str | None = None) -> None:
        """Open the post editor on ``slot`` (None: a new one-off post on ``day``), then save its answer."""
        if not self.session.plan.channels:
            self._notify(_("No channel yet: press c to create one."), severity="warning")
            return
        self._run(self._edit_post(slot, day, channel_id), "edit_post")

    async def _edit_post(self, slot: Slot | None, day: date, channel_id: str | None) -> None:
        app = self.app
        result = await app.push_screen_wait(PostEditor(self.session.plan, channel_id, slot, day))
        if result is None:
            return
        channel = self.session.current(result.channel)
        if channel is None:
            self._notify(_("The channel {channel} is gone (reloaded?); nothing written.").format(channel=result.channel),
                         severity="error")
            return
        old = slot.post if slot else None
        new_post = result.post
        try:
            if new_post is None:
                new, label = delete_post(channel, old), _("cleared {title}").format(title=_title(old))
            elif old is None:
                filled = slot is not None and slot.rule is not None and new_post.at == slot.planned
                new = add_post(channel, new_post)
                when, title = _when(new_post.at), _title(new_post)
                label = (_("filled the {when} slot with {title}") if filled
                         else _("added {title} on {when}")).format(when=when, title=title)
            elif new_post.at != old.at and slot.rule is not None:
                rule = next((r for r in channel.rules if r.id == slot.rule), None)
                choice = await app.push_screen_wait(
                    MoveChoice(channel.name, slot, (rule.label or rule.id) if rule else slot.rule, new_post.at))
                if choice is None:
                    self._notify(_("Move cancelled; nothing written."))
                    return
                # move_post writes the slot's pillar and format into the post leaving it.
                new = move_post(channel, old, new_post, skip_rule=slot.rule if choice == "skip" else None,
                                blackout=self.session.plan.blackout_days)
                label = _("moved {title} to {when}").format(title=_title(new_post), when=_when(new_post.at))
                label += (_(", {day} skipped") if choice == "skip" else _(", {day} slot open again")).format(
                    day=_day(slot.planned))
            elif new_post.at != old.at:
                new = update_post(channel, old, new_post)
                label = _("moved {title} to {when}").format(title=_title(new_post), when=_when(new_post.at))
            else:
                new, label = update_post(channel, old, new_post), _("edited {title}").format(title=_title(new_post))
        except EditError as exc:
            self._notify(_("{problem}; nothing written.").format(problem=exc), severity="error")
            return
        if await self.commit(new, label) and new_post is not None:
            self._show_post(channel.id, new_post.at)

    def clear_post(self, slot: Slot) -> None:
        """Remove the post of ``slot`` (its rule slot is open again)."""
        self._run(self._clear_post(slot), "clear_post")

    async def _clear_post(self, slot: Slot) -> None:
        channel = self.session.current(slot.channel)
        try:
            new = delete_post(channel, slot.post) if channel else None
        except EditError as exc:
            self._notify(_("{problem}; nothing written.").format(problem=exc), severity="error")
            return
        if new is not None:
            await self.commit(new, _("cleared {title}").format(title=_title(slot)))

    def _show_post(self, channel_id: str, at: datetime) -> None:
        day = at.date()
        for slot in self.session.slots.slots(self.session.plan, day - timedelta(days=1), day + timedelta(days=2)):
            if slot.channel == channel_id and slot.planned == at:
                self.app.week_screen.show(slot.start.date(), slot.uid)
                return

    # --- undo and redo --------------------------------------------------------------------

    def undo(self) -> None:
        """Put back the channel as it was before the last edit of this session."""
        if not self.session.undo_stack:
            self._notify(_("Nothing to undo in this session."))
            return
        self._run(self._undo(), "undo")

    async def _undo(self) -> None:
        change = self.session.undo_stack[-1]
        path = self.session.path_of(change.channel)
        left = len(self.session.undo_stack) - 1
        done = ngettext("Undone in {file}: {label}. ({count} more to undo)",
                        "Undone in {file}: {label}. ({count} more to undo)", left).format(
            file=path.name, label=change.label, count=left)
        await self.write(lambda force: self.session.undo(force=force), path,
                         _("undo {label}").format(label=change.label), done=done)

    def redo(self) -> None:
        """Make again the edit undone last (until a new edit is saved)."""
        if not self.session.redo_stack:
            self._notify(_("Nothing to redo: undo an edit first (u)."))
            return
        self._run(self._redo(), "redo")

    async def _redo(self) -> None:
        change = self.session.redo_stack[-1]
        path = self.session.path_of(change.channel)
        label = _("redo {label}").format(label=change.label)
        done = _("Redone in {file}: {label}. (u undoes it again)").format(file=path.name, label=change.label)
        await self.write(lambda force: self.session.redo(force=force), path, label, done=done)

    # --- channels -------------------------------------------------------------------------

    def edit_channel(self, channel_id: str | None) -> None:
        """Open the channel editor on ``channel_id`` and save what it returns."""
        if channel_id is None or self.session.current(channel_id) is None:
            self._notify(_("Select a slot or a channel in the sidebar first."), severity="warning")
            return
        self._run(self._edit_channel(channel_id), "edit_channel")

    async def _edit_channel(self, channel_id: str) -> None:
        editor = self.app.screen_class("rule_editor", "ChannelEditor")
        if editor is None:
            return
        channel = self.session.channel(channel_id)
        screen = editor(channel, self.session.plan, self.app.today)
        edited = await self.app.push_screen_wait(screen)
        if edited is not None:
            # A rhythm changed from a date says so (save_label); other edits are "edited the channel".
            await self.commit(edited, getattr(screen, "save_label", None)
                              or _("edited the channel {name}").format(name=edited.name))

    def new_channel(self) -> None:
        """Open the new-channel wizard and save the channel it creates."""
        self._run(self._new_channel(), "new_channel")

    async def _new_channel(self) -> None:
        wizard = self.app.screen_class("channel_wizard", "ChannelWizard")
        if wizard is None:
            return
        plan = self.session.plan
        taken = set(self.session.stamps) - {c.id for c in plan.channels}  # files that failed to load
        created = await self.app.push_screen_wait(wizard(plan, self.app.today, taken))
        if created is not None and await self.commit(created, _("created the channel {name}").format(name=created.name)):
            self.app.week_screen.jump_to_channel(created.id)

    def delete_channel(self, channel_id: str | None) -> None:
        """Ask, then delete the channel's file (undoable in this session)."""
        if channel_id is None or self.session.current(channel_id) is None:
            self._notify(_("Highlight a channel in the sidebar first."), severity="warning")
            return
        self._run(self._delete_channel(channel_id), "delete_channel")

    async def _delete_channel(self, channel_id: str) -> None:
        channel = self.session.channel(channel_id)
        path = self.session.path_of(channel_id)
        n = len(channel.posts)
        sure = await self.app.push_screen_wait(ConfirmScreen(
            ngettext("Delete the channel « {name} »? Its file {file} and its {count} post "
                     "are removed (u undoes it in this session).",
                     "Delete the channel « {name} »? Its file {file} and its {count} posts "
                     "are removed (u undoes it in this session).", n).format(name=channel.name, file=path.name, count=n),
            title=_("Delete channel"), yes=_("Delete"), destructive=True))
        if sure:
            await self.write(lambda force: self.session.remove(channel_id, _("deleted {name}").format(name=channel.name),
                                                                 force=force),
                             path, _("deleted the channel {name}").format(name=channel.name))
