"""`calendar-app check`: the regularity report of the coming weeks, exit 1 when a target does not hold."""

from __future__ import annotations

from datetime import timedelta

from calendar_app.commands.common import check_channels, dump_json, load, print_rich
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan
from calendar_app.core.report import report_to_json


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    start = args.start or args.today
    end = start + timedelta(weeks=args.weeks)  # the CLI keeps both inside the calendar
    slots = expand(plan, start, end, channels)
    report = check_plan(plan, slots, start, end, today=args.today, channels=channels)
    if args.json:
        dump_json(report_to_json(report))
    else:
        from calendar_app.commands.check_text import render

        print_rich(render, plan, report, args.today)
    return 0 if report.ok else 1
