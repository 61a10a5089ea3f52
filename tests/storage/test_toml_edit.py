"""Saving an edited plan file rewrites only the lines of the item that changed (tomlkit), comments included."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calendar_app.core.editing import add_post, delete_post, replace_rule, update_channel, update_post
from calendar_app.core.model import Post
from calendar_app.core.rule_change import change_rule_from
from calendar_app.storage import writer
from calendar_app.storage.reader import load_plan
from calendar_app.storage.schema import read_channel
from calendar_app.storage.writer import channel_file_text, save_channel

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"
CHANNELS = ("blog", "facebook", "instagram", "linkedin", "newsletter", "podcast")
KINDS = ("edit post", "add post", "delete post", "change rule", "rule change from a date", "channel settings")
_HEADER = re.compile(r"^\[\[?(channel|rule|post)\]\]?$")


def with_comments(text: str) -> str:
    """``text`` with a comment line above and one under every table header, numbered in file order."""
    out, n = [], 0
    for line in text.splitlines(keepends=True):
        if _HEADER.match(line.strip()):
            n += 1
            out += [f"# about table {n}: « été » ☕\n", line, f"# inside table {n} ✨\n"]
        else:
            out.append(line)
    return "".join(out)


def changed_lines(before: str, after: str) -> tuple[Counter, Counter]:
    """The lines removed and the lines added by going from ``before`` to ``after``."""
    removed, added = Counter(), Counter()
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed[line[2:]] += 1
        elif line.startswith("+ "):
            added[line[2:]] += 1
    return removed, added


def table_block(text: str, n: int) -> list[str]:
    """The lines of table ``n`` (numbered by :func:`with_comments`): its blank line and comment above, its keys."""
    lines = text.splitlines()
    first = lines.index(f"# about table {n}: « été » ☕")
    if first and lines[first - 1] == "":
        first -= 1
    try:
        last = lines.index(f"# about table {n + 1}: « été » ☕")
        if lines[last - 1] == "":
            last -= 1
    except ValueError:
        last = len(lines)
    return lines[first:last]


def table_number(text: str, kind: str, index: int) -> int:
    """The number :func:`with_comments` gave to the ``index``-th ``[[kind]]`` table of ``text``."""
    headers = [m.group(1) for line in text.splitlines() if (m := _HEADER.match(line.strip()))]
    return [i for i, h in enumerate(headers, 1) if h == kind][index]


def line_of(table: list[str], key: str) -> str | None:
    return next((line for line in table if line.startswith(f"{key} = ")), None)


@pytest.fixture
def commented(bundled_plans: Path):
    for name in CHANNELS:
        path = bundled_plans / f"{name}.toml"
        path.write_text(with_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
    return load_plan(bundled_plans)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("channel_id", CHANNELS)
def test_an_edit_changes_only_its_own_lines(commented, channel_id: str, kind: str, today: date):
    channel = commented.plan.channel(channel_id)
    stamp = commented.files[channel_id]
    before = stamp.path.read_text(encoding="utf-8")
    post_index = {p: i for i, p in enumerate(_posts_in_file_order(before, channel))}
    if kind == "edit post":
        post = channel.posts[-1]
        edited = update_post(channel, post, replace(post, title=f"{post.title} (revu) ✨", status="cancelled"))
        block = table_block(before, table_number(before, "post", post_index[post]))
        expected_removed = [line_of(block, "title"), line_of(block, "status")]
        expected_added = [f'title = "{post.title} (revu) ✨"', 'status = "cancelled"']
    elif kind == "add post":
        new = Post(at=datetime(2027, 3, 4, 9, 15), title="Nouveauté « printemps » 🌸", owner="Inès")
        edited = add_post(channel, new)
        expected_removed = []
        expected_added = ["", "[[post]]", "at = 2027-03-04T09:15:00", 'title = "Nouveauté « printemps » 🌸"',
                          'status = "idea"', 'owner = "Inès"']
    elif kind == "delete post":
        post = channel.posts[0]
        edited = delete_post(channel, post)
        expected_removed = table_block(before, table_number(before, "post", post_index[post]))
        expected_added = []
    elif kind == "change rule":
        rule = channel.rules[0]
        edited = replace_rule(channel, rule.id, replace(rule, label="Créneau révisé 🗓"))
        block = table_block(before, table_number(before, "rule", 0))
        expected_removed = [line_of(block, "label")]
        expected_added = ['label = "Créneau révisé 🗓"']
    elif kind == "rule change from a date":
        rule = channel.rules[0]
        day = date(2027, 2, 1)
        edited = change_rule_from(channel, rule.id, day, {"times": (time(7, 45),)}).channel
        new_rule = edited.rules[1]
        assert new_rule.start == day and new_rule.id != rule.id
        expected_removed = []
        # the old rule ends the day before; the new one is a new table right after it
        expected_added = ["end = 2027-01-31", "", "[[rule]]", f'id = "{new_rule.id}"']
    else:
        edited = update_channel(channel, per_week=9, description="Chaîne revue en « décembre »")
        block = table_block(before, 1)
        expected_removed = [line_of(block, "per_week"), line_of(block, "description")]
        expected_added = ["per_week = 9", 'description = "Chaîne revue en « décembre »"']

    save_channel(stamp.path, edited, stamp.digest)
    after = stamp.path.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == Counter(line for line in expected_removed if line is not None)
    if kind == "rule change from a date":
        # the new rule's own keys (its times, start and the old rule's other keys) come with it
        assert Counter(expected_added) <= added
        assert 'times = ["07:45"]' in added and f"start = {day.isoformat()}" in added
        assert not any(line.startswith("#") for line in added)
    else:
        assert added == Counter(expected_added)
    again, problems = read_channel(stamp.path, channel_id, tomllib.loads(after), commented.plan.calendar.timezone)
    assert problems == [] and again == edited
    assert "\\u" not in after and "« été » ☕" in after  # accents and emoji written as they are


def _posts_in_file_order(text: str, channel) -> list[Post]:
    """The channel's posts in the order of their tables in ``text``."""
    ats = [p["at"] for p in tomllib.loads(text).get("post", [])]
    remaining = list(channel.posts)
    out = []
    for at in ats:
        post = next(p for p in remaining if p.at == at)
        remaining.remove(post)
        out.append(post)
    return out


def test_deleting_a_post_keeps_the_comment_of_the_next_one(bundled_plans: Path):
    path = bundled_plans / "blog.toml"
    path.write_text(
        '[channel]\nname = "Blog"\n\n'
        '# the first post, gone soon\n[[post]]\nat = 2026-12-01T10:00:00\ntitle = "Un"\n# about Un only\n\n'
        '# the second post: keep me\n[[post]]\nat = 2026-12-02T10:00:00\ntitle = "Deux"\n', encoding="utf-8")
    result = load_plan(bundled_plans)
    blog = result.plan.channel("blog")
    save_channel(path, delete_post(blog, blog.posts[0]), result.files["blog"].digest)
    assert path.read_text(encoding="utf-8") == (
        '[channel]\nname = "Blog"\n\n'
        '# the second post: keep me\n[[post]]\nat = 2026-12-02T10:00:00\ntitle = "Deux"\n')


def test_a_moved_post_changes_only_its_time_and_keeps_its_comment(bundled_plans: Path):
    path = bundled_plans / "blog.toml"
    path.write_text(
        '[channel]\nname = "Blog"\n\n'
        '[[post]]\nat = 2026-12-01T10:00:00 # moved twice already\ntitle = "Un"\nstatus = \'draft\'\n', encoding="utf-8")
    result = load_plan(bundled_plans)
    blog = result.plan.channel("blog")
    post = blog.posts[0]
    save_channel(path, update_post(blog, post, replace(post, at=datetime(2026, 12, 3, 11, 0))), result.files["blog"].digest)
    assert path.read_text(encoding="utf-8") == (
        '[channel]\nname = "Blog"\n\n'
        "[[post]]\nat = 2026-12-03T11:00:00 # moved twice already\ntitle = \"Un\"\nstatus = 'draft'\n")


def test_a_new_post_goes_in_time_order_with_a_blank_line(bundled_plans: Path):
    path = bundled_plans / "blog.toml"
    path.write_text('[channel]\nname = "Blog"\n\n[[post]]\nat = 2026-12-01T10:00:00\n\n[[post]]\nat = 2026-12-09T10:00:00\n',
                    encoding="utf-8")
    result = load_plan(bundled_plans)
    blog = result.plan.channel("blog")
    save_channel(path, add_post(blog, Post(at=datetime(2026, 12, 5, 8, 0), title="Entre deux")), result.files["blog"].digest)
    assert path.read_text(encoding="utf-8") == (
        '[channel]\nname = "Blog"\n\n[[post]]\nat = 2026-12-01T10:00:00\n\n'
        '[[post]]\nat = 2026-12-05T08:00:00\ntitle = "Entre deux"\nstatus = "idea"\n\n'
        '[[post]]\nat = 2026-12-09T10:00:00\n')


def test_a_file_the_editing_cannot_follow_is_written_whole(bundled_plans: Path):
    # A file whose text no longer holds the channel (here: a different post) is not patched blindly.
    result = load_plan(bundled_plans)
    blog = result.plan.channel("blog")
    text = '[channel]\nname = "Blog"\n# comment\n\n[[post]]\nat = 2030-01-01T10:00:00\n'
    written = channel_file_text(blog, text, "blog.toml")
    again, problems = read_channel("blog.toml", "blog", tomllib.loads(written), blog.timezone)
    assert problems == [] and again == blog


def _edited(text: str, edit) -> str:
    old, problems = read_channel("blog.toml", "blog", tomllib.loads(text), "Europe/Paris")
    assert problems == []
    new = edit(old)
    written = channel_file_text(new, text, "blog.toml")
    assert read_channel("blog.toml", "blog", tomllib.loads(written), "Europe/Paris")[0] == new
    return written


def test_a_default_left_out_of_the_file_stays_out():
    text = '[channel]\nname = "Blog"\n\n[[post]]\nat = 2026-12-01T10:00:00\ntitle = "Un"\n'
    written = _edited(text, lambda c: update_post(c, c.posts[0], replace(c.posts[0], title="Une")))
    assert written == text.replace('"Un"', '"Une"')  # no status = "idea" added


def test_a_sub_table_is_edited_key_by_key():
    text = ('[channel]\nname = "Blog"\n\n[channel.pillar_share]\nportrait = 0.5 # la moitié\n'
            "techniques = 0.2\n\n[[post]]\nat = 2026-12-01T10:00:00\n")
    written = _edited(text, lambda c: update_channel(c, pillar_share={"portrait": 0.4, "techniques": 0.2}))
    assert written == text.replace("portrait = 0.5", "portrait = 0.4")


def test_a_windows_file_keeps_its_line_ends():
    text = '[channel]\r\nname = "Blog"\r\n\r\n[[post]]\r\nat = 2026-12-01T10:00:00\r\n'
    written = _edited(text, lambda c: add_post(c, Post(at=datetime(2026, 12, 5, 9, 0), title="Deux")))
    assert written == text + '\r\n[[post]]\r\nat = 2026-12-05T09:00:00\r\ntitle = "Deux"\r\nstatus = "idea"\r\n'


# --- any sequence of edits -------------------------------------------------------------------------

_EXAMPLE_TEXTS = {name: with_comments((EXAMPLE / f"{name}.toml").read_text(encoding="utf-8")) for name in CHANNELS}
_EXAMPLE_PLAN = load_plan(EXAMPLE).plan


def _apply(channel, op: tuple):
    kind, n, value = op
    posts, rules = list(channel.posts), list(channel.rules)
    if kind == "delete post" and posts:
        posts.pop(n % len(posts))
    elif kind == "add post":
        posts.append(Post(at=datetime(2027, 1, 4, 9, 0) + timedelta(hours=n), title=value))
    elif kind == "move post" and posts:
        i = n % len(posts)
        posts[i] = replace(posts[i], at=posts[i].at + timedelta(days=1 + n % 9), notes=value)
    elif kind == "edit post" and posts:
        i = n % len(posts)
        posts[i] = replace(posts[i], status=("idea", "draft", "published")[n % 3], owner=value)
    elif kind == "settings":
        return replace(channel, per_week=(None, 2, 3.5)[n % 3], description=value, pillar_share={} if n % 2 else {"a": 0.5})
    elif kind == "edit rule" and rules:
        i = n % len(rules)
        rules[i] = replace(rules[i], label=value, skip=((date(2027, 1, 5),) if n % 2 else ()))
    elif kind == "delete rule" and rules:
        rules.pop(n % len(rules))
    elif kind == "add rule" and rules and f"r{n}" not in {r.id for r in rules}:
        rules.insert(n % (len(rules) + 1), replace(rules[0], id=f"r{n}"))
    return replace(channel, posts=tuple(sorted(posts, key=lambda p: p.at)), rules=tuple(rules))


@settings(max_examples=60, deadline=None)
@given(channel_id=st.sampled_from(CHANNELS), ops=st.lists(st.tuples(
    st.sampled_from(("delete post", "add post", "move post", "edit post", "settings", "edit rule", "delete rule", "add rule")),
    st.integers(0, 500), st.one_of(st.none(), st.text("aé🍵\n\"'\\ «»", min_size=1, max_size=8))), min_size=1, max_size=5))
def test_any_edits_are_written_in_place_and_read_back(channel_id: str, ops: list):
    channel = _EXAMPLE_PLAN.channel(channel_id)
    edited = channel
    for op in ops:
        edited = _apply(edited, op)
    # Two posts at the same minute read back in file order, which an in-place move need not keep
    # (the whole-file fallback then writes them right): a known limit, left out of this property.
    assume(len({p.at for p in edited.posts}) == len(edited.posts))
    text = _EXAMPLE_TEXTS[channel_id]
    assert writer.check_channel(edited, _EXAMPLE_PLAN.calendar.timezone) == []  # the edits make a valid channel: the test is about its file

    def whole_file(_channel):
        raise AssertionError("the edit fell back to rewriting the whole file")

    with patch.object(writer, "channel_to_toml", whole_file):
        written = writer.channel_file_text(edited, text, f"{channel_id}.toml")
    again, problems = read_channel(f"{channel_id}.toml", channel_id, tomllib.loads(written), channel.timezone)
    assert problems == [] and again == edited
    assert written.startswith(text.splitlines(keepends=True)[0])  # the file's first comment stays
