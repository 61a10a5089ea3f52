"""`calendar-app agenda`: the slots of the coming weeks, grouped by day, or as JSON."""

from __future__ import annotations

from datetime import timedelta

from calendar_app.commands.common import check_channels, dump_json, load, meeting_json, print_rich, slot_json
from calendar_app.core.recurrence import expand
from calendar_app.core.reviews import meetings


def run(args) -> int:
    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    start = args.start or args.today
    end = start + timedelta(weeks=args.weeks)
    slots = expand(plan, start, end, channels)
    reviews = meetings(plan.calendar.reviews, start, end)
    if args.json:
        # review meetings belong to no channel: a script asking for some channels wants only their slots
        shown = [] if channels is not None else reviews
        items = [(s.start.timestamp(), 0, slot_json(s)) for s in slots]
        items += [(m.start.timestamp(), 1, meeting_json(m)) for m in shown]
        items.sort(key=lambda item: item[:2])
        dump_json([item[2] for item in items])
        return 0
    from calendar_app.commands.agenda_text import render

    print_rich(render, plan, slots, start, end, args.today, reviews, soft_wrap=True)
    return 0
