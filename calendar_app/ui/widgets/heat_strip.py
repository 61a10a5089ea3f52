"""A per-week heat strip: one cell per ISO week, its height the share of the target, its color the verdict.

``heat_text(weeks, styles)`` gives the one-line strip used in table cells; the ``HeatStrip``
widget shows the labelled three-line version (week number, bar, count/target). Colors come from
the widget's component classes (``heat-strip--met``, ``--short``, ``--empty``, ``--none``,
``--label``), styled in ``ui/app.tcss``; other widgets borrow them with ``HeatStrip.heat_styles()``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Protocol

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from calendar_app.i18n import _

LEVELS = ("met", "short", "empty", "none")
_GLYPHS = "▁▂▃▄▅▆▇█"


class WeekLike(Protocol):
    """What the strip needs of a week: :class:`calendar_app.regularity.WeekCount` fits."""

    label: str
    count: int
    target: float | None
    below: bool


def heat_level(week: WeekLike) -> str:
    """``met`` (target holds), ``short`` (below, some slots), ``empty`` (below, none), ``none`` (no target)."""
    if week.target is None:
        return "none"
    if week.below:
        return "short" if week.count else "empty"
    return "met"


def heat_glyph(week: WeekLike) -> str:
    """A block as high as the week's count is to its target (full when there is no target)."""
    if week.count == 0:
        return "·"
    if not week.target:
        return _GLYPHS[-1]
    share = min(week.count / week.target, 1.0)
    return _GLYPHS[max(0, round(share * (len(_GLYPHS) - 1)))]


def target_text(week: WeekLike) -> str:
    """``/4``: the whole slots a (pro-rated) target asks for; ``/0.5`` below one a week; ``""`` without."""
    if week.target is None:
        return ""
    if week.target >= 1:
        return f"/{math.floor(week.target + 1e-9)}"
    return f"/{week.target:.1f}"


def week_number(label: str) -> str:
    """``2026-W48`` -> ``W48``."""
    return label.rpartition("-")[2] or label


def heat_text(weeks: Sequence[WeekLike], styles: Mapping[str, Style] | None = None) -> Text:
    """The strip on one line, one character per week."""
    styles = styles or {}
    text = Text(no_wrap=True, overflow="crop")
    for week in weeks:
        text.append(heat_glyph(week), styles.get(heat_level(week), Style()))
    return text


class HeatStrip(Widget):
    """Weeks as labelled cells: ``W48`` / a bar / ``3/4``. Set ``weeks`` to redraw."""

    COMPONENT_CLASSES = {f"heat-strip--{level}" for level in LEVELS} | {"heat-strip--label"}
    DEFAULT_CSS = """
    HeatStrip { height: 3; }
    """

    weeks: reactive[tuple[WeekLike, ...]] = reactive((), layout=True)
    CELL = 6

    def __init__(self, weeks: Sequence[WeekLike] = (), *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(HeatStrip.weeks, tuple(weeks))

    def heat_styles(self) -> dict[str, Style]:
        """The Rich style of each level, as set in the stylesheet."""
        return {level: self.get_component_rich_style(f"heat-strip--{level}", partial=True) for level in LEVELS}

    def render(self) -> Text:
        if not self.weeks:
            return Text(_("no week to show"))
        styles = self.heat_styles()
        label_style = self.get_component_rich_style("heat-strip--label", partial=True)
        cell = self.CELL
        top, bar, counts = Text(no_wrap=True), Text(no_wrap=True), Text(no_wrap=True)
        for week in self.weeks:
            style = styles[heat_level(week)]
            top.append(week_number(week.label).ljust(cell), label_style)
            bar.append((heat_glyph(week) * (cell - 2)).ljust(cell), style)
            counts.append(f"{week.count}{target_text(week)}".ljust(cell), style)
        return Text("\n").join([top, bar, counts])
