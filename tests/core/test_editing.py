"""The pure edit functions: each returns a new Channel that loads back as written."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime, time

import pytest

from calendar_app.core.editing import (
    EditError,
    add_post,
    add_rule,
    delete_post,
    delete_rule,
    fill_slot,
    filled_slot,
    move_post,
    new_channel_id_problem,
    post_at,
    replace_rule,
    rule_at,
    skip_date,
    unskip_date,
    update_channel,
    update_post,
)
from calendar_app.core.model import Post, Rule
from calendar_app.core.recurrence import expand_channel
from calendar_app.storage.reader import load_plan
from calendar_app.storage.writer import channel_to_toml, check_channel


@pytest.fixture
def plan(bundled_plans):
    result = load_plan(bundled_plans)
    assert not result.errors
    return result.plan


def _slots(channel, start=date(2026, 11, 23), end=date(2026, 12, 7)):
    return expand_channel(channel, start, end)


def test_fill_slot_puts_the_post_on_the_planned_time_and_keeps_the_uid(plan):
    insta = plan.channel("instagram")
    open_slot = next(s for s in _slots(insta) if s.post is None)
    edited = fill_slot(insta, open_slot.planned, Post(at=datetime(2000, 1, 1), title="Émail 🔥", status="draft"))
    assert insta.posts != edited.posts  # a new channel; the original is untouched
    after = {s.uid: s for s in _slots(edited)}
    assert after[open_slot.uid].title == "Émail 🔥"
    assert after[open_slot.uid].status == "draft"
    assert [p.at for p in edited.posts] == sorted(p.at for p in edited.posts)


def test_fill_slot_replaces_the_post_already_there(plan):
    insta = plan.channel("instagram")
    at = datetime(2026, 11, 25, 18, 0)
    edited = fill_slot(insta, at, Post(at=at, title="Autre", status="ready"))
    assert len(edited.posts) == len(insta.posts)
    assert post_at(edited, at).title == "Autre"


def test_update_post_changes_fields_and_keeps_order(plan):
    insta = plan.channel("instagram")
    old = post_at(insta, datetime(2026, 11, 30, 18, 0))
    edited = update_post(insta, old, replace(old, status="ready", notes="Lien en bio ✨"))
    new = post_at(edited, old.at)
    assert (new.status, new.notes, new.title) == ("ready", "Lien en bio ✨", old.title)
    assert len(edited.posts) == len(insta.posts)


def test_update_post_of_a_missing_post_is_an_edit_error(plan):
    insta = plan.channel("instagram")
    with pytest.raises(EditError, match="no post at 2031-01-01 10:00"):
        update_post(insta, Post(at=datetime(2031, 1, 1, 10)), Post(at=datetime(2031, 1, 1, 11)))


def test_move_post_reopens_the_rule_slot(plan):
    insta = plan.channel("instagram")
    old = post_at(insta, datetime(2026, 11, 25, 18, 0))
    moved = move_post(insta, old, replace(old, at=datetime(2026, 11, 26, 9, 30)))
    slots = _slots(moved)
    wed = next(s for s in slots if s.planned == datetime(2026, 11, 25, 18, 0))
    assert wed.rule == "feed" and wed.post is None
    thu = next(s for s in slots if s.planned == datetime(2026, 11, 26, 9, 30))
    assert thu.rule is None and thu.title == old.title
    assert moved.rules == insta.rules


def test_move_post_can_skip_the_rule_slot(plan):
    insta = plan.channel("instagram")
    old = post_at(insta, datetime(2026, 11, 25, 18, 0))
    moved = move_post(insta, old, replace(old, at=datetime(2026, 11, 26, 9, 30)), skip_rule="feed")
    assert date(2026, 11, 25) in moved.rules[0].skip
    assert not any(s.planned.date() == date(2026, 11, 25) for s in _slots(moved))


def test_move_post_onto_an_open_slot_fills_it(plan):
    insta = plan.channel("instagram")
    old = post_at(insta, datetime(2026, 11, 30, 18, 0))
    target = datetime(2026, 12, 2, 18, 0)  # Wednesday feed slot, open
    moved = move_post(insta, old, replace(old, at=target))
    slot = next(s for s in _slots(moved) if s.planned == target)
    assert slot.rule == "feed" and slot.title == old.title


def test_a_moved_post_keeps_its_slots_pillar_and_format(plan):
    insta = plan.channel("instagram")
    # Wed 25 Nov 18:00 is occurrence 34 of the feed rule (Mon/Wed/Fri from Mon 7 Sep): pillars[34 % 3].
    old = post_at(insta, datetime(2026, 11, 25, 18, 0))
    assert (old.pillar, old.format) == (None, None)
    thursday = datetime(2026, 11, 26, 18, 0)
    moved = move_post(insta, old, replace(old, at=thursday), blackout=plan.blackout_days)
    post = post_at(moved, thursday)
    assert (post.pillar, post.format, post.title) == ("produit", "photo", old.title)
    slot = next(s for s in _slots(moved) if s.planned == thursday)
    assert (slot.rule, slot.pillar, slot.format) == (None, "produit", "photo")
    # Onto another rule's slot (the Saturday reel, pillar coulisses): what it had stays its own.
    saturday = datetime(2026, 11, 28, 11, 0)
    onto = next(s for s in _slots(move_post(insta, old, replace(old, at=saturday))) if s.planned == saturday)
    assert (onto.rule, onto.pillar, onto.format) == ("reel", "produit", "photo")
    # The post's own values win; a value the edit clears stays cleared.
    own = replace(old, pillar="conseils")
    insta_own = update_post(insta, old, own)
    assert post_at(move_post(insta_own, own, replace(own, at=thursday)), thursday).pillar == "conseils"
    assert post_at(move_post(insta_own, own, replace(own, at=thursday, pillar=None)), thursday).pillar is None
    assert post_at(move_post(insta_own, own, replace(own, at=thursday, pillar=None)), thursday).format == "photo"


def test_moving_a_one_off_post_or_not_moving_writes_nothing_more(plan):
    insta = plan.channel("instagram")
    live = post_at(insta, datetime(2026, 12, 3, 19, 0))  # a one-off with its own pillar and format
    moved = move_post(insta, live, replace(live, at=datetime(2026, 12, 3, 20, 0), format=None))
    assert post_at(moved, datetime(2026, 12, 3, 20, 0)).format is None
    old = post_at(insta, datetime(2026, 11, 25, 18, 0))
    edited = move_post(insta, old, replace(old, status="ready"))
    assert (post_at(edited, old.at).pillar, post_at(edited, old.at).format) == (None, None)
    # A post on a blackout day filled no slot: nothing to keep.
    christmas = post_at(insta, datetime(2026, 12, 25, 10, 0))
    assert filled_slot(insta, christmas, plan.blackout_days) is None
    assert filled_slot(insta, old, plan.blackout_days).rule == "feed"


def test_add_and_delete_post(plan):
    fb = plan.channel("facebook")
    post = Post(at=datetime(2026, 11, 28, 15, 0), title="Portes ouvertes", status="idea")
    added = add_post(fb, post)
    assert any(s.rule is None and s.title == "Portes ouvertes" for s in _slots(added))
    assert delete_post(added, post).posts == fb.posts


def test_delete_post_reopens_its_slot(plan):
    fb = plan.channel("facebook")
    old = post_at(fb, datetime(2026, 11, 26, 12, 30))
    slot = next(s for s in _slots(delete_post(fb, old)) if s.planned == old.at)
    assert slot.post is None and slot.rule == "mardi-jeudi"


def test_rule_at_names_the_rule_and_ignores_skips_and_blackouts(plan):
    insta = plan.channel("instagram")
    assert rule_at(insta, datetime(2026, 11, 25, 18, 0)) == "feed"
    assert rule_at(insta, datetime(2026, 11, 28, 11, 0)) == "reel"
    assert rule_at(insta, datetime(2026, 11, 25, 18, 30)) is None
    assert rule_at(skip_date(insta, "feed", date(2026, 11, 25)), datetime(2026, 11, 25, 18, 0)) is None
    assert rule_at(insta, datetime(2026, 12, 25, 18, 0), blackout=[date(2026, 12, 25)]) is None


def test_rules_add_replace_delete(plan):
    news = plan.channel("newsletter")
    second_tuesday = replace(news.rules[0], days=("2tue",))
    changed = replace_rule(news, "mensuelle", second_tuesday)
    dates = [s.planned.date() for s in expand_channel(changed, date(2027, 1, 1), date(2027, 3, 1))]
    assert dates == [date(2027, 1, 12), date(2027, 2, 9)]
    extra = Rule(id="flash", times=(time(9),), start=date(2026, 12, 1), every="month", days=("-1fri",))
    assert [r.id for r in add_rule(changed, extra).rules] == ["mensuelle", "flash"]
    with pytest.raises(EditError, match='a rule "flash" already exists'):
        add_rule(add_rule(changed, extra), extra)
    with pytest.raises(EditError, match='a rule "mensuelle" already exists'):
        replace_rule(add_rule(changed, extra), "flash", replace(extra, id="mensuelle"))
    assert delete_rule(add_rule(changed, extra), "flash").rules == changed.rules
    with pytest.raises(EditError, match='no rule "nope"; rules: mensuelle'):
        delete_rule(news, "nope")


def test_skip_and_unskip(plan):
    insta = plan.channel("instagram")
    day = date(2026, 12, 2)
    skipped = skip_date(insta, "feed", day)
    assert skipped.rules[0].skip == (day,)
    assert unskip_date(skipped, "feed", day).rules[0].skip == ()
    assert skipped.rules[1] == insta.rules[1]


def test_update_channel_settings(plan):
    blog = plan.channel("blog")
    changed = update_channel(blog, name="Le Blog ✍️", per_week=1, color="#123456")
    assert (changed.name, changed.per_week, changed.color) == ("Le Blog ✍️", 1, "#123456")
    assert changed.timezone_from_calendar  # inherited zone still not written
    assert "timezone" not in tomllib.loads(channel_to_toml(changed))["channel"]
    own = update_channel(blog, timezone="Europe/London")
    assert tomllib.loads(channel_to_toml(own))["channel"]["timezone"] == "Europe/London"
    with pytest.raises(EditError, match="rules cannot be changed here"):
        update_channel(blog, rules=())


def test_check_channel_round_trips_valid_edits(plan):
    for channel in plan.channels:
        assert check_channel(channel, plan.calendar.timezone) == []


def test_check_channel_names_file_and_key(plan):
    news = plan.channel("newsletter")
    bad = replace_rule(news, "mensuelle", replace(news.rules[0], days=("2tuesday",)))
    problems = check_channel(bad, plan.calendar.timezone)
    assert [(str(p.path), p.key) for p in problems] == [("newsletter.toml", "rule[1].days[1]")]
    assert "is not a weekday" in problems[0].message
    link = add_post(news, Post(at=datetime(2027, 1, 5, 9), link="pas une url"))
    assert [p.key for p in check_channel(link, plan.calendar.timezone)] == ["post[2].link"]


def test_new_channel_id_problem(plan):
    assert new_channel_id_problem(plan, "tiktok") is None
    assert "already exists" in new_channel_id_problem(plan, "blog")
    assert "lowercase letters" in new_channel_id_problem(plan, "Tik Tok")
