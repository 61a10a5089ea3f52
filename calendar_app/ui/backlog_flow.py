"""The backlog's edits: an idea written, edited or deleted in the backlog panel, and an open slot
filled with an idea (``f``), from the screen's message to the files written.

A change of one channel file goes through the edit workflow's ``commit`` (checked, merged with or
asked about an outside change, undoable); a change that touches ``_ideas.toml`` is written with
the channel file it goes with, all files or none, as ``fill --write`` does.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from calendar_app.core.backlog import FillResult, Placement, applied, ideas_for_slot
from calendar_app.core.model import Channel, Idea, Slot
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_datetime
from calendar_app.storage.ideas import IDEAS_FILE
from calendar_app.storage.toml_edit import LayoutError
from calendar_app.storage.writer import ConflictError
from calendar_app.ui.forms.idea_form import backlog_change
from calendar_app.ui.screens.backlog import BacklogScreen, IdeaEditor, IdeaPicker
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.session import Session, monday_of

if TYPE_CHECKING:
    from calendar_app.ui.app import CalendarApp


class BacklogWorkflow:
    """Every backlog edit of the editor: the panel's ideas and ``f`` on an open slot."""

    def __init__(self, app: CalendarApp, session: Session) -> None:
        self.app = app
        self.session = session

    def _run(self, work, name: str) -> None:
        self.app.run_worker(work, name=name, group="edit", exit_on_error=False)

    def open(self, channel: str | None) -> None:
        """Show the backlog panel (new ideas for ``channel`` by default)."""
        self.app.push_screen(BacklogScreen(self.session, channel))

    # --- writing ----------------------------------------------------------------------------

    async def _save(self, channel: Channel | None, shared: tuple[Idea, ...] | None, label: str) -> bool:
        """Write the change; True when written."""
        if shared is None:
            return channel is not None and await self.app.workflow.commit(channel, label)
        try:
            self.session.save_backlog(channel, shared, label)
        except ConflictError as exc:
            self.app.notify(_("{file} changed on disk since it was read; nothing was written (ctrl+r reloads)").format(
                file=exc.path.name), severity="error", timeout=10)
            return False
        except LayoutError as exc:
            self.app.notify(_("cannot edit the ideas in place ({error}); nothing was written").format(error=exc),
                            severity="error", timeout=10)
            return False
        except OSError as exc:
            self.app.notify(_("cannot write the plan files ({error}); nothing was written").format(
                error=exc.strerror or exc), severity="error", timeout=10)
            return False
        self.app.plan_changed()
        files = ", ".join(([f"{channel.id}.toml"] if channel is not None else []) + [IDEAS_FILE])
        self.app.notify(_("Saved {files}: {label}.").format(files=files, label=label))
        return True

    # --- the panel ----------------------------------------------------------------------------

    def edit_idea(self, idea: Idea | None, channel: str | None) -> None:
        """Open the idea form on ``idea`` (None: a new idea) and write its answer."""
        if not self.session.plan.channels:
            self.app.notify(_("No channel yet: press c to create one."), severity="warning")
            return
        self._run(self._edit_idea(idea, channel), "edit_idea")

    async def _edit_idea(self, idea: Idea | None, channel: str | None) -> None:
        new = await self.app.push_screen_wait(IdeaEditor(self.session.plan, idea, channel))
        if new is None:
            return
        if new == idea:
            self.app.notify(_("Nothing changed."))
            return
        change = backlog_change(self.session.plan, idea, new)
        label = (_("wrote the idea « {title} »") if idea is None else _("edited the idea « {title} »")).format(
            title=new.title)
        await self._save(change.channel, change.shared, label)

    def delete_idea(self, idea: Idea) -> None:
        """Ask, then take ``idea`` out of the backlog."""
        self._run(self._delete_idea(idea), "delete_idea")

    async def _delete_idea(self, idea: Idea) -> None:
        sure = await self.app.push_screen_wait(ConfirmScreen(
            _("Delete the idea « {title} » from {file}?").format(title=idea.title, file=idea.source),
            title=_("Delete idea"), yes=_("Delete"), no=_("Keep"), destructive=True))
        if sure:
            change = backlog_change(self.session.plan, idea, None)
            await self._save(change.channel, change.shared, _("deleted the idea « {title} »").format(title=idea.title))

    # --- f: an open slot filled from the backlog ---------------------------------------------

    def candidates(self, slot: Slot) -> list[Idea]:
        """The ideas ``slot`` may take, ranked as ``fill`` ranks them (its week's posts count for the hours)."""
        plan = self.session.plan
        monday = monday_of(slot.start.date())
        slots = self.session.slots.slots(plan, monday, monday + timedelta(days=7))
        return ideas_for_slot(plan, slot, slots, self.app.today)

    def fill_slot(self, slot: Slot | None) -> None:
        """Offer the ideas the open rule slot ``slot`` may take; the one chosen becomes its post."""
        if slot is None:
            self.app.notify(_("No slot here: f fills an open slot with an idea of the backlog."), severity="warning")
            return
        if slot.post is not None or slot.rule is None:
            self.app.notify(_("This slot already has its post: f fills an open slot (o: the next open one)."),
                            severity="warning")
            return
        ideas = self.candidates(slot)
        if not ideas:
            self.app.notify(_("No idea of the backlog fits this slot (channel, format, pillar, dates, effort, "
                              "hours); b opens the backlog."), severity="warning")
            return
        self._run(self._fill_slot(slot, ideas), "fill_slot")

    async def _fill_slot(self, slot: Slot, ideas: list[Idea]) -> None:
        when = format_datetime(slot.start.replace(tzinfo=None))
        name = self.session.channel(slot.channel).name
        idea = await self.app.push_screen_wait(IdeaPicker(
            _("Fill the {channel} slot of {when}").format(channel=name, when=when), ideas))
        if idea is None:
            return
        channels, shared = applied(self.session.plan, FillResult((Placement(idea, slot, None, None),), ()))
        label = _("filled the {when} slot with the idea « {title} »").format(when=when, title=idea.title)
        if await self._save(channels[slot.channel], shared, label):
            self.app.week_screen.show(slot.start.date(), slot.uid)
