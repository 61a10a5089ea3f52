"""The campaigns' edits in the editor: a new step written into the campaign file, the anchor moved after a preview.

Each write goes through the edit workflow's ``write`` (a file changed on disk is asked about, never
overwritten silently), is checked to load back before anything is written, and is undoable (``u``)
as a :class:`~calendar_app.ui.session.FileEdit` of the campaign file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from calendar_app.core.model import Slot
from calendar_app.i18n import _, ngettext
from calendar_app.storage.campaign_steps import add_step, step_appended, step_updated, update_step
from calendar_app.storage.writer import read_stamp
from calendar_app.ui.campaign_view import (
    CampaignRow,
    StepRow,
    campaign_file_key,
    campaign_rows,
    check_campaign_text,
    move_anchor_text,
    move_preview,
    step_landing,
)
from calendar_app.ui.screens.anchor_move import AnchorMove, preview_text
from calendar_app.ui.screens.campaigns import CampaignsScreen, anchor_text
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.post_editor import PostEditor
from calendar_app.ui.screens.step_editor import StepEditor
from calendar_app.ui.session import FileEdit, Session

if TYPE_CHECKING:
    from calendar_app.ui.app import CalendarApp

#: The keys of a post the post editor changes and a step keeps (its time comes from the anchor).
POST_KEYS = ("title", "status", "owner", "pillar", "format", "notes", "link")


class CampaignWorkflow:
    """Every campaign edit of the editor: ``n`` and ``m`` in a campaign's timeline."""

    def __init__(self, app: CalendarApp, session: Session) -> None:
        self.app = app
        self.session = session

    def _run(self, work, name: str) -> None:
        self.app.run_worker(work, name=name, group="edit", exit_on_error=False)

    def open(self) -> None:
        """Show the campaigns screen."""
        self.app.push_screen(CampaignsScreen(self.session, self.app.today))

    def _campaign(self, campaign_id: str):
        campaign = next((c for c in campaign_rows(self.session) if c.id == campaign_id), None)
        if campaign is None:
            self.app.notify(_("The campaign {id} is no longer in the plan; nothing written.").format(id=campaign_id),
                            severity="error")
        return campaign

    def _expected(self, key: str, force: bool) -> str | None:
        if force:
            now = read_stamp(self.session.path_of(key))
            return now.digest if now else None
        stamp = self.session.stamps.get(key)
        return stamp.digest if stamp else None

    # --- a new step -------------------------------------------------------------------------

    def new_step(self, campaign_id: str, channel: str | None) -> None:
        """Open the new-step form and write its answer into the campaign's file."""
        if not self.session.plan.channels:
            self.app.notify(_("No channel yet: press c to create one."), severity="warning")
            return
        self._run(self._new_step(campaign_id, channel), "new_step")

    async def _new_step(self, campaign_id: str, channel: str | None) -> None:
        campaign = self._campaign(campaign_id)
        if campaign is None:
            return
        step = await self.app.push_screen_wait(StepEditor(
            self.session.plan, campaign.name, channel, lambda s: step_landing(self.session, campaign_id, s)))
        if step is None:
            return
        key = campaign_file_key(campaign)
        path = self.session.path_of(key)
        title = step.get("title")
        label = (_("added the step « {title} » to {campaign}") if title
                 else _("added a {channel} step to {campaign}")).format(
            title=title, channel=step["channel"], campaign=campaign.name)

        def write(force: bool) -> None:
            expected = self._expected(key, force)
            problems = check_campaign_text(self.session, path, lambda text: step_appended(text, step))
            if problems:
                raise _Refused(problems)
            before, stamp = add_step(path, step, expected)
            self.session.record_file_edit(FileEdit(key, before, path.read_bytes(), label), stamp)

        await self._write(write, path, label)

    async def _write(self, write, path, label: str) -> bool:
        try:
            return await self.app.workflow.write(write, path, label)
        except _Refused as refused:
            self.app.notify(_("Not saved:") + "\n" + "\n".join(refused.problems[:3]), severity="error", timeout=10)
            return False

    # --- a step's post, edited from the week view or the agenda --------------------------------

    def step_of(self, slot: Slot) -> tuple[CampaignRow, StepRow] | None:
        """The campaign and step whose post fills ``slot`` (None: a post of the channel's file)."""
        if slot.post is None:
            return None
        for campaign in campaign_rows(self.session):
            for step in campaign.steps:
                if step.uid is not None and step.uid == slot.uid:
                    return campaign, step
        return None

    def edit_step_post(self, slot: Slot, campaign: CampaignRow, step: StepRow) -> None:
        """Open the post editor on a step's slot; what it answers is written into the campaign's file."""
        self._run(self._edit_step_post(slot, campaign, step), "edit_step_post")

    async def _edit_step_post(self, slot: Slot, campaign: CampaignRow, step: StepRow) -> None:
        app = self.app
        key = campaign_file_key(campaign)
        path = self.session.path_of(key)
        result = await app.push_screen_wait(PostEditor(self.session.plan, slot.channel, slot, slot.start.date()))
        if result is None:
            return
        old, new = slot.post, result.post
        if new is None:
            app.notify(_("This post is the step of the campaign « {campaign} »: remove the step from {file} "
                         "to clear it; nothing written.").format(campaign=campaign.name, file=path.name),
                       severity="warning", timeout=10)
            return
        if new.at != old.at or result.channel != slot.channel:
            app.notify(_("This post is the step of the campaign « {campaign} »: it moves with the anchor "
                         "(m in the campaign's timeline) or its offset in {file}; nothing written.").format(
                campaign=campaign.name, file=path.name), severity="warning", timeout=10)
            return
        changes = {k: getattr(new, k) for k in POST_KEYS if getattr(new, k) != getattr(old, k)}
        if not changes:
            app.notify(_("Nothing changed."))
            return
        label = _("edited the step « {title} » of {campaign}").format(
            title=new.title or step.title or step.channel, campaign=campaign.name)

        def write(force: bool) -> None:
            expected = self._expected(key, force)
            problems = check_campaign_text(self.session, path, lambda text: step_updated(text, step.index, changes))
            if problems:
                raise _Refused(problems)
            before, stamp = update_step(path, step.index, changes, expected)
            self.session.record_file_edit(FileEdit(key, before, path.read_bytes(), label), stamp)

        await self._write(write, path, label)

    # --- moving the anchor ------------------------------------------------------------------

    def move_anchor(self, campaign_id: str) -> None:
        """Ask the new anchor day (with a preview of every step's new place), confirm, and write."""
        self._run(self._move_anchor(campaign_id), "move_anchor")

    async def _move_anchor(self, campaign_id: str) -> None:
        app, session = self.app, self.session
        campaign = self._campaign(campaign_id)
        if campaign is None:
            return
        names = {c.id: c.name for c in session.plan.channels}
        day = await app.push_screen_wait(AnchorMove(campaign, app.today, lambda d: move_preview(session, campaign_id, d),
                                                    names))
        if day is None:
            return
        landings = move_preview(session, campaign_id, day)
        if isinstance(landings, str):
            app.notify(landings, severity="error")
            return
        blocked = tuple(landing for landing in landings if landing.problem)
        if blocked:
            n = len(blocked)
            question = ngettext(
                "{count} step of « {name} » lands on a blackout day or a taken slot:",
                "{count} steps of « {name} » land on a blackout day or a taken slot:", n).format(
                count=n, name=campaign.name)
            sure = await app.push_screen_wait(ConfirmScreen(
                question + "\n\n" + preview_text(blocked, names).plain + "\n\n" + _("Move the anchor anyway?"),
                title=_("Move the campaign"), yes=_("Move anyway"), destructive=True))
            if not sure:
                app.notify(_("Move cancelled; nothing written."))
                return
        key = campaign_file_key(campaign)
        path = session.path_of(key)
        label = _("moved {campaign} to {day}").format(campaign=campaign.name, day=anchor_text(day))

        def write(force: bool) -> None:
            expected = self._expected(key, force)
            before, stamp = move_anchor_text(session, campaign_id, path, day, expected)
            session.record_file_edit(FileEdit(key, before, path.read_bytes(), label), stamp)

        await self._write(write, path, label)


class _Refused(Exception):
    """The edit would leave the campaign file with errors: nothing is written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


__all__ = ["CampaignWorkflow"]
