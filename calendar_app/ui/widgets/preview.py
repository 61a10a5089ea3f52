"""The rule editor's live preview: the next occurrences of one rule and the channel's regularity to come.

``preview_data(channel, plan, rule_id, today)`` computes everything from a channel that need not
be saved (the editor passes the channel its form describes); ``RulePreview.show(data)`` draws
it and ``RulePreview.pause(n)`` marks it out of date while the form has problems. The widget
holds no plan state: the screen owns it and pushes data down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from calendar_app.core.model import Channel, Plan, Post, Slot
from calendar_app.core.recurrence import expand_channel
from calendar_app.core.regularity import check_plan
from calendar_app.core.report import ChannelReport
from calendar_app.i18n import _, current, ngettext
from calendar_app.i18n.dates import format_date, format_decimal, format_time
from calendar_app.site.words import status_name
from calendar_app.ui.widgets.heat_strip import HeatStrip

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: How far ahead occurrences are looked for (a yearly rule with an interval may need years).
_HORIZON_CAP = timedelta(days=366 * 12)


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of the previewed rule: its slot, or why there is none that day."""

    planned: datetime
    """Naive local wall-clock time as the rule plans it."""
    slot: Slot | None
    """None when the date is skipped or blacked out."""
    dropped: str | None = None
    """``skipped`` or the blackout's title."""


@dataclass(frozen=True)
class PreviewData:
    """What the preview shows, computed from a channel that may not be saved yet."""

    channel: Channel
    rule_id: str | None
    occurrences: tuple[Occurrence, ...]
    start: date
    end: date
    """First day after the regularity window."""
    report: ChannelReport
    orphans: tuple[Post, ...] = ()
    """Posts from today on that filled a rule slot before the edit and fill none after it."""


def short_date(day: date) -> str:
    """``Mon 30 Nov 2026`` (whatever the machine's locale) / ``lun. 30 nov. 2026``."""
    if current() != "en":
        return format_date(day, "day_month_year_weekday")
    return f"{_DAYS[day.weekday()]} {day.day:>2} {_MONTHS[day.month - 1]} {day.year}"


def short_duration(value: timedelta) -> str:
    """``3d 8h``, ``45m``: days of 24 hours."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return " ".join(parts) or "0m"


def short_moment(at: datetime) -> str:
    """``Fri 25 Dec 10:00`` whatever the locale."""
    if current() != "en":
        return f"{format_date(at.date(), 'short')} {format_time(at)}"  # mar. 24/11 18:00
    return f"{_DAYS[at.weekday()]} {at.day} {_MONTHS[at.month - 1]} {at:%H:%M}"


def next_occurrences(channel: Channel, rule_id: str, plan: Plan, today: date, count: int = 10) -> tuple[Occurrence, ...]:
    """The first ``count`` occurrences of the rule from today, skipped and blacked-out days included."""
    rule = next((r for r in channel.rules if r.id == rule_id), None)
    if rule is None:
        return ()
    blackout_titles = plan.blackout_titles()
    # Every occurrence, skipped and blacked-out ones included, from the rule without its skips;
    # then the real slots (with their posts) to say which remain.
    bare = replace(channel, rules=(replace(rule, skip=()),), posts=())
    horizon = timedelta(days=70)
    while True:
        walls = [s.planned for s in expand_channel(bare, today, today + horizon)][:count]
        if len(walls) >= count or horizon >= _HORIZON_CAP or (rule.end is not None and rule.end < today + horizon):
            break
        horizon *= 4
    if not walls:
        return ()
    last = walls[-1].date() + timedelta(days=2)
    only = replace(channel, rules=(rule,))
    slots = {s.planned: s for s in expand_channel(only, today, last, blackout_titles) if s.rule == rule.id}
    out = []
    skip = set(rule.skip)
    for wall in walls:
        slot = slots.get(wall)
        dropped = None
        if slot is None:
            dropped = _("skipped") if wall.date() in skip else blackout_titles.get(wall.date(), _("no slot"))
        out.append(Occurrence(wall, slot, dropped))
    return tuple(out)


def orphaned_posts(original: Channel, edited: Channel, plan: Plan, today: date) -> tuple[Post, ...]:
    """Posts from today on that filled a rule slot of ``original`` and fill none of ``edited``
    (they stay, as one-off posts, when the rhythm changes under them)."""
    future = [p for p in edited.posts if p.at.date() >= today]
    if not future:
        return ()
    end = max(p.at.date() for p in future) + timedelta(days=2)
    blackout = plan.blackout_days

    def ruled(channel: Channel) -> set[datetime]:
        return {s.planned for s in expand_channel(replace(channel, posts=()), today, end, blackout)}

    before, after = ruled(original), ruled(edited)
    return tuple(p for p in future if p.at in before and p.at not in after)


def channel_report(channel: Channel, plan: Plan, start: date, end: date, today: date) -> ChannelReport:
    """The regularity check of ``channel`` (maybe not in ``plan`` yet, or edited) over [start, end)."""
    others = tuple(c for c in plan.channels if c.id != channel.id)
    edited = replace(plan, channels=(*others, channel))
    slots = expand_channel(channel, start, end, plan.blackout_days)
    return check_plan(edited, slots, start, end, today=today, channels=[channel.id]).channels[0]


def preview_data(channel: Channel, plan: Plan, rule_id: str | None, today: date, *,
                 original: Channel | None = None, count: int = 10, weeks: int = 6) -> PreviewData:
    """Occurrences of ``rule_id`` from today and the channel's regularity over ``weeks`` whole ISO
    weeks from this week's Monday (so every week is checked against its full target); with
    ``original`` (the channel before the edit), the posts the edit takes off their rule slot."""
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(weeks=weeks)
    occurrences = next_occurrences(channel, rule_id, plan, today, count) if rule_id else ()
    orphans = orphaned_posts(original, channel, plan, today) if original is not None else ()
    return PreviewData(channel, rule_id, occurrences, start, end, channel_report(channel, plan, start, end, today),
                       orphans)


def _occurrence_line(occ: Occurrence, pillar_width: int) -> Content:
    day = short_date(occ.planned.date())
    if occ.slot is None:
        return Content.from_markup("[$text-muted]$day $time — $why[/]", day=day,
                                   time=f"{occ.planned:%H:%M}", why=occ.dropped or "")
    slot = occ.slot
    pillar = (slot.pillar or "—").ljust(pillar_width) + " " if pillar_width else ""
    return Content.from_markup(
        "$day [b]$time[/b] [$text-accent]$pillar[/][$text-muted]$status[/] $title",
        day=day, time=f"{slot.start:%H:%M}", pillar=pillar, status=status_name(slot.status).ljust(9), title=slot.title or "",
    )


def _number(value: float) -> str:
    """``0.5`` / ``0,5``; ``3`` without decimals (as ``:g`` wrote it)."""
    return f"{value:g}" if current() == "en" else format_decimal(value)


class RulePreview(VerticalScroll, can_focus=False):
    """Next occurrences of the selected rule, then the regularity of the coming weeks."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data: PreviewData | None = None
        self.version = 0
        """Counts the redraws (tests wait on it)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-notice", classes="preview-notice")
        yield Static(_("Next occurrences"), id="preview-rule-title", classes="preview-heading")
        yield Static("", id="preview-occurrences")
        yield Static("", id="preview-orphans")
        yield Static(_("Regularity"), id="preview-metrics-title", classes="preview-heading")
        yield HeatStrip(id="preview-heat")
        yield Static("", id="preview-metrics")
        yield Static("", id="preview-problems")

    def pause(self, problems: int) -> None:
        """Say the preview is out of date because the form has ``problems`` problems."""
        self.add_class("-stale")
        self.query_one("#preview-notice", Static).update(
            ngettext("Paused: {n} problem to fix; this is the last valid version.",
                     "Paused: {n} problems to fix; this is the last valid version.", problems).format(n=problems)
        )
        self.version += 1

    def show(self, data: PreviewData, cadence: str = "") -> None:
        """Draw ``data``; ``cadence`` says the rule's rhythm in words under the heading."""
        self.data = data
        self.remove_class("-stale")
        self.query_one("#preview-notice", Static).update("")
        title = self.query_one("#preview-rule-title", Static)
        occurrences = self.query_one("#preview-occurrences", Static)
        if data.rule_id is None:
            title.update(_("Next occurrences"))
            occurrences.update(_("No rule yet: add one to see its dates."))
        else:
            title.update(Content.from_markup(_("Next occurrences of [b]$rule[/b]") + "\n[$text-muted]$cadence[/]",
                                             rule=data.rule_id, cadence=cadence))
            width = max((len(o.slot.pillar or "—") for o in data.occurrences if o.slot), default=0)
            if not any(o.slot and o.slot.pillar for o in data.occurrences):
                width = 0
            lines = [_occurrence_line(o, width) for o in data.occurrences]
            occurrences.update(Content("\n").join(lines) if lines else _("No date from today on."))
        orphans = self.query_one("#preview-orphans", Static)
        orphans.set_class(bool(data.orphans), "-shown")
        orphans.update(self._orphans(data.orphans))
        report = data.report
        self.query_one("#preview-metrics-title", Static).update(
            _("Regularity · {start} – {end}").format(start=short_date(data.start),
                                                     end=short_date(data.end - timedelta(days=1)))
        )
        self.query_one("#preview-heat", HeatStrip).weeks = report.weeks
        self.query_one("#preview-metrics", Static).update(self._metrics(data))
        self.query_one("#preview-problems", Static).update(self._problems(report.problems))
        self.version += 1

    @staticmethod
    def _metrics(data: PreviewData) -> Content:
        report, channel = data.report, data.channel
        below = len(report.weeks_below_target)
        if report.per_week_target is None:
            verdict = _("no per_week target")
        elif below:
            verdict = _("target $target/week · [$error]$below_weeks below[/]")
        else:
            verdict = _("target $target/week · [$success]every week on target[/]")
        target = "" if report.per_week_target is None else _number(report.per_week_target)
        lines = [Content.from_markup("$slots · " + verdict, target=target,
                                     below_weeks=ngettext("{n} week", "{n} weeks", below).format(n=below),
                                     slots=ngettext("{n} slot", "{n} slots", report.slots).format(n=report.slots))]
        gap = report.longest_gap
        if gap is not None:
            limit = channel.max_gap
            verdict = "" if limit is None else (
                _("[$error]over max_gap $limit[/]") if gap.duration > limit else _("[$success]within max_gap $limit[/]"))
            lines.append(Content.from_markup(
                _("longest gap $gap$edge ($start → $end) ") + verdict,
                gap=short_duration(gap.duration), edge="+" if gap.edge else "",
                start=short_moment(gap.start), end=short_moment(gap.end),
                limit=short_duration(limit) if limit else "",
            ))
        lines.append(Content(_("{filled} filled · {open} open · {due} due now").format(
            filled=report.filled, open=report.open, due=len(report.open_due))))
        return Content("\n").join(lines)

    @staticmethod
    def _orphans(posts: Sequence[Post]) -> Content:
        if not posts:
            return Content("")
        n = len(posts)
        lines = [Content(ngettext("⚠ {n} post no longer on a rule slot (it stays, one-off):",
                                  "⚠ {n} posts no longer on a rule slot (they stay, one-off):", n).format(n=n))]
        for post in posts[:3]:
            title = post.title or _("untitled")
            lines.append(Content(f"  {short_moment(post.at)} « {title} »"))
        if n > 3:
            lines.append(Content("  " + _("and {n} more").format(n=n - 3)))
        return Content("\n").join(lines)

    @staticmethod
    def _problems(problems: Sequence) -> Content:
        if not problems:
            return Content.from_markup(_("[$success]No problem in these weeks.[/]"))
        lines = [Content.from_markup("[$error]$count:[/]", count=ngettext(
            "{n} problem", "{n} problems", len(problems)).format(n=len(problems)))]
        for problem in problems:
            lines.append(Content.from_markup("• $message", message=problem.message))
        return Content("\n").join(lines)
