"""`calendar-app objectives`: each objective's latest value against the straight line to its target."""

from __future__ import annotations

from calendar_app.commands.common import dump_json, load, print_text
from calendar_app.core.errors import PlanErrors, did_you_mean
from calendar_app.core.model import Plan
from calendar_app.core.objectives import Objective, Progress, Results, progress_all, progress_json, recorded_metrics
from calendar_app.core.objectives_words import describe, figure
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_date
from calendar_app.storage.objectives import read_objectives_file
from calendar_app.storage.results import load_results, results_folder


def add_parser(sub, common) -> None:
    """The ``objectives`` subcommand; ``common(p)`` adds --plans, --lang and --today."""
    p = sub.add_parser("objectives", help=_("each objective's progress: latest value, expected today, status"))
    add_results_option(p)
    p.add_argument("--json", action="store_true", help=_("print the objectives' progress as JSON"))
    common(p)


def add_results_option(p) -> None:
    p.add_argument("--results", metavar="DIR", help=_("folder of results CSV files (default: results/ beside the plans folder)"))


def load_progress(args, plan: Plan | None = None) -> list[Progress]:
    """The progress of every objective of ``args.plans`` on ``args.today``; PlanErrors for a bad
    ``_objectives.toml`` or results file (every problem of both at once)."""
    objectives, results = load_inputs(args, plan)
    return progress_all(objectives, results, args.today)


def load_inputs(args, plan: Plan | None = None) -> tuple[list[Objective], Results]:
    """The objectives of ``args.plans`` and the results of ``--results`` (PlanErrors as above)."""
    plan = plan or load(args.plans)
    ids = [c.id for c in plan.channels]
    objectives, errors = read_objectives_file(args.plans, ids)
    try:
        results = load_results(results_folder(args.plans, getattr(args, "results", None)), ids)
    except PlanErrors as exc:
        errors.extend(exc.errors)
        results = None
    if errors:
        raise PlanErrors(errors)
    return objectives, results


def run(args) -> int:
    objectives, results = load_inputs(args)
    items = progress_all(objectives, results, args.today)
    if args.json:
        dump_json({"objectives": [progress_json(p) for p in items]})
    else:
        print_text(render(items, {p.objective.id: metric_hint(p.objective, results) for p in items if p.latest is None}))
    return 0


def metric_hint(objective: Objective, results: Results) -> str:
    """For an objective without a value: the near miss among the metrics recorded for its channel
    (``folowers`` for ``followers``), or "" when there is none."""
    recorded = recorded_metrics(objective, results)
    if objective.metric in recorded:
        return ""
    hint = did_you_mean(objective.metric, sorted(recorded))
    return _('no "{metric}" in the results{hint}').format(metric=objective.metric, hint=hint) if hint else ""


def render(items: list[Progress], hints: dict[str, str] | None = None) -> str:
    if not items:
        return _("No objective: write them in _objectives.toml in the plans folder (see README).") + "\n"
    out: list[str] = []
    for p in items:
        out.extend(describe(p))
        hint = (hints or {}).get(p.objective.id)
        if hint:
            out.append("  " + hint)
    return "\n".join(out) + "\n"


def overdue_lines(items: list[Progress]) -> list[str]:
    """One line per overdue objective, for ``check --objectives``."""
    return [_("✗ objective overdue: {title} ({target} by {deadline})").format(
        title=p.objective.title, target=figure(p.objective.target, p.objective.target),
        deadline=format_date(p.objective.deadline, "medium")) for p in items if p.status == "overdue"]
