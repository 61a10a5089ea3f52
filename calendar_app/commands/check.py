"""`calendar-app check`: the regularity report of the coming weeks, exit 1 when a target does not hold."""

from __future__ import annotations

from calendar_app.commands.common import check_channels, dump_json, load, print_rich
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
    if args.json:
        data = report_to_json(report)
        data["campaigns"] = [{"campaign": c.id, "kind": "anchor_passed", "anchor": c.anchor.isoformat(),
                              "unpublished": n, "message": _anchor_passed(c, n)} for c, n in passed]
        dump_json(data)
    else:
        from calendar_app.commands.check_text import render

        print_rich(render, plan, report, args.today)
        for c, n in passed:
            print(_anchor_passed(c, n))
    return 0 if report.ok and not passed else 1


def _anchor_passed(campaign, n: int) -> str:
    return ngettext("campaign « {name} » ({id}): its anchor {anchor} has passed with {n} step not published",
                    "campaign « {name} » ({id}): its anchor {anchor} has passed with {n} steps not published", n).format(
        name=campaign.name, id=campaign.id, anchor=campaign.anchor_day.isoformat(), n=n)
