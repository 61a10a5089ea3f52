"""A rule's timing changed in the editor asks from which date; the past (agenda, feed) stays as it was."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest
from textual.widgets import Input, Static

from calendar_app.cli import main
from calendar_app.ui.screens.effective_date import EffectiveDate
from calendar_app.ui.screens.rule_editor import ChannelEditor
from calendar_app.ui.screens.week import WeekScreen

SIZE = (120, 36)
TUE_24_NOV = datetime(2026, 11, 24, 8, 30)  # the published LinkedIn post


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch):
    monkeypatch.setattr(ChannelEditor, "PREVIEW_DELAY", 0.05)


def run_main(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    return out


def agenda(capsys, plans) -> list[dict]:
    return json.loads(run_main(capsys, "agenda", "--plans", str(plans), "--json", "--from", "2026-10-25", "--weeks", "10"))


def linkedin_feed(capsys, plans, out, ics) -> dict[str, list[str]]:
    run_main(capsys, "export", "--plans", str(plans), "--out", str(out), "--today", "2026-11-24")
    text = (out / "linkedin.ics").read_bytes().decode("utf-8")
    return {ics.prop(block, "UID")[0]: block for block in ics.blocks(text)}


@pytest.fixture
def open_linkedin_rule(settle, go_to_slot, type_into):
    """``await open_linkedin_rule(pilot, app, days, times)``: from the week view, open LinkedIn's
    channel editor (e) on its rule, type new days and times and save (ctrl+s)."""

    async def open_and_type(pilot, app, days: str, times: str) -> None:
        await settle(pilot)
        await go_to_slot(pilot, TUE_24_NOV.date(), "linkedin", 8, 30)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChannelEditor)
        await pilot.press("enter")  # the rule list: on to the rule's days
        await type_into(pilot, "#rule-days", days)
        await type_into(pilot, "#rule-times", times)
        await pilot.pause(0.1)
        await pilot.press("ctrl+s")
        await settle(pilot)

    return open_and_type


@pytest.mark.asyncio
async def test_a_rhythm_change_from_a_date_keeps_the_past(bundled_plans, today, make_app, settle, paste_into,
                                                          open_linkedin_rule, read_toml, capsys, ics, cli,
                                                          tmp_path):
    path = bundled_plans / "linkedin.toml"
    twin = tmp_path / "twin"
    shutil.copytree(bundled_plans, twin)
    feeds = tmp_path / "feeds"
    before_agenda = agenda(capsys, bundled_plans)
    before_feed = linkedin_feed(capsys, bundled_plans, feeds, ics)

    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await open_linkedin_rule(pilot, app, "tue, thu", "12:30")
        screen = app.screen
        assert isinstance(screen, EffectiveDate)
        question = str(screen.query_one("#effective-question", Static).render())
        assert question == ("Rule « Post du mardi matin » (hebdo): every week on tue at 08:30 → "
                            "every week on tue, thu at 12:30.")
        # The default: the day after today, the published post of 24 Nov being today's.
        assert screen.query_one("#effective-day", Input).value == "2026-11-25"
        await paste_into(pilot, "#effective-day", "2026-08-15")
        assert not screen.day and "before the start of rule" in str(screen.query_one("#effective-error").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen  # refused
        await paste_into(pilot, "#effective-day", "2026-12-01")
        lines = str(screen.query_one("#effective-lines", Static).render())
        assert 'New rule "hebdo-2026-12-01" from 2026-12-01: every week on tue, thu at 12:30.' in lines
        assert "is a one-off post now" in lines
        assert "Tue 1 Dec 2026, 08:30 « Retour sur 10 ans d'atelier à la Croix-Rousse » (ready)" in lines
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert ('Saved linkedin.toml: LinkedIn: rule "hebdo" changed from Tue 1 Dec 2026 (1 post now one-off). '
                "(u undoes)") in app.said
        # The week shown keeps its 24 Nov slot, same rule, same post.
        selected = app.week_screen.selected
        assert (selected.uid, selected.status) == ("linkedin.hebdo.20261124T0830@calendar-app", "published")

    data = read_toml(path)
    assert [(r["id"], r["start"], r.get("end"), r["days"], r["times"], r["pillars"]) for r in data["rule"]] == [
        ("hebdo", date(2026, 9, 1), date(2026, 11, 30), ["tue"], ["08:30"], ["savoir-faire", "entreprise"]),
        ("hebdo-2026-12-01", date(2026, 12, 1), None, ["tue", "thu"], ["12:30"], ["entreprise", "savoir-faire"]),
    ]
    moved = next(p for p in data["post"] if p["at"] == datetime(2026, 12, 1, 8, 30))
    assert (moved["pillar"], moved["format"]) == ("entreprise", "article")

    # The command line writes the same file.
    result = cli("rule", "change", "linkedin", "hebdo", "--from", "2026-12-01", "--days", "tue", "thu",
                 "--times", "12:30", "--plans", str(twin))
    assert result.returncode == 0, result.stderr
    assert (twin / "linkedin.toml").read_bytes() == path.read_bytes()

    after_agenda = agenda(capsys, bundled_plans)
    cut = "2026-12-01"
    assert [s for s in after_agenda if s["start"] < cut] == [s for s in before_agenda if s["start"] < cut]
    assert not [s for s in after_agenda if s["channel"] == "linkedin" and "T12:30" in s["planned"] and s["start"] < cut]
    after_feed = linkedin_feed(capsys, bundled_plans, feeds, ics)
    past = {uid: block for uid, block in before_feed.items() if ics.prop(block, "DTSTART")[0] < "20261201"}
    assert past and {uid: b for uid, b in after_feed.items() if ics.prop(b, "DTSTART")[0] < "20261201"} == past
    assert "linkedin.hebdo-2026-12-01.20261203T1230@calendar-app" in after_feed


@pytest.mark.asyncio
async def test_escape_on_the_date_question_keeps_the_editor_and_writes_nothing(bundled_plans, today, make_app,
                                                                               settle, open_linkedin_rule):
    path = bundled_plans / "linkedin.toml"
    before = path.read_bytes()
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await open_linkedin_rule(pilot, app, "tue, thu", "12:30")
        assert isinstance(app.screen, EffectiveDate)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChannelEditor)
        assert app.screen.query_one("#rule-days", Input).value == "tue, thu"
        assert "Not saved yet: the editor is as you left it." in app.said
    assert path.read_bytes() == before


@pytest.mark.asyncio
async def test_the_whole_rule_on_request_and_labels_without_asking(bundled_plans, today, make_app, settle,
                                                                   open_linkedin_rule, type_into, read_toml):
    path = bundled_plans / "linkedin.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await open_linkedin_rule(pilot, app, "wed", "08:30")
        assert isinstance(app.screen, EffectiveDate)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert 'Saved linkedin.toml: LinkedIn: rule "hebdo" changed as a whole. (u undoes)' in app.said
        [rule] = read_toml(path)["rule"]
        assert (rule["id"], rule["days"], rule["start"]) == ("hebdo", ["wed"], date(2026, 9, 1))

        # Only a label and the format: applied to the whole rule, no question.
        await pilot.press("e")
        await settle(pilot)
        await type_into(pilot, "#rule-label", "Post du mercredi")
        await type_into(pilot, "#rule-format", "carrousel")
        await pilot.pause(0.1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert "Saved linkedin.toml: edited the channel LinkedIn. (u undoes)" in app.said
    [rule] = read_toml(path)["rule"]
    assert (rule["id"], rule["label"], rule["format"], rule["days"]) == ("hebdo", "Post du mercredi", "carrousel", ["wed"])


def test_snapshot_the_date_question_fits_80x24(snap_compare, bundled_plans, today, screen_host, steady_cursors):
    from calendar_app.core.rule_change import change_lines, change_rule_from
    from calendar_app.storage.reader import load_plan_strict

    plan = load_plan_strict(bundled_plans)
    linkedin = plan.channel("linkedin")
    changes = {"days": ("tue", "thu"), "times": (datetime(2026, 1, 1, 12, 30).time(),)}
    app = screen_host(lambda: EffectiveDate(
        "Rule « Post du mardi matin » (hebdo): every week on tue at 08:30 → every week on tue, thu at 12:30.",
        date(2026, 12, 1), date(2026, 9, 1),
        lambda day: change_lines(change_rule_from(linkedin, "hebdo", day, changes, plan.blackout_days))))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady_cursors)
