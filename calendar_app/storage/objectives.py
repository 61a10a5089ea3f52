"""``_objectives.toml``: the ``[[objective]]`` tables, validated like plan files (every problem at once)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date
from pathlib import Path

from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.objectives import DIRECTIONS, RENEW_RE, Objective
from calendar_app.i18n import _
from calendar_app.storage.values import Reader, _show, _type_name, array_of_tables

OBJECTIVES_FILE = "_objectives.toml"
OBJECTIVE_KEYS = ("id", "title", "channel", "metric", "target", "baseline", "deadline", "renew", "direction", "per_post")
BASELINE_KEYS = ("value", "date")
OBJECTIVE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Metric names as the results files write them: ``followers``, ``engagement_rate``.
METRIC_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def read_objectives_file(plans_dir: Path | str, channel_ids: Collection[str]) -> tuple[list[Objective], list[PlanError]]:
    """The objectives of ``plans_dir/_objectives.toml`` (none without the file) and every problem in it."""
    from calendar_app.storage.reader import parse_toml  # the reader imports the schema, which must not import us

    path = Path(plans_dir) / OBJECTIVES_FILE
    if not path.exists() and not path.is_symlink():
        return [], []
    data, _raw, err = parse_toml(path, path)
    if err:
        return [], [err]
    return read_objectives(path, data, channel_ids)


def read_objectives(path: Path | str, data: dict, channel_ids: Collection[str]) -> tuple[list[Objective], list[PlanError]]:
    """Convert the parsed ``_objectives.toml``; no objective at all when anything is wrong."""
    r = Reader(path)
    r.unknown_keys(data, ("objective",), "")
    out: list[Objective] = []
    seen: dict[str, int] = {}
    channels = sorted(channel_ids)
    for n, table in enumerate(array_of_tables(r, data, "objective"), 1):
        p = f"objective[{n}]"
        before = len(r.errors)
        r.unknown_keys(table, OBJECTIVE_KEYS, p)
        oid = r.get(table, "id", p, str, required=True, what=_(' (a short name, e.g. id = "insta-abonnes")'))
        if oid is not None:
            if not OBJECTIVE_ID_RE.match(oid):
                r.error(f"{p}.id", _('"{id}" may only use lowercase letters, digits and "-"').format(id=oid))
            elif oid in seen:
                r.error(f"{p}.id", _('"{id}" is already the id of objective[{n}]; objective ids must be unique')
                        .format(id=oid, n=seen[oid]))
            else:
                seen[oid] = n
        title = r.get(table, "title", p, str, required=True, what=_(' (what the objective is, e.g. title = "2 000 abonnés")'))
        if title is not None and not title.strip():
            r.error(f"{p}.title", _("is empty; say what the objective is"))
        channel = r.get(table, "channel", p, str)
        if channel is not None and channel not in channel_ids:
            hint = did_you_mean(channel, channels) or _("; channels: {channels}").format(channels=", ".join(channels) or _("(none)"))
            r.error(f"{p}.channel", _('"{channel}" is not a channel{hint}; omit channel for the whole plan')
                    .format(channel=channel, hint=hint))
        metric = r.get(table, "metric", p, str, required=True, what=_(' (a metric of the results files, e.g. metric = "followers")'))
        if metric is not None and not METRIC_RE.match(metric):
            r.error(f"{p}.metric", _('"{metric}" is not a metric name; use lowercase letters, digits and "_", '
                                     'as in the results files (e.g. "engagement_rate")').format(metric=metric))
        target = _number(r, table, "target", p, required=True)
        baseline = r.get(table, "baseline", p, dict, required=True,
                         what=_(" (where it started, e.g. baseline = { value = 1450, date = 2026-09-01 })"))
        base_value = base_date = None
        if baseline is not None:
            r.unknown_keys(baseline, BASELINE_KEYS, f"{p}.baseline")
            base_value = _number(r, baseline, "value", f"{p}.baseline", required=True)
            base_date = r.get(baseline, "date", f"{p}.baseline", date, required=True)
        deadline = r.get(table, "deadline", p, date, required=True,
                         what=_(" (the date to reach the target by, e.g. deadline = 2027-03-31)"))
        if deadline is not None and base_date is not None and deadline <= base_date:
            r.error(f"{p}.deadline", _("{deadline} is not after the baseline's date ({start}); the deadline comes after the start")
                    .format(deadline=deadline.isoformat(), start=base_date.isoformat()))
        renew = r.get(table, "renew", p, str)
        if renew is not None and not RENEW_RE.match(renew):
            r.error(f"{p}.renew", _('"{renew}" is not a period; write "+6m" (months), "+2w" (weeks), "+10d" (days) or "+1y"')
                    .format(renew=renew))
        direction = r.get(table, "direction", p, str, default="increase")
        if direction not in DIRECTIONS:
            hint = did_you_mean(direction, DIRECTIONS) or _('; write "increase" or "decrease"')
            r.error(f"{p}.direction", _('"{direction}" is not a direction{hint}').format(direction=direction, hint=hint))
        per_post = r.get(table, "per_post", p, bool, default=False)
        if (direction in DIRECTIONS and target is not None and base_value is not None
                and (target <= base_value if direction == "increase" else target >= base_value)):
            r.error(f"{p}.target", _('{target} does not go beyond the baseline ({value}) for direction = "{direction}"; '
                                     'change the target, or the direction').format(
                target=_show(target), value=_show(base_value), direction=direction))
        if len(r.errors) == before:
            out.append(Objective(oid, title, metric, float(target), float(base_value), base_date, deadline, channel=channel,
                                 renew=renew, direction=direction, per_post=per_post, index=n - 1))
    return ([] if r.errors else out), r.errors


def _number(r: Reader, table: dict, key: str, prefix: str, *, required: bool) -> float | None:
    where = f"{prefix}.{key}"
    if key not in table:
        if required:
            r.error(where, _("is required{what}").format(what=_(" (a number, e.g. {key} = 2000, or 0.045 for a rate)")
                                                         .format(key=key)))
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        r.error(where, _("expected a number (2000, 0.045), got {kind} ({value})").format(
            kind=_type_name(value), value=_show(value)))
        return None
    if not math.isfinite(value):
        r.error(where, _("{value} is not a finite number").format(value=_show(value)))
        return None
    return value
