"""Objectives with deadlines and their progress against recorded results (pure: no files, no clock)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

#: How a metric should move: up to its target, or down to it.
DIRECTIONS = ("increase", "decrease")
#: The four statuses of an objective, in the order they are decided (see :func:`progress`).
STATUSES = ("met", "overdue", "behind", "on_track")
#: ``renew = "+6m"``: a number of days, weeks, months or years.
RENEW_RE = re.compile(r"^\+([1-9]\d{0,2})([dwmy])$")
#: A per-post objective averages the posts of the last this many days (see :func:`latest_value`).
PER_POST_DAYS = 30


@dataclass(frozen=True, slots=True)
class Objective:
    """One measurable objective: a metric of a channel (or of the whole plan) to bring from a
    baseline to a target by a deadline."""

    id: str
    title: str
    metric: str
    """A metric name as written in the results files (``followers``, ``engagement_rate``)."""
    target: float
    baseline_value: float
    baseline_date: date
    deadline: date
    channel: str | None = None
    """None: the whole plan (the channels' latest values added up; per post: every channel's posts)."""
    renew: str | None = None
    """``"+6m"``, ``"+2w"``, ``"+10d"``, ``"+1y"``: when met, the next deadline is this much later."""
    direction: str = "increase"
    per_post: bool = False
    """The metric is recorded per post (``posts.csv``) and averaged over the posts of a period."""
    index: int = 0
    """Position in ``_objectives.toml`` (0-based), for messages."""


@dataclass(frozen=True)
class Results:
    """Recorded results as read from ``accounts.csv`` and ``posts.csv``.

    Dates stay ISO strings (they sort as dates and cost nothing to keep), and both files are kept
    as series of ``(date, value)`` tuples: reading many thousands of rows must stay close to the
    cost of the csv module itself. :attr:`posts` is the by-post view, built on first use.
    """

    accounts: Mapping[tuple[str, str], list[tuple[str, float]]] = field(default_factory=dict)
    """(channel, metric) -> [(``YYYY-MM-DD``, value)], sorted by date, one value per date."""
    post_series: Mapping[tuple[str, str], list[tuple[str, float]]] = field(default_factory=dict)
    """(channel, metric) -> [(``YYYY-MM-DDTHH:MM``, value)], sorted by date-time, one value per post."""

    @cached_property
    def posts(self) -> dict[tuple[str, str], dict[str, float]]:
        """(channel, ``YYYY-MM-DDTHH:MM``) -> {metric: value}: each post's recorded metrics."""
        out: dict[tuple[str, str], dict[str, float]] = {}
        for (channel, metric), series in self.post_series.items():
            for at, value in series:
                out.setdefault((channel, at), {})[metric] = value
        return out

    def metrics(self) -> set[str]:
        """Every metric name recorded (account and post metrics)."""
        return {metric for _channel, metric in self.accounts} | {metric for _channel, metric in self.post_series}

    def post_metrics(self, channel: str, at: str) -> dict[str, float]:
        """The metrics recorded for the post of ``channel`` at ``at`` (``YYYY-MM-DDTHH:MM``); {} if none."""
        return self.posts.get((channel, at), {})


@dataclass(frozen=True, slots=True)
class Next:
    """The objective proposed once one with ``renew`` is met."""

    target: float
    deadline: date
    baseline_value: float
    baseline_date: date


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an objective stands on a given day."""

    objective: Objective
    status: str
    """One of :data:`STATUSES`."""
    latest: float | None
    """The latest recorded value (None: nothing recorded yet)."""
    latest_date: date | None
    """The date of that value (per post: the date of the last post counted)."""
    expected: float
    """The value expected today on the straight line from the baseline to the target."""
    days_left: int
    """Days from today to the deadline (0 on the day, negative once passed)."""
    next: Next | None
    history: tuple[tuple[date, float], ...]
    """The metric's recorded values up to today, oldest first (one per date, or one per post)."""


def add_period(day: date, renew: str) -> date:
    """``day`` moved by ``renew`` (``"+6m"``): a month later is the same day of the month, or the
    month's last day when it has fewer days (2026-08-31 + 6m = 2027-02-28). ValueError if malformed."""
    m = RENEW_RE.match(renew)
    if not m:
        raise ValueError(renew)
    n, unit = int(m.group(1)), m.group(2)
    if unit == "d":
        return day + timedelta(days=n)
    if unit == "w":
        return day + timedelta(weeks=n)
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def expected_value(objective: Objective, today: date) -> float:
    """The value expected on ``today`` on a straight line from (baseline date, baseline value) to
    (deadline, target): the baseline before its date, the target from the deadline on."""
    start, end = objective.baseline_date, objective.deadline
    if today <= start:
        return objective.baseline_value
    if today >= end or end <= start:
        return objective.target
    share = (today - start).days / (end - start).days
    return objective.baseline_value + (objective.target - objective.baseline_value) * share


def history(objective: Objective, results: Results, today: date) -> list[tuple[date, float]]:
    """The objective's metric as recorded up to ``today``, oldest first.

    An account metric gives one value per date (for the whole plan: the channels' latest values
    on that date added up); a per-post metric gives one value per post (by the post's date).
    """
    limit = today.isoformat()
    if objective.per_post:
        points = [(at[:10], value)
                  for (channel, metric), series in results.post_series.items()
                  if metric == objective.metric and (objective.channel is None or channel == objective.channel)
                  for at, value in series if at[:10] <= limit]
        points.sort(key=lambda p: p[0])
        return [(date.fromisoformat(d), v) for d, v in points]
    series = _account_series(objective, results)
    if objective.channel is not None:
        rows = series.get(objective.channel, [])
        return [(date.fromisoformat(d), v) for d, v in rows if d <= limit]
    # Whole plan: on each date a channel reported, the sum of every channel's latest value so far.
    days = sorted({d for rows in series.values() for d, _v in rows if d <= limit})
    out = []
    for d in days:
        total, seen = 0.0, False
        for rows in series.values():
            value = _latest_on(rows, d)
            if value is not None:
                total += value[1]
                seen = True
        if seen:
            out.append((date.fromisoformat(d), total))
    return out


def latest_value(objective: Objective, results: Results, today: date) -> tuple[float | None, date | None]:
    """The objective's current value and its date, or (None, None) when nothing is recorded.

    An account metric: the latest row on or before ``today`` (for the whole plan: each channel's
    latest row added up, dated by the most recent of them). A per-post metric: the mean over the
    posts of the last :data:`PER_POST_DAYS` days up to ``today`` (and not before the baseline's
    date), dated by the last of them.
    """
    limit = today.isoformat()
    if objective.per_post:
        first = max(today - timedelta(days=PER_POST_DAYS - 1), objective.baseline_date).isoformat()
        values = [(at[:10], value)
                  for (channel, metric), series in results.post_series.items()
                  if metric == objective.metric and (objective.channel is None or channel == objective.channel)
                  for at, value in series if first <= at[:10] <= limit]
        if not values:
            return None, None
        return sum(v for _d, v in values) / len(values), date.fromisoformat(max(d for d, _v in values))
    series = _account_series(objective, results)
    found = [_latest_on(rows, limit) for rows in series.values()]
    found = [f for f in found if f is not None]
    if not found:
        return None, None
    return sum(v for _d, v in found), date.fromisoformat(max(d for d, _v in found))


def progress(objective: Objective, results: Results, today: date) -> Progress:
    """Where ``objective`` stands on ``today``.

    Met when the latest value reaches the target (falls to it for ``direction = "decrease"``),
    whatever the date; else overdue once the deadline has passed; else behind when the latest
    value is short of the expected one, or when nothing is recorded; else on track.
    """
    latest, latest_date = latest_value(objective, results, today)
    expected = expected_value(objective, today)
    up = objective.direction != "decrease"
    if latest is not None and (latest >= objective.target if up else latest <= objective.target):
        status = "met"
    elif today > objective.deadline:
        status = "overdue"
    elif latest is None or (latest < expected if up else latest > expected):
        status = "behind"
    else:
        status = "on_track"
    points = tuple(history(objective, results, today))
    renewal = None
    if status == "met" and objective.renew and latest is not None and latest_date is not None:
        value, day = (latest, latest_date) if objective.per_post else met_since(objective, points, latest, latest_date)
        renewal = next_objective(objective, value, day)
    return Progress(objective, status, latest, latest_date, expected, (objective.deadline - today).days, renewal, points)


def met_since(objective: Objective, points: tuple[tuple[date, float], ...], latest: float,
              latest_date: date) -> tuple[float, date]:
    """The value and the date on which a met account objective was met, for good: the first of the
    recorded values that reach the target and have not fallen short of it since. The next objective
    is proposed from there, so it stays the same as later results are recorded."""
    up = objective.direction != "decrease"
    found = (latest, latest_date)
    for day, value in reversed(points):
        if not (value >= objective.target if up else value <= objective.target):
            break
        found = (value, day)
    return found


def next_objective(objective: Objective, value: float, day: date) -> Next:
    """The objective proposed after ``objective`` was met with ``value`` on ``day``: the same change
    again from the value reached (baseline 1450, target 2000, met at 2010: next target 2560), due
    ``renew`` after ``day``. A decrease stops at zero; whole numbers stay whole."""
    step = objective.target - objective.baseline_value
    target = value + step
    if objective.direction == "decrease" and target < 0 <= value:
        target = 0.0
    if all(float(x).is_integer() for x in (objective.target, objective.baseline_value, value)):
        target = float(round(target))
    else:
        target = round(target, 6)  # 0.047 + 0.01 is 0.057, not 0.05700000000000001
    return Next(target, add_period(day, objective.renew or "+0d"), value, day)


def progress_all(objectives: Iterable[Objective], results: Results, today: date) -> list[Progress]:
    """:func:`progress` of each objective, in order."""
    return [progress(o, results, today) for o in objectives]


def _account_series(objective: Objective, results: Results) -> dict[str, list[tuple[str, float]]]:
    return {channel: rows for (channel, metric), rows in results.accounts.items()
            if metric == objective.metric and (objective.channel is None or channel == objective.channel)}


def _latest_on(rows: list[tuple[str, float]], limit: str) -> tuple[str, float] | None:
    """The last of the date-sorted ``rows`` on or before ``limit`` (an ISO date)."""
    lo, hi = 0, len(rows)
    while lo < hi:  # bisect on the date strings (bisect's key= would build a list of keys per call)
        mid = (lo + hi) // 2
        if rows[mid][0] <= limit:
            lo = mid + 1
        else:
            hi = mid
    return rows[lo - 1] if lo else None


def _number(value: float | None) -> float | int | None:
    """A figure for JSON: whole numbers as integers, others to 6 decimals (0.045 stays 0.045)."""
    if value is None:
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded


def progress_json(p: Progress) -> dict:
    """One objective as ``objectives --json`` prints it (and ``review --format json`` reuses)."""
    o = p.objective
    return {
        "id": o.id,
        "title": o.title,
        "channel": o.channel,
        "metric": o.metric,
        "per_post": o.per_post,
        "direction": o.direction,
        "status": p.status,
        "latest": _number(p.latest),
        "latest_date": p.latest_date.isoformat() if p.latest_date else None,
        "expected": _number(p.expected),
        "target": _number(o.target),
        "baseline": {"value": _number(o.baseline_value), "date": o.baseline_date.isoformat()},
        "deadline": o.deadline.isoformat(),
        "days_left": p.days_left,
        "next": None if p.next is None else {"target": _number(p.next.target), "deadline": p.next.deadline.isoformat()},
    }


def recorded_metrics(objective: Objective, results: Results) -> set[str]:
    """The metrics recorded for the objective's channel (every channel's for the whole plan), of its kind."""
    series = results.post_series if objective.per_post else results.accounts
    return {metric for channel, metric in series if objective.channel is None or channel == objective.channel}
