"""The agenda as text for a terminal (rich), grouped by local day: imported only when it is shown."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from rich.console import Console
from rich.text import Text

from calendar_app.core.model import STATUS_ICONS, Plan, Slot
from calendar_app.core.reviews import Meeting
from calendar_app.i18n import _, ngettext
from calendar_app.i18n.dates import format_date
from calendar_app.site.words import status_name
from calendar_app.storage.values import format_duration

STATUS_STYLES = {
    "open": "dim",
    "idea": "yellow",
    "draft": "yellow",
    "ready": "green",
    "scheduled": "cyan",
    "published": "bold green",
    "cancelled": "strike dim",
}


def render(plan: Plan, slots: list[Slot], start: date, end: date, today: date, reviews: list[Meeting],
           console: Console) -> None:
    """Print the agenda grouped by local day, with key dates and review meetings on their days."""
    names = {c.id: c for c in plan.channels}
    width = min(20, max((len(_one_line(c.name)) for c in plan.channels), default=8))
    default_tz = plan.calendar.timezone
    open_count = sum(1 for s in slots if s.status == "open")
    console.print(
        Text.assemble(
            (plan.calendar.name, "bold"),
            f" · {format_date(start, 'medium')} → {format_date(end - timedelta(days=1), 'medium')}",
            " · " + _("{slots}, {open}").format(
                slots=ngettext("{n} slot", "{n} slots", len(slots)).format(n=len(slots)),
                open=ngettext("{n} open", "{n} open", open_count).format(n=open_count)),
        )
    )
    key_days: dict[date, list] = {}
    for kd in plan.key_dates:
        day = max(kd.date, start)
        while day <= kd.last and day < end:
            key_days.setdefault(day, []).append(kd)
            day += timedelta(days=1)
    by_day = {day: list(group) for day, group in groupby(slots, key=lambda s: s.start.date())}
    review_days: dict[date, list[Meeting]] = {}
    for meeting in reviews:
        review_days.setdefault(meeting.planned.date(), []).append(meeting)
    for day in sorted(set(by_day) | set(key_days) | set(review_days)):
        console.print()
        header = Text(format_date(day, "long"), style="bold underline" if day == today else "bold")
        if day == today:
            header.append("  " + _("(today)"), style="bold")
        console.print(header)
        for kd in key_days.get(day, []):
            mark = _("⛔ blackout: ") if kd.blackout else "◆ "
            console.print(Text(f"  {mark}{_one_line(kd.title)}", style="magenta"))
        for meeting in review_days.get(day, []):
            zone = f" {meeting.start.tzname()}" if meeting.review.timezone != default_tz else ""
            console.print(Text(_("  {time}{zone}  ▣ review: {title} ({duration})").format(
                time=f"{meeting.start:%H:%M}", zone=zone, title=_one_line(meeting.title),
                duration=format_duration(meeting.review.duration)), style="bold blue"))
        for slot in by_day.get(day, []):
            console.print(_slot_line(slot, names[slot.channel], default_tz, width))
    if not slots and not key_days and not review_days:
        console.print("\n" + _("No slots in this window."))


def _slot_line(slot: Slot, channel, default_tz: str | None, width: int) -> Text:
    line = Text("  ")
    line.append(f"{slot.start:%H:%M}")
    if channel.timezone != default_tz:
        line.append(f" {slot.start.tzname()}", style="dim")
    line.append("  ")
    line.append("●", style=channel.color or "white")
    name = _one_line(channel.name)
    name = name if len(name) <= width else name[: width - 1] + "…"
    line.append(f" {name:<{width}} ")
    line.append(f"{STATUS_ICONS[slot.status]} ", style=STATUS_STYLES[slot.status])
    if slot.post is None:
        line.append(_("open slot"), style="dim italic")
    else:
        line.append(_one_line(slot.title or "") or _("(untitled)"), style=STATUS_STYLES[slot.status])
        line.append(f"  [{status_name(slot.status)}]", style="dim")
    details = [_one_line(x) for x in (slot.format, slot.pillar) if x]
    if slot.owner:
        details.append(f"@{_one_line(slot.owner)}")
    if details:
        line.append("  " + " · ".join(details), style="dim")
    return line


def _one_line(text: str) -> str:
    """Line breaks and tabs of a title or name as single spaces: one row per slot."""
    return " ".join(text.split())
