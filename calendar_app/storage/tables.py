"""A channel as the plain TOML tables of its file, in the plan format's key order (one place for both writers)."""

from __future__ import annotations

from datetime import timedelta

from calendar_app.core.model import Channel, Idea, Post, Rule
from calendar_app.storage.values import format_duration


def rule_table(rule: Rule) -> dict:
    """The ``[[rule]]`` table of ``rule``: only the keys that differ from the defaults."""
    t: dict = {"id": rule.id}
    if rule.label:
        t["label"] = rule.label
    if rule.rrule:
        t["rrule"] = rule.rrule
    else:
        t["every"] = rule.every
        if rule.interval != 1:
            t["interval"] = rule.interval
        if rule.days:
            t["days"] = list(rule.days)
        if rule.monthdays:
            t["monthdays"] = list(rule.monthdays)
        if rule.months:
            t["months"] = list(rule.months)
    t["times"] = [f"{x:%H:%M}" for x in rule.times]
    t["start"] = rule.start
    if rule.end:
        t["end"] = rule.end
    if rule.count:
        t["count"] = rule.count
    if rule.format:
        t["format"] = rule.format
    if rule.pillars:
        t["pillars"] = list(rule.pillars)
    if rule.skip:
        t["skip"] = sorted(rule.skip)
    return t


def post_table(post: Post) -> dict:
    """The ``[[post]]`` table of ``post``."""
    t: dict = {"at": post.at}
    for key in ("title", "status", "owner", "pillar", "format", "notes", "link"):
        value = getattr(post, key)
        if value is not None:
            t[key] = value
    if post.effort is not None:
        t["effort"] = format_duration(post.effort)
    return t


def idea_table(idea: Idea, with_channels: bool) -> dict:
    """The ``[[idea]]`` table of ``idea`` (``channels`` only in ``_ideas.toml``)."""
    t: dict = {}
    if idea.id is not None:
        t["id"] = idea.id
    t["title"] = idea.title
    if with_channels:
        t["channels"] = list(idea.channels)
    for key in ("pillar", "format", "owner"):
        if getattr(idea, key) is not None:
            t[key] = getattr(idea, key)
    if idea.priority != 3:
        t["priority"] = idea.priority
    if idea.effort is not None:
        t["effort"] = format_duration(idea.effort)
    for key in ("not_before", "expires", "notes", "link"):
        if getattr(idea, key) is not None:
            t[key] = getattr(idea, key)
    return t


def channel_table(channel: Channel) -> dict:
    """The ``[channel]`` table: settings left at their default are not written."""
    c: dict = {"name": channel.name}
    if not channel.timezone_from_calendar:
        c["timezone"] = channel.timezone
    for key in ("color", "owner", "description"):
        if getattr(channel, key):
            c[key] = getattr(channel, key)
    if channel.duration != timedelta(minutes=30):
        c["duration"] = format_duration(channel.duration)
    if channel.per_week is not None:
        c["per_week"] = int(channel.per_week) if float(channel.per_week).is_integer() else channel.per_week
    for key in ("max_gap", "lead_time", "remind"):
        if getattr(channel, key) is not None:
            c[key] = format_duration(getattr(channel, key))
    if channel.pillar_share:
        c["pillar_share"] = dict(channel.pillar_share)
    if channel.pillar_tolerance != 0.1:
        c["pillar_tolerance"] = channel.pillar_tolerance
    if channel.max_pillar_run is not None:
        c["max_pillar_run"] = channel.max_pillar_run
    if channel.effort:
        c["effort"] = {k: format_duration(v) for k, v in channel.effort.items()}
    return c


def channel_document(channel: Channel) -> dict:
    """The whole file as data: ``channel``, then the rules, then the posts sorted by time."""
    doc: dict = {"channel": channel_table(channel)}
    if channel.rules:
        doc["rule"] = [rule_table(r) for r in channel.rules]
    if channel.posts:
        doc["post"] = [post_table(p) for p in sorted(channel.posts, key=lambda p: p.at)]
    if channel.ideas:
        doc["idea"] = [idea_table(i, with_channels=False) for i in channel.ideas]
    return doc
