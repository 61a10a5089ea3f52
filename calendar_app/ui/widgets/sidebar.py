"""The channel sidebar: every channel with a check box to show it and its regularity badge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from calendar_app.core.model import Channel
from calendar_app.i18n import N_
from calendar_app.ui.bindings import translate_bindings


class ChannelSidebar(SelectionList[str]):
    """Channels on and off; the badge says how the channel's rhythm holds in the visible week.

    Receives ``channels``, ``hidden`` and ``badges`` from its screen; reports toggles with
    :class:`VisibilityChanged`.
    """

    BINDINGS = [
        Binding("space", "select", N_("Show/hide")),
        Binding("o", "only", N_("Only this")),
        Binding("a", "all", N_("All channels")),
    ]

    COMPONENT_CLASSES = SelectionList.COMPONENT_CLASSES | {
        "channel-sidebar--ok",
        "channel-sidebar--problem",
        "channel-sidebar--pending",
    }

    channels: reactive[tuple[Channel, ...]] = reactive(())
    hidden: reactive[frozenset[str]] = reactive(frozenset())
    badges: reactive[Mapping[str, str]] = reactive(dict)

    @dataclass
    class VisibilityChanged(Message):
        """The user showed or hid channels; ``hidden`` is the full set now hidden."""

        sidebar: ChannelSidebar
        hidden: frozenset[str]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self._syncing = False
        self._styles: dict[str, Style] = {}
        self._shown_badges: dict[str, str | None] = {}
        """The badge each prompt shows now, so only changed prompts are redrawn."""

    @property
    def highlighted_channel(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).value

    def _prompt(self, channel: Channel) -> Text:
        """One line: color dot, name (cut to fit), badge at the right edge."""
        badge = short_badge(self.badges.get(channel.id))
        # The check box and its space take 4 cells, the scrollbar what it takes.
        width = max(12, (self.scrollable_content_region.width or 26) - 4)
        name_room = max(4, width - 3 - len(badge))
        name = channel.name if len(channel.name) <= name_room else channel.name[: name_room - 1] + "…"
        prompt = Text()
        prompt.append("● ", style=Style(color=channel.color) if channel.color else "")
        prompt.append(name.ljust(name_room))
        kind = "pending" if badge == "…" else ("ok" if badge.startswith("✔") else "problem")
        prompt.append(" " + badge, style=self._badge_styles[kind])
        return prompt

    def on_resize(self) -> None:
        if self.channels:
            self._shown_badges = {}
            self.watch_badges()

    @property
    def _badge_styles(self) -> dict[str, Style]:
        if not self._styles:
            self._styles = {k: self.get_component_rich_style(f"channel-sidebar--{k}") for k in ("ok", "problem", "pending")}
        return self._styles

    def _rebuild(self) -> None:
        keep = self.highlighted_channel
        self._shown_badges = {c.id: self.badges.get(c.id) for c in self.channels}
        self._syncing = True
        try:
            self.clear_options()
            self.add_options(
                Selection(self._prompt(c), c.id, c.id not in self.hidden, id=c.id) for c in self.channels
            )
            ids = [c.id for c in self.channels]
            if keep in ids:
                self.highlighted = ids.index(keep)
            elif ids:
                self.highlighted = 0
        finally:
            self._syncing = False

    def watch_channels(self) -> None:
        self._rebuild()

    def watch_badges(self) -> None:
        for channel in self.channels:
            badge = self.badges.get(channel.id)
            if self._shown_badges.get(channel.id, "") != badge:
                self._shown_badges[channel.id] = badge
                self.replace_option_prompt(channel.id, self._prompt(channel))

    def watch_hidden(self, hidden: frozenset[str]) -> None:
        self._syncing = True
        try:
            for channel in self.channels:
                if channel.id in hidden:
                    self.deselect(channel.id)
                else:
                    self.select(channel.id)
        finally:
            self._syncing = False

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if self._syncing:
            return
        shown = set(self.selected)
        hidden = frozenset(c.id for c in self.channels if c.id not in shown)
        if hidden != self.hidden:
            self.post_message(self.VisibilityChanged(self, hidden))

    def highlight_channel(self, channel_id: str) -> None:
        ids = [c.id for c in self.channels]
        if channel_id in ids:
            self.highlighted = ids.index(channel_id)

    def action_only(self) -> None:
        keep = self.highlighted_channel
        if keep is not None:
            self.post_message(self.VisibilityChanged(self, frozenset(c.id for c in self.channels if c.id != keep)))

    def action_all(self) -> None:
        self.post_message(self.VisibilityChanged(self, frozenset()))


def short_badge(badge: str | None) -> str:
    """The regularity badge cut for the sidebar: ``⚠ 2 problems`` -> ``⚠ 2``; None -> ``…``."""
    if badge is None:
        return "…"
    if badge.startswith("⚠"):
        return " ".join(badge.split()[:2])
    return badge
