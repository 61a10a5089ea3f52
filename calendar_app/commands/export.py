"""`calendar-app export`: write the iCalendar feeds (.ics) that calendar apps subscribe to."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from calendar_app.commands.common import check_channels
from calendar_app.core.errors import UsageError
from calendar_app.core.model import Plan
from calendar_app.core.names import closest, find_owner, plan_owners
from calendar_app.feeds.filter import LEFT_OUT, FeedFilter, feed_window
from calendar_app.feeds.folder import STATE_FILE
from calendar_app.feeds.incremental.export import export_feeds
from calendar_app.feeds.incremental.snapshot import load_for_export, write_snapshot
from calendar_app.i18n import _

#: Days before today in the rolling window (when --from is not given).
PAST_DAYS = 30


def run(args) -> int:
    if Path(args.out).resolve() == Path(args.plans).resolve():
        # Feeds there would sit among the plan files and could overwrite an imported .ics.
        raise UsageError(f'--out "{args.out}" is the plans folder; write the feeds elsewhere, e.g. --out feeds')
    form = getattr(args, "format", None) or "ics"
    if getattr(args, "date_format", None) is not None and form != "hootsuite":
        raise UsageError(_("--date-format says how Hootsuite files write their dates; it goes with --format hootsuite"))
    if form != "ics":
        from calendar_app.commands.export_table import export_table

        return export_table(args, form)
    # The previous export's snapshot spares parsing the plan files that have not changed since.
    plan, snapshot = load_for_export(args.plans, args.out)
    channels = check_channels(plan, args.channel)
    statuses = tuple(dict.fromkeys(args.status or ()))
    if LEFT_OUT in statuses:
        raise UsageError(
            f'--status {LEFT_OUT}: cancelled posts are never in a feed (subscribed calendars would keep '
            "showing them); list them with `calendar-app agenda`"
        )
    owner = check_owner(plan, args.owner)
    if args.start is not None and args.past_days is not None:
        raise UsageError(
            f"--past-days counts back from today, and --from {args.start} already gives the first day; "
            "give one of them"
        )
    past_days = PAST_DAYS if args.past_days is None else args.past_days
    start, end = feed_window(args.today, past_days=past_days, weeks=args.weeks, start=args.start)
    feed_filter = FeedFilter(channels=tuple(channels or ()), owner=owner, statuses=statuses)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    out = Path(args.out)
    try:
        result = export_feeds(plan, out, start=start, end=end, now=now, filter=feed_filter)
        write_snapshot(out, plan, snapshot)
    except ValueError as exc:
        raise UsageError(f"{exc}; nothing was written") from None
    except OSError as exc:
        where = exc.filename or out
        raise UsageError(f"cannot write the feeds to {where} ({exc.strerror or exc}); pass a writable --out DIR") from None
    if result.state == "unreadable":
        print(
            f"note: {out / STATE_FILE} was unreadable; SEQUENCE numbers started over at 0 (the feeds are valid)",
            file=sys.stderr,
        )
    last = end - timedelta(days=1)
    print(
        f"{out}: {len(result.paths)} feeds for {start:%a %d %b %Y} → {last:%a %d %b %Y}, "
        f"{result.events} events ({result.changed} new or changed), {len(result.written)} files rewritten"
        + (f", {len(result.removed)} stale feeds removed" if result.removed else "")
        + "."
    )
    return 0


def check_owner(plan: Plan, owner: str | None) -> str | None:
    """``--owner`` as given, once it names an owner of the plan (case and accents ignored: ``ines``
    finds ``Inès``, and so does the feed filter); a UsageError with the near miss when it owns nothing."""
    if owner is None:
        return None
    known = plan_owners(plan)
    if find_owner(known, owner) is not None:
        return owner
    near = closest(owner, known)
    hint = f'; did you mean "{near}"?' if near else f"; owners: {', '.join(known) or '(none)'}"
    raise UsageError(f'--owner "{owner}" owns nothing in the plan{hint}')
