"""`calendar-app results import`: a network's CSV export merged into the canonical results files."""

from __future__ import annotations

from pathlib import Path

from calendar_app.commands.common import check_channels, load
from calendar_app.core.errors import PlanError, PlanErrors, UsageError, did_you_mean
from calendar_app.core.model import Status
from calendar_app.i18n import _, ngettext
from calendar_app.storage.objectives import read_objectives_file
from calendar_app.storage.reader import read_file_bytes
from calendar_app.storage.reasons import os_reason
from calendar_app.storage.results import (
    ACCOUNT_HEADER,
    ACCOUNTS_FILE,
    POST_HEADER,
    POSTS_FILE,
    account_rows,
    load_results,
    post_rows,
    results_folder,
    write_rows,
)
from calendar_app.storage.results_import import check_encoding, parse_mapping, read_export


def add_parser(sub, common) -> None:
    """The ``results`` subcommand and its ``import`` action; ``common(p)`` adds --plans, --lang and --today."""
    p = sub.add_parser("results", help=_("record results: import a network's CSV export into results/"))
    actions = p.add_subparsers(dest="results_command", metavar="ACTION", required=True)
    p = actions.add_parser("import", help=_("merge a network's CSV export into results/accounts.csv or results/posts.csv"))
    p.add_argument("file", metavar="FILE", help=_("the CSV file the network exported"))
    p.add_argument("--channel", required=True, metavar="ID", help=_("the channel the export is about: its id or its display name"))
    p.add_argument("--map", dest="mapping", metavar="COLUMNS",
                   help=_('which columns to read and their names: "Date=date,Portée=reach" (a column mapped to "at" '
                          "is a post's date-time: the rows go to posts.csv)"))
    p.add_argument("--date-format", metavar="FORMAT", help=_('how the export writes dates, as strftime: "%%d/%%m/%%Y %%H:%%M"'))
    p.add_argument("--encoding", default="utf-8", metavar="NAME",
                   help=_("the file's encoding when it is not UTF-8, e.g. cp1252 (Excel's CSV on Windows) or latin-1"))
    p.add_argument("--results", metavar="DIR", help=_("folder of results CSV files (default: results/ beside the plans folder)"))
    common(p)


def run(args) -> int:
    plan = load(args.plans)
    channel_id = check_channels(plan, [args.channel])[0]
    channel = next(c for c in plan.channels if c.id == channel_id)
    try:
        mapping = parse_mapping(args.mapping)
    except ValueError as exc:
        raise UsageError(_('--map: "{part}" is not COLUMN=NAME; write it like "Date=date,Reach=reach"').format(part=exc)) from None
    try:
        check_encoding(args.encoding)
    except ValueError:
        raise UsageError(_('--encoding: "{name}" is not an encoding Python knows; use e.g. utf-8, cp1252 or latin-1')
                         .format(name=args.encoding)) from None
    try:
        raw = read_file_bytes(Path(args.file))
    except OSError as exc:
        raise PlanErrors([PlanError(args.file, "", _("cannot read the file ({reason})").format(reason=os_reason(exc)))]) from None
    kind, rows, skipped, repeated = read_export(raw, args.file, channel_id, channel.timezone, mapping, args.date_format, args.encoding)
    folder = results_folder(args.plans, args.results, to_read=False)
    existing = load_results(folder, [c.id for c in plan.channels])  # a bad results file: exit 2 before any write
    near_misses = _near_misses(args.plans, plan, existing, kind, {r[2] for r in rows})
    if kind == "posts":
        merged = {r[:3]: r for r in post_rows(existing)}
        before = len(merged)
        merged.update({r[:3]: r for r in rows})  # the import wins: a network's later export corrects its figures
        path, header = folder / POSTS_FILE, POST_HEADER
        ordered = sorted(merged.values(), key=lambda r: (r[1], r[0], r[2]))
        status_at = {p.at.isoformat(timespec="minutes"): p.status for p in channel.posts}
        imported = {r[1] for r in rows}
        unmatched = len(imported - set(status_at))
        # a network has figures for it, so it went out: the review lists only posts marked published
        unpublished = sorted(at for at in imported if at in status_at and status_at[at] != Status.PUBLISHED)
    else:
        merged = {r[:3]: r for r in account_rows(existing)}
        before = len(merged)
        merged.update({r[:3]: r for r in rows})
        path, header = folder / ACCOUNTS_FILE, ACCOUNT_HEADER
        ordered = sorted(merged.values(), key=lambda r: r[:3])
        unmatched, unpublished = 0, []
    write_rows(path, header, ordered)
    added = len(merged) - before
    print(_("{path}: {added}, {replaced}.").format(
        path=path, added=ngettext("{n} row added", "{n} rows added", added).format(n=added),
        replaced=ngettext("{n} row replaced", "{n} rows replaced", len(rows) - added).format(n=len(rows) - added)))
    if skipped:
        columns = ", ".join(_('"{column}"').format(column=c) for c in skipped)
        print(ngettext("Column left out, as it is no metric (text, or an identifier): {columns}.",
                       "Columns left out, as they are no metrics (text, or identifiers): {columns}.",
                       len(skipped)).format(columns=columns))
    if repeated:
        print(ngettext("{n} value repeats a date and metric given earlier in the file: the later one was kept.",
                       "{n} values repeat a date and metric given earlier in the file: the later ones were kept.",
                       repeated).format(n=repeated))
    if unmatched:
        print(ngettext("{n} date-time matches no post of {channel}: check the export's times (the post's local time).",
                       "{n} date-times match no post of {channel}: check the export's times (the posts' local time).",
                       unmatched).format(n=unmatched, channel=channel_id))
    for metric, hint in near_misses:
        print(_('New metric "{metric}": nothing was recorded under it before{hint} If it is a typo, restore the '
                "file (git checkout) and import again with --map.").format(metric=metric, hint=hint))
    if unpublished:
        print(ngettext("{n} post with results is not marked published in {channel} ({at}): mark it published, or the "
                       "review leaves it out.",
                       "{n} posts with results are not marked published in {channel} ({at}): mark them published, or "
                       "the review leaves them out.", len(unpublished)).format(
            n=len(unpublished), channel=channel_id, at=", ".join(unpublished)))
    return 0


def _near_misses(plans_dir, plan, existing, kind: str, metrics: set[str]) -> list[tuple[str, str]]:
    """``(metric, '; did you mean "x"?')`` for each imported metric recorded nowhere yet (in that
    file, for any channel) whose name is close to one that is, or to an objective's metric: a
    typo in --map would otherwise start a series no objective follows, and nothing would say so."""
    series = existing.post_series if kind == "posts" else existing.accounts
    known = {metric for _channel, metric in series}
    objectives, _problems = read_objectives_file(plans_dir, [c.id for c in plan.channels])  # its own errors: objectives, validate
    known |= {o.metric for o in objectives}
    found = []
    for metric in sorted(metrics - known):
        hint = did_you_mean(metric, sorted(known))
        if hint:
            found.append((metric, hint))
    return found
