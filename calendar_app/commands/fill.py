"""`calendar-app fill`: backlog ideas proposed for the open slots (a dry run), or written as posts with --write."""

from __future__ import annotations

from datetime import timedelta

from calendar_app.commands.common import check_channels, dump_json
from calendar_app.core.backlog import FillResult, Unplaced, applied, fill
from calendar_app.core.errors import PlanErrors, UsageError
from calendar_app.core.model import Plan
from calendar_app.core.recurrence import expand
from calendar_app.i18n import _, ngettext
from calendar_app.i18n.dates import format_date, format_datetime
from calendar_app.storage.backlog_write import FileChange, write_changes
from calendar_app.storage.reader import LoadResult, load_plan
from calendar_app.storage.toml_edit import LayoutError
from calendar_app.storage.values import format_duration
from calendar_app.storage.writer import ConflictError


def run(args) -> int:
    result = load_plan(args.plans)
    if result.errors:
        raise PlanErrors(result.errors)
    plan = result.plan
    channels = check_channels(plan, args.channel)
    start = args.start or args.today
    end = start + timedelta(weeks=args.weeks)
    slots = expand(plan, start, end, channels)
    placed = fill(plan, slots, args.today, channels)
    if args.write and placed.placements:
        written = _write(plan, result, placed)
    else:
        written = None
    if args.json:
        dump_json(fill_json(placed))
    else:
        _render(plan, placed, start, end, written)
    return 0


def fill_json(placed: FillResult) -> dict:
    """``{"placements": [{"idea", "title", "channel", "start", "uid"}], "unplaced": [{"idea", "title", "reason"}]}``."""
    return {
        "placements": [
            {"idea": p.idea.id, "title": p.idea.title, "channel": p.slot.channel,
             "start": p.slot.start.isoformat(), "uid": p.slot.uid}
            for p in placed.placements
        ],
        "unplaced": [
            {"idea": u.idea.id, "title": u.idea.title, "reason": u.reason, "message": reason_text(u)}
            for u in placed.unplaced
        ],
    }


def reason_text(u: Unplaced) -> str:
    """Why an idea stays in the backlog, as a sentence."""
    idea = u.idea
    if u.reason == "expired":
        return _("it expired on {date}").format(date=format_date(idea.expires))
    if u.reason == "no_slot":
        return _("its channels have no open slot in the window")
    if u.reason == "format":
        return _("no open slot has the format « {format} »").format(format=idea.format)
    if u.reason == "pillar":
        return _("no open slot takes the pillar « {pillar} » (rotation or pillar mix)").format(pillar=idea.pillar)
    if u.reason == "too_soon":
        return _("the open slots come before the lead time plus the effort; widen the window or lighten the effort")
    if u.reason == "not_before":
        return _("no open slot on or after {date}").format(date=format_date(idea.not_before))
    if u.reason == "expires":
        return _("no open slot before it expires on {date}").format(date=format_date(idea.expires))
    if u.reason == "capacity":
        return _("its owner has no hours left in the weeks of the open slots (hours_week)")
    return _("the open slots that fit went to ideas placed before it")


def _write(plan: Plan, result: LoadResult, placed: FillResult) -> list[str]:
    """Write every file of the placements, or none (exit 2 when one changed on disk)."""
    channels, shared = applied(plan, placed)
    changes = [FileChange(result.files[cid], channel=channel) for cid, channel in channels.items()]
    if shared is not None and result.ideas_file is not None:
        changes.append(FileChange(result.ideas_file, ideas=shared, old_ideas=plan.ideas))
    try:
        paths = write_changes(changes)
    except ConflictError as exc:
        raise UsageError(_("{path} changed on disk since it was read; nothing was written, run the command again")
                         .format(path=exc.path)) from None
    except LayoutError as exc:
        raise UsageError(_("cannot edit the ideas in place ({error}); nothing was written").format(error=exc)) from None
    except OSError as exc:
        raise UsageError(_("cannot write the plan files ({error}); nothing was written")
                         .format(error=exc.strerror or exc)) from None
    return [str(p) for p in paths]


def _render(plan: Plan, placed: FillResult, start, end, written: list[str] | None) -> None:
    names = {c.id: c.name for c in plan.channels}
    print(_("{name} · fill {first} → {last}").format(
        name=plan.calendar.name, first=format_date(start), last=format_date(end - timedelta(days=1))))
    n = len(placed.placements)
    print(ngettext("{count} idea placed", "{count} ideas placed", n).format(count=n))
    for p in placed.placements:
        details = [x for x in (p.slot.format, p.idea.pillar or p.slot.pillar) if x]
        if p.effort is not None:
            details.append(format_duration(p.effort))
        if p.owner:
            details.append(f"@{p.owner}")
        print(f"  {format_datetime(p.slot.start.replace(tzinfo=None))}  {names[p.slot.channel]}  "
              f"💡 {' '.join(p.idea.title.split())}" + (f"  [{' · '.join(details)}]" if details else ""))
    if placed.unplaced:
        print()
        left = len(placed.unplaced)
        print(ngettext("{count} idea left in the backlog:", "{count} ideas left in the backlog:", left).format(count=left))
        for u in placed.unplaced:
            print(f"  {' '.join(u.idea.title.split())}: {reason_text(u)}  [{u.reason}]")
    print()
    if written is not None:
        print(ngettext("Wrote {count} post with status idea into {files}.",
                       "Wrote {count} posts with status idea into {files}.", n).format(count=n, files=", ".join(written)))
    elif n:
        print(_("Dry run: nothing was written; run again with --write to add these posts."))
