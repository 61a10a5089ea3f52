"""Campaign files (``plans/campaigns/<id>.toml``): their schema, and where their steps may land."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from calendar_app.core.campaigns import SLOT_WORDS, Placement, parse_offset, place_steps
from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.model import Campaign, CampaignStep, Plan
from calendar_app.i18n import _
from calendar_app.storage.schema import post_fields
from calendar_app.storage.values import Reader, _show, array_of_tables, parse_time

CAMPAIGNS_DIR = "campaigns"
CAMPAIGN_ID_RE = re.compile(r"^[a-z0-9-]+$")
STEP_ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
CAMPAIGN_TOP_KEYS = ("campaign", "step")
CAMPAIGN_KEYS = ("name", "anchor", "color", "owner", "notes")
STEP_KEYS = ("id", "channel", "offset", "time", "slot", "title", "status", "owner", "pillar", "format", "notes",
             "link", "effort")


def check_campaign_id(stem: str) -> str | None:
    """Why a file stem cannot be a campaign id, or None."""
    if CAMPAIGN_ID_RE.match(stem):
        return None
    suggestion = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "my-campaign"
    return _('"{stem}" is not a campaign id (lowercase letters, digits and "-"); rename the file to {suggestion}.toml'
             ).format(stem=stem, suggestion=suggestion)


def read_campaign(path: Path | str, campaign_id: str, data: dict, channels: dict[str, bool]
                  ) -> tuple[Campaign | None, list[PlanError]]:
    """Convert one parsed campaign file; ``channels`` maps each channel file's id to whether it is
    valid (a step of an invalid channel is not reported again). The campaign is None on a problem."""
    r = Reader(path)
    r.unknown_keys(data, CAMPAIGN_TOP_KEYS, "")
    table = data.get("campaign")
    if not isinstance(table, dict):
        r.error("campaign", _('missing [campaign] table; start the file with [campaign], name = "..." and anchor = 2026-12-04'))
        table = {}
    r.unknown_keys(table, CAMPAIGN_KEYS, "campaign")
    name = r.get(table, "name", "campaign", str, required=True, what=_(' (e.g. name = "Salon des Métiers d\'Art")'))
    if name is not None and not name.strip():
        r.error("campaign.name", _('is empty; give the campaign the name shown in the agenda and the feeds'))
    anchor = _read_anchor(r, table)
    color = r.get(table, "color", "campaign", str)
    if color is not None and not COLOR_RE.match(color):
        r.error("campaign.color", _('"{color}" is not a color; write it as "#RRGGBB", e.g. "#C0392B"').format(color=color))
    owner = r.get(table, "owner", "campaign", str)
    notes = r.get(table, "notes", "campaign", str)
    steps = _read_steps(r, data, anchor, channels)
    if r.errors:
        return None, r.errors
    return Campaign(id=campaign_id, name=name, anchor=anchor, color=color, owner=owner, notes=notes,
                    steps=tuple(steps)), []


def _read_anchor(r: Reader, table: dict) -> date | datetime | None:
    if "anchor" not in table:
        if table or "name" in table:
            r.error("campaign.anchor", _("is required: the day everything is placed from, e.g. anchor = 2026-12-04"))
        return None
    value = table["anchor"]
    if not isinstance(value, (date, datetime)):
        r.error("campaign.anchor", _("expected a date (2026-12-04) or a local date-time (2026-12-04T10:00), "
                                     "got {value}").format(value=_show(value)))
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            r.error("campaign.anchor", _("{value} has a UTC offset; write the local time without offset, e.g. {fixed}")
                    .format(value=value.isoformat(), fixed=value.replace(tzinfo=None).isoformat()))
            return None
        if value.second or value.microsecond:
            r.error("campaign.anchor", _("{value} has seconds; write {fixed}").format(
                value=value.isoformat(), fixed=value.replace(second=0, microsecond=0).isoformat()))
            return None
    if not 1900 <= value.year <= 2200:
        r.error("campaign.anchor", _("{value} is out of range (years 1900 to 2200)").format(value=value.isoformat()))
        return None
    return value


def _read_steps(r: Reader, data: dict, anchor, channels: dict[str, bool]) -> list[CampaignStep]:
    steps: list[CampaignStep] = []
    seen: dict[str, int] = {}
    for n, table in enumerate(array_of_tables(r, data, "step"), 1):
        p = f"step[{n}]"
        before = len(r.errors)
        r.unknown_keys(table, STEP_KEYS, p)
        step_id = r.get(table, "id", p, str)
        if step_id is not None:
            if not STEP_ID_RE.match(step_id):
                r.error(f"{p}.id", _('"{id}" is not a step id (a lowercase letter, then letters, digits and "-")')
                        .format(id=step_id))
            elif step_id in seen:
                r.error(f"{p}.id", _('"{id}" is already the id of step[{n}]; step ids must be unique')
                        .format(id=step_id, n=seen[step_id]))
            else:
                seen[step_id] = n
        channel = r.get(table, "channel", p, str, required=True, what=_(' (a channel id, e.g. channel = "instagram")'))
        if channel is not None and channel not in channels:
            hint = did_you_mean(channel, channels) or _("; channels: {ids}").format(ids=", ".join(sorted(channels)))
            r.error(f"{p}.channel", _('"{channel}" is not a channel of the plan{hint}').format(channel=channel, hint=hint))
        offset_text = r.get(table, "offset", p, str, default="0d")
        offset = 0
        try:
            offset = parse_offset(offset_text)
        except ValueError:
            r.error(f"{p}.offset", _('"{text}" is not an offset; write days or weeks from the anchor, '
                                     'e.g. "-7d", "0d", "+1d" or "+2w"').format(text=offset_text))
        at_time = None
        if "time" in table:
            raw = table["time"]
            try:
                at_time = parse_time(raw)
            except ValueError:
                r.error(f"{p}.time", _('{value} is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"')
                        .format(value=_show(raw)))
        slot = r.get(table, "slot", p, str)
        if slot is not None and slot not in SLOT_WORDS:
            hint = did_you_mean(slot, SLOT_WORDS) or _('; use "next" or "previous"')
            r.error(f"{p}.slot", _('"{slot}" is not a slot word{hint}').format(slot=slot, hint=hint))
        if "time" in table and slot is not None:
            r.error(f"{p}.slot", _("give either time or slot, not both"))
        elif "time" not in table and "slot" not in table and isinstance(anchor, date) and not isinstance(anchor, datetime):
            r.error(p, _('needs time = "HH:MM" or slot = "next" / "previous" (the anchor is a date, without a time)'))
        fields = post_fields(r, table, p)
        if len(r.errors) == before:
            steps.append(CampaignStep(channel=channel, offset=offset, time=at_time, slot=slot, id=step_id,
                                      index=n - 1, **fields))
        elif channel is not None and channels.get(channel) is False and len(r.errors) == before + 1 \
                and r.errors[-1].key == f"{p}.channel":
            r.errors.pop()  # the channel's own file is invalid: that problem is reported there
    return steps


def placement_errors(plan: Plan, campaigns: list[tuple[Campaign, Path]], plans_dir: Path
                     ) -> tuple[dict[str, list[Placement]], list[PlanError]]:
    """Place every campaign's steps; the problems: a step that cannot be placed, two steps on
    the same channel and time, and a step on the time of a post of the channel's file."""
    errors: list[PlanError] = []
    placements: dict[str, list[Placement]] = {}
    posts = {(channel.id, post.at) for channel in plan.channels for post in channel.posts}
    taken: dict[tuple[str, datetime], tuple[Path, str]] = {}
    for campaign, path in campaigns:
        placed = place_steps(campaign, plan)
        bad = False
        for p in placed:
            where = f"step[{p.step.index + 1}]"
            if p.problem is not None:
                errors.append(PlanError(path, p.key, p.problem))
                bad = True
                continue
            spot = (p.step.channel, p.at)
            when = p.at.strftime("%Y-%m-%d %H:%M")
            if spot in posts:
                other = plans_dir / f"{p.step.channel}.toml"
                errors.append(PlanError(path, where, _("lands on {when} on {channel}, the slot of the [[post]] "
                                                       "at = {at} in {file}; move one of them").format(
                    when=when, channel=p.step.channel, at=p.at.isoformat(), file=other)))
                bad = True
            elif spot in taken:
                other_path, other_key = taken[spot]
                same = other_path == path
                message = (_("lands on {when} on {channel}, like {other}; give one of them another time or offset")
                           if same else
                           _("lands on {when} on {channel}, like {other} of {file}; give one of them another time or offset"))
                errors.append(PlanError(path, where, message.format(when=when, channel=p.step.channel, other=other_key,
                                                                    file=other_path)))
                bad = True
            else:
                taken[spot] = (path, where)
        if not bad:
            placements[campaign.id] = placed
    return placements, errors



def edit_problems(path: Path, edit, plan: Plan) -> list[str]:
    """The problems the campaign file at ``path`` would have once ``edit(text)`` is written, as
    the reader words them (empty: none); the file itself is only read."""
    import tomllib

    try:
        text = edit(path.read_text(encoding="utf-8"))
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [f"{path.name}: {exc}"]
    channels = {c.id: True for c in plan.channels}
    campaign, problems = read_campaign(path.name, path.stem, data, channels)
    if campaign is not None:
        problems = [PlanError(path.name, p.key, p.problem) for p in place_steps(campaign, plan) if p.problem]
    return [str(p) for p in problems]
