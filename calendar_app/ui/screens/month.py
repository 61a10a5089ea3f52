"""The month overview: ``MonthScreen(session, day, today, hidden)`` dismisses with the day to open, or None."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from calendar_app.core.reviews import meetings_by_day
from calendar_app.i18n import N_
from calendar_app.i18n.dates import format_date
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.messages import PlanChanged
from calendar_app.ui.session import Session, monday_of
from calendar_app.ui.widgets.month_grid import DayCount, MonthData, MonthGrid


def month_data(session: Session, month: date, hidden: frozenset[str]) -> MonthData:
    """Counts per day and channel for the weeks covering ``month`` (its first day)."""
    plan = session.plan
    first = monday_of(month)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    last = monday_of(next_month - timedelta(days=1)) + timedelta(days=7)
    per_day: dict[date, Counter] = {first + timedelta(days=i): Counter() for i in range((last - first).days)}
    open_per_day: Counter = Counter()
    for slot in session.slots.slots(plan, first, last, hidden):
        day = slot.start.date()
        per_day[day][slot.channel] += 1
        if slot.post is None:
            open_per_day[day] += 1
    reviews = meetings_by_day(plan.calendar.reviews, first, last)
    days = tuple(
        DayCount(day, counts, open_per_day[day], tuple(k for k in plan.key_dates if k.covers(day)),
                 tuple(reviews.get(day, ())))
        for day, counts in per_day.items()
    )
    return MonthData(month, days, {c.id: c for c in plan.channels})


MONTH_KEYS = Binding.Group(N_("Month"), compact=True)


class MonthScreen(Screen[date | None]):
    """Slot counts per day and channel for a month; Enter opens the week of the day."""

    # In the footer's order, most needed first ([ and ] share one entry, as in the week view).
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", N_("Prev month"), key_display="[", group=MONTH_KEYS),
        Binding("right_square_bracket", "month(1)", N_("Next month"), key_display="]", group=MONTH_KEYS),
        Binding("escape,m", "close", N_("Back to week")),
        Binding("t", "today", N_("Today")),
    ]

    day: reactive[date] = reactive(date(2000, 1, 3), init=False)
    month_data: reactive[MonthData | None] = reactive(None, init=False)

    def __init__(self, session: Session, day: date, today: date, hidden: frozenset[str] = frozenset()) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.today = today
        self.hidden = hidden
        self._start = day

    def compose(self) -> ComposeResult:
        yield Header()
        yield MonthGrid(self.today, id="month-grid").data_bind(data=MonthScreen.month_data, day=MonthScreen.day)
        yield Footer()

    def on_mount(self) -> None:
        self.day = self._start
        self.query_one(MonthGrid).focus()

    def _rebuild(self) -> None:
        month = self.day.replace(day=1)
        self.month_data = month_data(self.session, month, self.hidden)
        self.sub_title = format_date(month, "month_year")

    def watch_day(self, old: date, new: date) -> None:
        if self.month_data is None or (old.year, old.month) != (new.year, new.month):
            self._rebuild()

    def on_plan_changed(self, message: PlanChanged) -> None:
        self._rebuild()

    @on(MonthGrid.DayPicked)
    def _picked(self, event: MonthGrid.DayPicked) -> None:
        self.day = event.day

    @on(MonthGrid.DaySelected)
    def _selected(self, event: MonthGrid.DaySelected) -> None:
        self.dismiss(event.day)

    def action_month(self, step: int) -> None:
        first = self.day.replace(day=1)
        if step > 0:
            target = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            target = (first - timedelta(days=1)).replace(day=1)
        self.day = target

    def action_today(self) -> None:
        self.day = self.today

    def action_close(self) -> None:
        self.dismiss(None)
