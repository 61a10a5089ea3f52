"""The home screen: one ISO week of slots across the shown channels, with the channel sidebar."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from calendar_app.core.model import Channel, Slot
from calendar_app.i18n import N_, _
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.messages import PlanChanged
from calendar_app.ui.screens.backlog import BacklogChosen, SlotFillChosen
from calendar_app.ui.session import Session, monday_of
from calendar_app.ui.week_data import SlotFilter, WeekData, plan_owners, week_data, week_title
from calendar_app.ui.widgets.sidebar import ChannelSidebar
from calendar_app.ui.widgets.slot_details import SlotDetails
from calendar_app.ui.widgets.week_grid import WeekGrid

WEEK_KEYS = Binding.Group(N_("Week"), compact=True)


class WeekScreen(Screen):
    """Where the plan is read and edited, week by week. Owns the view state; it says what the user
    chose in the messages below, and the app (its edit workflow) opens the forms and saves."""

    @dataclass
    class SlotChosen(Message):
        """Enter on a slot: its post is to be edited (or the open slot filled)."""

        slot: Slot
        day: date
        channel: str | None
        """The channel under the cursor, else the sidebar's."""

    @dataclass
    class NewPostChosen(Message):
        """A new one-off post on ``day``, for ``channel`` by default."""

        day: date
        channel: str | None

    @dataclass
    class PostClearChosen(Message):
        """The post of ``slot`` is to be removed (its rule slot opens again)."""

        slot: Slot

    @dataclass
    class ChannelEditChosen(Message):
        """The channel editor is to open on ``channel`` (None: none chosen, the app says so)."""

        channel: str | None

    class NewChannelChosen(Message):
        """The new-channel wizard is to open."""

    @dataclass
    class ChannelDeleteChosen(Message):
        """The channel highlighted in the sidebar is to be deleted (the app asks first)."""

        channel: str | None

    @dataclass
    class MonthChosen(Message):
        """The month overview of ``day`` is to open."""

        day: date

    class GoToDateChosen(Message):
        """The go-to-date question is to open."""

    class CampaignsChosen(Message):
        """The campaigns screen is to open."""

    @dataclass
    class DashboardChosen(Message):
        """The regularity dashboard of six weeks from ``monday`` is to open."""

        monday: date | None

    # The footer shows the shown bindings in this order (the focused grid's Enter first, the app's
    # last) and cuts the rest at the screen's edge: the keys a person needs first come first; the
    # others stay in help (?) and the palette (ctrl+p).
    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", N_("Previous week"), key_display="[", group=WEEK_KEYS),
        Binding("right_square_bracket", "week(1)", N_("Next week"), key_display="]", group=WEEK_KEYS),
        Binding("n", "new_post", N_("New post")),
        Binding("a", "agenda", N_("Agenda")),
        Binding("m", "month", N_("Month")),
        Binding("r", "dashboard", N_("Check")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
        Binding("e", "edit_channel", N_("Channel")),
        Binding("o", "next_open", N_("Next open")),
        Binding("w", "next_owner", N_("Owner"), tooltip=N_("show one owner's slots; again: the next owner, then all")),
        Binding("F", "next_status", N_("Status"), key_display="F",
                tooltip=N_("show one status; again: the next status, then all")),
        Binding("C", "campaigns", N_("Campaigns"), key_display="C"),
        Binding("f", "fill_slot", N_("Fill from backlog"), show=False),
        Binding("b", "backlog", N_("Backlog"), show=False),
        Binding("t", "today", N_("Today"), show=False),
        Binding("delete", "clear_post", N_("Clear post / delete channel"), show=False),
        Binding("c", "new_channel", N_("New channel"), show=False),
        Binding("g", "go_to_date", N_("Go to date"), show=False),
        Binding("s", "toggle_sidebar", N_("Sidebar"), show=False),
    ]
    NARROW = 110
    """Below this many columns the sidebar starts hidden, leaving the days room (s shows it)."""
    WIDE = 160
    """From this many columns the screen gets the ``-wide`` class (a wider sidebar)."""

    day: reactive[date] = reactive(date(2000, 1, 3), init=False)
    """The day under the cursor; the week shown is its ISO week."""
    hidden: reactive[frozenset[str]] = reactive(frozenset(), init=False)
    """Channels switched off in the sidebar."""
    slot_filter: reactive[SlotFilter] = reactive(SlotFilter, init=False)
    """The owner and status the shown slots must have (``w`` and ``f``, or the palette)."""
    week_data: reactive[WeekData | None] = reactive(None, init=False)
    selected: reactive[Slot | None] = reactive(None, init=False)
    """The slot under the cursor (None on an empty day)."""
    channels: reactive[tuple[Channel, ...]] = reactive((), init=False)
    badges: reactive[Mapping[str, str]] = reactive(dict, init=False)
    """Channel id -> regularity badge for the shown week."""

    def __init__(self, session: Session, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.today = today
        self._sidebar_chosen = False
        """The user showed or hid the sidebar: the width no longer decides."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="week-body"):
            yield ChannelSidebar(id="sidebar").data_bind(
                WeekScreen.channels, WeekScreen.hidden, WeekScreen.badges
            )
            with Vertical(id="week-main"):
                yield WeekGrid(self.today, id="week-grid").data_bind(data=WeekScreen.week_data, day=WeekScreen.day)
                yield SlotDetails(id="slot-details").data_bind(
                    slot=WeekScreen.selected, day=WeekScreen.day, data=WeekScreen.week_data
                )
        yield Footer()

    def on_mount(self) -> None:
        self.channels = self.session.plan.channels
        self.day = self.today
        self._rebuild()
        self.query_one(WeekGrid).focus()

    @property
    def grid(self) -> WeekGrid:
        return self.query_one(WeekGrid)

    @property
    def monday(self) -> date:
        return monday_of(self.day)

    # --- view state ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        monday = self.monday
        self.week_data = week_data(self.session, monday, self.hidden, self.slot_filter)
        self.sub_title = week_title(monday) + self._filter_words()
        # Background work starts once the week is on screen, so it never delays the redraw.
        self.call_after_refresh(self._after_redraw, monday)

    def _after_redraw(self, monday: date) -> None:
        if monday == self.monday:
            collector = getattr(self.app, "idle_gc", None)
            if collector is not None:  # the week is on screen: an overdue GC pass goes now
                collector.after_redraw()
            self._badges(monday)
            self._prefetch(monday)

    def watch_day(self, old: date, new: date) -> None:
        if self.week_data is None or monday_of(old) != monday_of(new):
            self._rebuild()

    def watch_hidden(self) -> None:
        self._rebuild()

    def watch_slot_filter(self) -> None:
        self._rebuild()

    def _filter_words(self) -> str:
        """`` · owner Inès · status draft`` for the title line."""
        return "".join(f" · {part}" for part in self.slot_filter.words())

    def on_plan_changed(self, message: PlanChanged) -> None:
        self.channels = self.session.plan.channels
        known = {c.id for c in self.channels}
        self.hidden = frozenset(h for h in self.hidden if h in known)
        if self.slot_filter.owner is not None and self.slot_filter.owner not in plan_owners(self.session.plan):
            self.slot_filter = SlotFilter(status=self.slot_filter.status)  # nobody owns anything by that name now
        self._rebuild()

    @work(thread=True, exclusive=True, group="badges")
    def _badges(self, monday: date) -> None:
        """Regularity of the shown week per channel, for the sidebar badges."""
        from calendar_app.core.regularity import badge, check_plan

        plan = self.session.plan
        end = monday + timedelta(days=7)
        slots = self.session.slots.slots(plan, monday, end)
        report = check_plan(plan, slots, monday, end, today=self.today)
        badges = {c.channel: badge(c) for c in report.channels}
        self.app.call_from_thread(self._set_badges, monday, badges)

    def _set_badges(self, monday: date, badges: dict[str, str]) -> None:
        if monday == self.monday:
            self.badges = badges

    @work(thread=True, exclusive=True, group="prefetch")
    def _prefetch(self, monday: date) -> None:
        """Expand the weeks around the shown one ahead of time, so paging stays instant."""
        plan = self.session.plan
        for step in (7, -7, 14):
            first = monday + timedelta(days=step)
            self.session.slots.slots(plan, first, first + timedelta(days=7), self.hidden)

    @on(WeekGrid.SlotHighlighted)
    def _highlighted(self, event: WeekGrid.SlotHighlighted) -> None:
        self.selected = event.slot

    @on(WeekGrid.DayPicked)
    def _day_picked(self, event: WeekGrid.DayPicked) -> None:
        self.day = event.day

    @on(WeekGrid.SlotSelected)
    def _slot_selected(self, event: WeekGrid.SlotSelected) -> None:
        self.post_message(self.SlotChosen(event.slot, event.day, self._default_channel()))

    @on(ChannelSidebar.VisibilityChanged)
    def _visibility(self, event: ChannelSidebar.VisibilityChanged) -> None:
        self.hidden = event.hidden

    def show(self, day: date, uid: str | None = None) -> None:
        """Move the cursor to ``day`` (and to the slot ``uid`` when given)."""
        if uid is not None:
            self.grid.select_uid(uid)
        self.day = day

    def _default_channel(self) -> str | None:
        """The channel a new post or a channel edit is about: the cursor's, else the sidebar's."""
        if self.selected is not None:
            return self.selected.channel
        sidebar = self.query_one(ChannelSidebar)
        return sidebar.highlighted_channel

    # --- actions ------------------------------------------------------------------------------

    def action_week(self, step: int) -> None:
        self.day += timedelta(days=7 * step)

    def action_today(self) -> None:
        self.day = self.today

    def action_month(self) -> None:
        self.post_message(self.MonthChosen(self.day))

    def action_agenda(self) -> None:
        from calendar_app.ui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(self.session, self.day, self.today, self.hidden))

    def action_go_to_date(self) -> None:
        self.post_message(self.GoToDateChosen())

    def action_new_post(self) -> None:
        self.post_message(self.NewPostChosen(self.day, self._default_channel()))

    def action_clear_post(self) -> None:
        sidebar = self.query_one(ChannelSidebar)
        if sidebar.has_focus:
            self.post_message(self.ChannelDeleteChosen(sidebar.highlighted_channel))
        elif self.selected is not None and self.selected.post is not None:
            self.post_message(self.PostClearChosen(self.selected))
        else:
            self.app.notify(_("No post here to clear."), severity="warning")

    def action_edit_channel(self) -> None:
        focused = self.focused
        channel = (
            self.query_one(ChannelSidebar).highlighted_channel
            if isinstance(focused, ChannelSidebar) else self._default_channel()
        )
        self.post_message(self.ChannelEditChosen(channel))

    def action_new_channel(self) -> None:
        self.post_message(self.NewChannelChosen())

    def action_next_owner(self) -> None:
        """Show the next owner's slots only (after the last owner: everyone's)."""
        self.set_filter(self.slot_filter.next_owner(plan_owners(self.session.plan)))

    def action_next_status(self) -> None:
        """Show the slots of the next status only (after the last status: all)."""
        self.set_filter(self.slot_filter.next_status())

    def set_filter(self, slot_filter: SlotFilter) -> None:
        """Show only the slots ``slot_filter`` keeps, and say which."""
        self.slot_filter = slot_filter
        if slot_filter.active:
            filters = ", ".join(slot_filter.words())
            self.app.notify(_("Filter: {filters} (w and F change it)").format(filters=filters))
        else:
            self.app.notify(_("Every owner and status shown."))

    def action_backlog(self) -> None:
        self.post_message(BacklogChosen(self._default_channel()))

    def action_fill_slot(self) -> None:
        self.post_message(SlotFillChosen(self.selected, self.day))

    def action_campaigns(self) -> None:
        self.post_message(self.CampaignsChosen())

    def action_dashboard(self) -> None:
        self.post_message(self.DashboardChosen(self.monday))

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= self.WIDE, "-wide")
        if not self._sidebar_chosen:
            self.query_one(ChannelSidebar).display = event.size.width >= self.NARROW

    def action_toggle_sidebar(self) -> None:
        self._sidebar_chosen = True
        sidebar = self.query_one(ChannelSidebar)
        if sidebar.has_focus:
            sidebar.display = False
            self.grid.focus()
        else:
            sidebar.display = True
            sidebar.focus()

    def action_next_open(self) -> None:
        """Put the cursor on the next open slot after it, among the shown channels (12 weeks ahead)."""
        current = self.selected
        after = (current.start, current.channel, current.uid) if current else None
        start = self.day
        for week in range(12):
            first = monday_of(start) + timedelta(days=7 * week)
            for slot in self.session.slots.slots(self.session.plan, first, first + timedelta(days=7), self.hidden):
                if slot.post is not None or slot.start.date() < start or not self.slot_filter.keeps(slot):
                    continue
                if after is not None and (slot.start, slot.channel, slot.uid) <= after:
                    continue
                self.show(slot.start.date(), slot.uid)
                return
        self.app.notify(_("No open slot in the next 12 weeks for the channels shown."))

    def jump_to_channel(self, channel_id: str) -> None:
        """Show the channel, highlight it in the sidebar and put the cursor on its next slot."""
        self.hidden = self.hidden - {channel_id}
        sidebar = self.query_one(ChannelSidebar)
        sidebar.display = True
        sidebar.highlight_channel(channel_id)
        start = self.day
        for week in range(12):
            first = monday_of(start) + timedelta(days=7 * week)
            for slot in self.session.slots.slots(self.session.plan, first, first + timedelta(days=7)):
                if slot.channel == channel_id and slot.start.date() >= start:
                    self.show(slot.start.date(), slot.uid)
                    self.grid.focus()
                    return
        self.app.notify(_("No slot of {channel} in the next 12 weeks.").format(channel=self.session.channel(channel_id).name))
