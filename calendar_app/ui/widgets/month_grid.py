"""The month grid: one cell per day with its slot count per channel, drawn line by line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from calendar_app.core.model import Channel, KeyDate
from calendar_app.core.reviews import Meeting
from calendar_app.i18n import N_, _, ngettext
from calendar_app.i18n.dates import format_date
from calendar_app.ui.bindings import translate_bindings


@dataclass(frozen=True, eq=False)
class DayCount:
    """Slots of one day: how many per channel, and how many are still open."""

    day: date
    per_channel: Counter = field(default_factory=Counter)
    open: int = 0
    key_dates: tuple[KeyDate, ...] = ()
    reviews: tuple[Meeting, ...] = ()


@dataclass(frozen=True, eq=False)
class MonthData:
    """The weeks (Monday first) covering one month."""

    month: date
    """The first of the month."""
    days: tuple[DayCount, ...]
    """Every day from the Monday on or before the 1st to the Sunday on or after the last day."""
    channels: Mapping[str, Channel] = field(default_factory=dict)


class MonthGrid(Widget, can_focus=True):
    """Weeks as rows, days as cells; the cursor is a day."""

    BINDINGS = [
        Binding("right,l", "move(1)", N_("Next day"), show=False),
        Binding("left,h", "move(-1)", N_("Previous day"), show=False),
        Binding("down,j", "move(7)", N_("Next week"), show=False),
        Binding("up,k", "move(-7)", N_("Previous week"), show=False),
        Binding("enter", "open", N_("Open the week")),
    ]

    COMPONENT_CLASSES = {
        "month-grid--weekday",
        "month-grid--day",
        "month-grid--other-month",
        "month-grid--today",
        "month-grid--cursor",
        "month-grid--open",
        "month-grid--key-date",
        "month-grid--review",
        "month-grid--blackout",
        "month-grid--more",
        "month-grid--rule",
    }

    data: reactive[MonthData | None] = reactive(None)
    day: reactive[date] = reactive(date(2000, 1, 3))

    @dataclass
    class DayPicked(Message):
        """The cursor moved to ``day`` (maybe in another month)."""

        grid: MonthGrid
        day: date

    @dataclass
    class DaySelected(Message):
        """Enter on ``day``: open its week."""

        grid: MonthGrid
        day: date

    def __init__(self, today: date, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.today = today
        self._strips: list[Strip] | None = None

    def watch_data(self) -> None:
        self._strips = None
        self.refresh()

    def watch_day(self) -> None:
        self._strips = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._strips = None

    def action_move(self, step: int) -> None:
        day = self.day + timedelta(days=step)
        self.day = day  # at once, so Enter right after opens this day (the screen follows)
        self.post_message(self.DayPicked(self, day))

    def action_open(self) -> None:
        self.post_message(self.DaySelected(self, self.day))

    def on_click(self, event: events.Click) -> None:
        if self.data is None or self.size.width < 7:
            return
        weeks = len(self.data.days) // 7
        cell_h = max(1, (self.size.height - 1) // weeks)
        row, col = (event.y - 1) // cell_h, min(6, event.x * 7 // self.size.width)
        if 0 <= row < weeks:
            day = self.data.days[row * 7 + col].day
            if event.chain == 2:
                self.post_message(self.DaySelected(self, day))
            else:
                self.post_message(self.DayPicked(self, day))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"month-grid--{name}")

    def _cell(self, count: DayCount, width: int, height: int) -> list[Text]:
        assert self.data is not None
        in_month = count.day.month == self.data.month.month
        style = self._style("day" if in_month else "other-month")
        if count.day == self.today:
            style += self._style("today")
        total = sum(count.per_channel.values())
        head = Text(f"{count.day.day:>2}", style=style)
        if total:
            head.append("  " + ngettext("{count} slot", "{count} slots", total).format(count=total))
            if count.open:
                head.append(_(", {count} open").format(count=count.open), style=self._style("open"))
        lines = [head]
        for meeting in count.reviews[:1]:
            lines.append(Text(f"▣ {meeting.start:%H:%M} {meeting.title}", style=self._style("review")))
        for kd in count.key_dates[:1]:
            lines.append(Text(("⛔ " if kd.blackout else "◆ ") + kd.title,
                              style=self._style("blackout" if kd.blackout else "key-date")))
        room = height - len(lines)
        ranked = sorted(count.per_channel.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ranked if len(ranked) <= room else ranked[: max(0, room - 1)]
        for channel_id, n in shown:
            channel = self.data.channels.get(channel_id)
            line = Text()
            line.append("● ", style=Style(color=channel.color) if channel and channel.color else "")
            line.append(f"{n} ")
            line.append(channel.name if channel else channel_id)
            lines.append(line)
        if len(shown) < len(ranked):
            lines.append(Text(_("+{count} channels").format(count=len(ranked) - len(shown)), style=self._style("more")))
        if count.day == self.day:
            for text in lines:
                text.stylize(self._style("cursor"))
                text.style = self._style("cursor")
            lines.extend(Text("", style=self._style("cursor")) for _ in range(height - len(lines)))
        return lines[:height]

    def _build(self) -> list[Strip]:
        width, height = self.size.width, self.size.height
        base = self.rich_style
        if self.data is None or width < 14:
            return [Strip.blank(width, base)] * height
        console = self.app.console
        weeks = len(self.data.days) // 7
        cell_h = max(1, (height - 1) // weeks)
        edges = [width * i // 7 for i in range(8)]
        rule = base + self._style("rule")
        lines: list[list[Strip]] = [[] for _ in range(height)]
        for col in range(7):
            inner = max(1, edges[col + 1] - edges[col] - (1 if col < 6 else 0))
            sep = Strip([Segment("│", rule)]) if col < 6 else Strip([])
            cells: list[Text] = [Text(format_date(self.data.days[col].day, "weekday_long"), style=self._style("weekday"))]
            for row in range(weeks):
                cell = self._cell(self.data.days[row * 7 + col], inner, cell_h - 1)
                cells.extend(cell + [Text("")] * (cell_h - 1 - len(cell)))
                cells.append(Text("─" * inner, style=self._style("rule")))
            for y in range(height):
                text = cells[y].copy() if y < len(cells) else Text("")
                text.truncate(inner, overflow="ellipsis", pad=True)
                strip = Strip(list(text.render(console))).adjust_cell_length(inner, base)
                lines[y].append(Strip.join([strip, sep]).apply_style(base))
        return [Strip.join(parts) for parts in lines]

    def render_line(self, y: int) -> Strip:
        if self._strips is None or len(self._strips) != self.size.height:
            self._strips = self._build()
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)
