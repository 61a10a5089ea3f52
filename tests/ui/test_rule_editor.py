"""The channel and rule editor driven with the Pilot: live preview, problems next to fields, typed result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from textual.widgets import Input, OptionList, Select

from calendar_app.core.editing import replace_rule
from calendar_app.core.recurrence import expand_channel
from calendar_app.storage.reader import load_plan
from calendar_app.storage.writer import channel_to_toml, check_channel
from calendar_app.ui.forms.channel_form import (
    base_document,
    channel_fields,
    locate,
    read_form,
    rule_fields,
    structured_to_rrule,
)
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.effective_date import EffectiveDate
from calendar_app.ui.screens.rule_editor import ChannelEditor
from calendar_app.ui.widgets.form_field import FormField
from calendar_app.ui.widgets.preview import RulePreview

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch):
    """The debounce logic as shipped, with a shorter pause so the suite stays fast."""
    monkeypatch.setattr(ChannelEditor, "PREVIEW_DELAY", 0.05)


@pytest.fixture
def plan(bundled_plans):
    result = load_plan(bundled_plans)
    assert not result.errors
    return result.plan


def test_form_of_every_bundled_channel_reads_back_as_the_channel(plan):
    for channel in plan.channels:
        fields = channel_fields(channel)
        rules = [rule_fields(r) for r in channel.rules]
        again, errors = read_form(channel.id, base_document(channel), fields, rules, plan.calendar.timezone)
        assert errors == {} and again == channel, channel.id


def test_problem_keys_map_to_fields():
    assert locate("rule[2].days[1]") == (1, "days")
    assert locate("channel.timezone") == (None, "timezone")
    assert locate("channel.pillar_share.coulisses") == (None, "")
    assert locate("rule[1]") == (0, "")
    assert locate("post[3].at") == (None, "")


def test_raw_rrule_from_structured_fields_gives_the_same_dates(plan):
    for channel in plan.channels:
        for rule in channel.rules:
            if rule.rrule:
                continue
            raw = replace(rule, every=None, interval=1, days=(), monthdays=(), months=(),
                          rrule=structured_to_rrule(rule_fields(rule)))
            window = (date(2026, 9, 1), date(2028, 1, 1))
            want = [s.planned for s in expand_channel(replace(channel, rules=(rule,), posts=()), *window)]
            got = [s.planned for s in expand_channel(replace(channel, rules=(raw,), posts=()), *window)]
            assert got == want and want, rule.id


@pytest.fixture
def editor_app(screen_host, plan, today):
    """``editor_app(channel_id)``: the channel editor on that bundled channel, alone in a host app."""
    return lambda channel_id: screen_host(lambda: ChannelEditor(plan.channel(channel_id), plan, today))


def preview_of(app) -> RulePreview:
    return app.screen_under_test.query_one(RulePreview)


@pytest.mark.asyncio
async def test_changing_days_updates_the_preview_before_saving(plan, bundled_plans, editor_app, wait_for_preview,
                                                               type_into):
    before_file = (bundled_plans / "instagram.toml").read_bytes()
    app = editor_app("instagram")
    async with app.run_test(size=SIZE) as pilot:
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        first = preview.data
        assert first.rule_id == "feed"
        assert {o.planned.weekday() for o in first.occurrences} == {0, 2, 4}

        version = preview.version
        await type_into(pilot, "#rule-days", "tue, thu")
        await wait_for_preview(pilot, preview, version)

        data = preview.data
        assert not app.dismissed
        assert len(data.occurrences) == 10
        assert {o.planned.weekday() for o in data.occurrences} == {1, 3}
        assert all(o.planned.time() == time(18, 0) for o in data.occurrences)
        # Regularity follows the unsaved rule (posts left on Mon/Wed/Fri stay as one-off slots).
        channel = plan.channel("instagram")
        edited = replace_rule(channel, "feed", replace(channel.rules[0], days=("tue", "thu")))
        expected = expand_channel(edited, data.start, data.end, plan.blackout_days)
        assert data.report.slots == len(expected) != first.report.slots
        assert (data.start, data.end) == (date(2026, 11, 23), date(2027, 1, 4))
        rule_list = app.screen_under_test.query_one("#rule-list", OptionList)
        assert "tue, thu" in str(rule_list.get_option_at_index(0).prompt)
    assert (bundled_plans / "instagram.toml").read_bytes() == before_file


@pytest.mark.asyncio
async def test_invalid_value_is_explained_next_to_its_field_and_save_refused(editor_app, wait_for_preview, type_into):
    app = editor_app("instagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_under_test
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        version = preview.version
        await type_into(pilot, "#rule-days", "mon, wdn")
        await wait_for_preview(pilot, preview, version)

        field = screen.query_one("#field-rule-days", FormField)
        assert field.has_class("-invalid")
        assert field.errors == ('"wdn" is not a weekday; did you mean "wed"?',)
        assert preview.has_class("-stale")

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert app.screen is screen
        assert screen.focused is screen.query_one("#rule-days", Input)

        version = preview.version
        await type_into(pilot, "#rule-days", "mon, wed")
        await wait_for_preview(pilot, preview, version)
        assert not field.has_class("-invalid")
        assert not preview.has_class("-stale")


@pytest.mark.asyncio
async def test_channel_setting_problem_names_the_near_miss(editor_app, wait_for_preview, type_into):
    app = editor_app("facebook")
    async with app.run_test(size=SIZE) as pilot:
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        version = preview.version
        await type_into(pilot, "#channel-timezone", "Europe/Pari")
        await wait_for_preview(pilot, preview, version)
        field = app.screen_under_test.query_one("#field-channel-timezone", FormField)
        assert field.errors == ('"Europe/Pari" is not a known time zone; did you mean "Europe/Paris"?',)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed


@pytest.mark.asyncio
async def test_added_rule_shows_its_occurrences_and_is_saved(plan, today, editor_app, wait_for_preview, type_into):
    app = editor_app("instagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_under_test
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        version = preview.version
        await pilot.press("ctrl+n")
        await type_into(pilot, "#rule-days", "sun")
        await type_into(pilot, "#rule-times", "10:30")
        await wait_for_preview(pilot, preview, version)

        assert screen.query_one("#rule-list", OptionList).option_count == 3
        data = preview.data
        assert data.rule_id == "rule-1"
        assert len(data.occurrences) == 10
        assert all(o.planned.weekday() == 6 and o.planned.time() == time(10, 30) for o in data.occurrences)
        assert data.occurrences[0].planned.date() == date(2026, 11, 29)

        await pilot.press("ctrl+s")
        await pilot.pause()
    channel = app.result
    assert [r.id for r in channel.rules] == ["feed", "reel", "rule-1"]
    assert channel.posts == plan.channel("instagram").posts
    sundays = [s for s in expand_channel(channel, today, today + timedelta(weeks=4)) if s.rule == "rule-1"]
    assert [s.planned.date() for s in sundays] == [date(2026, 11, 29) + timedelta(weeks=i) for i in range(4)]


@pytest.mark.asyncio
async def test_newsletter_on_the_second_tuesday(plan, editor_app, wait_for_preview):
    app = editor_app("newsletter")
    async with app.run_test(size=SIZE) as pilot:
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        version = preview.version
        # The editor opens on the rule list; Enter goes on to the rule's days.
        await pilot.press("enter")
        assert app.screen.focused is app.screen.query_one("#rule-days", Input)
        await pilot.press("ctrl+u", *"2tue")
        await wait_for_preview(pilot, preview, version)
        assert [o.planned.date() for o in preview.data.occurrences[:3]] == [
            date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]
        # The December letter, on the first Tuesday, is said to leave its rule slot.
        assert preview.data.orphans == plan.channel("newsletter").posts
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A new timing asks from when; ctrl+o changes the whole rule, past included.
        assert isinstance(app.screen, EffectiveDate)
        await pilot.press("ctrl+o")
        await pilot.pause()
    channel = app.result
    assert channel.rules[0].days == ("2tue",)
    assert 'days = [\n    "2tue",\n]' in channel_to_toml(channel) or 'days = ["2tue"]' in channel_to_toml(channel)
    assert check_channel(channel, plan.calendar.timezone) == []
    days = [s.planned.date() for s in expand_channel(channel, date(2027, 1, 1), date(2028, 1, 1)) if s.rule]
    assert len(days) == 12
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in days)
    # The December letter already written stays, now a one-off post on its old date.
    assert channel.posts == plan.channel("newsletter").posts


@pytest.mark.asyncio
async def test_escape_returns_none_and_asks_before_dropping_changes(editor_app, type_into):
    app = editor_app("linkedin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.dismissed and app.result is None

    app = editor_app("linkedin")
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#channel-owner", "Inès")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is app.screen_under_test and not app.dismissed
        assert app.screen.query_one("#channel-owner", Input).value == "Inès"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.dismissed and app.result is None


@pytest.mark.asyncio
async def test_switching_to_raw_rrule_starts_from_the_same_rule(plan, today, editor_app, wait_for_preview):
    app = editor_app("blog")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_under_test
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        dates = [o.planned for o in preview.data.occurrences]
        screen.query_one("#rule-every", Select).focus()
        await pilot.press("enter", "down", "down", "down", "enter")
        await pilot.pause()
        assert screen.query_one("#rule-every", Select).value == "rrule"
        assert screen.query_one("#rule-rrule", Input).value == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
        assert screen.query_one("#rule-form").has_class("-raw")
        assert not screen.query_one("#field-rule-days").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EffectiveDate)
        await pilot.press("ctrl+o")  # the same dates written another way: the whole rule
        await pilot.pause()
    rule = app.result.rules[0]
    assert rule.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" and rule.every is None
    again = [s.planned for s in expand_channel(app.result, today, dates[-1].date() + timedelta(days=1), plan.blackout_days) if s.rule]
    assert [d for d in dates if d.date() not in plan.blackout_days] == again


@pytest.mark.asyncio
async def test_delete_rule_from_the_list_keeps_the_posts(plan, editor_app, type_into, wait_for_preview):
    app = editor_app("instagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_under_test
        preview = preview_of(app)
        rule_list = screen.query_one("#rule-list", OptionList)
        rule_list.focus()
        await pilot.press("down", "delete")
        await pilot.pause()
        assert rule_list.option_count == 1
        version = preview.version
        await type_into(pilot, "#rule-id", "posts")
        await wait_for_preview(pilot, preview, version)
        assert "renaming" in screen.query_one("#field-rule-id", FormField).note
        await pilot.press("ctrl+s")
        await pilot.pause()
    channel = app.result
    assert [r.id for r in channel.rules] == ["posts"]
    assert channel.posts == plan.channel("instagram").posts


@pytest.mark.asyncio
async def test_channel_without_rules_gets_its_first_one(plan, today, screen_host, wait_for_preview):
    bare = replace(plan.channel("podcast"), rules=())
    app = screen_host(lambda: ChannelEditor(bare, plan, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_under_test
        preview = preview_of(app)
        await wait_for_preview(pilot, preview, 0)
        assert screen.query_one("#rule-form").has_class("-empty")
        assert preview.data.rule_id is None and preview.data.report.slots == 1  # the one-off episode post
        assert screen.focused is screen.query_one("#channel-name", Input)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not screen.query_one("#rule-form").has_class("-empty")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (rule,) = app.result.rules
    assert (rule.id, rule.every, rule.days, rule.start) == ("rule-1", "week", ("tue",), today)


def test_snapshot_rule_editor(snap_compare, editor_app, wait_for_preview, steady_cursors):
    async def settle(pilot):
        await wait_for_preview(pilot, preview_of(pilot.app), 0)
        await pilot.pause()
        await steady_cursors(pilot)

    assert snap_compare(editor_app("instagram"), terminal_size=SIZE, run_before=settle)
