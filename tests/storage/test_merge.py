"""Three-way merge of a channel file: an edit applied onto the file as someone else changed it."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from calendar_app.core.editing import add_post, delete_post, replace_rule, update_channel, update_post
from calendar_app.core.model import Post
from calendar_app.storage.merge import merge_channels, merge_into_file
from calendar_app.storage.reader import load_plan
from calendar_app.storage.schema import read_channel

TUE_24 = datetime(2026, 11, 24, 12, 30)  # facebook: « Rendez-vous au Salon… »
THU_26 = datetime(2026, 11, 26, 12, 30)  # facebook: « Album photo : la fournée de novembre »


def _post(channel, at):
    return next(p for p in channel.posts if p.at == at)


def test_edits_of_different_posts_rules_and_keys_merge(example_plans: Path):
    base = load_plan(example_plans).plan.channel("facebook")
    mine = update_post(base, _post(base, THU_26), replace(_post(base, THU_26), title="Album : la fournée"))
    mine = update_channel(mine, per_week=3)
    theirs = update_post(base, _post(base, TUE_24), replace(_post(base, TUE_24), status="published"))
    theirs = add_post(theirs, Post(at=datetime(2026, 12, 8, 9, 0), title="Ajouté par Inès 🎄"))
    theirs = update_channel(theirs, owner="Inès")
    rule = theirs.rules[0]
    theirs = replace_rule(theirs, rule.id, replace(rule, label="Mardi et jeudi midi"))
    merged = merge_channels(base, mine, theirs)
    assert merged.clashes == ()
    got = merged.channel
    assert _post(got, THU_26).title == "Album : la fournée"
    assert _post(got, TUE_24).status == "published"
    assert _post(got, datetime(2026, 12, 8, 9, 0)).title == "Ajouté par Inès 🎄"
    assert (got.per_week, got.owner, got.rules[0].label) == (3, "Inès", "Mardi et jeudi midi")
    assert len(got.posts) == len(base.posts) + 1


def test_the_same_post_changed_on_both_sides_clashes(example_plans: Path):
    base = load_plan(example_plans).plan.channel("facebook")
    post = _post(base, THU_26)
    mine = update_post(base, post, replace(post, title="Mine"))
    theirs = update_post(base, post, replace(post, title="Theirs"))
    assert merge_channels(base, mine, theirs).clashes == ("post at 2026-11-26T12:30",)
    # deleted on one side, edited on the other: a clash too
    assert merge_channels(base, delete_post(base, post), theirs).clashes == ("post at 2026-11-26T12:30",)
    # the same change on both sides is no clash
    assert merge_channels(base, theirs, theirs).channel == theirs


def test_the_same_rule_or_setting_changed_on_both_sides_clashes(example_plans: Path):
    base = load_plan(example_plans).plan.channel("facebook")
    rule = base.rules[0]
    mine = update_channel(replace_rule(base, rule.id, replace(rule, label="A")), per_week=3)
    theirs = update_channel(replace_rule(base, rule.id, replace(rule, label="B")), per_week=5)
    assert merge_channels(base, mine, theirs).clashes == ("channel.per_week", f'rule "{rule.id}"')


def test_a_new_post_in_both_at_the_same_time_clashes_unless_equal(example_plans: Path):
    base = load_plan(example_plans).plan.channel("blog")
    at = datetime(2027, 1, 5, 10, 0)
    mine, theirs = add_post(base, Post(at=at, title="Un")), add_post(base, Post(at=at, title="Deux"))
    assert merge_channels(base, mine, theirs).clashes == ("post at 2027-01-05T10:00",)
    assert merge_channels(base, mine, mine).channel == mine


def test_merging_into_the_file_keeps_the_outside_change_and_its_comments(bundled_plans: Path):
    result = load_plan(bundled_plans)
    base = result.plan.channel("facebook")
    path = result.files["facebook"].path
    # Someone else (a git pull) adds a commented post and retitles Tuesday's post.
    theirs_text = path.read_text(encoding="utf-8").replace("Rendez-vous au Salon", "RDV au Salon") + (
        "\n# ajouté par Inès : à confirmer\n[[post]]\nat = 2026-12-10T12:30:00\ntitle = \"Marché de Noël 🎄\"\n")
    path.write_text(theirs_text, encoding="utf-8")
    post = _post(base, THU_26)
    mine = update_post(base, post, replace(post, title="Album : la fournée"))
    merged, stamp = merge_into_file(path, base, mine, result.plan.calendar.timezone)
    assert merged.clashes == () and stamp is not None
    text = path.read_text(encoding="utf-8")
    assert text == theirs_text.replace('title = "Album photo : la fournée de novembre"', 'title = "Album : la fournée"')
    again, problems = read_channel(path, "facebook", tomllib.loads(text), result.plan.calendar.timezone)
    assert problems == [] and again == merged.channel
    assert _post(again, TUE_24).title.startswith("RDV au Salon")


def test_a_clash_writes_nothing(bundled_plans: Path):
    result = load_plan(bundled_plans)
    base = result.plan.channel("facebook")
    path = result.files["facebook"].path
    theirs = path.read_text(encoding="utf-8").replace("Album photo : la fournée de novembre", "Album (Inès)")
    path.write_text(theirs, encoding="utf-8")
    post = _post(base, THU_26)
    merged, stamp = merge_into_file(path, base, update_post(base, post, replace(post, title="Mine")),
                                    result.plan.calendar.timezone)
    assert (merged.channel, merged.clashes, stamp) == (None, ("post at 2026-11-26T12:30",), None)
    assert path.read_text(encoding="utf-8") == theirs


def test_a_file_gone_or_broken_on_disk_is_not_merged(bundled_plans: Path):
    result = load_plan(bundled_plans)
    base = result.plan.channel("blog")
    path = result.files["blog"].path
    mine = update_channel(base, per_week=2)
    path.write_text("[channel\n", encoding="utf-8")
    merged, stamp = merge_into_file(path, base, mine, "Europe/Paris")
    assert merged.channel is None and merged.clashes == ("blog.toml",) and stamp is None
    assert path.read_text(encoding="utf-8") == "[channel\n"
    path.unlink()
    merged, stamp = merge_into_file(path, base, mine, "Europe/Paris")
    assert merged.channel is None and stamp is None and not path.exists()
