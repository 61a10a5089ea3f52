"""The idea form of the backlog panel as plain data: the texts of its fields in, an Idea (or the
problems per field) out; and where an idea is written (its channel's file or ``_ideas.toml``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from calendar_app.core.errors import did_you_mean
from calendar_app.core.model import Channel, Idea, Plan
from calendar_app.i18n import _
from calendar_app.storage.ideas import IDEA_ID_RE, IDEAS_FILE
from calendar_app.storage.values import format_duration, parse_duration
from calendar_app.ui.forms.post_form import LINK_RE

TEXT_FIELDS = ("id", "pillar", "format", "owner", "link")
#: Every field of the form, in the order shown.
IDEA_FIELDS = ("title", "channels", "priority", "effort", "pillar", "format", "owner", "not_before", "expires",
               "id", "link", "notes")

IdeaFields = dict[str, str]


@dataclass(frozen=True)
class IdeaForm:
    """What the form's texts say: the idea, or the problems per field (then ``idea`` is None)."""

    idea: Idea | None
    problems: dict[str, str] = field(default_factory=dict)


def idea_fields(idea: Idea | None, channel_id: str | None = None) -> IdeaFields:
    """The texts the form opens with: the idea's values (a new idea: for ``channel_id``, priority 3)."""
    if idea is None:
        return {key: "" for key in IDEA_FIELDS} | {"channels": channel_id or "", "priority": "3"}
    out = {key: (getattr(idea, key, None) or "") for key in (*TEXT_FIELDS, "title", "notes")}
    out.update(channels=", ".join(idea.channels), priority=str(idea.priority),
               effort=format_duration(idea.effort) if idea.effort else "",
               not_before=idea.not_before.isoformat() if idea.not_before else "",
               expires=idea.expires.isoformat() if idea.expires else "")
    return out


def _date(text: str, problems: dict[str, str], key: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems[key] = _("write the date as YYYY-MM-DD, e.g. 2026-12-01")
        return None


def read_idea_form(plan: Plan, fields: IdeaFields, editing: Idea | None = None) -> IdeaForm:
    """Read the form's texts: the idea they describe (in its file, at its place when ``editing``),
    or the problems per field. An idea written in a channel's file stays for that channel alone."""
    problems: dict[str, str] = {}
    title = fields.get("title", "").strip()
    if not title:
        problems["title"] = _("say what the post is about, e.g. « Tour de main »")
    known = [c.id for c in plan.channels]
    channels = tuple(dict.fromkeys(c.strip() for c in fields.get("channels", "").replace(",", " ").split() if c.strip()))
    if not channels:
        problems["channels"] = _("name at least one channel, e.g. {channel}").format(channel=known[0] if known else "instagram")
    for cid in channels:
        if cid not in known:
            hint = did_you_mean(cid, known) or _("; channels: {ids}").format(ids=", ".join(known) or "-")
            problems["channels"] = _("« {channel} » is not a channel{hint}").format(channel=cid, hint=hint)
            break
    own = editing is not None and editing.source != IDEAS_FILE
    if own and channels and channels != editing.channels:
        problems["channels"] = _("an idea of {file} is for that channel; delete it and write it anew for others").format(
            file=editing.source)
    try:
        priority = int(fields.get("priority", "").strip() or "3")
        if not 1 <= priority <= 5:
            raise ValueError
    except ValueError:
        problems["priority"] = _("write 1 (high) to 5 (low)")
        priority = 3
    effort = None
    if fields.get("effort", "").strip():
        try:
            effort = parse_duration(fields["effort"])
        except (ValueError, OverflowError):
            problems["effort"] = _("write a duration such as 45m, 3h or 1h30m")
    not_before = _date(fields.get("not_before", ""), problems, "not_before")
    expires = _date(fields.get("expires", ""), problems, "expires")
    if not_before and expires and expires < not_before:
        problems["expires"] = _("{expires} is before not_before {not_before}").format(
            expires=expires.isoformat(), not_before=not_before.isoformat())
    values = {key: fields.get(key, "").strip() or None for key in TEXT_FIELDS}
    if values["id"] and not IDEA_ID_RE.match(values["id"]):
        problems["id"] = _('« {id} » may only use lowercase letters, digits and "-"').format(id=values["id"])
    elif values["id"] and any(i.id == values["id"] and i != editing for i in plan.backlog()):
        problems["id"] = _("« {id} » is already the id of another idea").format(id=values["id"])
    if values["link"] and not LINK_RE.match(values["link"]):
        problems["link"] = _('"{link}" is not a URL; write it in full, e.g. https://example.com/post').format(
            link=values["link"])
    if problems:
        return IdeaForm(None, problems)
    notes = fields.get("notes", "").strip("\n") or None
    idea = Idea(title=title, channels=channels, priority=priority, effort=effort, not_before=not_before,
                expires=expires, notes=notes, **values)
    if editing is not None:
        idea = replace(idea, source=editing.source, index=editing.index)
    elif len(channels) == 1:
        idea = replace(idea, source=f"{channels[0]}.toml", index=len(plan.channel(channels[0]).ideas))
    else:
        idea = replace(idea, source=IDEAS_FILE, index=len(plan.ideas))
    return IdeaForm(idea, problems)


@dataclass(frozen=True)
class BacklogChange:
    """The backlog once an idea is written or deleted: the channel file changed (or None) and the
    ideas ``_ideas.toml`` keeps (None: that file is not touched)."""

    channel: Channel | None
    shared: tuple[Idea, ...] | None


def backlog_change(plan: Plan, old: Idea | None, new: Idea | None) -> BacklogChange:
    """Replace ``old`` by ``new`` in its file (None for ``old``: a new idea; None for ``new``: deleted)."""
    idea = new or old
    if idea.source == IDEAS_FILE:
        ideas = list(plan.ideas)
        if old is None:
            ideas.append(new)
        elif new is None:
            ideas.pop(old.index)
        else:
            ideas[old.index] = new
        return BacklogChange(None, tuple(replace(i, index=n) for n, i in enumerate(ideas)))
    channel = plan.channel(idea.channels[0])
    ideas = list(channel.ideas)
    if old is None:
        ideas.append(new)
    elif new is None:
        ideas.pop(old.index)
    else:
        ideas[old.index] = new
    renumbered = tuple(replace(i, index=n) for n, i in enumerate(ideas))
    return BacklogChange(replace(channel, ideas=renumbered), None)
