"""The new-channel wizard driven with the Pilot: presets, id checks, a channel that loads as written."""

from __future__ import annotations

import tomllib
from datetime import time

import pytest
from textual.widgets import RadioSet

from calendar_app.storage.reader import load_plan
from calendar_app.storage.schema import read_channel
from calendar_app.storage.writer import channel_to_toml
from calendar_app.ui.forms.new_channel import suggest_id
from calendar_app.ui.screens.channel_wizard import ChannelWizard
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.widgets.form_field import FormField

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch):
    """The debounce logic as shipped, with a shorter pause so the suite stays fast."""
    monkeypatch.setattr(ChannelWizard, "CHECK_DELAY", 0.05)


@pytest.fixture
def plan(bundled_plans):
    return load_plan(bundled_plans).plan


@pytest.fixture
def wizard_app(screen_host, plan, today):
    """``wizard_app(taken=None)``: the wizard alone in a host app; ``taken`` are the ids in use
    (default: the bundled channels')."""

    def make(taken=None):
        ids = [c.id for c in plan.channels] if taken is None else taken
        return screen_host(lambda: ChannelWizard(plan, today, ids))

    return make


async def settle(pilot) -> None:
    """Let the debounced check run."""
    screen = pilot.app.screen_under_test
    for _ in range(200):
        await pilot.pause(0.02)
        if not screen.check_pending:
            break
    await pilot.pause()


def test_suggested_ids_are_channel_ids():
    assert suggest_id("Podcast « Les Mains dans la Terre »") == "podcast-les-mains-dans-la-terre"
    assert suggest_id("Événements & Ateliers 2027") == "evenements-ateliers-2027"
    assert suggest_id("🎄") == ""


@pytest.mark.asyncio
async def test_wizard_creates_a_channel_that_loads_as_written(plan, today, wizard_app):
    app = wizard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"TikTok Atelier")
        app.screen.query_one("#wizard-preset", RadioSet).focus()
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert app.screen.query_one("#wizard-per_week").value == "0.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
    channel = app.result
    assert channel.id == "tiktok-atelier" and channel.name == "TikTok Atelier"
    assert channel.timezone == "Europe/Paris" and channel.timezone_from_calendar
    assert channel.color not in {c.color for c in plan.channels}
    assert channel.per_week == 0.5 and channel.posts == ()
    (rule,) = channel.rules
    assert (rule.every, rule.interval, rule.days, rule.times, rule.start) == (
        "week", 2, ("thu",), (time(10, 0),), today)
    text = channel_to_toml(channel)
    assert "timezone" not in text  # inherited from _calendar.toml, like the bundled channels
    again, problems = read_channel("tiktok-atelier.toml", channel.id, tomllib.loads(text), plan.calendar.timezone)
    assert problems == [] and again == channel


@pytest.mark.asyncio
async def test_taken_or_malformed_id_is_refused(plan, wizard_app, type_into):
    app = wizard_app(taken=[c.id for c in plan.channels] + ["broken"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Instagram")
        await settle(pilot)
        field = app.screen.query_one("#field-wizard-id", FormField)
        assert field.errors == ('"instagram" is already a channel; pick another id',)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.screen.focused is app.screen.query_one("#wizard-id")

        await type_into(pilot, "#wizard-id", "broken")
        await settle(pilot)
        assert field.errors == ('"broken" is already a channel; pick another id',)
        await type_into(pilot, "#wizard-id", "Insta Stories")
        await settle(pilot)
        assert field.errors == ('use lowercase letters, digits and "-" only, e.g. "insta-stories"',)
        await type_into(pilot, "#wizard-id", "insta-stories")
        await settle(pilot)
        assert field.errors == ()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.id == "insta-stories" and app.result.name == "Instagram"


@pytest.mark.asyncio
async def test_custom_rhythm_and_its_problems(wizard_app, type_into):
    app = wizard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Pinterest")
        app.screen.query_one("#wizard-preset", RadioSet).focus()
        await pilot.press("up", "enter")  # wraps round to "custom…"
        await type_into(pilot, "#wizard-days", "sat, sun")
        await type_into(pilot, "#wizard-times", "9.30")
        await settle(pilot)
        times = app.screen.query_one("#field-wizard-times", FormField)
        assert times.errors == ('"9.30" is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"',)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        await type_into(pilot, "#wizard-times", "09:30")
        await settle(pilot)
        preview = str(app.screen.query_one("#wizard-preview").render())
        assert preview.startswith("First slots: Sat 28 Nov 2026 09:30, Sun 29 Nov 2026 09:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (rule,) = app.result.rules
    assert rule.days == ("sat", "sun") and rule.times == (time(9, 30),)


@pytest.mark.asyncio
async def test_escape_creates_nothing(wizard_app):
    app = wizard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
    assert app.dismissed and app.result is None


@pytest.mark.asyncio
async def test_escape_after_typing_asks_keep_editing_or_discard(wizard_app):
    app = wizard_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = app.screen_under_test
        await pilot.press(*"Mastodon", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(app.screen.query_one("#confirm-message").render()) == "Discard the new channel « Mastodon »?"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is wizard and not app.dismissed
        assert wizard.query_one("#wizard-name").value == "Mastodon"
        assert wizard.query_one("#wizard-id").value == "mastodon"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
    assert app.dismissed and app.result is None
