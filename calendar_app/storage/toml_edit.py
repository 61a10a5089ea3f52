"""Edits applied to a plan file's own text with tomlkit: only the changed items' lines change.

Comments, blank lines, key order and quoting of everything else stay byte for byte. Items are
matched as the schema identifies them: the ``[channel]`` keys by name, rules by ``id``, posts by
``at`` (the n-th post at the same time with the n-th).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Comment, Item, Table, Whitespace

from calendar_app.core.model import Channel, Idea, Post
from calendar_app.storage.tables import channel_table, idea_table, post_table, rule_table


class LayoutError(Exception):
    """The file's text does not line up with the channel it is said to hold (edit it whole instead)."""


def edited_text(text: str, old: Channel, new: Channel) -> str:
    """``text``, a file that reads as ``old``, changed so that it reads as ``new``.

    Only the keys and tables of the items that differ are written; new tables take the
    plan format's key order. Raises :class:`LayoutError` when the text's tables do not match
    ``old`` (the caller then writes the whole file).
    """
    try:
        doc = tomlkit.parse(text)
        give_headers_their_comments(doc)
        _edit_channel(doc, old, new)
        _edit_rules(doc, old, new)
        _edit_posts(doc, old, new)
        edit_ideas(doc, old.ideas, new.ideas, with_channels=False)
        out = tomlkit.dumps(doc)
    except (TOMLKitError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise LayoutError(str(exc)) from exc
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):  # a Windows file stays one
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    return out


# --- layout -------------------------------------------------------------------------------


def _tables_in_order(doc) -> list[Table]:
    out: list[Table] = []
    for _key, item in doc.body:
        if isinstance(item, AoT):
            out.extend(item.body)
        elif isinstance(item, Table):
            out.append(item)
    return out


def give_headers_their_comments(doc) -> None:
    """Move the blank lines and comments above each table header into that table.

    tomlkit keeps them at the end of the table before, so deleting a post would take the next
    post's comment with it. Comments right under a table's last key (before any blank line)
    stay there: they are about that table.
    """
    tables = _tables_in_order(doc)
    for before, after in zip(tables, tables[1:]):
        body = before.value.body
        end = len(body)
        while end > 0 and body[end - 1][0] is None and isinstance(body[end - 1][1], (Comment, Whitespace)):
            end -= 1
        tail = body[end:]
        first_blank = next((i for i, (_k, item) in enumerate(tail) if isinstance(item, Whitespace)), 0)
        moved = tail[first_blank:]
        if not moved:
            continue
        del body[end + first_blank:]
        after.trivia.indent = "".join(item.as_string() for _k, item in moved) + after.trivia.indent


def _value(value, like: Item | None = None) -> Item:
    """A TOML item for a plain value: short arrays and tables inline, as people write them."""
    if isinstance(value, dict):
        item = tomlkit.inline_table()
        item.update(value)
    elif isinstance(value, str) and "\n" in value:
        item = tomlkit.string(value, multiline=True)
    else:
        item = tomlkit.item(value)
    if like is not None and like.trivia.comment:  # a comment at the end of the line stays
        item.trivia.comment_ws, item.trivia.comment = like.trivia.comment_ws, like.trivia.comment
    return item


def _edit_keys(table, old: dict, new: dict) -> None:
    """Set the keys whose value changed, remove the ones gone, add new ones at the end.

    A key left out of the file (a default, like a post's ``status = "idea"``) stays left out when
    its value does not change; a table (``[channel.pillar_share]``) is edited key by key.
    """
    for key in list(old):
        if key not in new and key in table:
            del table[key]
    for key, value in new.items():
        if old.get(key, _MISSING) == value:
            continue
        present = key in table
        if present and isinstance(value, dict) and isinstance(table.get(key), dict):
            _edit_keys(table[key], old.get(key) or {}, value)
            continue
        table[key] = _value(value, table.item(key) if present else None)
        if not present:  # tomlkit would indent it like the table's header, whose indent holds the comments above
            table.item(key).trivia.indent = ""


_MISSING = object()


def _new_table(data: dict, indent: str) -> Table:
    table = tomlkit.table()
    for key, value in data.items():
        table[key] = _value(value)
    table.trivia.indent = indent
    return table


def _separator(aot: AoT | None) -> str:
    """What goes above a new table header: a blank line, unless the file packs its tables."""
    if aot is not None and aot.body and all(not t.trivia.indent for t in aot.body[1:]) and len(aot.body) > 1:
        return ""
    return "\n"


# --- the three kinds of item --------------------------------------------------------------


def _edit_channel(doc, old: Channel, new: Channel) -> None:
    before, after = channel_table(old), channel_table(new)
    if before == after:
        return
    table = doc.get("channel")
    if not isinstance(table, Table):
        raise LayoutError("no [channel] table")
    _edit_keys(table, before, after)


def _array(doc, key: str) -> AoT | None:
    aot = doc.get(key)
    if aot is None:
        return None
    if not isinstance(aot, AoT):
        raise LayoutError(f"{key} is not an array of tables")
    return aot


def _edit_rules(doc, old: Channel, new: Channel) -> None:
    if old.rules == new.rules:
        return
    aot = _array(doc, "rule")
    tables = list(aot.body) if aot is not None else []
    if [str(t.get("id")) for t in tables] != [r.id for r in old.rules]:
        raise LayoutError("the [[rule]] tables are not the rules read")
    by_id = {r.id: (r, t) for r, t in zip(old.rules, tables)}
    kept = [r.id for r in new.rules if r.id in by_id]
    if kept != [r.id for r in old.rules if r.id in {n.id for n in new.rules}]:
        raise LayoutError("rules reordered")
    if aot is None:
        aot = tomlkit.aot()
        doc.append("rule", aot)
    separator = _separator(aot)
    for rule_id, (_rule, table) in by_id.items():
        if rule_id not in kept:
            _remove(aot, table)
    previous: Table | None = None
    for rule in new.rules:
        if rule.id in by_id:
            old_rule, table = by_id[rule.id]
            if old_rule != rule:
                _edit_keys(table, rule_table(old_rule), rule_table(rule))
        else:
            table = _new_table(rule_table(rule), separator)
            _insert(aot, (aot.body.index(previous) + 1) if previous is not None else 0, table)
        previous = table
    if not aot.body:
        del doc["rule"]


def _occurrences(posts) -> dict[tuple[datetime, int], Post]:
    seen: dict[datetime, int] = defaultdict(int)
    out = {}
    for post in posts:
        out[(post.at, seen[post.at])] = post
        seen[post.at] += 1
    return out


def _edit_posts(doc, old: Channel, new: Channel) -> None:
    if old.posts == new.posts:
        return
    aot = _array(doc, "post")
    tables = list(aot.body) if aot is not None else []
    in_file: dict[tuple[datetime, int], Table] = {}
    seen: dict[datetime, int] = defaultdict(int)
    for table in tables:
        at = _at(table)
        in_file[(at, seen[at])] = table
        seen[at] += 1
    before, after = _occurrences(old.posts), _occurrences(new.posts)
    if set(in_file) != set(before):
        raise LayoutError("the [[post]] tables are not the posts read")
    if aot is None:
        aot = tomlkit.aot()
        doc.append("post", aot)
    separator = _separator(aot)
    gone = [k for k in before if k not in after]
    added = [k for k in after if k not in before]
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            _edit_keys(in_file[key], post_table(before[key]), post_table(after[key]))
    # A moved post (gone from one time, added at another, same title) is edited where it is.
    for key in list(added):
        title = after[key].title
        same = [g for g in gone if title is not None and before[g].title == title]
        if len(same) == 1 and sum(after[a].title == title for a in added) == 1:
            _edit_keys(in_file[same[0]], post_table(before[same[0]]), post_table(after[key]))
            gone.remove(same[0])
            added.remove(key)
    for key in gone:
        _remove(aot, in_file[key])
    if not aot.body and not added:
        del doc["post"]
    for key in sorted(added):
        later = [t for t in aot.body if _at(t) is not None and _at(t) > key[0]]
        index = aot.body.index(later[0]) if later else len(aot.body)
        _insert(aot, index, _new_table(post_table(after[key]), separator))


def _bare(idea: Idea) -> Idea:
    return replace(idea, index=0, source="")


def edit_ideas(doc, old: tuple[Idea, ...], new: tuple[Idea, ...], *, with_channels: bool) -> None:
    """Remove the ``[[idea]]`` tables of the ideas gone, edit them one by one when as many remain, or
    append the tables of new ideas written after the others.

    Ideas have no key of their own (``id`` is optional): they are matched by position, the new
    ones being the old ones with some taken out. Raises :class:`LayoutError` otherwise.
    """
    before, after = [_bare(i) for i in old], [_bare(i) for i in new]
    if before == after:
        return
    aot = _array(doc, "idea")
    tables = list(aot.body) if aot is not None else []
    if len(tables) != len(before) or [str(t.get("title")) for t in tables] != [i.title for i in before]:
        raise LayoutError("the [[idea]] tables are not the ideas read")
    if len(before) == len(after):
        for table, was, now in zip(tables, before, after):
            if was != now:
                _edit_keys(table, idea_table(was, with_channels), idea_table(now, with_channels))
        return
    if len(after) > len(before) and after[:len(before)] == before:  # new ideas written at the end
        if aot is None:
            aot = doc["idea"] = tomlkit.aot()
        separator = _separator(aot)
        for idea in after[len(before):]:
            aot.append(_new_table(idea_table(idea, with_channels), separator))
        return
    kept, j = [], 0
    for i, idea in enumerate(before):
        if j < len(after) and after[j] == idea:
            kept.append(i)
            j += 1
    if j != len(after):
        raise LayoutError("ideas added or reordered")
    for i, table in enumerate(tables):
        if i not in kept:
            _remove(aot, table)
    if not aot.body:
        del doc["idea"]


def _at(table: Table) -> datetime | None:
    """The table's ``at`` as a plain datetime (tomlkit's own type compares as one too)."""
    at = table.get("at")
    return datetime(at.year, at.month, at.day, at.hour, at.minute, at.second) if isinstance(at, datetime) else None


def _remove(aot: AoT, table: Table) -> None:
    index = next(i for i, t in enumerate(aot.body) if t is table)
    del aot[index]


def _insert(aot: AoT, index: int, table: Table) -> None:
    aot.insert(index, table)
