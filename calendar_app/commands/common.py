"""Helpers shared by the subcommands: loading a plan strictly and checking channel filters."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console

from calendar_app.core.errors import UsageError, did_you_mean
from calendar_app.core.model import Plan, Slot
from calendar_app.i18n import _
from calendar_app.storage.reader import load_plan_strict


def load(plans_dir: str) -> Plan:
    """The plan in ``plans_dir``; raises PlanErrors (exit 2) listing every problem."""
    return load_plan_strict(plans_dir)


def check_channels(plan: Plan, wanted: Iterable[str] | None) -> list[str] | None:
    """Validate ``--channel`` values against the plan; None means every channel."""
    if not wanted:
        return None
    known = [c.id for c in plan.channels]
    for channel_id in wanted:
        if channel_id not in known:
            hint = did_you_mean(channel_id, known) or _("; channels: {channels}").format(
                channels=", ".join(known) or _("(none)"))
            raise UsageError(_('--channel "{channel}" is not a channel{hint}').format(channel=channel_id, hint=hint))
    return list(wanted)


#: The keys of :func:`slot_json`, in order (the columns of ``export --format csv``).
SLOT_KEYS = ("channel", "rule", "start", "end", "planned", "uid", "status", "title", "pillar", "format", "owner",
             "notes", "link")


def slot_json(slot: Slot) -> dict:
    """A slot as the JSON object printed by ``agenda --json`` (and reused by other commands)."""
    post = slot.post
    return {
        "channel": slot.channel,
        "rule": slot.rule,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "planned": slot.planned.isoformat(timespec="minutes"),
        "uid": slot.uid,
        "status": slot.status,
        "title": slot.title,
        "pillar": slot.pillar,
        "format": slot.format,
        "owner": slot.owner,
        "notes": post.notes if post else None,
        "link": post.link if post else None,
    }


def dump_json(data) -> None:
    """Print ``data`` as JSON: UTF-8 text as is, escaped (``\\u00e9``) when stdout is not UTF-8."""
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    json.dump(data, sys.stdout, ensure_ascii=not utf8, indent=2)
    sys.stdout.write("\n")


class PipeConsole(Console):
    """A rich Console whose broken pipe (`| head`) reaches the CLI, which ends quietly with 0
    (rich's own handler exits 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError
