"""The week view's owner and status filters: the plain filter, then the keys, the title line and the palette."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Footer

from calendar_app.storage.reader import load_plan
from calendar_app.ui.week_data import STATUS_ORDER, SlotFilter, plan_owners

SIZE = (120, 36)


def _shown(grid) -> list[tuple[str, str, str]]:
    """(channel, planned, status) of every slot the grid shows, day by day."""
    return [(s.channel, f"{s.planned:%d %H:%M}", s.status) for column in grid.data.days for s in column.slots]


# --- the filter as data ----------------------------------------------------------------------------


def test_owners_are_those_of_channels_and_posts(example_plans):
    assert plan_owners(load_plan(example_plans).plan) == ("Camille", "Inès", "Julien")


def test_the_owner_and_status_cycles_end_on_everyone():
    owners = ("Camille", "Inès")
    steps = [SlotFilter()]
    for _ in range(3):
        steps.append(steps[-1].next_owner(owners))
    assert [f.owner for f in steps] == [None, "Camille", "Inès", None]
    assert STATUS_ORDER == ("open", "idea", "draft", "ready", "scheduled", "published", "cancelled")
    f = SlotFilter(owner="Inès")
    statuses = []
    for _ in range(len(STATUS_ORDER) + 1):
        f = f.next_status()
        statuses.append(f.status)
        assert f.owner == "Inès"  # changing the status keeps the owner
    assert statuses == [*STATUS_ORDER, None]
    assert SlotFilter(owner="Gone").next_owner(owners).owner is None


# --- in the editor ---------------------------------------------------------------------------------




@pytest.mark.asyncio
async def test_w_shows_one_owner_at_a_time_then_everyone(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        everything = _shown(grid(app))
        assert len(everything) == 9
        footer = [str(k.description) for k in app.screen.query_one(Footer).query("FooterKey")]
        assert "Owner" in footer and "Status" in footer
        await pilot.press("w", "w")  # Camille, then Inès
        await settle(pilot)
        assert app.week_screen.slot_filter == SlotFilter(owner="Inès")
        assert _shown(grid(app)) == [("podcast", "27 07:00", "scheduled")]
        assert app.week_screen.sub_title == "Week 48 · 23 Nov – 29 Nov 2026 · owner Inès"
        assert app.said[-1] == "Filter: owner Inès (w and F change it)"
        # The days left empty say they are filtered, not that they have no slot.
        assert grid(app).data.filters == ("owner Inès",)
        details = str(app.week_screen.query_one("#slot-details").render())
        assert "no slot shown this day (owner Inès) · w, F: change the filter" in details
        assert "filtered" in "".join(str(line) for line in grid(app)._column_lines(1, 14, 10))
        # A post's own owner counts, not only its channel's: Inès prepares a Facebook post on 1 Dec.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert _shown(grid(app)) == [("facebook", "01 12:30", "draft")]
        assert app.week_screen.selected.title == "Atelier découverte du samedi : places disponibles"
        await pilot.press("left_square_bracket", "w", "w")  # Julien, then everyone again
        await settle(pilot)
        assert app.week_screen.slot_filter == SlotFilter()
        assert _shown(grid(app)) == everything
        assert app.week_screen.sub_title == "Week 48 · 23 Nov – 29 Nov 2026"
        assert app.said[-1] == "Every owner and status shown."


@pytest.mark.asyncio
async def test_shift_f_filters_by_status_and_combines_with_the_owner(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")  # open
        await settle(pilot)
        assert _shown(grid(app)) == [("instagram", "28 11:00", "open")]
        await pilot.press("F", "F")  # idea (none this week), then draft
        await settle(pilot)
        assert _shown(grid(app)) == [("instagram", "25 18:00", "draft")]
        assert app.week_screen.selected is None  # the cursor stays on Tuesday, which has no draft
        await pilot.press("F", "F")  # ready, then scheduled
        await pilot.press("w")  # and Camille's only
        await settle(pilot)
        assert app.week_screen.slot_filter == SlotFilter(owner="Camille", status="scheduled")
        assert _shown(grid(app)) == [("facebook", "24 12:30", "scheduled"), ("instagram", "27 18:00", "scheduled")]
        assert app.week_screen.sub_title.endswith(" · owner Camille · status scheduled")
        # `o` (next open slot) looks only among the slots shown: none is open under this filter.
        await pilot.press("o")
        await settle(pilot)
        assert app.said[-1] == "No open slot in the next 12 weeks for the channels shown."


@pytest.mark.asyncio
async def test_the_palette_sets_and_clears_the_filters(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Filter by status: ready")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.week_screen.slot_filter == SlotFilter(status="ready")
        assert _shown(grid(app)) == [("blog", "26 10:00", "ready"), ("facebook", "26 12:30", "ready")]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Filter: every owner")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.week_screen.slot_filter == SlotFilter()
        assert len(_shown(grid(app))) == 9
        assert app.week_screen.day == date(2026, 11, 24)
