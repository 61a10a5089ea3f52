"""The week view's campaign band: the name on its steps' days and its anchor day, at 80×24 and 120×36, in English and French."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from calendar_app import i18n
from calendar_app.ui import week_data
from calendar_app.ui.campaign_view import CampaignRow, StepRow, band_marks
from calendar_app.ui.widgets.week_grid import WeekGrid

TODAY = date(2026, 11, 30)


def step(index: int, channel: str, at: datetime) -> StepRow:
    return StepRow(index, channel, "+0d", at, "idea", f"étape {index}")


SALON = CampaignRow("salon", "Salon B12 🎉", date(2026, 12, 4), Path("campaigns/salon.toml"), "#C0392B",
                    steps=(step(0, "instagram", datetime(2026, 12, 2, 18)), step(1, "facebook", datetime(2026, 12, 4, 17))))
NOEL = CampaignRow("noel", "Noël", date(2026, 12, 20), Path("campaigns/noel.toml"), None,
                   steps=(step(0, "blog", datetime(2026, 12, 2, 10)),))


def test_a_day_lists_the_campaign_anchored_there_first():
    assert [(m.campaign, m.anchor) for m in band_marks((NOEL, SALON), date(2026, 12, 2))] == [
        ("noel", False), ("salon", False)]
    assert [(m.campaign, m.anchor) for m in band_marks((NOEL, SALON), date(2026, 12, 4))] == [("salon", True)]
    assert band_marks((NOEL, SALON), date(2026, 12, 3)) == ()


@pytest.fixture(params=["en", "fr"])
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_band_names_the_campaign_on_its_days(size, language, bundled_plans, make_app, settle, monkeypatch):
    monkeypatch.setattr(week_data, "campaign_rows", lambda session: (SALON, NOEL))
    app = make_app(bundled_plans, TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        grid = app.week_screen.query_one(WeekGrid)
        lines = [grid.render_line(y).text for y in range(grid.size.height)]
        band = next(line for line in lines if "★" in line)
        cells = band.split("│")
        assert len(cells) == 7
        # Monday 30 November, Tuesday 1st: nothing; Wednesday 2: two campaigns (Salon's step, Noël's
        # step: the first by name, and +1); Thursday 3: nothing; Friday 4: Salon's anchor.
        assert cells[0].strip() == cells[1].strip() == cells[3].strip() == ""
        assert cells[2].strip().startswith("▬ ") and cells[2].strip().endswith("+1")
        assert cells[4].strip().startswith("★ Sal")
        # 80 columns, no sidebar: 10 cells a day; 120 with the sidebar: 12. The name ends with … there.
        assert cells[4].strip() == {80: "★ Salon B1…", 120: "★ Salon B12…"}[size[0]]
        assert cells[2].strip() == "▬ Noël +1"
        # The band sits under the key dates' lines and above the rule that starts the slots.
        rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
        assert lines.index(band) == rule - 1
