"""`calendar-app agenda`: the slots of the coming weeks, grouped by day, or as JSON."""

from __future__ import annotations

from datetime import timedelta

from calendar_app.commands.common import check_channels, dump_json, load, print_rich, slot_json
from calendar_app.core.recurrence import expand


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    start = args.start or args.today
    end = start + timedelta(weeks=args.weeks)
    slots = expand(plan, start, end, channels)
    if args.json:
        dump_json([slot_json(s) for s in slots])
        return 0
    from calendar_app.commands.agenda_text import render

    print_rich(render, plan, slots, start, end, args.today, soft_wrap=True)
    return 0
