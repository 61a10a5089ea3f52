"""Objectives' progress in words, the same in the terminal and the editor."""

from __future__ import annotations

from calendar_app.core.objectives import Progress
from calendar_app.i18n import N_, _, ngettext
from calendar_app.i18n.dates import format_date, format_decimal

#: The statuses in words (translated where shown).
STATUS_WORDS = {"on_track": N_("on track"), "behind": N_("behind"), "met": N_("met"), "overdue": N_("overdue")}
STATUS_ICONS = {"on_track": "✔", "behind": "⚠", "met": "★", "overdue": "✗"}


def figure(value: float | None, target: float) -> str:
    """A metric value as people read it: a rate (a target under 1) with 4 decimals, else 1 at most;
    ``—`` for no value. The objectives' figures are shown so everywhere (text, editor, review)."""
    if value is None:
        return "—"
    return format_decimal(value, 4 if abs(target) < 1 else 1)


def status_word(status: str) -> str:
    """``on track`` / ``en bonne voie``."""
    return _(STATUS_WORDS[status])


def describe(p: Progress) -> list[str]:
    """The lines of one objective in the text output (the editor's screen shows the same)."""
    o = p.objective
    latest = _("no result recorded") if p.latest is None else _("{value} on {date}").format(
        value=figure(p.latest, o.target), date=format_date(p.latest_date, "medium"))
    if p.days_left >= 0:
        left = ngettext("{n} day left", "{n} days left", p.days_left).format(n=p.days_left)
    else:
        left = ngettext("{n} day past the deadline", "{n} days past the deadline", -p.days_left).format(n=-p.days_left)
    lines = [
        f"{STATUS_ICONS[p.status]} {o.title} · {status_word(p.status)}",
        "  " + _("latest: {latest} · expected today: {expected} · target: {target} by {deadline} ({left})").format(
            latest=latest, expected=figure(p.expected, o.target), target=figure(o.target, o.target),
            deadline=format_date(o.deadline, "medium"), left=left),
    ]
    if p.next is not None:
        lines.append("  " + _("next objective: {target} by {deadline}").format(
            target=figure(p.next.target, o.target), deadline=format_date(p.next.deadline, "medium")))
    return lines
