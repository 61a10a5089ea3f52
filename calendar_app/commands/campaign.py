"""`calendar-app campaign list | show ID | move ID --to DATE`: the campaigns of plans/campaigns/."""

from __future__ import annotations

import sys
from datetime import datetime

from calendar_app.commands.common import dump_json
from calendar_app.core.campaigns import anchor_moved, landings
from calendar_app.core.errors import PlanErrors, UsageError, did_you_mean
from calendar_app.core.model import READY_STATUSES, Campaign, Plan, Slot
from calendar_app.core.recurrence import localize, zone
from calendar_app.files import atomic_write
from calendar_app.i18n import _, ngettext
from calendar_app.storage.reader import digest, load_plan, read_file_bytes


def run(args) -> int:
    return {"list": list_, "show": show, "move": move}[args.campaign_command](args)


def _load(args):
    result = load_plan(args.plans)
    if result.errors:
        raise PlanErrors(result.errors)
    return result


def _find(plan: Plan, wanted: str) -> Campaign:
    try:
        return plan.campaign(wanted)
    except KeyError:
        known = [c.id for c in plan.campaigns]
        hint = did_you_mean(wanted, known) or _("; campaigns: {ids}").format(ids=", ".join(known) or _("(none)"))
        raise UsageError(_('"{id}" is not a campaign{hint}').format(id=wanted, hint=hint)) from None


def _steps(plan: Plan, campaign: Campaign) -> list[dict]:
    """The campaign's steps as placed on their channels' slots, in time order."""
    out = []
    for channel in plan.channels:
        tz = zone(channel.timezone)
        for post in channel.steps:
            if post.campaign != campaign.id:
                continue
            start = localize(post.at, tz)
            slot = Slot(  # the slot gives the UID the channel feeds use
                channel.id, None, post.at, start, start + channel.duration, post)
            out.append({"channel": channel.id, "start": start.isoformat(), "end": slot.end.isoformat(),
                        "uid": slot.uid, "status": post.status, "title": post.title,
                        "ready": post.status in READY_STATUSES, "step": post.step})
    out.sort(key=lambda s: (datetime.fromisoformat(s["start"]), s["step"]))
    return out


def _json(plan: Plan, campaign: Campaign) -> dict:
    steps = [{k: v for k, v in s.items() if k != "step"} for s in _steps(plan, campaign)]
    return {"id": campaign.id, "name": campaign.name, "anchor": campaign.anchor.isoformat(), "steps": steps}


def _print(plan: Plan, campaign: Campaign) -> None:
    steps = _steps(plan, campaign)
    ready = sum(1 for s in steps if s["ready"])
    print(_("{id}  {name}  anchor {anchor}  {ready}/{total} ready").format(
        id=campaign.id, name=campaign.name, anchor=campaign.anchor.isoformat(), ready=ready, total=len(steps)))
    for s in steps:
        print(f"  {s['start'][:16].replace('T', ' ')}  {s['channel']:<12} {s['status']:<10} {s['title'] or ''}")


def list_(args) -> int:
    plan = _load(args).plan
    if args.json:
        dump_json([_json(plan, c) for c in plan.campaigns])
    elif not plan.campaigns:
        print(_("No campaign: write one in {folder}/campaigns/<id>.toml.").format(folder=args.plans))
    else:
        for campaign in plan.campaigns:
            _print(plan, campaign)
    return 0


def show(args) -> int:
    plan = _load(args).plan
    campaign = _find(plan, args.id)
    if args.json:
        dump_json(_json(plan, campaign))
    else:
        _print(plan, campaign)
    return 0


def move(args) -> int:
    result = _load(args)
    plan = result.plan
    campaign = _find(plan, args.id)
    stamp = result.files[f"campaigns/{campaign.id}"]
    problems = [landing for landing in landings(plan, campaign, args.to) if landing.problem]
    if problems:
        for landing in problems:
            when = landing.at.isoformat(sep=" ", timespec="minutes") if landing.at else "—"
            print(_("{path}: step[{n}] ({channel}, {when}): {problem}").format(
                path=stamp.path, n=landing.index + 1, channel=landing.step.channel, when=when,
                problem=landing.problem), file=sys.stderr)
        print(ngettext("{n} step cannot land there; nothing was written.",
                       "{n} steps cannot land there; nothing was written.", len(problems)).format(n=len(problems)),
              file=sys.stderr)
        return 2
    raw = read_file_bytes(stamp.path)
    if digest(raw) != stamp.digest:
        raise UsageError(_("{path} changed on disk while the move was computed; nothing was written, "
                           "run the command again").format(path=stamp.path))
    text = raw.decode("utf-8")
    try:
        atomic_write(stamp.path, anchor_moved(text, args.to).encode("utf-8"))
    except OSError as exc:
        raise UsageError(_("cannot write {path} ({reason}); nothing was written").format(
            path=stamp.path, reason=exc.strerror or exc)) from None
    print(_("{path}: anchor moved to {day}.").format(path=stamp.path, day=args.to.isoformat()))
    for landing in landings(plan, campaign, args.to):
        print(f"  {landing.at.isoformat(sep=' ', timespec='minutes')}  {landing.step.channel:<12} {landing.step.title or ''}")
    return 0
