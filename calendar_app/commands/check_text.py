"""The regularity report as text for a terminal (rich): imported only when it is shown."""

from __future__ import annotations

from datetime import date, timedelta

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from calendar_app.commands.hours import owner_hours_table
from calendar_app.core.errors import printable
from calendar_app.core.model import Plan
from calendar_app.core.report import ChannelReport, Report, WeekCount
from calendar_app.core.wording import short_duration, week_span
from calendar_app.i18n import _, current, ngettext, pgettext
from calendar_app.i18n.dates import format_decimal

BARS = "▁▂▃▄▅▆▇█"
KIND_ICONS = {
    "below_target": "▼",
    "gap": "↔",
    "open_due": "✎",
    "too_close": "⧖",
    "blackout_post": "⛔",
    "untitled": "∅",
    "pillar_share": "◔",
    "pillar_run": "≡",
    "owner_load": "⚖",
    "missed": "✗",
    "blacked_out": "⊘",
    "over_capacity": "⏳",
}


def _campaigns_problems(plan: Plan, report: Report, console: Console) -> None:
    """The channels' problems about campaign steps again, per campaign: a chain is ready or not as a whole."""
    by_campaign: dict[str, list] = {}
    for c in report.channels:
        for problem in c.problems:
            if problem.campaign is not None:
                by_campaign.setdefault(problem.campaign, []).append(problem)
    names = {c.id: c.name for c in plan.campaigns}
    for campaign, problems in sorted(by_campaign.items()):
        console.print()
        console.print(Text(_("Campaign « {name} »: {n} to fix").format(
            name=names.get(campaign, campaign), n=len(problems)), style="bold"))
        for problem in sorted(problems, key=lambda p: (p.at is None, p.at.isoformat() if p.at else "")):
            console.print(_problem_line(problem))


def render(plan: Plan, report: Report, today: date, console: Console) -> None:
    """Print the channels table with a heat strip per channel, the problems, then owner workload."""
    console.print(Text.assemble(
        (plan.calendar.name, "bold"),
        " · " + _("regularity {span}").format(span=week_span(report.start, report.end)),
        " · " + _("today {today}").format(today=today.isoformat()),
    ))
    if not report.channels:
        console.print(_("No channels to check."))
        return
    weeks = report.channels[0].weeks
    strip_title = f"{_week(weeks[0].label)} → {_week(weeks[-1].label)}" if weeks else _("weeks")
    # A narrow terminal first loses the targets next to the facts, then the table layout.
    table = (_channels_table(plan, report, strip_title, console.width, compact=False)
             or _channels_table(plan, report, strip_title, console.width, compact=True)
             or _channels_blocks(plan, report))
    console.print(table)
    console.print(Text(
        _("per week: one bar per ISO week (Monday first), height = slots / target, red = under target, "
          "edge weeks pro rata; filled = slots with content beyond an idea / all slots; rhythm = spread "
          "of the gaps (even, fair, bunched); due = unready slots whose lead time starts today or earlier."), style="dim"))
    for c in report.channels:
        if c.problems:
            console.print()
            console.print(Text(_("{name}: {n} to fix").format(name=c.name, n=len(c.problems)), style="bold"))
            for problem in c.problems:
                console.print(_problem_line(problem))
    _campaigns_problems(plan, report, console)
    if report.owners:
        console.print()
        console.print(_owners_table(report, plan.calendar.owner_week_max))
        hours = owner_hours_table(report)
        if hours is not None:
            console.print(hours)
        for owner in report.owners:
            for problem in owner.problems:
                console.print(_problem_line(problem))
    console.print()
    if report.ok:
        console.print(Text(_("✔ Every target holds."), style="bold green"))
    else:
        n = sum(len(c.problems) for c in report.channels) + sum(len(o.problems) for o in report.owners)
        channels = sum(1 for c in report.channels if not c.ok)
        owners = sum(1 for o in report.owners if not o.ok)
        where = [ngettext("{n} channel", "{n} channels", channels).format(n=channels) if channels else "",
                 ngettext("{n} owner", "{n} owners", owners).format(n=owners) if owners else ""]
        console.print(Text(_("⚠ {problems} in {where}; exit 1.").format(
            problems=ngettext("{n} problem", "{n} problems", n).format(n=n),
            where=_(" and ").join(w for w in where if w)), style="bold red"))


def _channels_table(plan: Plan, report: Report, strip_title: str, width: int, compact: bool) -> Table | None:
    """The one-row-per-channel table; None when it cannot fit ``width``."""
    rows = []
    for c in report.channels:
        channel = plan.channel(c.channel)
        name = Text("● ", style=channel.color or "white")
        name.append(c.name)
        target = "" if c.per_week_target is None or compact else f" /{_number(c.per_week_target)}"
        rows.append([
            name,
            Text.assemble(heat_strip(c.weeks), (target, "dim")),
            Text(f"{c.filled}/{c.slots}"),
            _gap_cell(c, None if compact else channel.max_gap),
            _rhythm_cell(c.gap_spread),
            Text(str(len(c.open_due)), style="bold yellow" if c.open_due else "dim"),
            Text("✔" if c.ok else f"⚠ {len(c.problems)}", style="green" if c.ok else "bold red"),
        ])
    headers = (_("channel"), _("per week {weeks}").format(weeks=strip_title), _("filled"), _("longest gap"),
               _("rhythm"), _("due"), "")
    widths = [max([len(h)] + [row[i].cell_len for row in rows]) for i, h in enumerate(headers)]
    room = width - sum(widths[1:]) - 3 * (len(headers) - 1)  # a column rule and padding each side
    if room < (6 if compact else min(widths[0], 10)):
        return None
    name_width = min(widths[0], room)
    for row in rows:
        row[0].truncate(name_width, overflow="ellipsis")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1))
    for i, header in enumerate(headers):
        table.add_column(header, no_wrap=True, width=name_width if i == 0 else widths[i],
                         justify="right" if i in (2, 5) else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _channels_blocks(plan: Plan, report: Report) -> Group:
    """Two lines per channel (facts, then the heat strip) for terminals too narrow for the table."""
    lines = []
    for c in report.channels:
        channel = plan.channel(c.channel)
        head = Text("● ", style=channel.color or "white")
        head.append(c.name, style="bold")
        head.append(" ")
        head.append("✔" if c.ok else f"⚠ {len(c.problems)}", style="green" if c.ok else "bold red")
        head.append(" · " + _("filled {filled}/{slots}").format(filled=c.filled, slots=c.slots) + " · " + _("gap") + " ")
        head.append_text(_gap_cell(c, channel.max_gap))
        head.append(" · ")
        head.append_text(_rhythm_cell(c.gap_spread))
        head.append(" · " + _("due {n}").format(n=len(c.open_due)))
        target = "" if c.per_week_target is None else f" /{_number(c.per_week_target)}"
        lines += [head, Text.assemble("  ", heat_strip(c.weeks), (target, "dim"))]
    return Group(*lines)


def _week(label: str) -> str:
    """``W49`` from ``2026-W49``; ``S49`` in French."""
    return ("S" if current() == "fr" else "W") + label[6:]


def _number(value: float) -> str:
    """``2.5`` / ``2,5``."""
    return f"{value:g}" if current() == "en" else format_decimal(value)


def heat_strip(weeks: tuple[WeekCount, ...]) -> Text:
    """One bar per week, its height the count against the week's target (or the busiest week);
    red when the week is under target (over the maximum, for an owner)."""
    strip = Text()
    peak = max((w.count for w in weeks), default=0)
    for w in weeks:
        scale = w.target if w.target else (peak or 1)
        if w.count == 0:
            glyph = "·"
        else:
            glyph = BARS[min(len(BARS) - 1, max(0, round(w.count / scale * (len(BARS) - 1))))]
        style = "bold red" if w.below else ("green" if w.target is not None else "cyan")
        strip.append(glyph, style=style)
    return strip


def _gap_cell(c: ChannelReport, max_gap: timedelta | None) -> Text:
    gap = c.longest_gap
    if gap is None:
        return Text("—", style="dim")
    text = Text(("≥" if gap.edge else "") + short_duration(gap.duration).replace(" ", ""))
    if max_gap is not None:
        over = gap.duration > max_gap
        text.stylize("bold red" if over else "green")
        text.append(f" /{short_duration(max_gap).replace(' ', '')}", style="dim")
    return text


def _rhythm_cell(spread: float | None) -> Text:
    if spread is None:
        return Text("—", style="dim")
    if spread < 0.25:
        return Text(pgettext("rhythm", "even"), style="green")
    if spread < 0.5:
        return Text(pgettext("rhythm", "fair"), style="yellow")
    return Text(pgettext("rhythm", "bunched"), style="red")


def _problem_line(problem) -> Text:
    line = Text("  ")
    line.append(KIND_ICONS.get(problem.kind, "⚠"), style="bold red")
    line.append(f" {printable(problem.message)}")  # a title may hold a newline or a tab
    line.append(f"  [{problem.kind}]", style="dim")
    return line


def _owners_table(report: Report, limit: int | None) -> Group:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_("owner"), overflow="ellipsis", no_wrap=True, max_width=22)
    table.add_column(_("slots per week"), no_wrap=True)
    table.add_column(_("peak"), justify="right")
    table.add_column("", no_wrap=True)
    for owner in report.owners:
        if len(owner.weeks) > 12:  # too many weeks for numbers: bars against owner_week_max
            counts = heat_strip(owner.weeks)
        else:
            counts = Text()
            for i, w in enumerate(owner.weeks):
                if i:
                    counts.append(" ")
                counts.append(str(w.count), style="bold red" if w.below else "")
        busiest = max((w.count for w in owner.weeks), default=0)
        table.add_row(
            owner.owner, counts, f"{busiest}" + (f" /{limit}" if limit is not None else ""),
            Text("✔" if owner.ok else f"⚠ {len(owner.problems)}", style="green" if owner.ok else "bold red"),
        )
    note = _("no owner_week_max in _calendar.toml: workload not checked") if limit is None else \
        _("owner_week_max = {limit} slots a week per person").format(limit=limit)
    return Group(table, Text(note, style="dim"))
