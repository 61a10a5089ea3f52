"""The objectives screen (O): a bar and a sparkline per objective, readable at 80×24 and 120×36, in French too."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import ProgressBar, Sparkline, Static

from calendar_app import i18n
from calendar_app.ui.screens.objectives import ObjectivesScreen

TODAY = date(2026, 12, 2)
pytestmark = pytest.mark.asyncio


@pytest.fixture
def plans(objectives_plans):
    return objectives_plans(accounts="2026-10-01,instagram,followers,1500\n2026-11-30,instagram,followers,1725\n",
                            posts="linkedin,2026-11-24T08:30,reach,1180\n")


def texts(screen) -> list[str]:
    return [str(s.render()) for s in screen.query(Static)]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_o_opens_the_objectives_with_bars_and_sparklines(plans, make_app, size):
    app = make_app(plans, TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.press("O")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ObjectivesScreen)
        bars = list(screen.query(ProgressBar))
        # 1725 is 275 of the 550 from 1450 to 2000: half way; 1180 is 380 of 700.
        assert [round(b.progress, 2) for b in bars] == [50.0, 54.29]
        assert [list(s.data) for s in screen.query(Sparkline)] == [[1500.0, 1725.0], [1180.0]]
        shown = texts(screen)
        assert "2 objectives · ✔ 1 on track · ✗ 1 overdue" in shown
        assert "✔ 2 000 abonnés Instagram 🎉 · on track" in shown
        assert all(b.region.width > 0 and b.region.right <= size[0] for b in bars)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ObjectivesScreen)


async def test_in_french(plans, make_app):
    i18n.set_language("fr")
    try:
        app = make_app(plans, TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("O")
            await pilot.pause()
            shown = texts(app.screen)
            assert "2 objectifs · ✔ 1 en bonne voie · ✗ 1 échu" in shown
            assert "✗ Portée LinkedIn « par publication » · échu" in shown
    finally:
        i18n.set_language("en")


async def test_a_bad_objectives_file_is_shown_not_raised(plans, make_app, objectives_toml):
    (plans / "_objectives.toml").write_text(objectives_toml.replace("target = 2000", 'target = "2000"'), encoding="utf-8")
    app = make_app(plans, TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("O")
        await pilot.pause()
        shown = texts(app.screen)
        assert "The objectives cannot be read:" in shown
        assert f'{plans / "_objectives.toml"}: objective[1].target: expected a number (2000, 0.045), got a string ("2000")' in shown
        assert list(app.screen.query(ProgressBar)) == []
