"""The post editor's form as plain data: the texts of its fields in, a Post (or the problems per field) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from calendar_app.core.editing import rule_at, wall_time
from calendar_app.core.model import Plan, Post
from calendar_app.i18n import _
from calendar_app.i18n.parse import parse_date, parse_time

LINK_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")  # what the plan loader accepts
TEXT_FIELDS = ("title", "owner", "pillar", "format", "link")
#: Every field of the form: the texts above, then when, status and notes.
POST_FIELDS = ("channel", "date", "time", *TEXT_FIELDS, "status", "notes")

PostFields = dict[str, str]


@dataclass(frozen=True)
class PostEdit:
    """The editor's answer: the post for ``channel`` (None: clear the slot's post)."""

    channel: str
    post: Post | None


@dataclass(frozen=True)
class PostForm:
    """What the form says now: the post it describes (None while a field has a problem), the
    problems by field (``when``, ``link``) and a hint on where the post lands."""

    post: Post | None
    problems: dict[str, str] = field(default_factory=dict)
    hint: str = ""


def parse_time_text(text: str) -> time | None:
    """``18:00``, ``9:05``, ``18h30``, ``18h`` -> a time; None for anything else (24-hour form only)."""
    try:
        return parse_time(text)
    except ValueError:
        return None


def parse_date_text(text: str, today: date | None = None) -> date | None:
    """``2026-12-01``, ``24/12/2026``, ``24/12`` (the year of ``today``), and with ``today`` also
    ``demain``, ``lundi``, ``+2s`` -> a date; None for anything else."""
    try:
        # Without today, date.min as the anchor: what depends on it falls out of range, so is refused.
        return parse_date(text, today or date.min) if text.strip() else None
    except ValueError:
        return None


def post_fields(channel_id: str | None, post: Post | None, at: datetime) -> PostFields:
    """The texts the form opens with: the post's values (a new post: empty, status ``idea``, at ``at``)."""
    fields = {key: (getattr(post, key, None) or "") for key in TEXT_FIELDS}
    fields.update(channel=channel_id or "", date=f"{at:%Y-%m-%d}", time=f"{at:%H:%M}",
                  status=post.status if post else "idea", notes=(post.notes or "") if post else "")
    return fields


def read_post_form(plan: Plan, fields: PostFields, editing: Post | None = None,
                   today: date | None = None) -> PostForm:
    """Read the form's texts: the post they describe, or the problems under ``when`` and ``link``.

    ``editing`` is the post the form opened on (it may keep its own time); another post of the
    channel at the same time is refused.
    """
    problems: dict[str, str] = {}
    hint = ""
    day, at = parse_date_text(fields.get("date", ""), today), parse_time_text(fields.get("time", ""))
    when = wall_time(day, at) if day and at else None
    try:
        channel = plan.channel(fields["channel"]) if fields.get("channel") else None
    except KeyError:
        channel = None
    if day is None:
        problems["when"] = _("write the date as YYYY-MM-DD, e.g. 2026-12-01")
    elif at is None:
        problems["when"] = _("write the time as HH:MM in 24-hour form, e.g. 18:00")
    elif channel is not None and when is not None:
        other = next((p for p in channel.posts if p.at == when and p != editing), None)
        if other is not None:
            problems["when"] = _("{channel} already has « {title} » at this time; pick another").format(
                channel=channel.name, title=other.title or _("a post"))
        else:
            rule_id = rule_at(channel, when, plan.blackout_days)
            rule = next((r for r in channel.rules if r.id == rule_id), None)
            hint = (_("→ fills the slot of rule « {rule} »").format(rule=rule.label or rule.id) if rule
                    else _("→ a one-off post (no rule slot at this time)"))
            blackout = [k.title for k in plan.key_dates if k.blackout and k.covers(when.date())]
            if blackout:
                hint += _("; ⛔ blackout day ({day}): kept, but the regularity check will report it").format(
                    day=blackout[0])
    link = fields.get("link", "").strip()
    if link and not LINK_RE.match(link):
        problems["link"] = _('"{link}" is not a URL; write it in full, e.g. https://example.com/post').format(link=link)
    if problems or when is None or channel is None:
        return PostForm(None, problems, hint)
    values = {key: fields.get(key, "").strip() or None for key in TEXT_FIELDS}
    notes = fields.get("notes", "").strip("\n")
    post = Post(at=when, status=fields.get("status") or "idea", notes=notes or None,
                effort=editing.effort if editing is not None else None, **values)  # no field for it yet: kept
    return PostForm(post, problems, hint)


def form_changed(initial: PostFields, now: PostFields) -> bool:
    """The form differs from how it opened (surrounding blanks and the notes' end lines aside)."""
    def norm(fields: PostFields) -> dict[str, str]:
        return {k: (v.strip("\n") if k == "notes" else v.strip()) for k, v in fields.items()}

    return norm(initial) != norm(now)
