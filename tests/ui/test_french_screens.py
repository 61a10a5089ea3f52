"""The editor's week, agenda, month, go-to-date, help and load-errors screens in French (issue 12):
no English word on screen outside plan content, the footer translated, French dates, every screen
still fitting at 80×24, and "go to date" reading French input.

Update the French snapshots after an intended change with
``pytest tests/ui/test_french_screens.py --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from calendar_app import i18n
from calendar_app.core.errors import PlanError
from calendar_app.ui.screens.agenda import AgendaScreen
from calendar_app.ui.screens.go_to_date import GoToDate
from calendar_app.ui.screens.help import HelpScreen, help_markdown
from calendar_app.ui.screens.load_errors import LoadErrorsScreen
from calendar_app.ui.screens.month import MonthScreen
from calendar_app.ui.screens.week import WeekScreen
from tests.ui.fit import assert_in_sight, assert_inputs_usable, open_from_week

SIZES = [(80, 24), (120, 36)]
#: English words that must not appear on a French screen (plurals too), outside plan content.
MARKERS = ("open", "slot", "week", "channel", "error", "press", "save", "cancel", "edit", "delete", "today",
           "next", "help")
_MARKER = re.compile(r"\b(" + "|".join(MARKERS) + r")s?\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")

#: Screens opened from the week view: keys, the screen then shown, widgets that must be in sight.
SCREENS = {
    "week": ((), WeekScreen, ("#week-grid", "Footer")),
    "agenda": (("a",), AgendaScreen, ("#agenda-table", "Footer")),
    "month": (("m",), MonthScreen, ("#month-grid", "Footer")),
    "go_to_date": (("g",), GoToDate, ("#target",)),
    "help": (("question_mark",), HelpScreen, ("#help",)),
}


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def plan_words(plan) -> set[str]:
    """Every word of the plan's own content (names, titles, owners, labels...), lower case."""
    texts = [plan.calendar.name]
    texts += [k.title for k in plan.key_dates]
    for c in plan.channels:
        texts += [c.id, c.name, c.owner, c.description]
        texts += [x for r in c.rules for x in (r.id, r.label, r.format, *r.pillars)]
        texts += [x for p in c.posts for x in (p.title, p.owner, p.pillar, p.format, p.notes, p.link)]
    return {w.lower() for t in texts if t for w in _WORD.findall(t)}


def screen_text(screen) -> str:
    """What the screen draws, line by line (its own widgets, not the screen under a dialog)."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def english_words(text: str, content: set[str]) -> list[str]:
    return [m.group(0) for m in _MARKER.finditer(text) if m.group(0).lower() not in content
            and m.group(1).lower() not in content]


def test_the_marker_scan_finds_english():
    """The scan itself: it sees English words (and plurals), and leaves plan content alone."""
    assert english_words("3 open slots · Next week", set()) == ["open", "slots", "Next", "week"]
    assert english_words("Podcast Open Mic", {"open"}) == []
    assert english_words("Semaine 49 · créneau libre · Aide", set()) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
async def test_screen_speaks_french(name, size, french, bundled_plans, today, make_app, settle):
    keys, expected, in_sight = SCREENS[name]
    app = make_app(bundled_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_from_week(pilot, settle, keys, expected)
        screen = app.screen
        text = screen_text(screen)
        assert text.strip(), "nothing drawn"
        assert english_words(text, plan_words(app.session.plan)) == [], text
        for selector in in_sight:  # French is longer: it still fits
            assert_in_sight(screen, screen.query_one(selector))
        assert_inputs_usable(screen)


@pytest.mark.asyncio
async def test_week_screen_in_french_dates_and_footer(french, bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.sub_title.startswith("Semaine 48 · 23/11 – 29/11/2026"), screen.sub_title
        text = screen_text(screen)
        assert "mar. 24/11" in text  # the day columns, CLDR's abbreviations
        assert re.search(r"mar\. 24/11 \d\d:\d\d", text)  # the details line of the slot under the cursor
        keys = {key.action: key for key in screen.query(FooterKey)}
        assert keys["new_post"].description == "Nouvelle publication"
        assert keys["app.help"].description == "Aide"
        assert keys["month"].description == "Mois"
    # The class keeps its English marks: another app in English shows them as before.
    i18n.set_language("en")
    app = make_app(bundled_plans, today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        keys = {key.action: key for key in app.screen.query(FooterKey)}
        assert keys["new_post"].description == "New post"
        assert app.screen.sub_title.startswith("Week 48 · 23 Nov – 29 Nov 2026")


def test_help_text_in_french(french, bundled_plans):
    """All of the help, also what is scrolled out of sight."""
    text = help_markdown()
    assert text.startswith("# Touches")
    assert "brouillon : en cours de rédaction" in text
    assert "ctrl+r" in text
    assert english_words(text, set()) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_load_errors_in_french(size, french, bundled_plans, screen_host):
    errors = [PlanError(bundled_plans / "instagram.toml", "rule[1].days[1]",
                        "« wdn » n'est pas un jour de la semaine ; vouliez-vous dire « wed » ?")]
    app = screen_host(lambda: LoadErrorsScreen(errors, 4))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        text = screen_text(screen)
        assert "1 problème dans 1 fichier du plan" in text
        assert "Les 4 canaux valides sont ouverts." in text
        content = {w.lower() for w in _WORD.findall(str(bundled_plans))} | {"instagram", "toml", "rule", "days", "wdn"}
        assert english_words(text, content) == [], text
        for selector in ("#load-errors-list", "#load-errors .form-hint"):
            assert_in_sight(screen, screen.query_one(selector))


# --- go to date: French input -----------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(("typed", "expected"), [
    ("24/12", date(2026, 12, 24)),
    ("24/12/2026", date(2026, 12, 24)),
    ("5/1/2027", date(2027, 1, 5)),
    ("demain", date(2026, 12, 2)),
    ("lundi", date(2026, 12, 7)),   # the next Monday after Tuesday 1 December
    ("+2s", date(2026, 12, 15)),
    ("S05", date(2026, 1, 26)),
    ("2026-12-24", date(2026, 12, 24)),  # the forms of before still work
    ("+2w", date(2026, 12, 15)),
    ("W05", date(2026, 1, 26)),
])
async def test_go_to_date_reads_french(typed, expected, french, screen_host):
    today = date(2026, 12, 1)
    app = screen_host(lambda: GoToDate(today))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#target", Input)
        field.focus()
        await pilot.press(*typed)
        await pilot.pause()
        assert not app.screen.query_one("#target-error", Static).has_class("-shown")
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == expected


@pytest.mark.asyncio
async def test_go_to_date_says_what_it_reads_in_french(french, screen_host):
    app = screen_host(lambda: GoToDate(date(2026, 12, 1)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#target", Input).focus()
        await pilot.press(*"31/02")
        await pilot.pause()
        error = app.screen.query_one("#target-error", Static)
        assert error.has_class("-shown")
        assert "24/12, 24/12/2026, demain, lundi, +2s" in str(error.render())
        await pilot.press("enter")
        await pilot.pause()
        assert not app.dismissed  # nothing to jump to: the question stays


@pytest.mark.asyncio
async def test_go_to_date_from_the_week_in_french(french, bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_week(pilot, settle, ("g",), GoToDate)
        await pilot.press(*"24/12", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert app.screen.day == date(today.year, 12, 24)


# --- French snapshots at 80×24 --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["week", "month", "go_to_date", "help"])
def test_snapshot_in_french_80x24(name, french, snap_compare, bundled_plans, today, make_app, settle):
    keys, expected, _ = SCREENS[name]

    async def run_before(pilot) -> None:
        await open_from_week(pilot, settle, keys, expected)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=(80, 24), run_before=run_before)


# --- what the editor says: notifications, undo labels, the palette -----------------------------------


async def edits_done(pilot, settle) -> None:
    """Let the edit worker (file written, notification shown) finish."""
    for _ in range(100):
        await settle(pilot)
        if not [w for w in pilot.app.workers if w.group == "edit" and not w.is_finished]:
            break
        await pilot.pause(0.02)
    await settle(pilot)


@pytest.mark.asyncio
async def test_notifications_and_undo_labels_in_french(french, bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.said[-1] == "Rien à annuler dans cette session."
        slot = app.week_screen.selected
        assert slot is not None and slot.post is not None and slot.title
        await pilot.press("delete")  # clears the post under the cursor, written at once
        await edits_done(pilot, settle)
        file = f"{slot.channel}.toml"
        assert app.said[-1] == f"{file} enregistré : « {slot.title} » retirée. (u annule)"
        await pilot.press("u")
        await edits_done(pilot, settle)
        assert app.said[-1] == f"Annulé dans {file} : « {slot.title} » retirée. (encore 0 à annuler)"
        content = plan_words(app.session.plan)
        for said in app.said:
            assert english_words(said, content) == [], said


@pytest.mark.asyncio
async def test_palette_commands_in_french(french, bundled_plans, today, make_app, settle):
    from calendar_app.ui.palette import CalendarCommands

    app = make_app(bundled_plans, today)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        provider = CalendarCommands(app.screen)
        commands = provider._actions() + provider._filter_commands() + provider._channel_commands()
        names = [name for name, _help, _call in commands]
        assert "Exporter les flux" in names and "Aller à une date" in names
        assert "Filtrer par statut : brouillon" in names
        content = plan_words(app.session.plan) | {"toml", "calendar", "app", "export", "check"}
        for name, help_text, _call in commands:
            assert english_words(f"{name} {help_text}", content) == [], (name, help_text)
