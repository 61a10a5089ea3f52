"""The campaign screens in French at 80×24 and 120×36: no English word outside plan content, what matters in sight."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from textual.widgets import Input

from calendar_app import i18n
from calendar_app.ui.screens.anchor_move import AnchorMove
from calendar_app.ui.screens.campaigns import CampaignsScreen, CampaignTimeline
from calendar_app.ui.screens.step_editor import StepEditor
from tests.ui.test_campaigns import CAMPAIGN
from tests.ui.test_french_screens import english_words, plan_words, screen_text
from tests.ui.test_screen_sizes import assert_in_sight, assert_inputs_usable

pytestmark = pytest.mark.asyncio
TODAY = date(2026, 11, 30)
#: Keys from the week view, the screen then shown, widgets that must be in sight.
SCREENS = {
    "list": (("C",), CampaignsScreen, ("#campaigns-table", "Footer")),
    "timeline": (("C", "enter"), CampaignTimeline, ("#timeline-head", "#timeline-table", "Footer")),
    "new_step": (("C", "enter", "n"), StepEditor, ("#channel", "#offset", "#when", "#title", "#save")),
    "move": (("C", "enter", "m"), AnchorMove, ("#anchor-target", "#anchor-preview", "#move")),
}


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
async def test_campaign_screen_speaks_french(name, size, french, bundled_plans, make_app, settle):
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    keys, expected, in_sight = SCREENS[name]
    app = make_app(bundled_plans, TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, expected), screen
        if name == "move":
            screen.query_one("#anchor-target", Input).value = "+1s"  # one week later: Friday 11 December
            await settle(pilot)
            assert screen.target == date(2026, 12, 11)
        text = screen_text(screen)
        content = plan_words(app.session.plan) | {"salon", "b12", "teaser", "stand"}
        assert english_words(text, content) == [], text
        for selector in in_sight:
            assert_in_sight(screen, screen.query_one(selector))
        assert_inputs_usable(screen)
        if name == "timeline":
            assert "-2j" in text and "mer. 02/12" in text and "✎ brouillon" in text
        if name == "move":
            assert "jeu. 03/12 10:00 → jeu. 10/12 10:00" in text
            # The title quoted is cut at 28 characters: the line fits 80 columns.
            assert "⚠ créneau déjà pris par « Idées cadeaux faits main :… » (blog.toml)" in text
