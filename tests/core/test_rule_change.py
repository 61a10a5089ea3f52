"""A rule's timing changed from a date: the past stays, hand-computed dates for the new rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from calendar_app.core.editing import EditError
from calendar_app.core.model import Channel, Post, Rule
from calendar_app.core.recurrence import expand_channel
from calendar_app.core.rule_change import (
    change_lines,
    change_rule_from,
    default_change_date,
    new_rule_id,
    occurrences_before,
    retimed,
    timing_changes,
)
from calendar_app.storage.reader import load_plan
from calendar_app.storage.writer import check_channel

NOON = (time(12, 30),)


def chan(*rules: Rule, posts: tuple[Post, ...] = (), tz: str = "Europe/Paris") -> Channel:
    return Channel(id="c", name="C", timezone=tz, rules=rules, posts=tuple(sorted(posts, key=lambda p: p.at)))


def weekly(**kw) -> Rule:
    values = dict(id="r", every="week", days=("tue",), times=(time(8, 30),), start=date(2026, 9, 1))
    values.update(kw)
    return Rule(**values)


def planned(channel: Channel, start: date, end: date, rule: str | None = None) -> list[datetime]:
    return [s.planned for s in expand_channel(channel, start, end) if rule is None or s.rule == rule]


def facts(channel: Channel, start: date, end: date) -> list[tuple]:
    """What a subscriber sees of each slot: its identity, instant and contents."""
    return [(s.uid, s.start, s.end, s.pillar, s.format, s.post) for s in expand_channel(channel, start, end)]


@pytest.fixture
def linkedin(bundled_plans):
    result = load_plan(bundled_plans)
    assert not result.errors
    return result.plan, result.plan.channel("linkedin")


# --- the example -------------------------------------------------------------------


def test_linkedin_to_tuesday_and_thursday_noon_keeps_the_past(linkedin):
    plan, li = linkedin
    day = date(2026, 12, 1)
    change = change_rule_from(li, "hebdo", day, {"days": ("tue", "thu"), "times": NOON}, plan.blackout_days)
    edited = change.channel
    assert facts(edited, date(2026, 9, 1), day) == facts(li, date(2026, 9, 1), day)
    assert change.old == replace(li.rules[0], end=date(2026, 11, 30))
    new = change.new
    assert (new.id, new.start, new.days, new.times, new.end) == ("hebdo-2026-12-01", day, ("tue", "thu"), NOON, None)
    assert (new.label, new.format) == ("Post du mardi matin", "article")
    assert [r.id for r in edited.rules] == ["hebdo", "hebdo-2026-12-01"]
    # 13 Tuesdays from 1 Sep to 24 Nov: the 14th occurrence gets pillars[13 % 2], "entreprise".
    assert new.pillars == ("entreprise", "savoir-faire")
    slots = expand_channel(edited, day, date(2026, 12, 11))
    assert [(s.planned, s.rule, s.pillar) for s in slots if s.rule] == [
        (datetime(2026, 12, 1, 12, 30), "hebdo-2026-12-01", "entreprise"),
        (datetime(2026, 12, 3, 12, 30), "hebdo-2026-12-01", "savoir-faire"),
        (datetime(2026, 12, 8, 12, 30), "hebdo-2026-12-01", "entreprise"),
        (datetime(2026, 12, 10, 12, 30), "hebdo-2026-12-01", "savoir-faire"),
    ]
    # The ready post of 1 Dec 08:30 filled an old slot: a one-off now, keeping its pillar and format.
    [one_off] = change.one_offs
    assert (one_off.at, one_off.pillar, one_off.format) == (datetime(2026, 12, 1, 8, 30), "entreprise", "article")
    moved = next(s for s in slots if s.post is not None)
    assert (moved.rule, moved.pillar, moved.format, moved.uid) == (
        None, "entreprise", "article", "linkedin.post.20261201T0830@calendar-app")
    assert check_channel(edited, plan.calendar.timezone) == []
    lines = change_lines(change)
    assert lines[0] == 'Rule "hebdo" keeps its slots before 2026-12-01 (same UIDs); it now ends on 2026-11-30.'
    assert lines[1] == 'New rule "hebdo-2026-12-01" from 2026-12-01: every week on tue, thu at 12:30.'
    assert "  Tue 1 Dec 2026, 08:30 « Retour sur 10 ans d'atelier à la Croix-Rousse » (ready)" in lines


def test_default_date_is_after_today_and_after_the_last_published_post(linkedin):
    plan, li = linkedin
    # Published on Tue 24 Nov (today): the change can start tomorrow.
    assert default_change_date(li, "hebdo", date(2026, 11, 24), plan.blackout_days) == date(2026, 11, 25)
    published = replace(li, posts=tuple(replace(p, status="published") for p in li.posts))
    assert default_change_date(published, "hebdo", date(2026, 11, 24)) == date(2026, 12, 2)
    # Never before a published post, even seen from before the rule's start; without one, the start.
    assert default_change_date(li, "hebdo", date(2026, 8, 1)) == date(2026, 11, 25)
    assert default_change_date(replace(li, posts=()), "hebdo", date(2026, 8, 1)) == date(2026, 9, 1)


def test_a_one_off_post_on_a_new_slot_fills_it(linkedin):
    _, li = linkedin
    thursday = Post(at=datetime(2026, 12, 3, 12, 30), title="Jeudi", status="draft")
    li = replace(li, posts=tuple(sorted((*li.posts, thursday), key=lambda p: p.at)))
    tuesday = Post(at=datetime(2026, 12, 8, 8, 30), title="Mardi", status="idea")
    li = replace(li, posts=(*li.posts, tuesday))
    change = change_rule_from(li, "hebdo", date(2026, 12, 1), {"days": ("tue", "thu"), "times": NOON})
    assert change.adopted == (thursday,)
    assert [p.title for p in change.one_offs] == ["Retour sur 10 ans d'atelier à la Croix-Rousse", "Mardi"]
    assert change.refilled == ()
    # Same days, another time added: the posts at 08:30 keep a slot (of the new rule).
    both = change_rule_from(li, "hebdo", date(2026, 12, 1), {"times": (time(8, 30), time(12, 30))})
    assert [p.title for p in both.refilled] == ["Retour sur 10 ans d'atelier à la Croix-Rousse", "Mardi"]
    assert both.one_offs == ()
    filled = [s for s in expand_channel(both.channel, date(2026, 12, 1), date(2026, 12, 9)) if s.post]
    assert [(s.rule, s.post.title) for s in filled] == [
        ("hebdo-2026-12-01", "Retour sur 10 ans d'atelier à la Croix-Rousse"), (None, "Jeudi"),
        ("hebdo-2026-12-01", "Mardi")]


# --- count and skip dates ------------------------------------------------------------------


def test_a_count_rule_keeps_its_total_skipped_dates_included():
    # Mondays from 2 Nov 2026, 10 of them; 16 Nov and 14 Dec skipped (count still counts them).
    rule = weekly(days=("mon",), start=date(2026, 11, 2), count=10,
                  skip=(date(2026, 11, 16), date(2026, 12, 10)))
    channel = chan(rule)
    day = date(2026, 11, 25)  # a Wednesday: 2, 9, 16, 23 Nov are before it
    assert occurrences_before(rule, day) == 4
    change = change_rule_from(channel, "r", day, {"days": ("thu",)})
    assert (change.old.count, change.old.end, change.old.skip) == (4, None, (date(2026, 11, 16),))
    assert (change.new.count, change.new.end, change.new.skip) == (6, None, (date(2026, 12, 10),))
    # Six Thursdays from 26 Nov, 10 Dec skipped: five slots.
    assert planned(change.channel, day, date(2027, 3, 1), "r-2026-11-25") == [
        datetime(2026, 11, 26, 8, 30), datetime(2026, 12, 3, 8, 30), datetime(2026, 12, 17, 8, 30),
        datetime(2026, 12, 24, 8, 30), datetime(2026, 12, 31, 8, 30)]
    assert planned(change.channel, date(2026, 11, 1), day) == planned(channel, date(2026, 11, 1), day)
    assert "  count 6: the 10 occurrences stay the total." in change_lines(change)


def test_a_count_used_up_or_an_end_passed_leaves_nothing_to_change():
    rule = weekly(days=("mon",), start=date(2026, 11, 2), count=3)  # 2, 9, 16 Nov
    with pytest.raises(EditError, match=r'rule "r" has given all its 3 occurrences \(count\) before 2026-11-17'):
        change_rule_from(chan(rule), "r", date(2026, 11, 17), {"days": ("thu",)})
    ended = weekly(end=date(2026, 11, 30))
    with pytest.raises(EditError, match=r'rule "r" ends on 2026-11-30, before 2026-12-01'):
        change_rule_from(chan(ended), "r", date(2026, 12, 1), {"times": NOON})
    # Ending the day before: the old end passes to the new rule.
    change = change_rule_from(chan(ended), "r", date(2026, 11, 20), {"times": NOON})
    assert (change.old.end, change.new.end) == (date(2026, 11, 19), date(2026, 11, 30))


def test_errors_name_the_rule_and_the_problem():
    channel = chan(weekly())
    with pytest.raises(EditError, match=r'no rule "x"; rules: r'):
        change_rule_from(channel, "x", date(2026, 12, 1), {"times": NOON})
    with pytest.raises(EditError, match=r"label: not timing keys"):
        change_rule_from(channel, "r", date(2026, 12, 1), {"label": "Autre"})
    with pytest.raises(EditError, match=r'rule "r" already has this timing; nothing to change'):
        change_rule_from(channel, "r", date(2026, 12, 1), {"days": ("tue",)})
    with pytest.raises(EditError, match=r'2026-08-31 is before the start of rule "r" \(2026-09-01\)'):
        change_rule_from(channel, "r", date(2026, 8, 31), {"times": NOON})


# --- in place, ids, implicit days, rhythm ---------------------------------------------------


def test_no_occurrence_before_the_date_changes_the_rule_in_place():
    rule = weekly(days=("fri",), start=date(2026, 9, 1), pillars=("a", "b"))  # first slot Fri 4 Sep
    change = change_rule_from(chan(rule), "r", date(2026, 9, 3), {"days": ("thu",)})
    assert change.in_place and change.old is None
    assert [r.id for r in change.channel.rules] == ["r"]
    assert (change.new.start, change.new.days, change.new.pillars) == (date(2026, 9, 3), ("thu",), ("a", "b"))
    assert planned(change.channel, date(2026, 9, 1), date(2026, 9, 11)) == [
        datetime(2026, 9, 3, 8, 30), datetime(2026, 9, 10, 8, 30)]
    assert change_lines(change)[0].startswith('Rule "r" had no slot before 2026-09-03: changed as a whole')


def test_new_ids_are_derived_stable_and_unique():
    channel = chan(weekly(id="hebdo"), weekly(id="hebdo-2026-12-01"))
    assert new_rule_id(channel, "hebdo", date(2026, 12, 1)) == "hebdo-2026-12-01-2"
    assert new_rule_id(channel, "hebdo-2026-12-01", date(2027, 3, 2)) == "hebdo-2027-03-02"
    twice = change_rule_from(chan(weekly(id="hebdo")), "hebdo", date(2026, 12, 1), {"times": NOON})
    again = change_rule_from(twice.channel, "hebdo-2026-12-01", date(2027, 3, 2), {"days": ("wed",)})
    assert [r.id for r in again.channel.rules] == ["hebdo", "hebdo-2026-12-01", "hebdo-2027-03-02"]
    assert again.channel.rules[1].end == date(2027, 3, 1)


def test_days_taken_from_the_start_are_written_out():
    weekly_implicit = Rule(id="r", every="week", times=(time(9),), start=date(2026, 9, 1))  # Tuesdays
    change = change_rule_from(chan(weekly_implicit), "r", date(2026, 12, 2), {"times": NOON})
    assert change.new.days == ("tue",)
    assert planned(change.channel, date(2026, 12, 2), date(2026, 12, 16)) == [
        datetime(2026, 12, 8, 12, 30), datetime(2026, 12, 15, 12, 30)]
    # From the rule's own start nothing moves: in place, written as it was.
    whole = change_rule_from(chan(weekly_implicit), "r", date(2026, 9, 1), {"times": NOON})
    assert whole.in_place and whole.new == replace(weekly_implicit, times=NOON)
    raw = Rule(id="r", rrule="FREQ=WEEKLY", times=(time(9),), start=date(2026, 9, 1))
    assert change_rule_from(chan(raw), "r", date(2026, 12, 2), {"times": NOON}).new.rrule == "FREQ=WEEKLY;BYDAY=TU"
    # A new frequency takes its days from the new start, as a rule written from scratch would.
    monthly = change_rule_from(chan(weekly_implicit), "r", date(2026, 12, 2), {"every": "month"})
    assert monthly.new.days == () and monthly.new.monthdays == ()
    assert planned(monthly.channel, date(2026, 12, 2), date(2027, 2, 3)) == [
        datetime(2026, 12, 2, 9), datetime(2027, 1, 2, 9), datetime(2027, 2, 2, 9)]


def test_every_other_week_keeps_its_weeks():
    # On weeks from Tue 1 Sep: 1, 15, 29 Sep ... 24 Nov, 8 Dec, 22 Dec.
    rule = weekly(interval=2)
    off_week = change_rule_from(chan(rule), "r", date(2026, 12, 1), {"times": NOON})
    assert off_week.new.start == date(2026, 12, 7)
    assert planned(off_week.channel, date(2026, 11, 23), date(2027, 1, 1)) == [
        datetime(2026, 11, 24, 8, 30), datetime(2026, 12, 8, 12, 30), datetime(2026, 12, 22, 12, 30)]
    assert "  (its every-2 rhythm continues: first period on or after 2026-12-01 starts 2026-12-07)" in change_lines(off_week)
    on_week = change_rule_from(chan(rule), "r", date(2026, 12, 9), {"days": ("wed", "thu")})
    assert on_week.new.start == date(2026, 12, 9)
    assert planned(on_week.channel, date(2026, 12, 7), date(2026, 12, 28)) == [
        datetime(2026, 12, 8, 8, 30), datetime(2026, 12, 9, 8, 30), datetime(2026, 12, 10, 8, 30),
        datetime(2026, 12, 23, 8, 30), datetime(2026, 12, 24, 8, 30)]
    # A new interval counts from the date.
    every_third = change_rule_from(chan(rule), "r", date(2026, 12, 1), {"interval": 3})
    assert every_third.new.start == date(2026, 12, 1)
    assert planned(every_third.channel, date(2026, 12, 1), date(2027, 1, 1)) == [
        datetime(2026, 12, 1, 8, 30), datetime(2026, 12, 22, 8, 30)]
    # Every other month from September (Sep, Nov, Jan): from 5 Dec, January.
    bimonthly = Rule(id="r", every="month", interval=2, monthdays=(1,), times=(time(9),), start=date(2026, 9, 1))
    assert change_rule_from(chan(bimonthly), "r", date(2026, 12, 5), {"times": NOON}).new.start == date(2027, 1, 1)


# --- month ends and daylight saving ------------------------------------------------------------


def test_month_ends():
    # Every month from 31 Aug (the 31st, months without one skipped): written out as monthdays = [31].
    rule = Rule(id="r", every="month", times=(time(9),), start=date(2026, 8, 31))
    change = change_rule_from(chan(rule), "r", date(2026, 11, 15), {"times": NOON})
    assert change.new.monthdays == (31,)
    assert planned(change.channel, date(2026, 8, 1), date(2027, 4, 1)) == [
        datetime(2026, 8, 31, 9), datetime(2026, 10, 31, 9),
        datetime(2026, 12, 31, 12, 30), datetime(2027, 1, 31, 12, 30), datetime(2027, 3, 31, 12, 30)]
    last = Rule(id="r", every="month", monthdays=(-1,), times=(time(9),), start=date(2026, 9, 1))
    change = change_rule_from(chan(last), "r", date(2027, 2, 1), {"times": NOON})
    assert planned(change.channel, date(2027, 1, 1), date(2027, 4, 1)) == [
        datetime(2027, 1, 31, 9), datetime(2027, 2, 28, 12, 30), datetime(2027, 3, 31, 12, 30)]


def test_across_the_spring_forward_night_the_past_keeps_its_instants():
    rule = Rule(id="r", every="day", times=(time(2, 30),), start=date(2027, 3, 25))
    channel = chan(rule)
    day = date(2027, 3, 28)  # 02:30 does not exist in Paris that night
    change = change_rule_from(channel, "r", day, {"times": (time(2, 30), time(9))})
    assert facts(change.channel, date(2027, 3, 25), day) == facts(channel, date(2027, 3, 25), day)
    slots = expand_channel(change.channel, date(2027, 3, 27), date(2027, 3, 29))
    assert [(s.rule, s.start.isoformat()) for s in slots] == [
        ("r", "2027-03-27T02:30:00+01:00"),
        ("r-2027-03-28", "2027-03-28T03:30:00+02:00"),
        ("r-2027-03-28", "2027-03-28T09:00:00+02:00"),
    ]


def test_the_date_is_the_channels_local_date():
    # 23:30 in Auckland is 10:30 UTC the same day: the slot of the 30th belongs to the old rule.
    rule = Rule(id="r", every="day", times=(time(23, 30),), start=date(2026, 11, 1))
    change = change_rule_from(chan(rule, tz="Pacific/Auckland"), "r", date(2026, 12, 1), {"times": (time(7),)})
    slots = expand_channel(change.channel, date(2026, 11, 30), date(2026, 12, 2))
    assert [(s.rule, s.start.isoformat()) for s in slots] == [
        ("r", "2026-11-30T23:30:00+13:00"), ("r-2026-12-01", "2026-12-01T07:00:00+13:00")]
    assert slots[0].uid == "c.r.20261130T2330@calendar-app"


# --- keys -------------------------------------------------------------------------------------


def test_timing_changes_and_retimed():
    rule = weekly(label="Mardi", pillars=("a",))
    assert timing_changes(rule, replace(rule, label="Autre", pillars=("b",))) == {}
    assert timing_changes(rule, replace(rule, days=("thu",), label="Autre")) == {"days": ("thu",)}
    raw = retimed(rule, {"rrule": "FREQ=MONTHLY;BYDAY=1TU"})
    assert (raw.rrule, raw.every, raw.days) == ("FREQ=MONTHLY;BYDAY=1TU", None, ())
    back = retimed(raw, {"every": "week", "days": ("mon",)})
    assert (back.rrule, back.every, back.days) == (None, "week", ("mon",))
