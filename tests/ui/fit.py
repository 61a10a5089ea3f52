"""What the screen-size tests share: open a screen from the week view and wait for it, tell whether a widget
is in sight whole and uncovered, whether inputs are usable, and read the text on screen line by line."""

from __future__ import annotations

import html
import re

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input

from calendar_app.ui.screens.rule_editor import ChannelEditor
from calendar_app.ui.widgets.preview import RulePreview

MIN_INPUT_WIDTH = 8


async def open_from_week(pilot, settle, keys, expected) -> None:
    await settle(pilot)
    await pilot.press(*keys)
    for _ in range(200):  # the dashboard is computed in a thread, the channel editor in a worker
        await settle(pilot)
        if isinstance(pilot.app.screen, expected):
            break
        await pilot.pause(0.02)
    assert isinstance(pilot.app.screen, expected), pilot.app.screen
    if isinstance(pilot.app.screen, ChannelEditor):
        preview = pilot.app.screen.query_one(RulePreview)
        for _ in range(200):
            if preview.version > 0 and not pilot.app.screen.preview_pending:
                break
            await pilot.pause(0.02)
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    await pilot.pause()


def shown(widget: Widget) -> bool:
    """Displayed, and so is every container around it (a hidden custom-rhythm box hides its fields)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def assert_in_sight(screen, widget: Widget) -> None:
    """The whole widget lies inside the screen, and what is drawn at its middle is the widget."""
    region = widget.region
    assert region.width > 0 and region.height > 0, f"{widget!r} has no room: {region}"
    assert Region(0, 0, *screen.size).contains_region(region), f"{widget!r} {region} leaves the {screen.size} screen"
    under, _ = screen.get_widget_at(*region.center)
    assert under is widget or widget in under.ancestors, f"{under!r} covers {widget!r} at {region.center}"


def assert_inputs_usable(screen) -> None:
    """Every shown input is wide enough to use and lies within the screen's width (forms scroll
    up and down, never sideways)."""
    width = screen.size.width
    inputs = [field for field in screen.query(Input) if shown(field)]
    for field in inputs:
        region = field.region
        assert region.width >= MIN_INPUT_WIDTH, f"{field!r} is {region.width} columns wide"
        assert region.x >= 0 and region.right <= width, f"{field!r} {region} leaves the {width}-column screen"


def assert_fits(screen, selectors) -> None:
    """Each widget whole inside the screen and not covered; every shown input usable."""
    for selector in selectors:
        assert_in_sight(screen, screen.query_one(selector))
    assert_inputs_usable(screen)


def screen_lines(app, own: bool = False) -> list[str]:
    """The text on screen, one string per terminal line (from the screenshot's SVG text runs, each
    put at its cell: Rich writes ``x = column * 12.2``, ``y = line * 24.4 + 20``). ``own``: only
    what the top screen's own widgets cover (a dialog over the week view leaves some of it in sight)."""
    svg = app.export_screenshot()
    width, height = app.size
    grid = [[" "] * (width + 8) for _ in range(height)]
    for attrs, text in re.findall(r"<text([^>]*)>(.*?)</text>", svg, re.DOTALL):
        x, y = re.search(r'\bx="([\d.]+)"', attrs), re.search(r'\by="([\d.]+)"', attrs)
        if not (x and y):
            continue
        row, col = round((float(y.group(1)) - 20) / 24.4), round(float(x.group(1)) / 12.2)
        for i, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= row < height and col + i < len(grid[row]):
                grid[row][col + i] = char
    lines = ["".join(row) for row in grid]
    if not own:
        return lines
    regions = [child.region for child in app.screen.children if child.display]
    return ["".join(line[r.x:r.right] for r in regions if r.y <= n < r.bottom) for n, line in enumerate(lines)]
