"""The review's agenda as Markdown, for pasting into a meeting note."""

from __future__ import annotations

from datetime import datetime

from calendar_app.core.model import Plan
from calendar_app.core.objectives_words import figure
from calendar_app.core.review import ReviewFigures
from calendar_app.i18n.dates import format_date, format_datetime
from calendar_app.site.review_page import campaign_line, next_proposal, number, status_words, words


def cell(text: str | None) -> str:
    """Text on one line for a table cell or a list item, its pipes escaped."""
    return " ".join((text or "").split()).replace("|", "\\|")


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def review_markdown(review: ReviewFigures, plan: Plan) -> str:
    """The agenda: channels, objectives, posts and their metrics, best/worst, averages, campaigns, problems."""
    w, statuses = words(), status_words()
    names = {c.id: c.name for c in plan.channels}
    heading = w["heading"].format(start=format_date(review.start, "long"), end=format_date(review.end, "long"))
    out = ["# " + cell(plan.calendar.name), "", "**" + heading + "**", ""]
    out += ["## " + w["per_channel"], ""]
    if review.channels:
        out += [row(w["channel"], w["planned"], w["published"], w["missed"]), "|---|---:|---:|---:|"]
        out += [row(cell(c.name), str(c.planned), str(c.published), str(c.missed)) for c in review.channels]
    else:
        out.append(w["no_slot"])
    out += ["", "## " + w["objectives"], ""]
    if review.objectives:
        out += [row(w["objective"], w["status"], w["latest"], w["expected"], w["target"], w["deadline"]),
                "|---|---|---:|---:|---:|---|"]
        for p in review.objectives:
            o = p.objective
            out.append(row(cell(o.title), statuses.get(p.status, p.status), figure(p.latest, o.target),
                           figure(p.expected, o.target), figure(o.target, o.target), format_date(o.deadline, "medium")))
            if p.next is not None:
                out.append(row("↳ " + next_proposal(p), "", "", "", "", ""))
    else:
        out.append(w["no_objective"])
    out += ["", "## " + w["posts"], ""]
    for p in review.posts:
        metrics = ", ".join(k + " " + number(v) for k, v in sorted(p.metrics.items())) or w["no_result"]
        when = format_datetime(datetime.fromisoformat(p.at), "medium")
        out.append("- " + " · ".join((when, cell(names.get(p.channel, p.channel)), cell(p.title) or w["untitled"]))
                   + " — " + metrics)
    if not review.posts:
        out.append(w["no_post"])
    out.append("")
    if review.best:
        out += ["## " + w["best_worst"], "", row(w["metric"], w["best"], w["worst"]), "|---|---|---|"]
        for metric, best in review.best.items():
            worst = review.worst[metric]
            out.append(row(cell(metric), (cell(best.title) or w["untitled"]) + " (" + number(best.metrics[metric]) + ")",
                           (cell(worst.title) or w["untitled"]) + " (" + number(worst.metrics[metric]) + ")"))
        out.append("")
    for title, groups in ((w["by_pillar"], review.by_pillar), (w["by_format"], review.by_format)):
        if groups:
            out += ["## " + title, ""]
            out += ["- **" + cell(group) + "**: " + ", ".join(k + " " + number(round(v, 3)) for k, v in means.items())
                    for group, means in groups.items()]
            out.append("")
    if review.campaigns:
        out += ["## " + w["campaigns"], ""] + ["- " + cell(campaign_line(c)) for c in review.campaigns] + [""]
    out += ["## " + w["problems"], ""]
    out += ["- " + (w["channel_problem"].format(channel="**" + cell(names[p.channel]) + "**", problem=cell(p.message))
                    if p.channel in names else cell(p.message)) for p in review.problems] or [w["no_problem"]]
    return "\n".join(out) + "\n"
