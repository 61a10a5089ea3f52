"""`calendar-app objectives`: each objective's latest value against the straight line to its target."""

from __future__ import annotations

from calendar_app.commands.common import dump_json, load, print_text
from calendar_app.core.errors import PlanErrors
from calendar_app.core.model import Plan
from calendar_app.core.objectives import Progress, progress_all, progress_json
from calendar_app.i18n import N_, _, ngettext
from calendar_app.i18n.dates import format_date, format_decimal
from calendar_app.storage.objectives import read_objectives_file
from calendar_app.storage.results import load_results, results_folder

#: The statuses in words (translated where shown).
STATUS_WORDS = {"on_track": N_("on track"), "behind": N_("behind"), "met": N_("met"), "overdue": N_("overdue")}
STATUS_ICONS = {"on_track": "✔", "behind": "⚠", "met": "★", "overdue": "✗"}


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
    return progress_all(objectives, results, args.today)


def run(args) -> int:
    items = load_progress(args)
    if args.json:
        dump_json({"objectives": [progress_json(p) for p in items]})
    else:
        print_text(render(items))
    return 0


def figure(value: float, target: float) -> str:
    """A metric value as people read it: a rate (a target under 1) with 4 decimals, else 1 at most."""
    return format_decimal(value, 4 if abs(target) < 1 else 1)


def status_word(status: str) -> str:
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


def render(items: list[Progress]) -> str:
    if not items:
        return _("No objective: write them in _objectives.toml in the plans folder (see README).") + "\n"
    out: list[str] = []
    for p in items:
        out.extend(describe(p))
    return "\n".join(out) + "\n"


def overdue_lines(items: list[Progress]) -> list[str]:
    """One line per overdue objective, for ``check --objectives``."""
    return [_("✗ objective overdue: {title} ({target} by {deadline})").format(
        title=p.objective.title, target=figure(p.objective.target, p.objective.target),
        deadline=format_date(p.objective.deadline, "medium")) for p in items if p.status == "overdue"]
