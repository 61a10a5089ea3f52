"""The command palette's calendar commands: every action, and a jump to each channel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from calendar_app.i18n import _


class CalendarCommands(Provider):
    """Export, check, go to date, new post or channel, undo, reload; jump to or edit a channel."""

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        return [
            ("Export feeds", "write the iCalendar feeds, like `calendar-app export` (x)", app.action_export),
            ("Regularity dashboard", "the `check` facts per channel, problems listed (r)", partial(app.open_dashboard, None)),
            ("Go to date", "jump to a day: 2026-12-01, +2w, W05 (g)", app.go_to_date),
            ("New post", "a one-off post on the selected day (n)", partial(app.run_week_action, "new_post")),
            ("Next open slot", "the next slot with nothing planned, among the channels shown (o)",
             partial(app.run_week_action, "next_open")),
            ("New channel", "create a channel with a small wizard (c)", app.new_channel),
            (_("Agenda"), _("the coming slots one per line (a)"), partial(app.run_week_action, "agenda")),
            ("Month overview", "slot counts per day and channel (m)", partial(app.run_week_action, "month")),
            ("Today", "back to the week of today (t)", partial(app.run_week_action, "today")),
            ("Undo", "undo the last edit of this session (u)", app.action_undo),
            ("Reload files", "read plan files changed outside the app (ctrl+r)", app.action_reload),
            ("Help", "keys, statuses and how saving works (?)", app.action_help),
        ]

    def _channel_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        out = []
        for channel in app.session.plan.channels:
            out.append((f"Jump to channel: {channel.name}", f"its next slot from the selected day ({channel.id}.toml)",
                        partial(app.jump_to_channel, channel.id)))
            out.append((f"Edit channel: {channel.name}", f"settings and rules of {channel.id}.toml",
                        partial(app.edit_channel, channel.id)))
            out.append((f"Delete channel: {channel.name}", f"remove {channel.id}.toml (asks first; u undoes)",
                        partial(app.delete_channel, channel.id)))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._actions() + self._channel_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
