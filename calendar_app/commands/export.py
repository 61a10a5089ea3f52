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
from calendar_app.i18n import _, ngettext
from calendar_app.i18n.dates import format_date

#: Days before today in the rolling window (when --from is not given).
PAST_DAYS = 30


def run(args) -> int:
    if Path(args.out).resolve() == Path(args.plans).resolve():
        # Feeds there would sit among the plan files and could overwrite an imported .ics.
        raise UsageError(_('--out "{out}" is the plans folder; write the feeds elsewhere, e.g. --out feeds').format(out=args.out))
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
            _("--status {status}: cancelled posts are never in a feed (subscribed calendars would keep "
              "showing them); list them with `calendar-app agenda`").format(status=LEFT_OUT)
        )
    owner = check_owner(plan, args.owner)
    if args.start is not None and args.past_days is not None:
        raise UsageError(
            _("--past-days counts back from today, and --from {start} already gives the first day; "
              "give one of them").format(start=args.start)
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
        raise UsageError(_("{reason}; nothing was written").format(reason=exc)) from None
    except OSError as exc:
        where = exc.filename or out
        raise UsageError(_("cannot write the feeds to {where} ({reason}); pass a writable --out DIR").format(
            where=where, reason=exc.strerror or exc)) from None
    if result.state == "unreadable":
        print(
            _("note: {path} was unreadable; SEQUENCE numbers started over at 0 (the feeds are valid)").format(
                path=out / STATE_FILE),
            file=sys.stderr,
        )
    last = end - timedelta(days=1)
    removed = (ngettext(", {n} stale feed removed", ", {n} stale feeds removed", len(result.removed))
               .format(n=len(result.removed)) if result.removed else "")
    print(_("{out}: {feeds} for {first} → {last}, {events} ({changed} new or changed), {files}{removed}.").format(
        out=out, feeds=ngettext("{n} feed", "{n} feeds", len(result.paths)).format(n=len(result.paths)),
        first=format_date(start, "medium"), last=format_date(last, "medium"),
        events=ngettext("{n} event", "{n} events", result.events).format(n=result.events), changed=result.changed,
        files=ngettext("{n} file rewritten", "{n} files rewritten", len(result.written)).format(n=len(result.written)),
        removed=removed))
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
    hint = (_('; did you mean "{choice}"?').format(choice=near) if near
            else _("; owners: {owners}").format(owners=", ".join(known) or _("(none)")))
    raise UsageError(_('--owner "{owner}" owns nothing in the plan{hint}').format(owner=owner, hint=hint))
