"""A rule's timing changed from a date: the old rule keeps the past, a new rule takes over.

Changing a rule's days or times in place would move its past slots too (new UIDs, slots that never
existed in the feeds' 30 past days, published posts turned into one-offs). :func:`change_rule_from`
instead ends the old rule the day before the date and starts a new rule on it, so every slot and
post before the date stays exactly as it was. What is *timing* and what is a *label*:

- timing (``TIMING_KEYS``): every, interval, days, monthdays, months, times, rrule. Changed from a
  date by :func:`change_rule_from`.
- labels (``LABEL_KEYS``): label, format, pillars. They describe the whole rule and are changed
  on it as a whole (:func:`calendar_app.core.editing.replace_rule`), past slots included.

The new rule:

- its id is ``<id>-<YYYY-MM-DD>`` (the date it starts from; a date suffix of the old id is
  replaced, so ``hebdo-2026-12-01`` changed again from 2027-03-01 gives ``hebdo-2027-03-01``),
  with ``-2``, ``-3``... if that id is taken: derived from the data, so the same change gives
  the same id (and the same UIDs) on every machine;
- it keeps label, format, pillars and end; the skip dates on or after the date move to it;
- days that the old rule took from its ``start`` (every week with no days: the start's weekday;
  every month with no days or monthdays: the start's day of the month) are written out, so the
  new rule keeps them rather than taking them from its own start;
- pillars continue their rotation rather than restart: occurrence n of a rule gets pillar
  n mod len, so the new rule's list is rotated to begin with the pillar the old rule would
  have given next (``["savoir-faire", "entreprise"]`` after an odd number of occurrences
  becomes ``["entreprise", "savoir-faire"]``);
- an every-N rule (interval > 1) whose frequency and interval are unchanged keeps its weeks
  (or days, months, years): it starts on the first day on or after the date of a period the old
  rule was on, so "every other week" stays on the same weeks;
- a rule with ``count`` keeps its total: the old rule's count becomes the number of its
  occurrences before the date (skipped ones included, as ``count`` counts them) and the new
  rule's count the rest.

When the old rule has no occurrence before the date (the date is its start, or before its first
occurrence), there is no past to keep: the rule is changed in place (same id) from the date.

Posts from the date on that filled the old rule's slots fill a new slot only if one is at the
same time; the others become one-off posts, with their slot's pillar and format written into
them (as a moved post keeps them). :class:`RuleChange` lists both, for the person to be told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from calendar_app.core.editing import EditError, replace_rule, rule_of
from calendar_app.core.model import WEEKDAYS, Channel, Post, Rule, Slot
from calendar_app.core.recurrence import date_rule, expand_channel, parse_rrule_text
from calendar_app.core.wording import when
from calendar_app.i18n import _, ngettext

#: Keys that say when a rule's slots fall: changed from a date.
TIMING_KEYS = ("every", "interval", "days", "monthdays", "months", "times", "rrule")
#: Keys that describe what a rule's slots are: changed on the whole rule.
LABEL_KEYS = ("label", "format", "pillars")
_STRUCTURED = ("every", "interval", "days", "monthdays", "months")
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_RRULE_FREQ = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class RuleChange:
    """What :func:`change_rule_from` did, to be saved (``channel``) and said (:func:`change_lines`)."""

    channel: Channel
    """The channel with the change applied."""
    day: date
    """The date the change applies from."""
    old: Rule | None
    """The old rule as it now ends (the day before ``day``); None when changed in place."""
    new: Rule
    """The rule from ``day`` on (same id as before when changed in place)."""
    one_offs: tuple[Post, ...] = ()
    """Posts from ``day`` on that filled the old rule's slots and fill none now, as written
    (with their slot's pillar and format)."""
    refilled: tuple[Post, ...] = ()
    """Posts from ``day`` on that filled the old rule's slots and fill a slot at the same time again."""
    adopted: tuple[Post, ...] = ()
    """One-off posts from ``day`` on that now fill a slot of the new rule."""

    @property
    def in_place(self) -> bool:
        return self.old is None


def timing_changes(before: Rule, after: Rule) -> dict[str, object]:
    """The timing keys whose values differ between two versions of a rule."""
    return {k: getattr(after, k) for k in TIMING_KEYS if getattr(before, k) != getattr(after, k)}


def retimed(rule: Rule, changes: Mapping[str, object]) -> Rule:
    """``rule`` with timing keys changed (nothing else): an ``rrule`` replaces every/interval/
    days/monthdays/months, any of those replaces an ``rrule``. The values are not checked here:
    write the channel through :func:`calendar_app.storage.writer.check_channel` to check them."""
    unknown = [k for k in changes if k not in TIMING_KEYS]
    if unknown:
        raise EditError(_("{keys}: not timing keys; timing keys are {timing}").format(
            keys=", ".join(unknown), timing=", ".join(TIMING_KEYS)))
    values = dict(changes)
    if values.get("rrule") is not None:
        values.update(every=None, interval=1, days=(), monthdays=(), months=())
    elif any(k in values for k in _STRUCTURED):
        values["rrule"] = None
    return replace(rule, **values)


def occurrences_before(rule: Rule, day: date) -> int:
    """How many occurrences (each time of each matching day, skipped ones included, as ``count``
    counts them) the rule has before ``day``."""
    last = day - timedelta(days=1)
    if rule.end is not None:
        last = min(last, rule.end)
    if last < rule.start:
        return 0
    days = sum(1 for _ in date_rule(rule, until=datetime.combine(last, time())))
    n = days * len(rule.times)
    return min(n, rule.count) if rule.count is not None else n


def new_rule_id(channel: Channel, rule_id: str, day: date) -> str:
    """``<id>-<YYYY-MM-DD>`` (an old date suffix replaced), with ``-2``, ``-3``... if taken."""
    base = f"{_DATE_SUFFIX.sub('', rule_id) or rule_id}-{day.isoformat()}"
    taken = {r.id for r in channel.rules}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def default_change_date(channel: Channel, rule_id: str, today: date, blackout: Iterable[date] = ()) -> date:
    """The first day after ``today`` with no published post on the rule's slots on or after it
    (and not before the rule's start): a change from then turns no published post into a one-off."""
    rule = rule_of(channel, rule_id)
    day = max(today + timedelta(days=1), rule.start)
    published = [slot.planned.date() for slot in _rule_posts(channel, rule_id, day, blackout).values()
                 if slot.status == "published"]
    return max(day, max(published) + timedelta(days=1)) if published else day


def change_rule_from(channel: Channel, rule_id: str, day: date, changes: Mapping[str, object],
                     blackout: Iterable[date] = ()) -> RuleChange:
    """The channel with rule ``rule_id``'s timing changed from ``day`` on (see the module docstring).

    ``changes`` maps timing keys to model values (``{"days": ("tue", "thu"), "times": (time(12, 30),)}``);
    ``blackout`` is the plan's blackout days (a post on one of them filled no slot). Raises
    :class:`EditError` for an unknown rule, a key that is not timing, nothing to change, a
    ``day`` before the rule's start, or a rule that has no occurrence left from ``day``.
    """
    blackout = frozenset(blackout)
    rule = rule_of(channel, rule_id)
    changes = check_change(channel, rule_id, day, changes)
    k = occurrences_before(rule, day)
    new = retimed(rule, changes)
    start = _aligned_start(rule, new, day)
    if start != rule.start and _keeps_implicit_days(rule, changes):
        new = retimed(_explicit(rule), changes)
    if k == 0:
        old, new = None, replace(new, start=start)
        edited = replace_rule(channel, rule_id, new)
    else:
        shift = k % len(rule.pillars) if rule.pillars else 0
        old = replace(rule, end=None if rule.count is not None else day - timedelta(days=1),
                      count=k if rule.count is not None else None,
                      skip=tuple(d for d in rule.skip if d < day))
        new = replace(new, id=new_rule_id(channel, rule_id, day), start=start,
                      count=rule.count - k if rule.count is not None else None,
                      skip=tuple(d for d in rule.skip if d >= day),
                      pillars=rule.pillars[shift:] + rule.pillars[:shift])
        i = channel.rules.index(rule)
        edited = replace(channel, rules=(*channel.rules[:i], old, new, *channel.rules[i + 1:]))

    filled_before = _filled(channel, day, blackout)
    before = {pid: s for pid, s in filled_before.items() if s.rule == rule_id}
    after = _filled(edited, day, blackout)
    one_offs = [s for pid, s in before.items() if pid not in after]
    refilled = tuple(s.post for pid, s in before.items() if pid in after)
    adopted = tuple(s.post for pid, s in after.items() if s.rule == new.id and pid not in filled_before)
    # A post leaving its slot keeps what the slot gave it (as editing.move_post does).
    written = {id(s.post): replace(s.post, pillar=s.pillar, format=s.format) for s in one_offs}
    if written:
        edited = replace(edited, posts=tuple(written.get(id(p), p) for p in edited.posts))
    return RuleChange(edited, day, old, new, tuple(written.values()), refilled, adopted)


def check_change(channel: Channel, rule_id: str, day: date, changes: Mapping[str, object]) -> dict[str, object]:
    """The timing changes that differ from the rule's values, or :class:`EditError` saying why the
    change cannot apply (see :func:`change_rule_from`); the values themselves are not checked."""
    rule = rule_of(channel, rule_id)
    unknown = [k for k in changes if k not in TIMING_KEYS]
    if unknown:
        raise EditError(_("{keys}: not timing keys; timing keys are {timing}").format(
            keys=", ".join(unknown), timing=", ".join(TIMING_KEYS)))
    changes = {k: v for k, v in changes.items() if getattr(rule, k) != v}
    if not changes:
        raise EditError(_('{channel}: rule "{rule}" already has this timing; nothing to change').format(
            channel=channel.id, rule=rule_id))
    if day < rule.start:
        raise EditError(_('{channel}: {day} is before the start of rule "{rule}" ({start}); give a date on or '
                          'after it').format(channel=channel.id, day=day.isoformat(), rule=rule_id,
                                             start=rule.start.isoformat()))
    if rule.end is not None and day > rule.end:
        raise EditError(_('{channel}: rule "{rule}" ends on {end}, before {day}; nothing of it is left to '
                          'change').format(channel=channel.id, rule=rule_id, end=rule.end.isoformat(),
                                           day=day.isoformat()))
    if rule.count is not None and occurrences_before(rule, day) >= rule.count:
        raise EditError(_('{channel}: rule "{rule}" has given all its {count} occurrences (count) before {day}; '
                          'nothing of it is left to change').format(channel=channel.id, rule=rule_id,
                                                                   count=rule.count, day=day.isoformat()))
    return changes


def _keeps_implicit_days(rule: Rule, changes: Mapping[str, object]) -> bool:
    """Whether the new rule should keep the days the old one took from its start."""
    if rule.rrule is not None:
        return "rrule" not in changes and not any(k in changes for k in _STRUCTURED)
    return not any(k in changes for k in ("every", "days", "monthdays", "rrule"))


def _explicit(rule: Rule) -> Rule:
    """The rule with the days dateutil would take from its start written out (same slots)."""
    s = rule.start
    if rule.rrule is not None:
        parts = parse_rrule_text(rule.rrule)
        if any(k in parts for k in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")):
            return rule
        freq = parts.get("FREQ")
        if freq == "WEEKLY":
            parts["BYDAY"] = _RRULE_DAYS[s.weekday()]
        elif freq == "MONTHLY":
            parts["BYMONTHDAY"] = str(s.day)
        elif freq == "YEARLY":
            parts.setdefault("BYMONTH", str(s.month))
            parts["BYMONTHDAY"] = str(s.day)
        else:
            return rule
        return replace(rule, rrule=";".join(f"{name}={value}" for name, value in parts.items()))
    if rule.days or rule.monthdays:
        return rule
    if rule.every == "week":
        return replace(rule, days=(WEEKDAYS[s.weekday()],))
    if rule.every == "month":
        return replace(rule, monthdays=(s.day,))
    if rule.every == "year":
        return replace(rule, monthdays=(s.day,), months=rule.months or (s.month,))
    return rule


def _cadence(rule: Rule) -> tuple[str | None, int, int]:
    """(frequency, interval, first weekday of a week) of a structured or RRULE rule."""
    if rule.rrule is None:
        return rule.every, rule.interval, 0
    parts = parse_rrule_text(rule.rrule)
    interval = parts.get("INTERVAL", "1")
    wkst = parts.get("WKST", "MO")
    return (_RRULE_FREQ.get(parts.get("FREQ", "")), int(interval) if interval.isdigit() else 1,
            _RRULE_DAYS.index(wkst) if wkst in _RRULE_DAYS else 0)


def _aligned_start(old: Rule, new: Rule, day: date) -> date:
    """``day``, or for an every-N rule whose frequency and interval stay, the first day on or after
    it of a period (day, week, month, year) the old rule is on: dateutil counts the N from ``start``."""
    freq, n, wkst = _cadence(old)
    if _cadence(new) != (freq, n, wkst) or n <= 1:
        return day
    start = old.start
    if freq == "day":
        lag = (day - start).days % n
        return day if lag == 0 else day + timedelta(days=n - lag)
    if freq == "week":
        def monday(d: date) -> date:
            return d - timedelta(days=(d.weekday() - wkst) % 7)

        lag = ((monday(day) - monday(start)).days // 7) % n
        return day if lag == 0 else monday(day) + timedelta(weeks=n - lag)
    if freq == "month":
        lag = ((day.year - start.year) * 12 + day.month - start.month) % n
        if lag == 0:
            return day
        month = day.year * 12 + day.month - 1 + n - lag
        return date(month // 12, month % 12 + 1, 1)
    if freq == "year":
        lag = (day.year - start.year) % n
        return day if lag == 0 else date(day.year + n - lag, 1, 1)
    return day


def _window_end(channel: Channel, day: date) -> date:
    last = max((p.at.date() for p in channel.posts), default=day)
    return max(day, last) + timedelta(days=2)


def _filled(channel: Channel, day: date, blackout: frozenset[date]) -> dict[int, Slot]:
    """The rule slots filled by a post from ``day`` on, by ``id()`` of their post."""
    return {id(s.post): s for s in expand_channel(channel, day, _window_end(channel, day), blackout)
            if s.post is not None and s.rule is not None}


def _rule_posts(channel: Channel, rule_id: str, day: date, blackout: Iterable[date]) -> dict[int, Slot]:
    """The slots of rule ``rule_id`` filled by a post from ``day`` on, by ``id()`` of their post."""
    return {pid: s for pid, s in _filled(channel, day, frozenset(blackout)).items() if s.rule == rule_id}


# --- words for people ------------------------------------------------------------------------


def rhythm(rule: Rule) -> str:
    """``every week on tue, thu at 12:30``: a rule's timing in a few words."""
    times = ", ".join(f"{t:%H:%M}" for t in rule.times)
    if rule.rrule is not None:
        return _("{rrule} at {times}").format(rrule=rule.rrule, times=times)
    n = rule.interval
    heads = {
        "day": ngettext("every day", "every {n} days", n), "week": ngettext("every week", "every {n} weeks", n),
        "month": ngettext("every month", "every {n} months", n), "year": ngettext("every year", "every {n} years", n),
    }
    head = heads.get(rule.every or "", "every {unit}").format(n=n, unit=rule.every or "?")
    on = [*rule.days, *(_("day {n}").format(n=d) for d in rule.monthdays)]
    on_text = _(" on {days}").format(days=", ".join(on)) if on else ""
    months = _(" in months {months}").format(months=", ".join(map(str, rule.months))) if rule.months else ""
    return _("{head}{on}{months} at {times}").format(head=head, on=on_text, months=months, times=times)


def _post_line(post: Post) -> str:
    title = f"« {post.title.strip()} »" if post.title and post.title.strip() else _("(untitled)")
    return f"  {when(post.at)} {title} ({post.status})"


def change_lines(change: RuleChange) -> list[str]:
    """What the change did, one sentence a line, for the CLI and the editor."""
    new, old, day = change.new, change.old, change.day
    lines = []
    if old is None:
        lines.append(_('Rule "{rule}" had no slot before {day}: changed as a whole, from {start}: {rhythm}.').format(
            rule=new.id, day=day.isoformat(), start=new.start.isoformat(), rhythm=rhythm(new)))
    else:
        kept = (_("its count becomes {count}").format(count=old.count) if old.count is not None
                else _("it now ends on {end}").format(end=old.end.isoformat()))
        lines.append(_('Rule "{rule}" keeps its slots before {day} (same UIDs); {kept}.').format(
            rule=old.id, day=day.isoformat(), kept=kept))
        lines.append(_('New rule "{rule}" from {start}: {rhythm}.').format(
            rule=new.id, start=new.start.isoformat(), rhythm=rhythm(new)))
        if new.start != day:
            lines.append(_("  (its every-{unit} rhythm continues: first period on or after {day} starts {start})")
                         .format(unit=_cadence(new)[1], day=day.isoformat(), start=new.start.isoformat()))
        if new.count is not None:
            lines.append(_("  count {count}: the {total} occurrences stay the total.").format(
                count=new.count, total=old.count + new.count))
        if new.pillars and new.pillars != old.pillars:
            lines.append(_("  Pillars continue the rotation: {pillars}.").format(pillars=", ".join(new.pillars)))
    if change.one_offs:
        n = len(change.one_offs)
        lines.append(ngettext(
            "{n} post from {day} on filled a slot of the old timing and is a one-off post now (its slot's pillar "
            "and format written into it); move it onto a new slot to follow the new rhythm:",
            "{n} posts from {day} on filled a slot of the old timing and are one-off posts now (their slots' "
            "pillars and formats written into them); move them onto a new slot to follow the new rhythm:", n,
        ).format(n=n, day=day.isoformat()))
        lines.extend(_post_line(p) for p in change.one_offs)
    if change.refilled:
        n = len(change.refilled)
        lines.append(ngettext("{n} post from {day} on keeps a slot at the same time:",
                              "{n} posts from {day} on keep a slot at the same time:", n).format(n=n, day=day.isoformat()))
        lines.extend(_post_line(p) for p in change.refilled)
    if change.adopted:
        n = len(change.adopted)
        lines.append(ngettext('{n} one-off post now fills a slot of rule "{rule}":',
                              '{n} one-off posts now fill a slot of rule "{rule}":', n).format(n=n, rule=new.id))
        lines.extend(_post_line(p) for p in change.adopted)
    return lines
