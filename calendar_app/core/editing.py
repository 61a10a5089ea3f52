"""Pure edits of a channel: each function takes a Channel and returns a new one, never writing files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta

from calendar_app.core.model import Channel, Plan, Post, Rule, Slot, check_channel_id
from calendar_app.core.recurrence import expand_channel
from calendar_app.i18n import _

#: Channel fields :func:`update_channel` may change (the id is the file name; rules and posts
#: have their own functions).
CHANNEL_SETTINGS = tuple(
    f.name for f in fields(Channel) if f.name not in ("id", "rules", "posts", "timezone_from_calendar", "campaign_posts")
)


class EditError(ValueError):
    """An edit that cannot apply to the channel as it is (a post or rule that is not there...)."""


# --- posts -------------------------------------------------------------------------------


def _sorted_posts(posts: Iterable[Post]) -> tuple[Post, ...]:
    return tuple(sorted(posts, key=lambda p: p.at))


def _index_of(channel: Channel, post: Post) -> int:
    for i, existing in enumerate(channel.posts):
        if existing == post:
            return i
    raise EditError(_("{channel}: no post at {at} like this one; it may have changed on disk").format(
        channel=channel.id, at=f"{post.at:%Y-%m-%d %H:%M}"))


def post_at(channel: Channel, at: datetime) -> Post | None:
    """The channel's first post planned at the local date-time ``at``, or None."""
    for post in channel.posts:
        if post.at == at:
            return post
    return None


def add_post(channel: Channel, post: Post) -> Channel:
    """The channel with ``post`` added (a one-off post, or filling the rule slot at ``post.at``)."""
    return replace(channel, posts=_sorted_posts((*channel.posts, post)))


def fill_slot(channel: Channel, planned: datetime, post: Post) -> Channel:
    """The channel with ``post`` placed on the slot planned at ``planned`` (its ``at`` is set to it).

    If a post already fills that slot it is replaced; otherwise the post is added.
    """
    post = replace(post, at=planned)
    existing = post_at(channel, planned)
    if existing is None:
        return add_post(channel, post)
    return update_post(channel, existing, post)


def update_post(channel: Channel, old: Post, new: Post) -> Channel:
    """The channel with the post equal to ``old`` replaced by ``new`` (which may move it).

    A raw replacement: moving a post off its rule slot this way loses the pillar and format the
    slot gave it; :func:`move_post` keeps them (and can skip the slot it left). Raises
    :class:`EditError` when ``old`` is not one of the channel's posts.
    """
    i = _index_of(channel, old)
    posts = list(channel.posts)
    posts[i] = new
    return replace(channel, posts=_sorted_posts(posts))


def move_post(channel: Channel, old: Post, new: Post, *, skip_rule: str | None = None,
              blackout: Iterable[date] = ()) -> Channel:
    """Replace ``old`` by ``new`` (at another time); with ``skip_rule``, skip the slot it left.

    A post that leaves a rule slot keeps what that slot gave it: the rule's pillar (its place in
    the rotation) and format are written into the moved post, unless the post has its own or
    the edit clears the one it had (``new.pillar`` None while ``old.pillar`` was set). So the
    pillar mix still counts it, wherever it lands (on a one-off time or another rule's slot).
    ``blackout`` is the plan's blackout days: a post on one of them filled no slot.

    Without ``skip_rule`` the rule slot the post filled becomes open again. With it, the old
    date is added to that rule's ``skip`` dates, so the rule gives no slot that day (every time
    of the rule on that day: skips are per date).
    """
    if new.at != old.at:
        slot = filled_slot(channel, old, blackout)
        if slot is not None:
            new = replace(
                new,
                pillar=new.pillar if new.pillar is not None or old.pillar is not None else slot.pillar,
                format=new.format if new.format is not None or old.format is not None else slot.format,
            )
    moved = update_post(channel, old, new)
    if skip_rule is None:
        return moved
    return skip_date(moved, skip_rule, old.at.date())


def filled_slot(channel: Channel, post: Post, blackout: Iterable[date] = ()) -> Slot | None:
    """The rule slot that ``post`` (one of the channel's posts) fills, or None for a one-off post.

    Raises :class:`EditError` when ``post`` is not one of the channel's posts.
    """
    mine = channel.posts[_index_of(channel, post)]
    day = mine.at.date()
    for slot in expand_channel(channel, day - timedelta(days=1), day + timedelta(days=2), blackout):
        if slot.post is mine:
            return slot if slot.rule is not None else None
    return None


def delete_post(channel: Channel, post: Post) -> Channel:
    """The channel without the post equal to ``post``; a rule slot it filled becomes open."""
    i = _index_of(channel, post)
    return replace(channel, posts=channel.posts[:i] + channel.posts[i + 1:])


def rule_at(channel: Channel, at: datetime, blackout: Iterable[date] = ()) -> str | None:
    """The id of the rule with an occurrence planned at the local date-time ``at``, or None.

    An occurrence on a skipped or blackout date does not count (no slot there).
    """
    day = at.date()
    bare = replace(channel, posts=())
    for slot in expand_channel(bare, day - timedelta(days=1), day + timedelta(days=2), blackout):
        if slot.planned == at and slot.rule is not None:
            return slot.rule
    return None


# --- rules -------------------------------------------------------------------------------


def _rule_index(channel: Channel, rule_id: str) -> int:
    for i, rule in enumerate(channel.rules):
        if rule.id == rule_id:
            return i
    known = ", ".join(r.id for r in channel.rules) or _("(none)")
    raise EditError(_('{channel}: no rule "{rule}"; rules: {rules}').format(channel=channel.id, rule=rule_id, rules=known))


def rule_of(channel: Channel, rule_id: str) -> Rule:
    """The channel's rule ``rule_id``; :class:`EditError` naming the channel's rules when there is none."""
    return channel.rules[_rule_index(channel, rule_id)]


def _check_unique(channel: Channel, rule: Rule, ignore: int | None = None) -> None:
    for i, other in enumerate(channel.rules):
        if i != ignore and other.id == rule.id:
            raise EditError(_('{channel}: a rule "{rule}" already exists; rule ids must be unique').format(
                channel=channel.id, rule=rule.id))


def add_rule(channel: Channel, rule: Rule) -> Channel:
    """The channel with ``rule`` appended. Raises :class:`EditError` if its id is taken."""
    _check_unique(channel, rule)
    return replace(channel, rules=(*channel.rules, rule))


def replace_rule(channel: Channel, rule_id: str, rule: Rule) -> Channel:
    """The channel with rule ``rule_id`` replaced by ``rule`` (same place in the file).

    ``rule`` may carry a new id (renaming changes the UIDs of its slots); it must stay unique.
    """
    i = _rule_index(channel, rule_id)
    _check_unique(channel, rule, ignore=i)
    rules = list(channel.rules)
    rules[i] = rule
    return replace(channel, rules=tuple(rules))


def delete_rule(channel: Channel, rule_id: str) -> Channel:
    """The channel without rule ``rule_id``; posts that filled its slots stay, as one-off posts."""
    i = _rule_index(channel, rule_id)
    return replace(channel, rules=channel.rules[:i] + channel.rules[i + 1:])


def skip_date(channel: Channel, rule_id: str, day: date) -> Channel:
    """The channel with ``day`` added to rule ``rule_id``'s skip dates (no slot from it that day)."""
    i = _rule_index(channel, rule_id)
    rule = channel.rules[i]
    return replace_rule(channel, rule_id, replace(rule, skip=tuple(sorted(set(rule.skip) | {day}))))


def unskip_date(channel: Channel, rule_id: str, day: date) -> Channel:
    """The channel with ``day`` removed from rule ``rule_id``'s skip dates."""
    i = _rule_index(channel, rule_id)
    rule = channel.rules[i]
    return replace_rule(channel, rule_id, replace(rule, skip=tuple(d for d in rule.skip if d != day)))


# --- channel -----------------------------------------------------------------------------


def update_channel(channel: Channel, **changes) -> Channel:
    """The channel with settings changed (``name``, ``color``, ``per_week``...; see CHANNEL_SETTINGS).

    Setting ``timezone`` makes it the channel's own (written to its file). Raises
    :class:`EditError` for a field that is not a setting.
    """
    unknown = [k for k in changes if k not in CHANNEL_SETTINGS]
    if unknown:
        raise EditError(_("{channel}: {keys} cannot be changed here; settings: {settings}").format(
            channel=channel.id, keys=", ".join(unknown), settings=", ".join(CHANNEL_SETTINGS)))
    if "timezone" in changes and changes["timezone"] != channel.timezone:
        changes["timezone_from_calendar"] = False
    return replace(channel, **changes)


def new_channel_id_problem(plan: Plan, channel_id: str) -> str | None:
    """Why ``channel_id`` cannot name a new channel of ``plan`` (bad form, or taken), or None."""
    problem = check_channel_id(channel_id)
    if problem:
        return f'"{channel_id}" is not a channel id: use lowercase letters, digits and "-"'
    if any(c.id == channel_id for c in plan.channels):
        return f'a channel "{channel_id}" already exists'
    return None


def wall_time(day: date, at: time) -> datetime:
    """The naive local date-time of a post on ``day`` at ``at`` (seconds dropped)."""
    return datetime.combine(day, at.replace(second=0, microsecond=0))
