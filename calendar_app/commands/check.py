"""`calendar-app check`: the regularity report of the coming weeks, exit 1 when a target does not hold."""

from __future__ import annotations

from calendar_app.commands.common import check_channels, dump_json, load, print_rich, print_text
from calendar_app.core.regularity import run_check
from calendar_app.core.report import report_to_json


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    # The CLI keeps the window inside the calendar; the dashboard computes the same one.
    _, report = run_check(plan, args.today, start=args.start, weeks=args.weeks, past_days=args.past_days,
                          channels=channels)
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
        dump_json(data)
    else:
        from calendar_app.commands.check_text import render

        print_rich(render, plan, report, args.today)
        if overdue:
            print_text("\n".join(overdue_lines(progress)) + "\n")
    return 0 if report.ok and not overdue else 1
