"""`calendar-app check`: the regularity report of the coming weeks, exit 1 when a target does not hold."""

from __future__ import annotations

from calendar_app.commands.common import check_channels, dump_json, load, print_rich, print_text
from calendar_app.core.campaigns import passed_with_unpublished
from calendar_app.core.regularity import run_check
from calendar_app.core.report import report_to_json
from calendar_app.i18n import ngettext


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    # The CLI keeps the window inside the calendar; the dashboard computes the same one.
    _, report = run_check(plan, args.today, start=args.start, weeks=args.weeks, past_days=args.past_days,
                          channels=channels)
    passed = passed_with_unpublished(plan, args.today)
    overdue = []
    if args.objectives:
        from calendar_app.commands.objectives import load_progress, overdue_lines

        progress = load_progress(args, plan)
        overdue = [p for p in progress if p.status == "overdue"]
    if args.json:
        data = report_to_json(report)
        if args.objectives:
            from calendar_app.core.objectives import progress_json

            data["objectives"] = [progress_json(p) for p in progress]
            data["ok"] = report.ok and not overdue
        data["campaigns"] = [{"campaign": c.id, "kind": "anchor_passed", "anchor": c.anchor.isoformat(),
                              "unpublished": k, "message": _anchor_passed(c, k)} for c, k in passed]
        if passed:
            data["ok"] = False
        dump_json(data)
    else:
        from calendar_app.commands.check_text import render

        print_rich(render, plan, report, args.today)
        if overdue:
            print_text("\n".join(overdue_lines(progress)) + "\n")
        if passed:
            print_text("".join(_anchor_passed(c, k) + "\n" for c, k in passed))
    return 0 if report.ok and not overdue and not passed else 1


def _anchor_passed(campaign, n: int) -> str:
    return ngettext("campaign « {name} » ({id}): its anchor {anchor} has passed with {n} step not published",
                    "campaign « {name} » ({id}): its anchor {anchor} has passed with {n} steps not published", n).format(
        name=campaign.name, id=campaign.id, anchor=campaign.anchor_day.isoformat(), n=n)
