"""The review's inputs gathered for `calendar-app review` (plan, results, objectives, check) and its JSON."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from calendar_app.core.model import Plan
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import run_check
from calendar_app.core.report import Problem
from calendar_app.core.review import Review, review_figures, upcoming_problems

#: The problems looked at ahead: the weeks until the next monthly review and a little more.
AHEAD_WEEKS = 6


def gather(plan: Plan, start: date, end: date, today: date, results_dir: Path, plans_dir: Path) -> Review:
    """The review of [start, end] (both included): slots, results, objectives, the coming weeks' problems."""
    slots = expand(plan, start, end + timedelta(days=1))
    results = load_results(results_dir, plan)
    objectives = objectives_progress(plans_dir, plan, results, today)
    # the past is the review's own figures: only what is still ahead (past_days=0)
    _slots, report = run_check(plan, today, weeks=AHEAD_WEEKS, past_days=0)
    problems = upcoming_problems(p for c in report.channels for p in c.problems)
    problems += [p for o in report.owners for p in o.problems]
    return review_figures(plan, slots, start, end, results.posts if results else {},
                          objectives=objectives, campaigns=(), problems=problems)


def load_results(results_dir: Path, plan: Plan):
    """The recorded results (the objectives' reader), None without a results folder."""
    return None


def objectives_progress(plans_dir: Path, plan: Plan, results, today: date) -> list:
    """Each objective's progress today (the objectives' computation), [] without objectives."""
    return []


def _number(value: float) -> float | int:
    """A metric as JSON: whole numbers without ``.0`` (1250, not 1250.0)."""
    return int(value) if float(value).is_integer() else value


def _problem_json(p: Problem) -> dict:
    return {"kind": p.kind, "message": p.message, "at": p.at.isoformat() if p.at else None,
            "channel": p.channel, "uid": p.uid}


def objective_json(progress) -> dict:
    """One objective as in ``objectives --json``."""
    o = progress.objective
    nxt = progress.next
    return {
        "id": o.id, "status": progress.status,
        "latest": None if progress.latest is None else _number(progress.latest),
        "expected": _number(round(progress.expected, 6)), "target": _number(o.target),
        "deadline": o.deadline.isoformat(), "days_left": progress.days_left,
        "next": None if nxt is None else {"target": _number(nxt.target), "deadline": nxt.deadline.isoformat()},
    }


def review_json(review: Review) -> dict:
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
        "objectives": [objective_json(o) for o in review.objectives],
        "posts": [post(p) for p in review.posts],
        "best": {m: post_ref(p, m) for m, p in review.best.items()},
        "worst": {m: post_ref(p, m) for m, p in review.worst.items()},
        "by_pillar": means(review.by_pillar),
        "by_format": means(review.by_format),
        "campaigns": list(review.campaigns),
        "problems": [_problem_json(p) for p in review.problems],
    }
