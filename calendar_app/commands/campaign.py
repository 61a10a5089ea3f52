"""`calendar-app campaign list|show ID|move ID --to DATE`: each campaign's steps with where they land; moving its anchor."""

from __future__ import annotations

import sys
from datetime import date, datetime

from calendar_app.commands.common import dump_json, load, print_text
from calendar_app.core.campaigns import landing_problems, place_steps, step_ready, step_slots
from calendar_app.core.errors import PlanErrors, UsageError, did_you_mean, printable
from calendar_app.core.model import Campaign, Plan
from calendar_app.i18n import _, ngettext
from calendar_app.i18n.dates import format_date, format_datetime
from calendar_app.site.words import status_name


def run(args) -> int:
    if args.campaign_command == "move":
        return move(args)
    plan = load(args.plans)
    campaigns = list(plan.campaigns)
    if args.campaign_command == "show":
        ids = [c.id for c in campaigns]
        if args.campaign not in ids:
            hint = did_you_mean(args.campaign, ids)
            raise UsageError(_('"{id}" is not a campaign{hint}').format(id=args.campaign, hint=hint))
        campaigns = [plan.campaign(args.campaign)]
    data = [campaign_json(plan, c) for c in campaigns]
    if args.json:
        dump_json(data if args.campaign_command == "list" else data[0])
        return 0
    print_text(campaigns_text(plan, data))
    return 0


def campaigns_text(plan: Plan, data: list[dict]) -> str:
    """The campaigns as people read them: a heading line each, then a line per step (ready ✔ or not ·,
    the day and time in the channel's zone, the channel, the status, the title); plan text escaped."""
    names = {c.id: c.name for c in plan.channels}
    lines = []
    for entry in data:
        anchor = datetime.fromisoformat(entry["anchor"]) if "T" in entry["anchor"] else date.fromisoformat(entry["anchor"])
        shown = format_datetime(anchor) if isinstance(anchor, datetime) else format_date(anchor, "medium")
        lines.append(_("{name} ({id}), anchor {anchor}").format(
            name=printable(entry["name"]), id=entry["id"], anchor=shown))
        for step in entry["steps"]:
            when = format_datetime(datetime.fromisoformat(step["start"])) if step["start"] else _("no place")
            lines.append("  {mark} {when}  {channel}  {status}  {title}".format(
                mark="✔" if step["ready"] else "·", when=when, channel=printable(names.get(step["channel"], step["channel"])),
                status=status_name(step["status"]), title=printable(step["title"] or "")).rstrip())
        if not entry["steps"]:
            lines.append("  " + _("no step yet"))
    return "".join(line + "\n" for line in lines)


def campaign_json(plan: Plan, campaign: Campaign) -> dict:
    """``{"id", "name", "anchor", "steps": [{"channel", "start", "end", "uid", "status", "title", "ready"}]}``."""
    steps = []
    for step, slot in step_slots(plan, campaign):
        steps.append({
            "channel": step.channel,
            "start": slot.start.isoformat() if slot else None,
            "end": slot.end.isoformat() if slot else None,
            "uid": slot.uid if slot else None,
            "status": step.status,
            "title": step.title,
            "ready": step_ready(step),
        })
    return {"id": campaign.id, "name": campaign.name, "anchor": campaign.anchor.isoformat(), "steps": steps}


def move(args) -> int:
    """Move the anchor of campaign ``args.campaign`` to ``args.to``: refused (exit 2, nothing written)
    when a step would land on a blackout day, on a taken slot or nowhere."""
    from calendar_app.storage.campaign_anchor import move_anchor
    from calendar_app.storage.reader import load_plan
    from calendar_app.storage.writer import ConflictError

    result = load_plan(args.plans)
    if result.errors:
        raise PlanErrors(result.errors)
    plan = result.plan
    ids = [c.id for c in plan.campaigns]
    if args.campaign not in ids:
        hint = did_you_mean(args.campaign, ids)
        raise UsageError(_('"{id}" is not a campaign{hint}').format(id=args.campaign, hint=hint))
    campaign = plan.campaign(args.campaign)
    stamp = result.campaign_files[campaign.id]
    problems = landing_problems(plan, campaign, args.to)
    if problems:
        for placement, why in problems:
            when = placement.at.isoformat(sep=" ", timespec="minutes") if placement.at else "—"
            print(_("{path}: step[{n}] ({channel}, {when}): {problem}").format(
                path=stamp.path, n=placement.step.index + 1, channel=placement.step.channel, when=when, problem=why),
                file=sys.stderr)
        print(ngettext("{n} step cannot land there; nothing was written.",
                       "{n} steps cannot land there; nothing was written.", len(problems)).format(n=len(problems)),
              file=sys.stderr)
        return 2
    try:
        move_anchor(stamp.path, args.to, stamp.digest)
    except ConflictError:
        raise UsageError(_("{path} changed on disk while the move was computed; nothing was written, "
                           "run the command again").format(path=stamp.path)) from None
    except OSError as exc:
        raise UsageError(_("cannot write {path} ({reason}); nothing was written").format(
            path=stamp.path, reason=exc.strerror or exc)) from None
    print(_("{path}: anchor moved to {day}.").format(path=stamp.path, day=args.to.isoformat()))
    for placement in sorted(place_steps(campaign, plan, args.to), key=lambda p: (p.at, p.step.index)):
        print(f"  {placement.at.isoformat(sep=' ', timespec='minutes')}  {placement.step.channel:<12} "
              f"{placement.step.title or ''}")
    return 0
