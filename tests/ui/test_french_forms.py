"""The editor's forms and dialogs in French: no English word left on screen at 80×24 and 120×36,
the footer translated, French input read (``24/12``, ``18h30``, ``lun``…``dim``), the 80×24 look.

The scan reads the text of the screenshot (the SVG's text runs, line by line) with the plan's
own content (titles, channel names, owners, labels…) taken out first: only the tool's words count.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets._footer import FooterKey

from calendar_app import i18n
from calendar_app.core.model import Slot
from calendar_app.storage.reader import load_plan
from calendar_app.ui.screens.channel_wizard import ChannelWizard
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.conflict import ConflictScreen
from calendar_app.ui.screens.dashboard import Dashboard
from calendar_app.ui.screens.effective_date import EffectiveDate
from calendar_app.ui.screens.post_editor import MoveChoice, PostEditor
from calendar_app.ui.screens.rule_editor import ChannelEditor
from tests.ui.fit import assert_fits, open_from_week, screen_lines

PARIS = ZoneInfo("Europe/Paris")
SIZES = [(80, 24), (120, 36)]
ENGLISH = ("open", "slot", "week", "channel", "error", "press", "save", "cancel", "edit", "delete", "today",
           "next", "help")
ENGLISH_RE = re.compile(r"\b(" + "|".join(ENGLISH) + r")s?\b", re.IGNORECASE)
#: Screens opened from the week view: the keys, then the screen.
FROM_THE_WEEK = {
    "post_editor": (("enter",), PostEditor),
    "channel_editor": (("e",), ChannelEditor),
    "wizard": (("c",), ChannelWizard),
    "dashboard": (("r",), Dashboard),
}
#: The widgets that must be in sight whole at 80×24 in French (as tests/ui/test_screen_sizes.py asks in English).
IN_SIGHT = {
    "post_editor": ("#save", "#cancel", "#title", "#date", "#time", "Footer"),
    "channel_editor": ("#save", "#cancel", "#editor-form", "#preview", "Footer"),
    "wizard": ("#wizard-create", "#wizard-cancel", "#wizard-name", "Footer"),
    "dashboard": ("#dash-channels", "#dash-problems", "#dash-problem-detail", "Footer"),
    "move": ("#reopen", "#skip", "#cancel"),
    "conflict": ("#reload", "#keep", "#cancel"),
    "confirm": ("#confirm-yes", "#confirm-no"),
    "effective_date": ("#effective-day", "#apply", "#whole", "#cancel"),
}


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


@pytest.fixture
def plan(bundled_plans):
    return load_plan(bundled_plans).plan


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch):
    monkeypatch.setattr(ChannelEditor, "PREVIEW_DELAY", 0.05)


def plan_words(plans: Path) -> set[str]:
    """Every text of the plan itself (it may say anything: it is the user's)."""
    plan = load_plan(plans).plan
    words = {plans.name, str(plans)}
    for c in plan.channels:
        words |= {c.id, c.name, c.owner or "", f"{c.id}.toml", *c.pillar_share}
        for r in c.rules:
            words |= {r.id, r.label or "", r.format or "", *r.pillars}
        for p in c.posts:
            words |= {p.title or "", p.owner or "", p.pillar or "", p.format or "", p.link or "", *(p.notes or "").split("\n")}
    words |= {k.title for k in plan.key_dates}
    return {w for w in words if w}


def english_left(lines: list[str], content: set[str]) -> list[str]:
    """The lines that still hold an English marker word once the plan's content is taken out."""
    found = []
    for line in lines:
        for word in sorted(content, key=len, reverse=True):
            line = line.replace(word, " ")
        if ENGLISH_RE.search(line):
            found.append(line.strip())
    return found


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(FROM_THE_WEEK))
async def test_screen_speaks_french(name, size, bundled_plans, today, make_app, settle, french):
    keys, expected = FROM_THE_WEEK[name]
    app = make_app(bundled_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_from_week(pilot, settle, keys, expected)
        assert isinstance(app.screen, expected)
        lines = screen_lines(app, own=True)
        assert sum(bool(line.strip()) for line in lines) >= 10
        assert english_left(lines, plan_words(bundled_plans)) == []


def dialogs(plans):
    slot = Slot("instagram", "feed", datetime(2026, 11, 25, 18, 0), datetime(2026, 11, 25, 18, 0, tzinfo=PARIS),
                datetime(2026, 11, 25, 18, 30, tzinfo=PARIS))
    return {
        "move": lambda: MoveChoice("Instagram", slot, "Post feed (lun/mer/ven)", datetime(2026, 11, 26, 18, 0)),
        "conflict": lambda: ConflictScreen(plans / "instagram.toml", "« Émaux d'hiver » modifié"),
        "confirm": lambda: ConfirmScreen("Supprimer le canal « Blog » ?", destructive=True),
        "effective_date": lambda: EffectiveDate("Règle « Post du mardi matin » : mar 08:30 → mar, jeu 12:30.",
                                                date(2026, 12, 1), date(2026, 9, 1), lambda day: []),
    }


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["move", "conflict", "confirm", "effective_date"])
async def test_dialog_speaks_french(name, size, bundled_plans, screen_host, french):
    app = screen_host(dialogs(bundled_plans)[name])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert english_left(lines, plan_words(bundled_plans) | {"instagram.toml", str(bundled_plans)}) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(FROM_THE_WEEK))
async def test_screen_fits_80x24_in_french(name, bundled_plans, today, make_app, settle, french):
    keys, expected = FROM_THE_WEEK[name]
    app = make_app(bundled_plans, today)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_week(pilot, settle, keys, expected)
        assert_fits(app.screen, IN_SIGHT[name])


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["move", "conflict", "confirm", "effective_date"])
async def test_dialog_fits_80x24_in_french(name, bundled_plans, screen_host, french):
    app = screen_host(dialogs(bundled_plans)[name])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_fits(app.screen, IN_SIGHT[name])


def test_the_scan_finds_english():
    assert english_left(["Fill the slot", "Annuler (échap)", "per_week"], set()) == ["Fill the slot"]
    assert english_left(["« Open studio » Enregistrer"], {"Open studio"}) == []


@pytest.mark.asyncio
async def test_the_footer_is_french(bundled_plans, today, screen_host, plan, french):
    app = screen_host(lambda: PostEditor(plan, "instagram", None, date(2026, 12, 1), today=today))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {k.key: k.description for k in app.screen.query(FooterKey)}
    assert keys["escape"] == "Annuler" and keys["ctrl+s"] == "Enregistrer"


@pytest.mark.asyncio
async def test_the_footer_stays_english_in_english(today, screen_host, plan):
    app = screen_host(lambda: PostEditor(plan, "instagram", None, date(2026, 12, 1), today=today))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {k.key: k.description for k in app.screen.query(FooterKey)}
    assert keys["escape"] == "Cancel" and keys["ctrl+s"] == "Save"


@pytest.mark.asyncio
@pytest.mark.parametrize(("day", "at", "expected"), [
    ("24/12", "18h30", datetime(2026, 12, 24, 18, 30)),
    ("24/12/2027", "18h", datetime(2027, 12, 24, 18, 0)),
    ("2026-12-03", "9h05", datetime(2026, 12, 3, 9, 5)),
])
async def test_post_editor_reads_french_dates_and_times(day, at, expected, plan, today, screen_host, type_into, french):
    app = screen_host(lambda: PostEditor(plan, "instagram", None, date(2026, 12, 1), today=today))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#date", day)
        await type_into(pilot, "#time", at)
        await type_into(pilot, "#title", "Atelier émaux ✨")
        await pilot.press("ctrl+s")
        await pilot.pause()
    post = app.result.post
    assert (post.at.date(), post.at.time()) == (expected.date(), expected.time())
    assert post.title == "Atelier émaux ✨"


@pytest.mark.asyncio
async def test_post_editor_explains_a_bad_date_in_french(plan, today, screen_host, type_into, french):
    app = screen_host(lambda: PostEditor(plan, "instagram", None, date(2026, 12, 1), today=today))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#date", "31/02")
        await pilot.pause()
        assert app.screen.problems["when"].startswith("écrivez la date")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed


@pytest.mark.asyncio
async def test_rule_editor_reads_french_days_and_times(plan, today, screen_host, type_into, wait_for_preview, french):
    app = screen_host(lambda: ChannelEditor(plan.channel("instagram"), plan, today))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await type_into(pilot, "#rule-days", "lun, Jeudi, dim")
        await type_into(pilot, "#rule-times", "18h30, 9h")
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        for _ in range(20):
            await pilot.pause(0.05)
            if app.dismissed:
                break
    rule = app.result.rules[-1]
    assert rule.days == ("mon", "thu", "sun")
    assert sorted(rule.times) == [time(9, 0), time(18, 30)]


@pytest.mark.asyncio
async def test_wizard_reads_french_days(plan, today, screen_host, type_into, french):
    app = screen_host(lambda: ChannelWizard(plan, today))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press(*"Pinterest")
        app.screen.query_one("#wizard-preset").focus()
        await pilot.press("up", "enter")  # custom…
        await type_into(pilot, "#wizard-days", "mar, samedi")
        await type_into(pilot, "#wizard-times", "12h30")
        await pilot.pause(0.4)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (rule,) = app.result.rules
    assert rule.days == ("tue", "sat") and rule.times == (time(12, 30),)


# --- the look at 80×24, in French ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FROM_THE_WEEK))
def test_snapshot_in_french_80x24(name, snap_compare, bundled_plans, today, make_app, settle, french):
    keys, expected = FROM_THE_WEEK[name]

    async def run_before(pilot) -> None:
        await open_from_week(pilot, settle, keys, expected)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=(80, 24), run_before=run_before)
