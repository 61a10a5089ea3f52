"""The week grid: seven day columns of slots, drawn line by line, only what fits on screen."""

from __future__ import annotations

from dataclasses import dataclass
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

from calendar_app.core.model import Slot
from calendar_app.i18n import N_, _, current, pgettext
from calendar_app.i18n.dates import format_date
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.week_data import DayColumn, WeekData
from calendar_app.ui.widgets.status import STATUS_ICONS, status_class

MIN_SLOT_LINES = 2
MAX_SLOT_LINES = 5
"""A slot takes 2 lines (channel, then time, status and title), more when the week is sparse
enough for its titles to wrap."""
MAX_KEY_DATE_LINES = 2


def _minutes(slot: Slot) -> int:
    return slot.planned.hour * 60 + slot.planned.minute



def day_header(day: date, wide: bool) -> str:
    """A day column's head: ``Tue 01 Dec`` / ``mar. 01/12`` (wide), ``Tue 01`` / ``mar 01``."""
    if current() == "en":
        return f"{day:%a %d}" + (f" {day:%b}" if wide else "")
    return format_date(day, "short") if wide else f"{format_date(day, 'weekday').rstrip('.')} {day:%d}"

class WeekGrid(Widget, can_focus=True):
    """Days as columns, slots as two-line entries; a cursor on one slot (or on an empty day).

    Receives ``data`` and ``day`` from its screen; reports the cursor with messages.
    """

    BINDINGS = [
        Binding("down,j", "cursor(1)", N_("Next slot"), show=False),
        Binding("up,k", "cursor(-1)", N_("Previous slot"), show=False),
        Binding("right,l", "day(1)", N_("Next day"), show=False),
        Binding("left,h", "day(-1)", N_("Previous day"), show=False),
        Binding("pagedown", "cursor(8)", N_("Page down"), show=False),
        Binding("pageup", "cursor(-8)", N_("Page up"), show=False),
        Binding("home", "first", N_("First slot of the day"), show=False),
        Binding("end", "last", N_("Last slot of the day"), show=False),
        Binding("enter", "select", N_("Edit")),
    ]

    COMPONENT_CLASSES = {
        f"week-grid--{name}" for name in (
            "header", "today", "selected-day", "key-date", "blackout", "rule", "time", "channel",
            "cursor", "cursor-blurred", "more", "empty", *(status_class(s) for s in STATUS_ICONS),
        )
    }

    data: reactive[WeekData | None] = reactive(None, layout=False)
    day: reactive[date] = reactive(date(2000, 1, 3))

    @dataclass
    class SlotHighlighted(Message):
        """The cursor moved to ``slot`` (None: the cursor is on a day without slots)."""

        grid: WeekGrid
        slot: Slot | None
        day: date

    @dataclass
    class SlotSelected(Message):
        """Enter was pressed on ``slot`` (None: on an empty day)."""

        grid: WeekGrid
        slot: Slot | None
        day: date

    @dataclass
    class DayPicked(Message):
        """The user moved the cursor to ``day`` (which may lie in another week)."""

        grid: WeekGrid
        day: date

    def __init__(self, today: date, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.today = today
        self.row = 0
        """Index of the cursor slot in the selected day's column."""
        self._offsets = [0] * 7
        self._strips: list[Strip] | None = None
        self._wanted_minutes: int | None = None
        self._wanted_uid: str | None = None
        self._pending = False
        """A jump waits for its slot's day to be shown."""
        self._slot_lines = MIN_SLOT_LINES
        self._styles: dict[str, Style] = {}
        self._columns: dict[int, list[list[Segment]]] = {}
        """Rendered lines per column index, dropped when that column changes."""
        self._drawn_day = -1
        self._narrowest = 0

    # --- state -------------------------------------------------------------------------------

    @property
    def column(self) -> DayColumn | None:
        if self.data is None:
            return None
        index = (self.day - self.data.monday).days
        return self.data.days[index] if 0 <= index < 7 else None

    @property
    def slot(self) -> Slot | None:
        """The slot under the cursor."""
        column = self.column
        if column is None or not column.slots:
            return None
        return column.slots[min(self.row, len(column.slots) - 1)]

    def _place_cursor(self, everything: bool = True) -> None:
        """After new data or a new day: keep the same slot, else the nearest time of day."""
        column = self.column
        slots = column.slots if column else ()
        hit = next((i for i, s in enumerate(slots) if s.uid == self._wanted_uid), None)
        found = hit is not None
        if not slots:
            self.row = 0
        elif found:
            self.row = hit
        elif self._wanted_minutes is not None:
            self.row = min(range(len(column.slots)), key=lambda i: abs(_minutes(column.slots[i]) - self._wanted_minutes))
        else:
            self.row = min(self.row, len(column.slots) - 1)
        if found or not self._pending:
            self._pending = False
            self._remember()
        self._changed(everything)

    def _remember(self) -> None:
        slot = self.slot
        if slot is not None:
            self._wanted_uid = slot.uid
            self._wanted_minutes = _minutes(slot)

    def _changed(self, everything: bool = True) -> None:
        """Redraw: every column, or only the cursor's day (and the day it left)."""
        if everything:
            self._columns.clear()
        else:
            for index in {self._drawn_day, self._day_index()}:
                self._columns.pop(index, None)
        self._drawn_day = self._day_index()
        self._strips = None
        self.refresh()
        self.post_message(self.SlotHighlighted(self, self.slot, self.day))

    def watch_data(self) -> None:
        self._place_cursor()

    def watch_day(self) -> None:
        self._place_cursor(everything=False)

    def select_uid(self, uid: str) -> None:
        """Put the cursor on the slot ``uid``, now or as soon as its day is shown."""
        self._wanted_uid = uid
        self._wanted_minutes = None
        self._pending = True
        self._place_cursor(everything=False)

    def _day_index(self) -> int:
        return (self.day - self.data.monday).days if self.data is not None else -1

    def on_resize(self, event: events.Resize) -> None:
        self._columns.clear()
        self._strips = None

    def on_focus(self) -> None:
        self._changed(everything=False)
        self.refresh()

    def on_blur(self) -> None:
        self._changed(everything=False)
        self.refresh()

    # --- actions -----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        column = self.column
        if column is None or not column.slots:
            return
        row = max(0, min(len(column.slots) - 1, self.row + step))
        self._pending = False
        if row != self.row:
            self.row = row
            self._remember()
            self._changed(everything=False)

    def action_first(self) -> None:
        self.action_cursor(-len(self.column.slots) if self.column else 0)

    def action_last(self) -> None:
        self.action_cursor(len(self.column.slots) if self.column else 0)

    def action_day(self, step: int) -> None:
        self._pending = False
        self._remember()
        self._wanted_uid = None
        day = self.day + timedelta(days=step)
        # Moved here at once (the screen confirms through the binding), so a key pressed right
        # after, such as Enter, acts on the new day and never on the one just left.
        self.day = day
        self.post_message(self.DayPicked(self, day))

    def action_select(self) -> None:
        self.post_message(self.SlotSelected(self, self.slot, self.day))

    def on_click(self, event: events.Click) -> None:
        if self.data is None or self.size.width < 7:
            return
        index = min(6, event.x * 7 // self.size.width)
        day = self.data.days[index].day
        hit = self._slot_at_line(index, event.y)
        if hit is not None:
            self._wanted_uid = hit.uid
        if day != self.day:
            self.post_message(self.DayPicked(self, day))
        elif hit is not None:
            self._place_cursor()
            if event.chain == 2:
                self.action_select()

    # --- drawing -----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        # Looked up once per redraw: resolving a component style walks the CSS each time.
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"week-grid--{name}")
        return style

    def _key_lines(self) -> int:
        if self.data is None:
            return 0
        return min(MAX_KEY_DATE_LINES, max((len(c.key_dates) for c in self.data.days), default=0))

    def _band_lines(self) -> int:
        """One line for the campaign band when a campaign touches the week, else none."""
        if self.data is None:
            return 0
        return 1 if any(c.campaigns for c in self.data.days) else 0

    def _body_top(self) -> int:
        return 1 + self._key_lines() + self._band_lines() + 1

    def _window(self, index: int, count: int, height: int, cursor: int | None) -> tuple[int, int, bool]:
        """(first slot shown, how many, overflowing) for a column with ``count`` slots."""
        per = self._slot_lines
        if count * per <= height:
            self._offsets[index] = 0
            return 0, count, False
        fits = max(1, (height - 2) // per)
        offset = min(self._offsets[index], count - fits)
        if cursor is not None:
            if cursor < offset:
                offset = cursor
            elif cursor >= offset + fits:
                offset = cursor - fits + 1
        self._offsets[index] = max(0, offset)
        return self._offsets[index], fits, True

    def _slot_at_line(self, index: int, y: int) -> Slot | None:
        column = self.data.days[index]
        height = self.size.height - self._body_top()
        line = y - self._body_top()
        if line < 0 or not column.slots:
            return None
        first, shown, overflow = self._window(index, len(column.slots), height, None)
        line -= 1 if overflow else 0
        n = first + line // self._slot_lines
        return column.slots[n] if line >= 0 and first <= n < first + shown else None

    def _column_lines(self, index: int, width: int, height: int) -> list[Text]:
        assert self.data is not None
        column = self.data.days[index]
        selected = column.day == self.day
        lines: list[Text] = []
        header_style = self._style("header")
        if column.day == self.today:
            header_style += self._style("today")
        if selected:
            header_style += self._style("selected-day")
        narrowest = self._narrowest  # every column gets the same header form
        label = day_header(column.day, wide=narrowest >= 10)
        if column.day == self.today and narrowest >= 16:
            label += _(" · today")
        lines.append(Text(label, style=header_style))
        key_lines = self._key_lines()
        shown_keys = list(column.key_dates[:key_lines])
        for n, kd in enumerate(shown_keys):
            more = len(column.key_dates) - key_lines
            text = ("⛔ " if kd.blackout else "◆ ") + kd.title
            if n == key_lines - 1 and more > 0:
                text = _("+{count} key dates").format(count=more + 1)
            lines.append(Text(text, style=self._style("blackout" if kd.blackout else "key-date")))
        lines.extend(Text("") for _ in range(key_lines - len(shown_keys)))
        if self._band_lines():
            lines.append(self._band_line(column, width))
        lines.append(Text("─" * width, style=self._style("rule")))
        body = height - len(lines)
        cursor_style = self._style("cursor" if self.has_focus else "cursor-blurred")
        if not column.slots:
            empty = Text(_("no slot"), style=self._style("empty"))
            if selected:
                empty = Text(_("no slot · n: new"), style=cursor_style)
            if self.data is not None and self.data.filters:  # slots may be there, filtered out
                empty = Text(_("filtered"), style=cursor_style if selected else self._style("empty"))
            lines.append(empty)
            return lines
        cursor = min(self.row, len(column.slots) - 1) if selected else None
        first, shown, overflow = self._window(index, len(column.slots), body, cursor)
        if overflow:
            lines.append(Text(_("↑ {count} more").format(count=first) if first else "", style=self._style("more")))
        for n in range(first, first + shown):
            lines.extend(self._slot_lines_for(column.slots[n], width, n == cursor, cursor_style))
        if overflow:
            rest = len(column.slots) - first - shown
            lines.append(Text(_("↓ {count} more").format(count=rest) if rest else "", style=self._style("more")))
        return lines

    def _band_line(self, column: DayColumn, width: int) -> Text:
        """The campaign band of a day: ``★ Salon…`` on its anchor day, ``▬ Salon…`` on a step's day
        (in the campaign's colour), ``+1`` when another campaign shares the day."""
        if not column.campaigns:
            return Text("")
        mark = column.campaigns[0]
        style = Style(color=mark.color) if mark.color else self._style("key-date")
        text = Text("★ " if mark.anchor else "▬ ", style=style + Style(bold=mark.anchor))
        text.append(mark.name, style=Style(bold=mark.anchor))
        more = len(column.campaigns) - 1
        tail = f" +{more}" if more else ""
        room = max(3, width - len(tail))  # the count stays in sight: the name is cut before it
        if text.cell_len > room:
            text.truncate(room - 1, overflow="crop")
            text.rstrip()  # « ★ Salon B12… », not « ★ Salon B12 … »
            text.append("…")
        if tail:
            text.append(tail, style=self._style("more"))
        return text

    def _slot_lines_for(self, slot: Slot, width: int, under_cursor: bool, cursor_style: Style) -> list[Text]:
        """The lines of one slot, behind a bar in the channel's color: the channel's name, then
        time, status icon and title (wrapped over the lines the week leaves room for)."""
        assert self.data is not None
        channel = self.data.channels.get(slot.channel)
        bar_style = Style(color=channel.color) if channel and channel.color else self._style("channel")
        top = Text("▌", style=bar_style)
        top.append(channel.name if channel else slot.channel, style=self._style("channel"))
        status_style = self._style(status_class(slot.status))
        body = Text(f"{slot.planned:%H:%M} ", style=self._style("time"))
        body.append(STATUS_ICONS[slot.status] + " ", style=status_style)
        body.append(slot.title or (pgettext("status", "open") if slot.post is None else _("(untitled)")), style=status_style)
        room = self._slot_lines - 1
        inner = max(1, width - 1)
        wrapped = list(body.wrap(self.app.console, inner, overflow="fold"))
        rest = wrapped[:room]
        if len(wrapped) > room:
            last = rest[-1]
            last.rstrip()
            if last.cell_len >= inner:
                last.truncate(inner - 1)
            last.append("…")
        rest += [Text("")] * (room - len(rest))
        out = [top]
        for line in rest:
            text = Text("▌", style=bar_style)
            text.append_text(line)
            out.append(text)
        if under_cursor:
            for text in out:
                text.truncate(width, overflow="ellipsis", pad=True)
                text.stylize(cursor_style, 1)
        return out

    def _choose_slot_lines(self, height: int) -> None:
        assert self.data is not None
        body = height - self._body_top()
        most = max((len(c.slots) for c in self.data.days), default=0)
        per = body // most if most else MIN_SLOT_LINES
        self._slot_lines = max(MIN_SLOT_LINES, min(MAX_SLOT_LINES, per))

    def _column_segments(self, index: int, inner: int, height: int, base: Style) -> list[list[Segment]]:
        """The segments of each line of one column, kept until that column changes."""
        cached = self._columns.get(index)
        if cached is not None and len(cached) == height:
            return cached
        console = self.app.console
        texts = self._column_lines(index, inner, height)
        lines = []
        for y in range(height):
            text = texts[y] if y < len(texts) else Text("")
            text.truncate(inner, overflow="ellipsis", pad=True)
            lines.append(list(Segment.apply_style(text.render(console), base)))
        self._columns[index] = lines
        return lines

    def _build(self) -> list[Strip]:
        width, height = self.size.width, self.size.height
        base = self.rich_style
        if self.data is None or width < 14:
            return [Strip.blank(width, base)] * height
        if not self._columns:
            self._styles = {}
            self._choose_slot_lines(height)
        sep = [Segment("│", base + self._style("rule"))]
        edges = [width * i // 7 for i in range(8)]
        # Every column but the last gives its last cell to the separator.
        inners = [max(1, edges[i + 1] - edges[i] - (1 if i < 6 else 0)) for i in range(7)]
        self._narrowest = min(inners[:6])
        columns = [self._column_segments(i, inners[i], height, base) for i in range(7)]
        return [
            Strip([seg for i in range(7) for seg in (columns[i][y] + sep if i < 6 else columns[i][y])], width)
            for y in range(height)
        ]

    def render_line(self, y: int) -> Strip:
        if self._strips is None or len(self._strips) != self.size.height:
            self._strips = self._build()
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)
