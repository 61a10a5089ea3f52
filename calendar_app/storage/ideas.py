"""The backlog's schema: ``[[idea]]`` tables (in a channel's file or ``_ideas.toml``), effort per
format, and ``[[owner]]`` with their weekly hours."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.model import Idea, Owner
from calendar_app.i18n import _
from calendar_app.storage.values import Reader, _show, array_of_tables

IDEAS_FILE = "_ideas.toml"
IDEA_KEYS = ("id", "title", "channels", "pillar", "format", "owner", "priority", "effort", "not_before",
             "expires", "notes", "link")
IDEA_ID_RE = re.compile(r"^[a-z0-9-]+$")
IDEAS_TOP_KEYS = ("idea",)
OWNER_KEYS = ("name", "hours_week")


def check_link(r: Reader, link: str | None, p: str) -> None:
    if link is not None and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", link):
        r.error(f"{p}.link", _('"{link}" is not a URL; write it in full, e.g. "https://example.com/post"').format(link=link))


def read_effort(r: Reader, table: dict, prefix: str) -> dict[str, timedelta]:
    """``effort = { reel = "3h", photo = "45m" }``: the work each format takes."""
    raw = r.get(table, "effort", prefix, dict, default={})
    out: dict[str, timedelta] = {}
    for fmt in raw:
        value = r.duration(raw, fmt, f"{prefix}.effort")
        if value is not None:
            out[str(fmt)] = value
    return out


def read_ideas(r: Reader, data: dict, source: str, own_channel: str | None) -> list[Idea]:
    """The ``[[idea]]`` tables of a channel file (``own_channel``) or of ``_ideas.toml`` (None).

    The ``channels`` of ``_ideas.toml`` are checked against the plan's channels by the reader.
    """
    ideas: list[Idea] = []
    seen: dict[str, int] = {}
    for n, table in enumerate(array_of_tables(r, data, "idea"), 1):
        p = f"idea[{n}]"
        before = len(r.errors)
        allowed = IDEA_KEYS if own_channel is None else tuple(k for k in IDEA_KEYS if k != "channels")
        if own_channel is not None and "channels" in table:
            r.error(f"{p}.channels", _("an idea in a channel's file is for that channel; "
                                       "move it to _ideas.toml to offer it to several channels"))
        else:
            r.unknown_keys(table, allowed, p)
        title = r.get(table, "title", p, str, required=True, what=_(' (what the post is about, e.g. title = "Tour de main")'))
        if title is not None and not title.strip():
            r.error(f"{p}.title", _("is empty; say what the post is about"))
        idea_id = r.get(table, "id", p, str)
        if idea_id is not None:
            if not IDEA_ID_RE.match(idea_id):
                r.error(f"{p}.id", _('"{id}" may only use lowercase letters, digits and "-"').format(id=idea_id))
            elif idea_id in seen:
                r.error(f"{p}.id", _('"{id}" is already the id of idea[{n}]; idea ids must be unique').format(id=idea_id, n=seen[idea_id]))
            else:
                seen[idea_id] = n
        if own_channel is None:
            channels = r.string_list(table, "channels", p)
            if channels is None:
                r.error(f"{p}.channels", _('is required in _ideas.toml: the channels the idea may go to, '
                                           'e.g. channels = ["instagram"]'))
            elif not channels:
                r.error(f"{p}.channels", _('is empty; name at least one channel, e.g. channels = ["instagram"]'))
        else:
            channels = [own_channel]
        priority = r.get(table, "priority", p, int, default=3)
        if not 1 <= priority <= 5:
            r.error(f"{p}.priority", _("must be 1 (high) to 5 (low), got {value}").format(value=priority))
        fields = {k: r.get(table, k, p, str) for k in ("pillar", "format", "owner", "notes", "link")}
        check_link(r, fields["link"], p)
        effort = r.duration(table, "effort", p)
        not_before = r.get(table, "not_before", p, date)
        expires = r.get(table, "expires", p, date)
        if not_before is not None and expires is not None and expires < not_before:
            r.error(f"{p}.expires", _("{expires} is before not_before {not_before}").format(
                expires=expires.isoformat(), not_before=not_before.isoformat()))
        if len(r.errors) == before:
            ideas.append(Idea(title=title, channels=tuple(channels or ()), id=idea_id, priority=priority,
                              effort=effort, not_before=not_before, expires=expires, source=source,
                              index=n - 1, **fields))
    return ideas


def read_ideas_file(path: Path | str, data: dict, channel_ids: list[str]) -> tuple[list[Idea], list[PlanError]]:
    """Convert ``_ideas.toml``: ideas offered to the ``channels`` they name."""
    r = Reader(path)
    r.unknown_keys(data, IDEAS_TOP_KEYS, "")
    ideas = read_ideas(r, data, Path(path).name, own_channel=None)
    for idea in ideas:
        for i, channel_id in enumerate(idea.channels, 1):
            if channel_id not in channel_ids:
                hint = did_you_mean(channel_id, channel_ids) or _("; channels: {channels}").format(
                    channels=", ".join(channel_ids) or _("(none)"))
                r.error(f"idea[{idea.index + 1}].channels[{i}]",
                        _('"{channel}" is not a channel{hint}').format(channel=channel_id, hint=hint))
    return ([] if r.errors else ideas), r.errors


def read_owners(r: Reader, data: dict) -> list[Owner]:
    owners: list[Owner] = []
    seen: set[str] = set()
    for n, table in enumerate(array_of_tables(r, data, "owner"), 1):
        p = f"owner[{n}]"
        r.unknown_keys(table, OWNER_KEYS, p)
        name = r.get(table, "name", p, str, required=True, what=_(' (as written in the posts\' owner, e.g. name = "Camille")'))
        hours = r.get(table, "hours_week", p, (int, float))
        if hours is not None and not 0 < hours <= 168:
            r.error(f"{p}.hours_week", _("must be more than 0 and at most 168 hours, got {value}").format(value=_show(hours)))
            hours = None
        if name is not None and name in seen:
            r.error(f"{p}.name", _('"{name}" is listed twice; keep one [[owner]] per person').format(name=name))
        elif name is not None:
            seen.add(name)
            owners.append(Owner(name, None if hours is None else float(hours)))
    return owners
