"""The review meeting's figures: planned vs published per channel, post metrics, best/worst, averages; pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from calendar_app.core.model import Plan, Slot, Status
from calendar_app.core.regularity import window_weeks
from calendar_app.core.report import Problem

CANCELLED, PUBLISHED = Status.CANCELLED.value, Status.PUBLISHED.value
#: A post's key in the results: its channel and local date-time written ``YYYY-MM-DDTHH:MM``.
PostKey = tuple[str, str]


@dataclass(frozen=True)
class ChannelFigures:
    """One channel over the period: slots planned (cancelled ones left out), published, missed."""

    channel: str
    name: str
    planned: int
    published: int
    missed: int
    """Planned slots neither published nor cancelled (the period is in the past)."""
    weekly: tuple[tuple[date, int], ...] = ()
    """Published posts per ISO week meeting the period: (Monday, count)."""


@dataclass(frozen=True)
class PostFigures:
    """A post published in the period, with the metrics recorded for it in ``posts.csv``."""

    channel: str
    at: str
    """Its local date-time, ``YYYY-MM-DDTHH:MM`` (the key of ``posts.csv``)."""
    title: str | None
    pillar: str | None
    format: str | None
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewFigures:
    """Everything the review's agenda shows for the period [start, end] (both days included)."""

    start: date
    end: date
    channels: tuple[ChannelFigures, ...]
    posts: tuple[PostFigures, ...]
    best: dict[str, PostFigures]
    """Per metric, the post with the highest value (the earliest of equal ones)."""
    worst: dict[str, PostFigures]
    by_pillar: dict[str, dict[str, float]]
    """Pillar -> metric -> mean over the period's posts of that pillar having the metric."""
    by_format: dict[str, dict[str, float]]
    objectives: tuple = ()
    """The objectives' progress, as the objectives command computes it (passed through)."""
    campaigns: tuple = ()
    problems: tuple[Problem, ...] = ()
    """Open problems of the coming weeks (from ``check``)."""


def review_figures(plan: Plan, slots: Sequence[Slot], start: date, end: date,
                   post_metrics: Mapping[PostKey, Mapping[str, float]], *,
                   objectives: Iterable = (), campaigns: Iterable = (),
                   problems: Iterable[Problem] = ()) -> ReviewFigures:
    """The review of the period [start, end] (``end`` included) from its expanded ``slots``.

    ``planned`` is the regularity report's slot count (cancelled slots left out, as
    :attr:`~calendar_app.core.report.ChannelReport.slots`), ``published``
    the slots whose post is published, ``missed`` the rest: the period is the past, so a slot
    neither published nor cancelled was missed. A published post's metrics are the rows of
    ``post_metrics`` for its channel and planned local minute.
    """
    after = end + timedelta(days=1)
    weeks = [monday for _label, monday, _fraction in window_weeks(start, after)]
    # The regularity report's count (ChannelReport.slots: cancelled slots left out), counted here:
    # check_plan's gaps, pillars and look-around would double the review's time for one number.
    planned: dict[str, int] = {}
    published: dict[str, list[Slot]] = {c.id: [] for c in plan.channels}
    for slot in slots:
        status = slot.status
        if status != CANCELLED:
            planned[slot.channel] = planned.get(slot.channel, 0) + 1
        if status == PUBLISHED:
            published[slot.channel].append(slot)
    channels = []
    for channel in plan.channels:
        done = published[channel.id]
        if channel.id not in planned and not done:
            continue
        per_week = dict.fromkeys(weeks, 0)
        for slot in done:
            day = slot.start.date()
            per_week[day - timedelta(days=day.weekday())] += 1
        n = planned.get(channel.id, len(done))
        channels.append(ChannelFigures(channel.id, channel.name, n, len(done), max(0, n - len(done)),
                                       tuple(per_week.items())))
    posts = []
    for slot in sorted((s for done in published.values() for s in done), key=lambda s: (s.start, s.channel)):
        at = slot.planned.isoformat(timespec="minutes")
        metrics = dict(post_metrics.get((slot.channel, at), {}))
        posts.append(PostFigures(slot.channel, at, slot.title, slot.pillar, slot.format, metrics))
    best: dict[str, PostFigures] = {}
    worst: dict[str, PostFigures] = {}
    for post in posts:
        for name, value in post.metrics.items():
            if name not in best or value > best[name].metrics[name]:
                best[name] = post
            if name not in worst or value < worst[name].metrics[name]:
                worst[name] = post
    return ReviewFigures(start, end, tuple(channels), tuple(posts), dict(sorted(best.items())), dict(sorted(worst.items())),
                  _averages(posts, "pillar"), _averages(posts, "format"),
                  tuple(objectives), tuple(campaigns), tuple(problems))


def _averages(posts: Iterable[PostFigures], by: str) -> dict[str, dict[str, float]]:
    sums: dict[str, dict[str, list[float]]] = {}
    for post in posts:
        group = getattr(post, by)
        if group is None:
            continue
        for name, value in post.metrics.items():
            sums.setdefault(group, {}).setdefault(name, []).append(value)
    return {group: {name: sum(v) / len(v) for name, v in sorted(metrics.items())}
            for group, metrics in sorted(sums.items())}


def upcoming_problems(report_problems: Iterable[Problem]) -> list[Problem]:
    """The problems of a ``check`` report, in time order (those without a time last)."""
    items = list(report_problems)
    return sorted(items, key=lambda p: (p.at is None, p.at.timestamp() if p.at else 0))
