"""`calendar-app check`: the regularity report of the coming weeks, exit 1 when a target does not hold."""

from __future__ import annotations

from calendar_app.commands.common import check_channels, dump_json, load, print_rich
from calendar_app.core.regularity import run_check
from calendar_app.core.report import report_to_json


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    # The CLI keeps the window inside the calendar; the dashboard computes the same one.
    _, report = run_check(plan, args.today, start=args.start, weeks=args.weeks, past_days=args.past_days,
                          channels=channels)
    if args.json:
        dump_json(report_to_json(report))
    else:
        from calendar_app.commands.check_text import render

        print_rich(render, plan, report, args.today)
    return 0 if report.ok else 1
