"""The review's agenda as one HTML5 page (Jinja2, autoescaped) with inline SVG charts: no script, no network."""

from __future__ import annotations

from datetime import date, datetime

from calendar_app.core.model import Plan
from calendar_app.core.objectives_words import STATUS_WORDS, figure, status_word
from calendar_app.core.review import ReviewFigures
from calendar_app.html import render
from calendar_app.i18n import _, current
from calendar_app.i18n.dates import format_date, format_datetime, format_decimal
from calendar_app.site.review_charts import trajectory_svg, weekly_bars_svg


def number(value: float | None) -> str:
    """A post's metric as people read it: ``1,250`` / ``1 250``, ``0.045`` / ``0,045``; ``—`` for none."""
    if value is None:
        return "—"
    return format_decimal(value, 0 if float(value).is_integer() else 3)


def next_proposal(p) -> str:
    """``next: 1,012 by Sun, Feb 28, 2027``: the objective proposed once ``p``'s is met."""
    return _("next: {target} by {deadline}").format(
        target=figure(p.next.target, p.objective.target), deadline=format_date(p.next.deadline, "medium"))


def words() -> dict[str, str]:
    """The page's words, translated here so the catalogs find them (templates are not extracted)."""
    return {
        "heading": _("Review from {start} to {end}"),
        "channel_problem": _("{channel}: {problem}"),
        "untitled": _("(untitled)"),
        "by_format": _("Averages by format"),
        "by_pillar": _("Averages by pillar"),
        "best_worst": _("Best and worst posts"),
        "campaigns": _("Campaigns of the period"),
        "channel": _("Channel"),
        "problems": _("Coming weeks: open problems"),
        "no_objective": _("No objective (plans/_objectives.toml)."),
        "no_post": _("No post published in the period."),
        "no_slot": _("No slot in the period."),
        "no_problem": _("Nothing to fix: every target holds."),
        "objective": _("Objective"),
        "objectives": _("Objectives"),
        "per_channel": _("Planned and published, per channel"),
        "per_week": _("Posts published per week"),
        "posts": _("Published posts"),
        "results": _("Results"),
        "review": _("Review"),
        "title": _("Title"),
        "when": _("When"),
        "best": _("Best"),
        "deadline": _("Deadline"),
        "expected": _("Expected today"),
        "latest": _("Latest"),
        "metric": _("Metric"),
        "missed": _("Missed"),
        "no_result": _("no result recorded"),
        "planned": _("Planned"),
        "published": _("Published"),
        "status": _("Status"),
        "target": _("Target value"),
        "worst": _("Worst"),
    }


def campaign_line(campaign: dict) -> str:
    """A campaign of the period on one line: its name, anchor day and how far its steps are."""
    steps = campaign["steps"]
    published = sum(1 for s in steps if s["status"] == "published")
    ready = sum(1 for s in steps if s["ready"])
    anchor = date.fromisoformat(campaign["anchor"][:10])
    return _("{name} · anchor {anchor} · steps published: {published} of {steps}, ready: {ready}").format(
        name=campaign["name"], anchor=format_date(anchor, "long"), published=published, steps=len(steps), ready=ready)


def status_words() -> dict[str, str]:
    """An objective's status as people read it (« en bonne voie »), as ``objectives`` says it."""
    return {status: status_word(status) for status in STATUS_WORDS}


def review_html(review: ReviewFigures, plan: Plan) -> str:
    """The page: one trajectory chart per objective, one weekly-posts chart per channel, the tables."""
    charts = []
    for p in review.objectives:
        o = p.objective
        charts.append(trajectory_svg(o.title, (o.baseline_date, o.baseline_value), (o.deadline, o.target),
                                     list(p.history)))
    weekly = [weekly_bars_svg(c.name, c.weekly) for c in review.channels]
    return render(
        "review/review.html", review=review, calendar=plan.calendar.name, lang=current(),
        names={c.id: c.name for c in plan.channels}, objective_charts=charts, weekly_charts=weekly,
        campaign_lines=[campaign_line(c) for c in review.campaigns],
        number=number, figure=figure, next_words=next_proposal, day=format_date, status_words=status_words(), w=words(),
        when=lambda at: format_datetime(datetime.fromisoformat(at), "medium"),
    )
