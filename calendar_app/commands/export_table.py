"""`calendar-app export --format csv|hootsuite`: the window's slots as spreadsheets, for people and tools."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

from calendar_app.commands.common import SLOT_KEYS, check_channels, load, slot_json
from calendar_app.core.errors import UsageError
from calendar_app.core.recurrence import expand
from calendar_app.i18n import _, ngettext
from calendar_app.i18n.dates import format_date

#: Columns of plan.csv: every key of ``agenda --json``, then the start in UTC.
COLUMNS = (*SLOT_KEYS, "start_utc")
#: Days before today in the rolling window of plan.csv (as for the feeds); Hootsuite files start
#: today, since Hootsuite schedules nothing in the past.
PAST_DAYS = {"csv": 30, "hootsuite": 0}
#: Written into the hootsuite/ folder, which each run replaces as a whole.
MARKER = ".calendar-app-export"


def export_table(args, form: str) -> int:
    from calendar_app.commands.export import check_owner
    from calendar_app.feeds.filter import FeedFilter, feed_window
    from calendar_app.feeds.spreadsheet import (
        HOOTSUITE_FOLDER,
        HOOTSUITE_STATUSES,
        PLAN_CSV,
        NameClash,
        hootsuite_files,
        plan_csv,
        untitled,
    )
    from calendar_app.files import ForeignFolder, atomic_write, write_folder

    plan = load(args.plans)
    channels = check_channels(plan, args.channel)
    owner = check_owner(plan, args.owner)
    statuses = tuple(dict.fromkeys(args.status or ()))
    if form == "hootsuite":
        for status in statuses:
            if status not in HOOTSUITE_STATUSES:
                raise UsageError(_("--status {status}: Hootsuite files hold ready and scheduled posts only; "
                                   "give --status ready or --status scheduled").format(status=status))
    if args.start is not None and args.past_days is not None:
        raise UsageError(_("--past-days counts back from today, and --from {start} already gives the first day; "
                           "give one of them").format(start=args.start))
    past_days = PAST_DAYS[form] if args.past_days is None else args.past_days
    start, end = feed_window(args.today, past_days=past_days, weeks=args.weeks, start=args.start)
    keep = FeedFilter(channels=tuple(channels or ()), owner=owner, statuses=statuses)
    slots = [s for s in expand(plan, start, end, channels) if keep.matches(s)]
    out = Path(args.out)
    first, last = format_date(start, "medium"), format_date(end - timedelta(days=1), "medium")
    try:
        if form == "csv":
            records = [{**slot_json(s), "start_utc": f"{s.start.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%SZ}"}
                       for s in slots]
            out.mkdir(parents=True, exist_ok=True)
            atomic_write(out / PLAN_CSV, plan_csv(records, COLUMNS))
            print(ngettext("{path}: {count} slot, {first} to {last}.", "{path}: {count} slots, {first} to {last}.",
                           len(records)).format(path=out / PLAN_CSV, count=len(records), first=first, last=last))
            return 0
        try:
            files = hootsuite_files(slots, args.date_format or "dmy")
        except NameClash as clash:
            raise UsageError(_("channels {first} and {second} would both write {folder}/{name}; rename one of them")
                             .format(first=clash.first, second=clash.second, folder=HOOTSUITE_FOLDER,
                                     name=clash.name)) from None
        write_folder(out / HOOTSUITE_FOLDER, files, marker=MARKER)
    except ForeignFolder:
        raise UsageError(_("{folder} holds files that export did not write; move them away, since each run "
                           "replaces that folder as a whole").format(folder=out / HOOTSUITE_FOLDER)) from None
    except OSError as exc:
        raise UsageError(_("cannot write to {where} ({reason}); pass a writable --out DIR")
                         .format(where=exc.filename or out, reason=exc.strerror or exc)) from None
    posts = sum(1 for s in slots if s.status in HOOTSUITE_STATUSES) - untitled(slots)
    files_text = ngettext("{count} file", "{count} files", len(files)).format(count=len(files))
    print(ngettext("{folder}: {files} for {count} ready or scheduled post, {first} to {last}.",
                   "{folder}: {files} for {count} ready or scheduled posts, {first} to {last}.", posts)
          .format(folder=out / HOOTSUITE_FOLDER, files=files_text, count=posts, first=first, last=last))
    skipped = untitled(slots)
    if skipped:
        import sys

        print(ngettext("note: {count} ready or scheduled post has no title, so no message for Hootsuite; "
                       "it was left out.",
                       "note: {count} ready or scheduled posts have no title, so no message for Hootsuite; "
                       "they were left out.", skipped).format(count=skipped), file=sys.stderr)
    return 0
