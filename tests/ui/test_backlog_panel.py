"""The backlog in the editor: the panel (list, filters, new, edit, delete), f on an open slot, the form's logic."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from calendar_app.storage.reader import load_plan
from calendar_app.ui.forms.idea_form import backlog_change, idea_fields, read_idea_form
from calendar_app.ui.screens.backlog import BacklogScreen, IdeaEditor, IdeaPicker
from calendar_app.ui.session import Session

SIZE = (120, 36)
def _titles(screen: BacklogScreen) -> list[str]:
    return [i.title for i in screen.rows]


def _ideas(path: Path, read_toml) -> list[str]:
    return [t["title"] for t in read_toml(path).get("idea", [])]


# --- the form as data --------------------------------------------------------------------------------


def test_the_form_reads_an_idea_or_says_what_is_wrong_per_field(backlog_plans):
    loaded = load_plan(backlog_plans)
    assert not loaded.errors
    plan = loaded.plan
    fields = idea_fields(None, "instagram") | {"title": "Vitrine ✨", "effort": "1h30m", "expires": "2026-12-20",
                                               "not_before": "2026-12-01", "priority": "2"}
    form = read_idea_form(plan, fields)
    idea = form.idea
    assert (idea.title, idea.channels, idea.effort, idea.priority, idea.source, idea.index) == (
        "Vitrine ✨", ("instagram",), timedelta(hours=1, minutes=30), 2, "instagram.toml", 2)
    shared = read_idea_form(plan, fields | {"channels": "instagram, facebook"}).idea
    assert (shared.channels, shared.source, shared.index) == (("instagram", "facebook"), "_ideas.toml", 2)
    bad = read_idea_form(plan, fields | {"title": " ", "channels": "instagrm", "priority": "9", "effort": "3 heures",
                                         "expires": "2026-11-30", "id": "Portrait", "link": "www.x"})
    assert bad.idea is None
    assert bad.problems["channels"] == '« instagrm » is not a channel; did you mean "instagram"?'
    assert set(bad.problems) == {"title", "channels", "priority", "effort", "expires", "id", "link"}
    assert read_idea_form(plan, fields | {"id": "portrait-ines"}).problems["id"] == (
        "« portrait-ines » is already the id of another idea")
    own = plan.channel("instagram").ideas[0]
    assert "channels" in read_idea_form(plan, idea_fields(own) | {"channels": "facebook"}, own).problems


def test_a_change_touches_only_the_file_the_idea_is_written_in(backlog_plans):
    plan = load_plan(backlog_plans).plan
    own, shared = plan.channel("instagram").ideas[1], plan.ideas[0]
    gone = backlog_change(plan, own, None)
    assert gone.shared is None and [i.title for i in gone.channel.ideas] == ["Reel : centrer la terre en 30 secondes 🌀"]
    edited = backlog_change(plan, shared, shared.__class__(**{**_vars(shared), "priority": 5}))
    assert edited.channel is None and [i.priority for i in edited.shared] == [5, 4]


def _vars(idea) -> dict:
    return {k: getattr(idea, k) for k in idea.__slots__}


# --- the panel ------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_panel_lists_the_ideas_as_fill_takes_them_and_filters_by_channel_and_pillar(
        backlog_plans, today, make_app, settle):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BacklogScreen)
        assert _titles(screen) == ["Portrait d'Inès à l'atelier", "Reel : centrer la terre en 30 secondes 🌀",
                                   "Photo : la vitrine de Noël", "Tuto émaillage en vidéo"]
        assert screen.sub_title == "Backlog · 4 of 4 ideas"
        table = screen.query_one("#backlog-table")
        assert [str(c) for c in table.get_row_at(0)][:5] == [
            "1", "Portrait d'Inès à l'atelier", "Instagram, Facebook", "coulisses", ""]
        await pilot.press("c")  # blog: the first channel (by id) with ideas
        await settle(pilot)
        assert _titles(screen) == ["Tuto émaillage en vidéo"]
        await pilot.press("c")  # facebook
        await settle(pilot)
        assert _titles(screen) == ["Portrait d'Inès à l'atelier"]
        assert screen.sub_title == "Backlog · 1 of 4 ideas · Facebook"
        await pilot.press("c", "p")  # instagram, pillar coulisses
        await settle(pilot)
        assert _titles(screen) == ["Portrait d'Inès à l'atelier", "Reel : centrer la terre en 30 secondes 🌀"]
        await pilot.press("p")  # produit
        await settle(pilot)
        assert _titles(screen) == ["Photo : la vitrine de Noël"]
        await pilot.press("c", "p", "p")  # every channel; techniques, then any pillar
        await settle(pilot)
        assert len(_titles(screen)) == 4
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.week_screen


@pytest.mark.asyncio
async def test_a_new_idea_goes_to_its_channel_file_or_to_ideas_toml(backlog_plans, today, make_app, settle,
                                                                   paste_into, read_toml):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IdeaEditor)
        await paste_into(pilot, "#idea-title", "Émaux d'hiver : le nuancier ❄️")
        await paste_into(pilot, "#idea-channels", "instagram")
        await paste_into(pilot, "#idea-effort", "2h")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BacklogScreen)
        tables = read_toml(backlog_plans / "instagram.toml")["idea"]
        assert tables[-1] == {"title": "Émaux d'hiver : le nuancier ❄️", "effort": "2h"}
        assert len(tables) == 3
        text = (backlog_plans / "instagram.toml").read_text(encoding="utf-8")
        assert text.startswith("# Instagram : trois posts feed par semaine")  # edited in place, comments kept
        assert "Émaux d'hiver : le nuancier ❄️" in _titles(app.screen)
        await pilot.press("n")  # typed, then Escape: asked first, nothing written on Discard
        await settle(pilot)
        await paste_into(pilot, "#idea-title", "Brouillon")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BacklogScreen)
        assert len(read_toml(backlog_plans / "instagram.toml")["idea"]) == 3
        await pilot.press("n")
        await settle(pilot)
        await paste_into(pilot, "#idea-title", "Calendrier de l'Avent")
        await paste_into(pilot, "#idea-channels", "facebook, instagram")
        await paste_into(pilot, "#idea-not_before", "2026-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shared = (backlog_plans / "_ideas.toml").read_text(encoding="utf-8")
        assert "# Pour le blog, plus tard." in shared
        assert read_toml(backlog_plans / "_ideas.toml")["idea"][-1] == {
            "title": "Calendrier de l'Avent", "channels": ["facebook", "instagram"], "not_before": date(2026, 12, 1)}
        assert not load_plan(backlog_plans).errors


@pytest.mark.asyncio
async def test_an_idea_is_edited_and_deleted_in_its_file(backlog_plans, today, make_app, settle, paste_into,
                                                        read_toml):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # the Christmas window photo, of instagram.toml
        await settle(pilot)
        assert isinstance(app.screen, IdeaEditor)
        await paste_into(pilot, "#idea-priority", "0")
        await pilot.press("enter")
        await settle(pilot)
        assert str(app.screen.query_one("#error-priority").render()) == "write 1 (high) to 5 (low)"
        await paste_into(pilot, "#idea-priority", "1")
        await paste_into(pilot, "#idea-owner", "Inès")
        await pilot.press("enter")
        await settle(pilot)
        photo = read_toml(backlog_plans / "instagram.toml")["idea"][1]
        assert (photo["priority"], photo["owner"]) == (1, "Inès")
        screen = app.screen
        # Priority 1 both: instagram.toml is written before _ideas.toml. The cursor stayed on the photo.
        assert _titles(screen)[:2] == ["Photo : la vitrine de Noël", "Portrait d'Inès à l'atelier"]
        assert screen.selected.title == "Photo : la vitrine de Noël"
        await pilot.press("down", "delete")  # the portrait, of _ideas.toml
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _ideas(backlog_plans / "_ideas.toml", read_toml) == ["Tuto émaillage en vidéo"]
        assert "# Pour le blog, plus tard." in (backlog_plans / "_ideas.toml").read_text(encoding="utf-8")
        assert "Portrait d'Inès à l'atelier" not in _titles(screen)
        assert app.said[-1] == "Saved _ideas.toml: deleted the idea « Portrait d'Inès à l'atelier »."


# --- f on a slot ----------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_f_on_an_open_slot_offers_the_ideas_ranked_and_writes_the_choice(
        backlog_plans, today, make_app, settle, go_to_slot, posts_by_time, read_toml):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 11, 28), "instagram", 11)  # Saturday's reel, open
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, IdeaPicker)
        # The photo idea has the wrong format; facebook's and the blog's ideas are not for instagram.
        assert [i.title for i in picker.ideas] == ["Portrait d'Inès à l'atelier",
                                                   "Reel : centrer la terre en 30 secondes 🌀"]
        assert "Fill the Instagram slot of" in str(picker.query_one(".dialog-title").render())
        await pilot.press("enter")
        await settle(pilot)
        post = posts_by_time(backlog_plans / "instagram.toml")[datetime(2026, 11, 28, 11)]
        assert post == {"at": datetime(2026, 11, 28, 11), "title": "Portrait d'Inès à l'atelier", "status": "idea",
                        "owner": "Inès", "pillar": "coulisses"}
        assert _ideas(backlog_plans / "_ideas.toml", read_toml) == ["Tuto émaillage en vidéo"]
        assert "# Pour le blog, plus tard.\n[[idea]]" in (backlog_plans / "_ideas.toml").read_text(encoding="utf-8")
        assert _ideas(backlog_plans / "instagram.toml", read_toml) == [
            "Reel : centrer la terre en 30 secondes 🌀", "Photo : la vitrine de Noël"]
        assert app.week_screen.selected.title == "Portrait d'Inès à l'atelier"
        assert not load_plan(backlog_plans).errors


@pytest.mark.asyncio
async def test_f_with_an_idea_of_the_channel_file_is_one_undoable_save(
        backlog_plans, today, make_app, settle, go_to_slot, posts_by_time, read_toml):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 11, 28), "instagram", 11)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        post = posts_by_time(backlog_plans / "instagram.toml")[datetime(2026, 11, 28, 11)]
        assert (post["title"], post["status"], post["effort"], post["format"]) == (
            "Reel : centrer la terre en 30 secondes 🌀", "idea", "3h", "reel")
        assert _ideas(backlog_plans / "instagram.toml", read_toml) == ["Photo : la vitrine de Noël"]
        await pilot.press("u")
        await settle(pilot)
        assert datetime(2026, 11, 28, 11) not in posts_by_time(backlog_plans / "instagram.toml")
        assert _ideas(backlog_plans / "instagram.toml", read_toml) == [
            "Reel : centrer la terre en 30 secondes 🌀", "Photo : la vitrine de Noël"]


@pytest.mark.asyncio
async def test_f_on_a_filled_slot_says_so_and_writes_nothing(backlog_plans, today, make_app, settle, go_to_slot):
    before = {p.name: p.read_bytes() for p in backlog_plans.glob("*.toml")}
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 11, 25), "instagram", 18)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is app.week_screen
        assert app.said[-1] == "This slot already has its post: f fills an open slot (o: the next open one)."
    assert {p.name: p.read_bytes() for p in backlog_plans.glob("*.toml")} == before


@pytest.mark.asyncio
async def test_f_writes_nothing_when_ideas_toml_changed_on_disk(backlog_plans, today, make_app, settle, go_to_slot):
    app = make_app(backlog_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 11, 28), "instagram", 11)
        await pilot.press("f")
        await settle(pilot)
        changed = (backlog_plans / "_ideas.toml").read_text(encoding="utf-8") + "# edited elsewhere\n"
        (backlog_plans / "_ideas.toml").write_text(changed, encoding="utf-8")
        channel_file = (backlog_plans / "instagram.toml").read_bytes()
        await pilot.press("enter")  # the portrait, of _ideas.toml: both files or none
        await settle(pilot)
        assert (backlog_plans / "instagram.toml").read_bytes() == channel_file
        assert (backlog_plans / "_ideas.toml").read_text(encoding="utf-8") == changed
        assert app.said[-1] == "_ideas.toml changed on disk since it was read; nothing was written (ctrl+r reloads)"
        assert app.week_screen.selected.post is None


def test_the_session_sees_ideas_toml_changed_outside(backlog_plans):
    session = Session(backlog_plans)
    assert session.changed_on_disk() == []
    (backlog_plans / "_ideas.toml").write_text(SHARED_IDEAS_EDITED, encoding="utf-8")
    assert session.changed_on_disk() == ["_ideas.toml"]
    session.reload()
    assert [i.title for i in session.plan.ideas] == ["Tuto émaillage en vidéo"]
    assert session.changed_on_disk() == []


SHARED_IDEAS_EDITED = '''[[idea]]
title = "Tuto émaillage en vidéo"
channels = ["blog"]
'''
