"""The review's inputs gathered for `calendar-app review` (plan, results, objectives, check) and its JSON."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from calendar_app.core.errors import PlanErrors
from calendar_app.core.model import Plan
from calendar_app.core.objectives import Progress, Results, progress_all, progress_json
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import run_check
from calendar_app.core.report import Problem
from calendar_app.core.review import ReviewFigures, review_figures, upcoming_problems
from calendar_app.storage.objectives import read_objectives_file
from calendar_app.storage.results import load_results as read_results_strict

#: The problems looked at ahead: the weeks until the next monthly review and a little more.
AHEAD_WEEKS = 6


def gather(plan: Plan, start: date, end: date, today: date, results_dir: Path, plans_dir: Path) -> ReviewFigures:
    """The review of [start, end] (both included): slots, results, objectives, the coming weeks' problems."""
    slots = expand(plan, start, end + timedelta(days=1))
    results = load_results(results_dir, plan)
    objectives = objectives_progress(plans_dir, plan, results, today)
    # the past is the review's own figures: only what is still ahead (past_days=0)
    _slots, report = run_check(plan, today, weeks=AHEAD_WEEKS, past_days=0)
    problems = upcoming_problems(p for c in report.channels for p in c.problems)
    problems += [p for o in report.owners for p in o.problems]
    return review_figures(plan, slots, start, end, results.posts,
                          objectives=objectives, campaigns=period_campaigns(plan, start, end), problems=problems)


def period_campaigns(plan: Plan, start: date, end: date) -> list[dict]:
    """The campaigns with their anchor day or a step in [start, end], as ``campaign list --json`` gives them."""
    from calendar_app.commands.campaign import campaign_json

    out = []
    for campaign in sorted(plan.campaigns, key=lambda c: (c.anchor_day, c.id)):
        entry = campaign_json(plan, campaign)
        days = [campaign.anchor_day] + [date.fromisoformat(s["start"][:10]) for s in entry["steps"] if s["start"]]
        if any(start <= day <= end for day in days):
            out.append(entry)
    return out


def load_results(results_dir: Path, plan: Plan) -> Results:
    """The recorded results (empty without the folder or its files); PlanErrors for a bad row."""
    return read_results_strict(results_dir, [c.id for c in plan.channels])


def objectives_progress(plans_dir: Path, plan: Plan, results: Results, today: date) -> list[Progress]:
    """Each objective's progress today, [] without ``_objectives.toml``; PlanErrors for a bad file."""
    objectives, errors = read_objectives_file(plans_dir, [c.id for c in plan.channels])
    if errors:
        raise PlanErrors(errors)
    return progress_all(objectives, results, today)


def _number(value: float) -> float | int:
    """A metric as JSON: whole numbers without ``.0`` (1250, not 1250.0)."""
    return int(value) if float(value).is_integer() else value


def _problem_json(p: Problem) -> dict:
    return {"kind": p.kind, "message": p.message, "at": p.at.isoformat() if p.at else None,
            "channel": p.channel, "uid": p.uid}


def review_json(review: ReviewFigures) -> dict:
    """``{"start", "end", "channels", "objectives", "posts", ...}`` as the issue gives it, plus
    ``best``/``worst`` (metric -> post), ``by_pillar``/``by_format`` (group -> metric -> mean),
    ``campaigns`` and ``problems``."""

    def post(p) -> dict:
        return {"channel": p.channel, "at": p.at, "title": p.title,
                "metrics": {k: _number(v) for k, v in sorted(p.metrics.items())}}

    def post_ref(p, metric: str) -> dict:
        return {"channel": p.channel, "at": p.at, "title": p.title, "value": _number(p.metrics[metric])}

    def means(groups: dict) -> dict:
        return {g: {k: round(v, 6) for k, v in m.items()} for g, m in groups.items()}

    return {
        "start": review.start.isoformat(),
        "end": review.end.isoformat(),
        "channels": [{"channel": c.channel, "planned": c.planned, "published": c.published, "missed": c.missed,
                      "weekly": [{"week": monday.isoformat(), "published": n} for monday, n in c.weekly]}
                     for c in review.channels],
        "objectives": [progress_json(o) for o in review.objectives],
        "posts": [post(p) for p in review.posts],
        "best": {m: post_ref(p, m) for m, p in review.best.items()},
        "worst": {m: post_ref(p, m) for m, p in review.worst.items()},
        "by_pillar": means(review.by_pillar),
        "by_format": means(review.by_format),
        "campaigns": list(review.campaigns),
        "problems": [_problem_json(p) for p in review.problems],
    }
