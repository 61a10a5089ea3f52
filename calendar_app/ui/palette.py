"""The command palette's calendar commands: every action, and a jump to each channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from calendar_app.i18n import _
from calendar_app.site.words import status_name
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.week_data import STATUS_ORDER, SlotFilter, plan_owners


class CalendarCommands(Provider):
    """Export, check, go to date, new post or channel, undo, reload; jump to or edit a channel."""

    def _say(self, make: Callable[[], Message]) -> Callable[[], None]:
        """A command that posts what the week screen would post for its key (the app handles it)."""
        return lambda: self.app.week_screen.post_message(make())

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        return [
            (_("Export feeds"), _("write the iCalendar feeds, like `calendar-app export` (x)"), app.action_export),
            (_("Regularity dashboard"), _("the `check` facts per channel, problems listed (r)"),
             self._say(partial(WeekScreen.DashboardChosen, None))),
            (_("Go to date"), _("jump to a day: 2026-12-01, +2w, W05 (g)"), self._say(WeekScreen.GoToDateChosen)),
            (_("New post"), _("a one-off post on the selected day (n)"), partial(app.run_week_action, "new_post")),
            (_("Next open slot"), _("the next slot with nothing planned, among the channels shown (o)"),
             partial(app.run_week_action, "next_open")),
            (_("New channel"), _("create a channel with a small wizard (c)"), self._say(WeekScreen.NewChannelChosen)),
            (_("Agenda"), _("the coming slots one per line (a)"), partial(app.run_week_action, "agenda")),
            (_("Month overview"), _("slot counts per day and channel (m)"), partial(app.run_week_action, "month")),
            (_("Today"), _("back to the week of today (t)"), partial(app.run_week_action, "today")),
            (_("Backlog"), _("the ideas waiting for a slot: write, edit, delete (b)"), partial(app.run_week_action, "backlog")),
            (_("Campaigns"), _("the campaigns, their steps across channels; new step, move the anchor (C)"),
             self._say(WeekScreen.CampaignsChosen)),
            (_("Fill the slot from the backlog"), _("the ideas the open slot under the cursor may take (f)"),
             partial(app.run_week_action, "fill_slot")),
            (_("Undo"), _("undo the last edit of this session (u)"), app.action_undo),
            (_("Redo"), _("redo the edit undone last (U)"), app.action_redo),
            (_("Reload files"), _("read plan files changed outside the app (ctrl+r)"), app.action_reload),
            (_("Help"), _("keys, statuses and how saving works (?)"), app.action_help),
        ]

    def _channel_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        out = []
        for channel in app.session.plan.channels:
            out.append((_("Jump to channel: {name}").format(name=channel.name),
                        _("its next slot from the selected day ({file})").format(file=f"{channel.id}.toml"),
                        partial(app.jump_to_channel, channel.id)))
            out.append((_("Edit channel: {name}").format(name=channel.name),
                        _("settings and rules of {file}").format(file=f"{channel.id}.toml"),
                        self._say(partial(WeekScreen.ChannelEditChosen, channel.id))))
            out.append((_("Delete channel: {name}").format(name=channel.name),
                        _("remove {file} (asks first; u undoes)").format(file=f"{channel.id}.toml"),
                        self._say(partial(WeekScreen.ChannelDeleteChosen, channel.id))))
        return out

    def _filter(self, **change: str | None) -> Callable[[], None]:
        """A command that changes one part of the week view's filter (owner or status), keeping the other."""

        def apply() -> None:
            screen = self.app.week_screen
            screen.set_filter(replace(screen.slot_filter, **change))

        return apply

    def _filter_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        out = [(_("Filter: every owner and status"), _("show every slot of the channels shown again"),
                lambda: self.app.week_screen.set_filter(SlotFilter()))]
        for owner in plan_owners(self.app.session.plan):
            out.append((_("Filter by owner: {owner}").format(owner=owner),
                        _("the week shows only the slots {owner} owns (w: the next owner)").format(owner=owner),
                        self._filter(owner=owner)))
        for status in STATUS_ORDER:
            out.append((_("Filter by status: {status}").format(status=status_name(status)),
                        _("the week shows only the slots whose status is {status} (F: the next one)").format(
                            status=status_name(status)),
                        self._filter(status=status)))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._actions() + self._filter_commands()[:1]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._actions() + self._filter_commands() + self._channel_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
