"""Another campaign's step is in the way too: the anchor move's preview and the new-step form see it."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from calendar_app.ui.campaign_view import move_preview, step_landing
from calendar_app.ui.screens.anchor_move import AnchorMove
from calendar_app.ui.screens.campaigns import CampaignsScreen, CampaignTimeline
from calendar_app.ui.session import Session

SIZE = (120, 36)
TODAY = date(2026, 11, 30)
CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml"
#: A second campaign whose Instagram step is on Wednesday 16 December 18:00, where the instagram
#: step of salon-b12 (-2d 18:00) lands when its anchor moves to Friday 18 December.
ATELIER = """\
[campaign]
name = "Atelier de l'Avent é"
anchor = 2026-12-18

[[step]]
channel = "instagram"
offset = "-2d"
time = "18:00"
title = "Atelier couronnes 🎉"
status = "draft"
"""


@pytest.fixture
def two_campaigns(bundled_plans: Path) -> Path:
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    (bundled_plans / "campaigns" / "atelier-avent.toml").write_text(ATELIER, encoding="utf-8")
    return bundled_plans


def test_the_preview_flags_a_landing_on_another_campaigns_step(two_campaigns):
    session = Session(two_campaigns)
    assert [c.id for c in session.plan.campaigns] == ["atelier-avent", "salon-b12"]
    landings = move_preview(session, "salon-b12", date(2026, 12, 18))
    assert [(landing.step.channel, landing.new, landing.problem) for landing in landings] == [
        ("instagram", datetime(2026, 12, 16, 18, 0),
         "⚠ slot taken by « Atelier couronnes 🎉 » (campaigns/atelier-avent.toml)"),
        ("blog", datetime(2026, 12, 17, 10, 0), None),
        ("facebook", datetime(2026, 12, 18, 17, 0), None),
        ("linkedin", datetime(2026, 12, 22, 8, 30), None),
    ]


def test_moving_the_other_campaign_does_not_count_its_own_steps_as_taken(two_campaigns):
    session = Session(two_campaigns)
    # Its own step is on Wednesday 16 December 18:00 now; a day later it is free (Thursday 17, 18:00).
    landings = move_preview(session, "atelier-avent", date(2026, 12, 19))
    assert [(landing.new, landing.problem) for landing in landings] == [(datetime(2026, 12, 17, 18, 0), None)]


def test_the_new_step_form_refuses_another_campaigns_step(two_campaigns):
    session = Session(two_campaigns)
    # salon-b12 is anchored on Friday 4 December: +12d is Wednesday 16 December.
    said = step_landing(session, "salon-b12", {"channel": "instagram", "offset": "+12d", "time": "18:00"})
    assert said == ("⚠ Wed 16 Dec 18:00: slot taken by « Atelier couronnes 🎉 » (campaigns/atelier-avent.toml)",
                    False)
    assert step_landing(session, "salon-b12", {"channel": "instagram", "offset": "+12d", "time": "19:00"}) == (
        "→ Wed 16 Dec 19:00", True)


@pytest.mark.asyncio
async def test_the_move_dialog_shows_the_other_campaigns_step(two_campaigns, make_app, settle):
    app = make_app(two_campaigns, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CampaignsScreen)
        await pilot.press("enter")  # the first by anchor: salon-b12 (4 December)
        await settle(pilot)
        assert isinstance(app.screen, CampaignTimeline)
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnchorMove)
        dialog.query_one("#anchor-target", Input).value = "18/12"
        await settle(pilot)
        preview = dialog.query_one("#anchor-preview", Static).render().plain
        assert "slot taken by « Atelier couronnes 🎉 » (campaigns/atelier-avent.toml)" in preview
