"""`calendar-app campaign list|show ID`: each campaign's steps with where they land, as text or JSON."""

from __future__ import annotations

from calendar_app.commands.common import dump_json, load
from calendar_app.core.campaigns import step_ready, step_slots
from calendar_app.core.errors import UsageError, did_you_mean
from calendar_app.core.model import Campaign, Plan
from calendar_app.i18n import _


def run(args) -> int:
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
    for entry in data:
        print(_("{name} ({id}), anchor {anchor}").format(name=entry["name"], id=entry["id"], anchor=entry["anchor"]))
        for step in entry["steps"]:
            mark = "✔" if step["ready"] else "·"
            print(f"  {mark} {step['start'] or '-'}  {step['channel']}  {step['status']}  {step['title'] or ''}")
    return 0


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
