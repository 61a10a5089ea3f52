"""Reading ``plans/campaigns/<id>.toml``: the campaign table and its steps, every problem at once."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from calendar_app.core.campaigns import SLOT_WORDS, parse_offset, resolve
from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.model import STATUSES, Campaign, CampaignStep, Plan
from calendar_app.i18n import _
from calendar_app.storage.values import Reader, array_of_tables, parse_time

CAMPAIGNS_DIR = "campaigns"
CAMPAIGN_ID_RE = re.compile(r"^[a-z0-9-]+$")
TOP_KEYS = ("campaign", "step")
CAMPAIGN_KEYS = ("name", "anchor", "color", "owner", "notes")
STEP_KEYS = ("channel", "offset", "time", "slot", "title", "status", "owner", "pillar", "format", "notes", "link")


def read_campaign(path: Path | str, campaign_id: str, data: dict, channel_ids: list[str]) -> tuple[Campaign | None, list[PlanError]]:
    """The campaign of one parsed file and its problems (None when the file cannot give one)."""
    r = Reader(path)
    if not CAMPAIGN_ID_RE.match(campaign_id):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", campaign_id.lower()).strip("-") or "my-campaign"
        r.error("", _('"{stem}" is not a campaign id (lowercase letters, digits and "-"); rename the file to {suggestion}.toml')
                .format(stem=campaign_id, suggestion=suggestion))
        return None, r.errors
    r.unknown_keys(data, TOP_KEYS, "")
    head = data.get("campaign")
    name = anchor = None
    if not isinstance(head, dict):
        r.error("campaign", _("is required: a [campaign] table with name and anchor"))
        head = {}
    else:
        r.unknown_keys(head, CAMPAIGN_KEYS, "campaign")
        name = r.get(head, "name", "campaign", str, required=True)
        anchor = r.get(head, "anchor", "campaign", (date, datetime), required=True)
    color = r.get(head, "color", "campaign", str)
    owner = r.get(head, "owner", "campaign", str)
    notes = r.get(head, "notes", "campaign", str)
    steps = []
    for n, table in enumerate(array_of_tables(r, data, "step"), 1):
        step = _read_step(r, table, f"step[{n}]", channel_ids)
        if step is not None:
            steps.append(step)
    if r.errors or name is None or anchor is None:
        return None, r.errors
    return Campaign(campaign_id, name, anchor, color, owner, notes, tuple(steps)), r.errors


def read_step(table: dict, channel_ids: list[str]) -> CampaignStep | None:
    """The step of one ``[[step]]`` table (as the editor's form gives it), None when it has a problem."""
    r = Reader("")
    return _read_step(r, table, "step", channel_ids)


def _read_step(r: Reader, table: dict, p: str, channel_ids: list[str]) -> CampaignStep | None:
    before = len(r.errors)
    r.unknown_keys(table, STEP_KEYS, p)
    channel = r.get(table, "channel", p, str, required=True)
    if channel is not None and channel not in channel_ids:
        hint = did_you_mean(channel, channel_ids) or _("; channels: {ids}").format(ids=", ".join(channel_ids))
        r.error(f"{p}.channel", _('"{channel}" is not a channel of the plan{hint}').format(channel=channel, hint=hint))
    offset_text = r.get(table, "offset", p, str, required=True, what=_(' (like "-7d", "+0d" or "+2w")'))
    offset = None
    if offset_text is not None:
        offset = parse_offset(offset_text)
        if offset is None:
            r.error(f"{p}.offset", _('"{text}" is not an offset; write it like "-7d", "+0d" or "+2w"').format(text=offset_text))
    at = None
    if "time" in table and "slot" in table:
        r.error(p, _('give either time or slot, not both'))
    elif "time" in table:
        try:
            at = parse_time(table["time"])
        except ValueError:
            r.error(f"{p}.time", _('"{value}" is not a time; write it like "18:00"').format(value=table["time"]))
    elif "slot" in table:
        word = r.get(table, "slot", p, str)
        if word is not None and word not in SLOT_WORDS:
            hint = did_you_mean(word, SLOT_WORDS) or _('; use "next" or "previous"')
            r.error(f"{p}.slot", _('"{value}" is not a slot word{hint}').format(value=word, hint=hint))
    else:
        r.error(p, _('give a time ("18:00") or slot = "next" / "previous"'))
    status = r.get(table, "status", p, str, default="idea")
    if status not in STATUSES:
        hint = did_you_mean(status, STATUSES) or _("; statuses: {names}").format(names=", ".join(STATUSES))
        r.error(f"{p}.status", _('"{status}" is not a status{hint}').format(status=status, hint=hint))
    fields = {k: r.get(table, k, p, str) for k in ("title", "owner", "pillar", "format", "notes", "link")}
    if len(r.errors) > before:
        return None
    slot = table.get("slot") if at is None else None
    return CampaignStep(channel, offset, at, slot, status=status, offset_text=offset_text, **fields)


def placement_errors(plan: Plan, path: Path | str, campaign: Campaign) -> list[PlanError]:
    """Where the steps of ``campaign`` cannot be placed in ``plan``: no slot, outside the calendar, two
    steps at one time of one channel, a step on a slot a post of the channel file takes."""
    errors = []
    seen: dict[tuple[str, datetime], int] = {}
    for n, (step, at) in enumerate(zip(campaign.steps, resolve(plan, campaign), strict=True), 1):
        where = f"step[{n}]"
        if at is None:
            if step.slot is not None:
                errors.append(PlanError(path, f"{where}.slot", _(
                    'the channel {channel} has no rule slot {word} the anchor plus {offset}; give a time instead')
                    .format(channel=step.channel, word=_("on or after") if step.slot == "next" else _("on or before"),
                            offset=step.offset_text)))
            else:
                errors.append(PlanError(path, f"{where}.offset", _('"{offset}" places the step outside the calendar')
                                        .format(offset=step.offset_text)))
            continue
        key = (step.channel, at)
        if key in seen:
            errors.append(PlanError(path, where, _("is on {channel} at {at}, as step[{other}] is; move one of them")
                                    .format(channel=step.channel, at=at.isoformat(timespec="minutes"), other=seen[key])))
            continue
        seen[key] = n
        post = next((p for p in plan.channel(step.channel).posts if p.at == at), None)
        if post is not None:
            errors.append(PlanError(path, where, _('is on {channel} at {at}, where the post « {title} » of {file} is; '
                                                   'move the step or the post').format(
                channel=step.channel, at=at.isoformat(timespec="minutes"), title=post.title or _("a post"),
                file=f"{step.channel}.toml")))
    return errors
