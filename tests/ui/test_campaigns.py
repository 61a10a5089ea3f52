"""The campaigns in the editor, driven with the Pilot: the list, a timeline, a new step, the anchor moved, the week's band."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from calendar_app.ui.screens.anchor_move import AnchorMove
from calendar_app.ui.screens.campaigns import CampaignsScreen, CampaignTimeline
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.step_editor import StepEditor

pytestmark = pytest.mark.asyncio
SIZE = (120, 36)
TODAY = date(2026, 11, 30)
CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml"


@pytest.fixture
def campaign_plans(bundled_plans: Path) -> Path:
    """The frozen example with one campaign, plans/campaigns/salon-b12.toml: « Salon B12 🎉 » anchored on
    Friday 4 December 2026, four steps (instagram -2d 18:00, blog -1d 10:00, facebook +0d 17:00,
    linkedin +4d next slot)."""
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    return bundled_plans


@pytest.fixture
def campaign_file(campaign_plans: Path) -> Path:
    """The campaign's file in ``campaign_plans``."""
    return campaign_plans / "campaigns" / "salon-b12.toml"


def line(table: DataTable, row: int) -> list[str]:
    return [cell.plain for cell in table.get_row_at(row)]


async def open_list(pilot, settle) -> CampaignsScreen:
    """``C``: the campaigns list."""
    await settle(pilot)
    await pilot.press("C")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CampaignsScreen)
    return screen


async def open_timeline(pilot, settle) -> CampaignTimeline:
    await open_list(pilot, settle)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CampaignTimeline)
    return screen


async def open_new_step(pilot, settle):
    """``n`` on the campaign's timeline: the screen it opens (the form of a new step)."""
    await open_timeline(pilot, settle)
    await pilot.press("n")
    await settle(pilot)
    return pilot.app.screen


async def test_the_list_names_each_campaign_with_its_anchor_steps_and_readiness(campaign_plans, make_app, settle):
    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, settle)
        table = screen.query_one(DataTable)
        assert table.row_count == 1
        # One step of four is ready (the blog's); the anchor is Friday 4 December.
        assert line(table, 0) == ["█ Salon B12 🎉", "Fri 04 Dec", "4", "1/4"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.week_screen


async def test_the_timeline_lists_the_steps_across_channels_in_time_order(campaign_plans, make_app, settle):
    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, settle)
        table = screen.query_one(DataTable)
        assert [line(table, row)[:5] for row in range(table.row_count)] == [
            ["-2d", "Wed 02 Dec", "18:00", "Instagram", "✎ draft"],
            ["-1d", "Thu 03 Dec", "10:00", "Blog", "✔ ready"],
            ["+0d", "Fri 04 Dec", "17:00", "Facebook", "💡 idea"],
            # +4d is Tuesday 8 December: LinkedIn's weekly Tuesday 08:30 slot is the next one.
            ["+4d", "Tue 08 Dec", "08:30", "LinkedIn", "💡 idea"],
        ]
        assert line(table, 2)[5] == "Le stand B12 est ouvert 🎉"
        head = screen.query_one("#timeline-head", Static).render().plain
        assert "Salon B12 🎉" in head and "anchor Fri 04 Dec" in head and "1/4 ready" in head


async def test_enter_on_a_step_shows_it_in_the_week(campaign_plans, make_app, settle):
    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, settle)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.screen is app.week_screen
        assert app.week_screen.day == date(2026, 12, 4)
        assert app.week_screen.selected.channel == "facebook"


async def test_n_writes_a_new_step_at_the_end_of_the_campaign_file(campaign_plans, campaign_file, make_app, settle,
                                                                   paste_into):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_step(pilot, settle)
        assert isinstance(editor, StepEditor)
        editor.query_one("#channel").value = "newsletter"
        await paste_into(pilot, "#offset", "+1s")
        await paste_into(pilot, "#when", "suivant")
        await paste_into(pilot, "#title", "Retour sur le salon, en images ✨")
        await paste_into(pilot, "#format", "lettre")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CampaignTimeline)
        assert campaign_file.read_text(encoding="utf-8") == before + '''
[[step]]
channel = "newsletter"
offset = "+1w"
slot = "next"
title = "Retour sur le salon, en images ✨"
format = "lettre"
status = "idea"
'''
        # The newsletter's next monthly slot on or after Friday 11 December: Tuesday 5 January, 09:00.
        table = app.screen.query_one(DataTable)
        assert line(table, table.row_count - 1)[:4] == ["+1w", "Tue 05 Jan", "09:00", "Newsletter"]
        # u takes the step out of the file again.
        await pilot.press("u")
        await settle(pilot)
        assert campaign_file.read_text(encoding="utf-8") == before
        assert table.row_count == 4


async def test_a_bad_offset_is_said_under_its_field_and_nothing_is_written(campaign_plans, campaign_file, make_app,
                                                                           settle, paste_into):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_new_step(pilot, settle)
        await paste_into(pilot, "#offset", "demain")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StepEditor)
        error = app.screen.query_one("#error-offset", Static)
        assert error.render().plain == "write the offset from the anchor as -7d, +1d, 0d or +2w"
        assert campaign_file.read_bytes() == before


async def move_to(pilot, settle, text: str) -> AnchorMove:
    await pilot.press("m")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, AnchorMove)
    dialog.query_one("#anchor-target", Input).value = text
    await settle(pilot)
    return dialog


async def test_moving_the_anchor_previews_the_steps_and_changes_only_the_anchor_line(campaign_plans, campaign_file,
                                                                                     make_app, settle):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, settle)
        dialog = await move_to(pilot, settle, "18/12")  # a French date: Friday 18 December
        assert [(landing.step.channel, landing.new, landing.problem) for landing in dialog.landings] == [
            ("instagram", datetime(2026, 12, 16, 18, 0), None),
            ("blog", datetime(2026, 12, 17, 10, 0), None),
            ("facebook", datetime(2026, 12, 18, 17, 0), None),
            ("linkedin", datetime(2026, 12, 22, 8, 30), None),
        ]
        preview = dialog.query_one("#anchor-preview", Static).render().plain
        assert "Wed 02 Dec 18:00 → Wed 16 Dec 18:00" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CampaignTimeline)
        after = campaign_file.read_text(encoding="utf-8")
        assert after == before.replace("anchor = 2026-12-04   # ouverture du salon",
                                       "anchor = 2026-12-18   # ouverture du salon")
        table = app.screen.query_one(DataTable)
        assert line(table, 0)[:3] == ["-2d", "Wed 16 Dec", "18:00"]
        # u puts the anchor back.
        await pilot.press("u")
        await settle(pilot)
        assert campaign_file.read_text(encoding="utf-8") == before
        assert line(table, 0)[:3] == ["-2d", "Wed 02 Dec", "18:00"]


async def test_a_landing_on_a_blackout_asks_first_and_cancelling_writes_nothing(campaign_plans, campaign_file,
                                                                                make_app, settle):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, settle)
        # Friday 25 December: the blog's Thursday 24 and Facebook's Friday 25 fall in the Christmas closure.
        dialog = await move_to(pilot, settle, "2026-12-25")
        problems = {landing.step.channel: landing.problem for landing in dialog.landings}
        assert problems["instagram"] is None and problems["linkedin"] is None
        assert "Fermeture de l'atelier — Noël 🎄" in problems["blog"]
        assert "Fermeture de l'atelier — Noël 🎄" in problems["facebook"]
        await pilot.press("enter")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.message.startswith("2 steps of « Salon B12 🎉 » land on a blackout day or a taken slot:")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CampaignTimeline)
        assert campaign_file.read_bytes() == before
        assert app.said[-1] == "Move cancelled; nothing written."


async def test_a_landing_on_a_taken_slot_is_shown_and_moves_only_when_confirmed(campaign_plans, campaign_file,
                                                                                make_app, settle):
    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot, settle)
        # Friday 11 December: the blog step (-1d 10:00) lands on Thursday 10 December 10:00, where
        # blog.toml already has a post.
        dialog = await move_to(pilot, settle, "11/12")
        taken = [landing for landing in dialog.landings if landing.problem]
        assert [(landing.step.channel, landing.new) for landing in taken] == [("blog", datetime(2026, 12, 10, 10, 0))]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert tomllib.loads(campaign_file.read_text(encoding="utf-8"))["campaign"]["anchor"] == date(2026, 12, 11)


async def test_the_week_shows_the_campaign_band_on_its_days(campaign_plans, make_app, settle):
    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        columns = app.week_screen.week_data.days
        marks = {c.day: [(m.name, m.anchor) for m in c.campaigns] for c in columns}
        assert marks == {
            date(2026, 11, 30): [], date(2026, 12, 1): [],
            date(2026, 12, 2): [("Salon B12 🎉", False)], date(2026, 12, 3): [("Salon B12 🎉", False)],
            date(2026, 12, 4): [("Salon B12 🎉", True)], date(2026, 12, 5): [], date(2026, 12, 6): [],
        }


async def test_the_palette_opens_the_campaigns(campaign_plans, make_app, settle, paste):
    from textual.command import CommandPalette

    app = make_app(campaign_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await paste(pilot, "campaigns")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CampaignsScreen)


async def test_no_campaign_says_where_to_write_one(bundled_plans, make_app, settle):
    app = make_app(bundled_plans, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, settle)
        assert screen.query_one(DataTable).row_count == 0
        assert screen.query_one("#campaigns-empty", Static).render().plain == (
            "No campaign yet: write one in plans/campaigns/<id>.toml (see the README), then ctrl+r.")
        await pilot.press("enter")
        await settle(pilot)
        assert app.said[-1] == "No campaign here to open."


async def test_the_form_says_where_the_step_lands_and_refuses_a_taken_slot(campaign_plans, campaign_file, make_app,
                                                                           settle, paste_into):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_step(pilot, settle)
        where = editor.query_one("#step-where", Static)
        # Instagram's next rule slot on or after Friday 4 December: that day's 18:00.
        assert where.render().plain == "→ Fri 04 Dec 18:00"
        editor.query_one("#channel").value = "blog"
        await paste_into(pilot, "#offset", "+6d")
        await paste_into(pilot, "#when", "10:00")
        await settle(pilot)
        assert where.render().plain == "⚠ Thu 10 Dec 10:00: slot taken by « Idées cadeaux faits main :… » (blog.toml)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and app.said[-1] == "Fix the fields marked in red first."
        await paste_into(pilot, "#offset", "-1d")  # where the blog step of the campaign is
        await settle(pilot)
        assert where.render().plain == ("⚠ Thu 03 Dec 10:00: the step « Nos pièces pour le Salon de… » "
                                        "is there already")
        await paste_into(pilot, "#offset", "+20d")  # Thursday 24 December: the Christmas closure
        await settle(pilot)
        assert where.render().plain == ("→ Thu 24 Dec 10:00; ⛔ blackout day (Fermeture de l'atelier — Noël 🎄): "
                                        "kept, but the check will report it")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, CampaignTimeline)
    assert campaign_file.read_bytes() == before


async def test_enter_on_a_steps_slot_edits_the_step_in_the_campaign_file(campaign_plans, campaign_file, make_app,
                                                                         settle, go_to_slot, paste_into):
    app = make_app(campaign_plans, TODAY)
    before = campaign_file.read_text(encoding="utf-8")
    facebook = (campaign_plans / "facebook.toml").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 12, 4), "facebook", 17, 0)
        await pilot.press("enter")
        await settle(pilot)
        await paste_into(pilot, "#title", "Le stand B12 ouvre ses portes 🎉")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert campaign_file.read_text(encoding="utf-8") == before.replace(
            'title = "Le stand B12 est ouvert 🎉"', 'title = "Le stand B12 ouvre ses portes 🎉"')
        assert (campaign_plans / "facebook.toml").read_bytes() == facebook
        assert app.week_screen.selected.title == "Le stand B12 ouvre ses portes 🎉"
