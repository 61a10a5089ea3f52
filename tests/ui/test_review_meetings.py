"""Review meetings on their day in the editor: a line in the week grid and in the month grid."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.ui.screens.month import MonthScreen

pytestmark = pytest.mark.asyncio

REVIEW = '''
[[review]]
title = "Point mensuel 🎉"
every = "month"
days = ["-1fri"]
time = "10:00"
'''


@pytest.fixture
def review_plans(bundled_plans):
    with open(bundled_plans / "_calendar.toml", "a", encoding="utf-8") as f:
        f.write(REVIEW)
    return bundled_plans


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_week_grid_shows_the_meeting_on_its_day(review_plans, today, make_app, settle, grid, size):
    app = make_app(review_plans, today)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        data = grid(app).data
        friday = data.days[4]  # Friday 27 November 2026, the last Friday, also Black Friday
        assert friday.day == date(2026, 11, 27)
        assert [m.title for m in friday.reviews] == ["Point mensuel 🎉"]
        assert all(not d.reviews for d in data.days if d.day != friday.day)
        lines = [str(line) for line in grid(app)._column_lines(4, 30, 20)]
        assert lines[1] == "▣ 10:00 Point mensuel 🎉"
        assert lines[2] == "◆ Black Friday 🛍️"
        assert str(grid(app)._column_lines(4, 10, 20)[1]) == "▣ Point mensuel 🎉"  # narrow: the title, not the time


async def test_month_grid_shows_the_meeting(review_plans, today, make_app, settle):
    app = make_app(review_plans, today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        month = app.screen
        assert isinstance(month, MonthScreen)
        days = {d.day: d for d in month.month_data.days}
        assert [m.title for m in days[date(2026, 11, 27)].reviews] == ["Point mensuel 🎉"]
        assert [m.planned.day for m in days[date(2026, 10, 30)].reviews] == [30]  # the weeks shown start in October
