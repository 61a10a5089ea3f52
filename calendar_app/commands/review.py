"""`calendar-app review`: the review meeting's agenda (planned vs published, results, objectives) as md, html or json."""

from __future__ import annotations

import argparse
import re
from datetime import date, timedelta
from pathlib import Path

from calendar_app.core.errors import UsageError
from calendar_app.i18n import _

FORMATS = ("md", "html", "json")
_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month_period(text: str) -> tuple[date, date]:
    """An argparse type: ``2026-11`` -> (first day, last day) of that month."""
    m = _PERIOD_RE.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 2200:
        raise argparse.ArgumentTypeError(_('"{text}" is not a month; write it YYYY-MM, e.g. 2026-11').format(text=text))
    first = date(int(m.group(1)), int(m.group(2)), 1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def add_parser(sub, plans, today, user_date) -> None:
    """The ``review`` subcommand's options (``plans``/``today`` add the common ones)."""
    p = sub.add_parser("review", help=_("the review meeting's agenda: planned vs published, results, objectives"))
    plans(p)
    period = p.add_mutually_exclusive_group()
    period.add_argument("--since", type=user_date, metavar="DATE",
                        help=_("first day of the period, up to yesterday (default: the day of the previous "
                               "review meeting, else four weeks back)"))
    period.add_argument("--period", type=month_period, metavar="YYYY-MM", help=_("one calendar month, e.g. 2026-11"))
    p.add_argument("--format", choices=FORMATS, default="md",
                   help=_("md: Markdown for a meeting note (default); html: a page with charts; json: for scripts"))
    p.add_argument("--results", metavar="DIR",
                   help=_("folder of the results CSV files (default: results/ beside the plans folder)"))
    today(p)


def period_of(args, reviews) -> tuple[date, date]:
    """The period [start, end], both days included, that the review covers."""
    from calendar_app.core.reviews import previous_meeting, review_days_back

    end = args.today - timedelta(days=1)
    if args.period is not None:
        first, last = args.period
        if first > end:  # slots not yet due would all read as missed
            raise UsageError(_("--period {month} has not begun before today ({today}); the review covers the days "
                               "before today").format(month=first.strftime("%Y-%m"), today=args.today.isoformat()))
        return first, min(last, end)  # the month so far
    if args.since is not None:
        start = args.since
    else:
        last = previous_meeting(reviews, args.today)
        start = last.planned.date() if last is not None else review_days_back(args.today)
    if start > end:
        raise UsageError(_("--since {start} is not before today ({today}); the review covers the days before today")
                         .format(start=start.isoformat(), today=args.today.isoformat()))
    return start, end


def run(args) -> int:
    from calendar_app.commands.common import dump_json, load, print_text
    from calendar_app.commands.review_data import gather, review_json
    from calendar_app.storage.results import results_folder

    plan = load(args.plans)
    start, end = period_of(args, plan.calendar.reviews)
    results_dir = results_folder(args.plans, args.results)
    review = gather(plan, start, end, args.today, results_dir, Path(args.plans))
    if args.format == "json":
        dump_json(review_json(review))
    elif args.format == "html":
        from calendar_app.site.review_page import review_html

        print_text(review_html(review, plan))
    else:
        from calendar_app.commands.review_text import review_markdown

        print_text(review_markdown(review, plan))
    return 0
