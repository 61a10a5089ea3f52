"""The editor driven with the Pilot: editing posts, asserting on the screen and on the TOML on disk."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Select, TextArea

from calendar_app.core.editing import post_at
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.conflict import ConflictScreen
from calendar_app.ui.screens.post_editor import MoveChoice, PostEditor
from calendar_app.ui.screens.week import WeekScreen

SIZE = (120, 36)

pytestmark = pytest.mark.asyncio

THU_3_DEC = datetime(2026, 12, 3, 12, 30)  # an open Facebook slot (rule mardi-jeudi)
THU_26_NOV = datetime(2026, 11, 26, 12, 30)  # a Facebook slot filled by « Album photo »


async def test_fill_an_open_slot(bundled_plans, today, make_app, posts_by_time, settle, go_to_slot, paste):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await go_to_slot(pilot, THU_3_DEC.date(), "facebook", 12, 30)
        assert app.week_screen.selected.post is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostEditor)
        await paste(pilot, "Portes ouvertes à l'atelier 🏺")
        app.screen.query_one("#status", Select).focus()
        await pilot.press("enter", "down", "enter")  # idea -> draft, as a user picks it
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        selected = app.week_screen.selected
        assert (selected.planned, selected.title, selected.status) == (THU_3_DEC, "Portes ouvertes à l'atelier 🏺", "draft")
    post = posts_by_time(path)[THU_3_DEC]
    assert post == {"at": THU_3_DEC, "title": "Portes ouvertes à l'atelier 🏺", "status": "draft"}
    assert any("Saved facebook.toml" in m for m in app.said)


async def test_edit_a_post_keeps_other_posts_and_sorts_them(bundled_plans, today, posts_by_time, make_app, settle,
                                                            go_to_slot, paste, paste_into):
    path = bundled_plans / "facebook.toml"
    before = posts_by_time(path)
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert editor.query_one("#title").value == "Album photo : la fournée de novembre"
        editor.query_one("#notes", TextArea).focus()
        await pilot.pause()
        await paste(pilot, "Vingt photos, légendes courtes ✨")
        await paste_into(pilot, "#owner", "Inès")
        await pilot.press("enter")  # Enter in a field saves
        await settle(pilot)
        assert app.week_screen.selected.post.notes == "Vingt photos, légendes courtes ✨"
    after = posts_by_time(path)
    assert after[THU_26_NOV] == {**before[THU_26_NOV], "notes": "Vingt photos, légendes courtes ✨", "owner": "Inès"}
    assert {k: v for k, v in after.items() if k != THU_26_NOV} == {k: v for k, v in before.items() if k != THU_26_NOV}
    assert list(after) == sorted(after)


async def test_escape_cancels_and_leaves_the_file_byte_for_byte(bundled_plans, today, make_app, settle, go_to_slot,
                                                                paste_into):
    path = bundled_plans / "facebook.toml"
    before = path.read_bytes()
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        await paste_into(pilot, "#title", "Autre chose")
        await paste_into(pilot, "#time", "15:00")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # unsaved changes: asked first
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert app.week_screen.selected.title == "Album photo : la fournée de novembre"
    assert path.read_bytes() == before
    assert not any("Saved" in m for m in app.said)


async def test_inline_validation_blocks_saving(bundled_plans, today, make_app, settle, go_to_slot, paste_into):
    path = bundled_plans / "facebook.toml"
    before = path.read_bytes()
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        await paste_into(pilot, "#time", "25:00")
        await paste_into(pilot, "#link", "pas une url")
        await pilot.press("ctrl+s")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PostEditor)
        assert "HH:MM" in str(editor.query_one("#error-when").render())
        assert "is not a URL" in str(editor.query_one("#error-link").render())
        await paste_into(pilot, "#time", "12:30")
        await paste_into(pilot, "#link", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert any("Nothing changed" in m for m in app.said)
    assert path.read_bytes() == before


@pytest.fixture
def move_thursday_post(settle, go_to_slot, paste_into):
    """``await move_thursday_post(pilot, app, answer)``: move Thursday's Facebook post to Friday
    15:00 and answer the question about its slot."""

    async def move(pilot, app, answer: str) -> None:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        await paste_into(pilot, "#date", "2026-11-27")
        await paste_into(pilot, "#time", "15:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MoveChoice)
        await pilot.press(answer)
        await settle(pilot)

    return move


async def test_move_a_post_and_leave_its_slot_open(bundled_plans, today, make_app, posts_by_time, move_thursday_post,
                                                   read_toml, grid):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await move_thursday_post(pilot, app, "o")
        moved = app.week_screen.selected
        assert (moved.planned, moved.rule, moved.title) == (datetime(2026, 11, 27, 15), None, "Album photo : la fournée de novembre")
        thursday = next(c for c in grid(app).data.days if c.day == THU_26_NOV.date())
        reopened = next(s for s in thursday.slots if s.channel == "facebook")
        assert reopened.post is None and reopened.rule == "mardi-jeudi"
    posts = posts_by_time(path)
    assert THU_26_NOV not in posts and posts[datetime(2026, 11, 27, 15)]["status"] == "ready"
    assert "skip" not in read_toml(path)["rule"][0]


async def test_move_a_post_and_skip_its_slot(bundled_plans, today, make_app, read_toml, posts_by_time,
                                             move_thursday_post, grid):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await move_thursday_post(pilot, app, "s")
        thursday = next(c for c in grid(app).data.days if c.day == THU_26_NOV.date())
        assert not any(s.channel == "facebook" for s in thursday.slots)
    data = read_toml(path)
    assert data["rule"][0]["skip"] == [THU_26_NOV.date()]
    assert datetime(2026, 11, 27, 15) in posts_by_time(path)


async def test_a_moved_post_keeps_its_slots_pillar_and_format(bundled_plans, today, make_app, settle, go_to_slot,
                                                            paste_into, posts_by_time, agenda_json):
    # The example: « Émaux d'hiver » on Wednesday's feed slot (pillar produit, format photo).
    path = bundled_plans / "instagram.toml"
    wednesday, thursday = datetime(2026, 12, 2, 18, 0), datetime(2026, 12, 3, 18, 0)
    with path.open("a", encoding="utf-8") as f:
        f.write('\n[[post]]\nat = 2026-12-02T18:00:00\ntitle = "Émaux d\'hiver ❄️"\nstatus = "draft"\n')
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await go_to_slot(pilot, wednesday.date(), "instagram", 18)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert editor.query_one("#pillar").placeholder == "produit (from the rule)"
        assert editor.query_one("#format").placeholder == "photo (from the rule)"
        await paste_into(pilot, "#date", "2026-12-03")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MoveChoice)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)  # instagram.toml's comments are kept: nothing to ask
        moved = app.week_screen.selected
        assert (moved.planned, moved.rule, moved.pillar, moved.format) == (thursday, None, "produit", "photo")
    posts = posts_by_time(path)
    assert wednesday not in posts
    assert posts[thursday] == {"at": thursday, "title": "Émaux d'hiver ❄️", "status": "draft",
                               "pillar": "produit", "format": "photo"}
    slot = next(s for s in agenda_json(bundled_plans, "--from", "2026-11-30", "--weeks", "1")
                if s["planned"] == "2026-12-03T18:00")
    assert (slot["title"], slot["rule"], slot["pillar"], slot["format"]) == ("Émaux d'hiver ❄️", None, "produit", "photo")


async def test_cancelling_the_move_question_writes_nothing(bundled_plans, today, make_app, move_thursday_post):
    path = bundled_plans / "facebook.toml"
    before = path.read_bytes()
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await move_thursday_post(pilot, app, "escape")
        assert isinstance(app.screen, WeekScreen)
    assert path.read_bytes() == before


async def test_new_one_off_post(bundled_plans, today, make_app, settle, paste_into, posts_by_time):
    path = bundled_plans / "linkedin.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")  # Wednesday 25
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PostEditor)
        editor.query_one("#channel", Select).value = "linkedin"
        await paste_into(pilot, "#time", "17:15")
        assert "one-off post" in str(editor.query_one("#where").render())
        await paste_into(pilot, "#title", "Offre de stage : rejoignez l'atelier")
        await pilot.press("enter")
        await settle(pilot)
        selected = app.week_screen.selected
        assert (selected.channel, selected.rule, selected.planned) == ("linkedin", None, datetime(2026, 11, 25, 17, 15))
    assert posts_by_time(path)[datetime(2026, 11, 25, 17, 15)]["title"] == "Offre de stage : rejoignez l'atelier"


async def test_editing_a_commented_file_keeps_its_comments_without_asking(bundled_plans, today, make_app, settle,
                                                                        go_to_slot, paste, posts_by_time):
    path = bundled_plans / "instagram.toml"
    before = path.read_text(encoding="utf-8")
    assert before.startswith("# Instagram : trois posts feed par semaine")
    reel = datetime(2026, 11, 28, 11, 0)
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, reel.date(), "instagram", 11)
        await pilot.press("enter")
        await settle(pilot)
        await paste(pilot, "Reel : l'émaillage 🔥")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)  # saved at once, no question about comments
        assert app.week_screen.selected.title == "Reel : l'émaillage 🔥"
    after = path.read_text(encoding="utf-8")
    assert posts_by_time(path)[reel]["title"] == "Reel : l'émaillage 🔥"
    # the file as it was, plus the new post's table in time order: every other line kept, comment included
    added = '[[post]]\nat = 2026-11-28T11:00:00\ntitle = "Reel : l\'émaillage 🔥"\nstatus = "idea"\n\n'
    assert after == before.replace("[[post]]\nat = 2026-11-30T18:00:00", added + "[[post]]\nat = 2026-11-30T18:00:00", 1)


def _external_edit(path) -> bytes:
    """Someone changes the file in another editor: a new title for the Tuesday post."""
    text = path.read_text(encoding="utf-8").replace("Rendez-vous au Salon", "RDV au Salon")
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def _clashing_edit(path) -> bytes:
    """Someone changes the post the test edits too: a new status for Thursday's « Album photo »."""
    text = path.read_text(encoding="utf-8")
    start = text.index('title = "Album photo : la fournée de novembre"')
    end = text.index("[[post]]", start) if "[[post]]" in text[start:] else len(text)
    block = text[start:end]
    assert "status = " in block
    changed = block.replace(block[block.index("status = "):].split("\n", 1)[0], 'status = "cancelled"')
    path.write_text(text[:start] + changed + text[end:], encoding="utf-8")
    return path.read_bytes()


async def test_conflict_is_not_overwritten_and_reload_takes_theirs(bundled_plans, today, make_app, settle,
                                                                   edit_thursday_title):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        theirs = _clashing_edit(path)
        await edit_thursday_title(pilot, app)
        assert isinstance(app.screen, ConflictScreen)  # the same post changed on both sides: asked
        assert path.read_bytes() == theirs
        await pilot.press("r")
        await settle(pilot)
        thursday = post_at(app.session.channel("facebook"), THU_26_NOV)
        assert thursday.status == "cancelled"
        assert app.week_screen.selected.title == "Album photo : la fournée de novembre"
    assert path.read_bytes() == theirs


async def test_conflict_keep_mine_overwrites_after_confirmation(bundled_plans, today, make_app, posts_by_time, settle,
                                                                edit_thursday_title):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _external_edit(path)
        _clashing_edit(path)
        await edit_thursday_title(pilot, app)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("y")  # the confirmation
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
    posts = posts_by_time(path)
    assert posts[THU_26_NOV]["title"] == "Album : la fournée"
    assert posts[THU_26_NOV]["status"] != "cancelled"  # mine, whole: the other change is lost
    assert posts[datetime(2026, 11, 24, 12, 30)]["title"].startswith("Rendez-vous au Salon")


async def test_an_outside_change_of_another_post_is_merged_with_a_toast(bundled_plans, today, make_app, settle,
                                                                       edit_thursday_title, posts_by_time):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        theirs = _external_edit(path).decode("utf-8")  # Tuesday's post retitled elsewhere (a git pull)
        await edit_thursday_title(pilot, app)
        assert isinstance(app.screen, WeekScreen)  # nothing asked
        assert app.week_screen.selected.title == "Album : la fournée"
        assert any("merged with the outside change" in m for m in app.said)
        assert post_at(app.session.channel("facebook"), datetime(2026, 11, 24, 12, 30)).title.startswith("RDV au Salon")
    posts = posts_by_time(path)
    assert posts[THU_26_NOV]["title"] == "Album : la fournée"
    assert posts[datetime(2026, 11, 24, 12, 30)]["title"].startswith("RDV au Salon")
    assert path.read_text(encoding="utf-8") == theirs.replace('title = "Album photo : la fournée de novembre"',
                                                             'title = "Album : la fournée"')


async def test_undo_restores_and_writes_the_previous_channel(bundled_plans, today, read_toml, make_app,
                                                             edit_thursday_title, settle, posts_by_time):
    path = bundled_plans / "facebook.toml"
    original = read_toml(path)
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await edit_thursday_title(pilot, app)
        assert posts_by_time(path)[THU_26_NOV]["title"] == "Album : la fournée"
        await pilot.press("delete")  # clear the post: the slot is open again
        await settle(pilot)
        assert app.week_screen.selected.post is None
        assert THU_26_NOV not in posts_by_time(path)
        await pilot.press("u")
        await settle(pilot)
        assert posts_by_time(path)[THU_26_NOV]["title"] == "Album : la fournée"
        await pilot.press("u")
        await settle(pilot)
        assert app.week_screen.selected.title == "Album photo : la fournée de novembre"
        await pilot.press("u")
        await settle(pilot)
        assert any("Nothing to undo" in m for m in app.said)
    assert read_toml(path) == original


async def test_undo_after_an_outside_change_asks_instead_of_overwriting(bundled_plans, today, make_app,
                                                                        edit_thursday_title, settle):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await edit_thursday_title(pilot, app)
        theirs = _external_edit(path)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert path.read_bytes() == theirs
        assert app.session.undo_stack  # still there to retry


async def test_files_changed_outside_reload_when_the_app_regains_focus(bundled_plans, today, make_app, posts_by_time,
                                                                       settle, edit_thursday_title):
    from textual import events

    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _external_edit(path)
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app.session.channel("facebook").posts[0].title.startswith("RDV au Salon")
        assert any("Reloaded 1 file" in m and "facebook.toml" in m for m in app.said)
        await edit_thursday_title(pilot, app)  # no conflict now: the stamp is the new file's
        assert isinstance(app.screen, WeekScreen)
    posts = posts_by_time(path)
    assert posts[datetime(2026, 11, 24, 12, 30)]["title"].startswith("RDV au Salon")
    assert posts[THU_26_NOV]["title"] == "Album : la fournée"


async def test_ctrl_r_reloads_a_new_channel_file(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (bundled_plans / "tiktok.toml").write_text(
            '[channel]\nname = "TikTok"\n\n[[rule]]\nid = "clip"\nevery = "week"\ndays = ["wed"]\n'
            'times = ["19:00"]\nstart = 2026-11-01\n', encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        wednesday = next(c for c in grid(app).data.days if c.day == date(2026, 11, 25))
        assert any(s.channel == "tiktok" for s in wednesday.slots)
        assert "tiktok" in [c.id for c in app.week_screen.channels]
