"""The review's agenda as Markdown, for pasting into a meeting note."""

from __future__ import annotations

from datetime import datetime

from calendar_app.core.model import Plan
from calendar_app.core.review import Review
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_date, format_datetime, format_decimal


def status_word(status: str) -> str:
    """An objective's status as people read it (« en bonne voie » in French)."""
    words = {"on_track": _("on track"), "behind": _("behind"), "met": _("met"), "overdue": _("overdue")}
    return words.get(status, status)


def number(value: float | None) -> str:
    """A metric as people read it: ``1 250``, ``0,045`` in French."""
    if value is None:
        return "—"
    return format_decimal(value, 0 if float(value).is_integer() else 3)


def cell(text: str | None) -> str:
    """A table cell on one line, its pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def post_when(at: str) -> str:
    return format_datetime(datetime.fromisoformat(at), "medium")


def review_markdown(review: Review, plan: Plan) -> str:
    """The agenda: channels, objectives, posts and their metrics, best/worst, averages, campaigns, problems."""
    names = {c.id: c.name for c in plan.channels}
    out = [f"# {cell(plan.calendar.name)} — " + _("review from {start} to {end}").format(
        start=format_date(review.start, "long"), end=format_date(review.end, "long")), ""]
    out += [f"## {_('Planned and published, per channel')}", "",
            f"| {_('Channel')} | {_('planned')} | {_('published')} | {_('missed')} |", "|---|---:|---:|---:|"]
    out += [f"| {cell(c.name)} | {c.planned} | {c.published} | {c.missed} |" for c in review.channels]
    if not review.channels:
        out.append(_("No slot in the period."))
    out.append("")
    out += [f"## {_('Objectives')}", ""]
    if review.objectives:
        out += [f"| {_('Objective')} | {_('status')} | {_('latest')} | {_('expected today')} | {_('target')} | "
                f"{_('deadline')} |", "|---|---|---:|---:|---:|---|"]
        for p in review.objectives:
            o = p.objective
            out.append(f"| {cell(o.title)} | {status_word(p.status)} | {number(p.latest)} | {number(round(p.expected, 3))} | "
                       f"{number(o.target)} | {format_date(o.deadline, 'medium')} |")
            if p.next is not None:
                proposal = _("next: {target} by {deadline}").format(
                    target=number(p.next.target), deadline=format_date(p.next.deadline, "medium"))
                out.append(f"| ↳ {proposal} | | | | | |")
    else:
        out.append(_("No objective (plans/_objectives.toml)."))
    out.append("")
    out += [f"## {_('Published posts')}", ""]
    if review.posts:
        for p in review.posts:
            metrics = ", ".join(f"{k} {number(v)}" for k, v in sorted(p.metrics.items())) or _("no result recorded")
            out.append(f"- {post_when(p.at)} · {cell(names.get(p.channel, p.channel))} · "
                       f"{cell(p.title) or _('(untitled)')} — {metrics}")
    else:
        out.append(_("No post published in the period."))
    out.append("")
    if review.best:
        out += [f"## {_('Best and worst posts')}", "", f"| {_('metric')} | {_('best')} | {_('worst')} |", "|---|---|---|"]
        for metric, best in review.best.items():
            worst = review.worst[metric]
            out.append(f"| {cell(metric)} | {cell(best.title) or _('(untitled)')} ({number(best.metrics[metric])}) | "
                       f"{cell(worst.title) or _('(untitled)')} ({number(worst.metrics[metric])}) |")
        out.append("")
    for title, groups in ((_("Averages by pillar"), review.by_pillar), (_("Averages by format"), review.by_format)):
        if not groups:
            continue
        out += [f"## {title}", ""]
        for group, means in groups.items():
            out.append(f"- **{cell(group)}**: " + ", ".join(f"{k} {number(round(v, 3))}" for k, v in means.items()))
        out.append("")
    if review.campaigns:
        out += [f"## {_('Campaigns of the period')}", ""]
        out += [f"- {cell(str(c))}" for c in review.campaigns]
        out.append("")
    out += [f"## {_('Coming weeks: open problems')}", ""]
    out += [f"- {cell(p.message)}" for p in review.problems] or [_("Nothing to fix: every target holds.")]
    return "\n".join(out) + "\n"
