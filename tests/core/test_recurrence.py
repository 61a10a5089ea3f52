"""Rule expansion: every rule form, DST both ways, window bounds, skips, blackouts, pillars."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest

from calendar_app.core.model import Channel, KeyDate, Plan, Post, Rule
from calendar_app.core.recurrence import expand, expand_channel, localize, zone

UTC = timezone.utc


def channel(*rules: Rule, tz: str = "Europe/Paris", posts=(), **kw) -> Channel:
    return Channel(id="insta", name="Instagram", timezone=tz, rules=tuple(rules),
                   posts=tuple(sorted(posts, key=lambda p: p.at)), **kw)


def rule(**kw) -> Rule:
    kw.setdefault("id", "r")
    kw.setdefault("times", (time(18, 0),))
    kw.setdefault("start", date(2026, 1, 1))
    kw.setdefault("every", "week")
    return Rule(**kw)


def walls(slots) -> list[str]:
    return [s.planned.strftime("%Y-%m-%d %H:%M") for s in slots]


def starts(slots) -> list[str]:
    return [s.start.isoformat() for s in slots]


# --- rule forms ---------------------------------------------------------------------------

def test_weekly_mon_wed_fri():
    ch = channel(rule(days=("mon", "wed", "fri"), start=date(2026, 11, 1)))
    slots = expand_channel(ch, date(2026, 11, 23), date(2026, 12, 1))
    assert walls(slots) == ["2026-11-23 18:00", "2026-11-25 18:00", "2026-11-27 18:00", "2026-11-30 18:00"]
    assert all(s.rule == "r" and s.status == "open" for s in slots)
    assert slots[0].end - slots[0].start == timedelta(minutes=30)


def test_weekly_without_days_uses_the_start_weekday():
    ch = channel(rule(start=date(2026, 11, 4)))  # a Wednesday
    assert walls(expand_channel(ch, date(2026, 11, 1), date(2026, 11, 19))) == [
        "2026-11-04 18:00", "2026-11-11 18:00", "2026-11-18 18:00"]


def test_every_other_thursday_keeps_the_phase_of_start():
    ch = channel(rule(days=("thu",), interval=2, start=date(2026, 9, 3), times=(time(10, 0),)))
    slots = expand_channel(ch, date(2026, 11, 1), date(2026, 12, 31))
    assert walls(slots) == ["2026-11-12 10:00", "2026-11-26 10:00", "2026-12-10 10:00", "2026-12-24 10:00"]


def test_first_tuesday_and_last_friday_of_the_month():
    first = channel(rule(every="month", days=("1tue",), start=date(2026, 9, 1), times=(time(9, 0),)))
    assert walls(expand_channel(first, date(2026, 11, 1), date(2027, 2, 1))) == [
        "2026-11-03 09:00", "2026-12-01 09:00", "2027-01-05 09:00"]
    last = channel(rule(every="month", days=("-1fri",), start=date(2026, 9, 1), times=(time(7, 0),)))
    assert walls(expand_channel(last, date(2026, 11, 1), date(2027, 2, 1))) == [
        "2026-11-27 07:00", "2026-12-25 07:00", "2027-01-29 07:00"]


def test_monthday_31_skips_short_months():
    ch = channel(rule(every="month", monthdays=(31,), start=date(2026, 1, 1)))
    slots = expand_channel(ch, date(2026, 1, 1), date(2027, 1, 1))
    assert [s.planned.date().isoformat() for s in slots] == [
        "2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31", "2026-08-31", "2026-10-31", "2026-12-31"]


def test_monthdays_first_fifteenth_and_last():
    ch = channel(rule(every="month", monthdays=(1, 15, -1), start=date(2027, 2, 1)))
    assert [s.planned.day for s in expand_channel(ch, date(2027, 2, 1), date(2027, 4, 1))] == [1, 15, 28, 1, 15, 31]


def test_daily_with_two_times_and_yearly():
    daily = channel(rule(every="day", times=(time(9, 0), time(18, 30)), start=date(2026, 11, 30)))
    assert walls(expand_channel(daily, date(2026, 11, 30), date(2026, 12, 2))) == [
        "2026-11-30 09:00", "2026-11-30 18:30", "2026-12-01 09:00", "2026-12-01 18:30"]
    yearly = channel(rule(every="year", start=date(2026, 11, 27)))
    assert walls(expand_channel(yearly, date(2026, 1, 1), date(2029, 1, 1))) == [
        "2026-11-27 18:00", "2027-11-27 18:00", "2028-11-27 18:00"]


def test_raw_rrule_text_matches_the_structured_form():
    raw = channel(rule(every=None, rrule="FREQ=MONTHLY;BYDAY=-1FR", start=date(2026, 9, 1)))
    structured = channel(rule(every="month", days=("-1fri",), start=date(2026, 9, 1)))
    window = (date(2026, 9, 1), date(2027, 9, 1))
    assert walls(expand_channel(raw, *window)) == walls(expand_channel(structured, *window))
    prefixed = channel(rule(every=None, rrule="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", start=date(2026, 9, 3)))
    assert walls(expand_channel(prefixed, date(2026, 9, 1), date(2026, 10, 1))) == [
        "2026-09-03 18:00", "2026-09-17 18:00"]


def test_start_that_does_not_match_is_not_a_slot():
    ch = channel(rule(days=("mon",), start=date(2026, 11, 25)))  # a Wednesday
    assert walls(expand_channel(ch, date(2026, 11, 20), date(2026, 12, 3))) == ["2026-11-30 18:00"]


# --- end, count, skip, blackout -----------------------------------------------------------

def test_end_is_inclusive():
    ch = channel(rule(every="day", start=date(2026, 11, 1), end=date(2026, 11, 3)))
    assert walls(expand_channel(ch, date(2026, 10, 1), date(2026, 12, 1))) == [
        "2026-11-01 18:00", "2026-11-02 18:00", "2026-11-03 18:00"]


def test_count_includes_skipped_occurrences():
    ch = channel(rule(every="day", start=date(2026, 11, 1), count=4, skip=(date(2026, 11, 2),)))
    assert walls(expand_channel(ch, date(2026, 10, 1), date(2026, 12, 1))) == [
        "2026-11-01 18:00", "2026-11-03 18:00", "2026-11-04 18:00"]


def test_count_counts_each_time_of_a_day():
    ch = channel(rule(every="day", start=date(2026, 11, 1), count=3, times=(time(9, 0), time(18, 0))))
    assert walls(expand_channel(ch, date(2026, 10, 1), date(2026, 12, 1))) == [
        "2026-11-01 09:00", "2026-11-01 18:00", "2026-11-02 09:00"]


def test_count_holds_when_the_window_starts_later():
    ch = channel(rule(every="day", start=date(2026, 11, 1), count=5))
    assert walls(expand_channel(ch, date(2026, 11, 4), date(2026, 12, 1))) == ["2026-11-04 18:00", "2026-11-05 18:00"]


def test_blackout_removes_rule_slots_but_keeps_posts():
    post = Post(at=datetime(2026, 12, 25, 10, 0), title="Joyeux Noël 🎄", status="scheduled")
    on_slot = Post(at=datetime(2026, 12, 24, 18, 0), title="Veille de Noël", status="ready")
    ch = channel(rule(every="day", start=date(2026, 12, 1)), posts=(post, on_slot))
    plan = Plan(channels=(ch,), key_dates=(KeyDate(date(2026, 12, 24), "Fermeture", end=date(2026, 12, 25), blackout=True),
                                           KeyDate(date(2026, 12, 26), "Pas blackout")))
    slots = expand(plan, date(2026, 12, 23), date(2026, 12, 27))
    assert [(w, s.rule, s.title) for w, s in zip(walls(slots), slots)] == [
        ("2026-12-23 18:00", "r", None),
        ("2026-12-24 18:00", None, "Veille de Noël"),
        ("2026-12-25 10:00", None, "Joyeux Noël 🎄"),
        ("2026-12-26 18:00", "r", None),
    ]


# --- posts ----------------------------------------------------------------------------------

def test_post_fills_the_slot_at_its_planned_time_and_keeps_the_uid():
    ch = channel(rule(days=("mon",), start=date(2026, 11, 2)))
    before = expand_channel(ch, date(2026, 11, 23), date(2026, 11, 24))
    filled = replace(ch, posts=(Post(at=datetime(2026, 11, 23, 18, 0), title="Les coulisses", status="draft"),))
    after = expand_channel(filled, date(2026, 11, 23), date(2026, 11, 24))
    assert len(after) == 1 and after[0].title == "Les coulisses" and after[0].status == "draft"
    assert after[0].uid == before[0].uid == "insta.r.20261123T1800@calendar-app"


def test_post_at_another_time_is_a_one_off_slot():
    ch = channel(rule(days=("mon",), start=date(2026, 11, 2)),
                 posts=(Post(at=datetime(2026, 11, 23, 19, 0), title="Live"),))
    slots = expand_channel(ch, date(2026, 11, 23), date(2026, 11, 24))
    assert [(s.rule, s.status, s.title) for s in slots] == [("r", "open", None), (None, "idea", "Live")]
    assert slots[1].uid == "insta.post.20261123T1900@calendar-app"


def test_two_one_off_posts_at_the_same_minute_get_distinct_uids():
    posts = (Post(at=datetime(2026, 11, 23, 19, 0), title="A"), Post(at=datetime(2026, 11, 23, 19, 0), title="B"))
    slots = expand_channel(channel(posts=posts), date(2026, 11, 23), date(2026, 11, 24))
    assert [s.uid for s in slots] == ["insta.post.20261123T1900@calendar-app", "insta.post.20261123T1900-2@calendar-app"]


def test_uid_is_stable_when_other_slots_change():
    base = channel(rule(days=("mon", "wed"), start=date(2026, 11, 2)))
    edited = replace(base, posts=(Post(at=datetime(2026, 11, 23, 18, 0), title="x"),
                                  Post(at=datetime(2026, 11, 24, 7, 0), title="y")))
    def uid(ch):
        return {s.planned: s.uid for s in expand_channel(ch, date(2026, 11, 23), date(2026, 11, 30))}

    assert uid(base)[datetime(2026, 11, 25, 18, 0)] == uid(edited)[datetime(2026, 11, 25, 18, 0)]


# --- pillars --------------------------------------------------------------------------------

def test_pillar_rotation_is_the_same_whatever_the_window():
    r = rule(days=("mon", "wed", "fri"), start=date(2026, 9, 7), pillars=("a", "b", "c"))
    ch = channel(r)
    full = {s.planned: s.pillar for s in expand_channel(ch, date(2026, 9, 1), date(2027, 1, 1))}
    part = {s.planned: s.pillar for s in expand_channel(ch, date(2026, 11, 18), date(2026, 11, 30))}
    assert part and all(full[k] == v for k, v in part.items())
    assert [full[datetime(2026, 9, d, 18)] for d in (7, 9, 11, 14)] == ["a", "b", "c", "a"]


def test_a_skip_does_not_reshuffle_later_pillars():
    r = rule(days=("mon", "wed", "fri"), start=date(2026, 9, 7), pillars=("a", "b", "c"))
    window = (date(2026, 11, 1), date(2026, 12, 1))
    plain = {s.planned: s.pillar for s in expand_channel(channel(r), *window)}
    skipped = {s.planned: s.pillar for s in expand_channel(channel(replace(r, skip=(date(2026, 11, 4),))), *window)}
    assert datetime(2026, 11, 4, 18) not in skipped
    assert all(plain[k] == v for k, v in skipped.items())


def test_post_pillar_overrides_rotation():
    r = rule(days=("mon",), start=date(2026, 11, 2), pillars=("a", "b"))
    ch = channel(r, posts=(Post(at=datetime(2026, 11, 2, 18), pillar="z"),))
    assert [s.pillar for s in expand_channel(ch, date(2026, 11, 1), date(2026, 11, 17))] == ["z", "b", "a"]


# --- time zones and DST ---------------------------------------------------------------------

@pytest.mark.parametrize("tz, day, expected", [
    # Europe/Paris: spring forward 2026-03-29 02:00 -> 03:00; fall back 2026-10-25 03:00 -> 02:00
    ("Europe/Paris", date(2026, 3, 28), "2026-03-28T09:00:00+01:00"),
    ("Europe/Paris", date(2026, 3, 30), "2026-03-30T09:00:00+02:00"),
    ("Europe/Paris", date(2026, 10, 24), "2026-10-24T09:00:00+02:00"),
    ("Europe/Paris", date(2026, 10, 26), "2026-10-26T09:00:00+01:00"),
    # Australia/Sydney: DST ends 2026-04-05 03:00 -> 02:00, starts 2026-10-04 02:00 -> 03:00
    ("Australia/Sydney", date(2026, 4, 4), "2026-04-04T09:00:00+11:00"),
    ("Australia/Sydney", date(2026, 4, 6), "2026-04-06T09:00:00+10:00"),
    ("Australia/Sydney", date(2026, 10, 3), "2026-10-03T09:00:00+10:00"),
    ("Australia/Sydney", date(2026, 10, 5), "2026-10-05T09:00:00+11:00"),
])
def test_wall_clock_time_is_kept_across_dst(tz, day, expected):
    ch = channel(rule(every="day", start=date(2026, 1, 1), times=(time(9, 0),)), tz=tz)
    slots = expand_channel(ch, day, day + timedelta(days=1))
    assert starts(slots) == [expected]


@pytest.mark.parametrize("tz, day, expected_start, expected_utc", [
    ("Europe/Paris", date(2026, 3, 29), "2026-03-29T03:30:00+02:00", "2026-03-29T01:30:00+00:00"),   # gap
    ("Europe/Paris", date(2026, 10, 25), "2026-10-25T02:30:00+02:00", "2026-10-25T00:30:00+00:00"),  # fold: first
    ("Australia/Sydney", date(2026, 10, 4), "2026-10-04T03:30:00+11:00", "2026-10-03T16:30:00+00:00"),
    ("Australia/Sydney", date(2026, 4, 5), "2026-04-05T02:30:00+11:00", "2026-04-04T15:30:00+00:00"),
])
def test_nonexistent_and_ambiguous_local_times(tz, day, expected_start, expected_utc):
    ch = channel(rule(every="day", start=date(2026, 1, 1), times=(time(2, 30),)), tz=tz)
    (slot,) = expand_channel(ch, day, day + timedelta(days=1))
    assert slot.start.isoformat() == expected_start
    assert slot.start.astimezone(UTC).isoformat() == expected_utc
    assert slot.planned == datetime.combine(day, time(2, 30))


def test_slot_end_is_real_elapsed_duration_across_the_fall_back_hour():
    ch = channel(rule(every="day", start=date(2026, 1, 1), times=(time(2, 30),)), duration=timedelta(hours=1))
    (slot,) = expand_channel(ch, date(2026, 10, 25), date(2026, 10, 26))
    # Same-zone datetimes subtract by wall clock in Python; elapsed time is measured in UTC.
    assert slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == timedelta(hours=1)
    assert slot.end.isoformat() == "2026-10-25T02:30:00+01:00"  # the repeated 02:30


def test_localize_matches_rfc_5545_examples():
    paris = zone("Europe/Paris")
    assert localize(datetime(2026, 3, 29, 2, 30), paris).astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_window_starts_and_ends_at_local_midnight_in_each_zone():
    tokyo = replace(channel(rule(every="day", start=date(2026, 1, 1), times=(time(0, 30), time(23, 30))),
                            tz="Asia/Tokyo"), id="tokyo")
    paris = channel(rule(every="day", start=date(2026, 1, 1), times=(time(0, 30), time(23, 30))))
    plan = Plan(channels=(tokyo, paris))
    slots = expand(plan, date(2026, 11, 24), date(2026, 11, 25))
    assert sorted((s.channel, s.start.isoformat()) for s in slots) == [
        ("insta", "2026-11-24T00:30:00+01:00"), ("insta", "2026-11-24T23:30:00+01:00"),
        ("tokyo", "2026-11-24T00:30:00+09:00"), ("tokyo", "2026-11-24T23:30:00+09:00")]
    assert [s.start for s in slots] == sorted(s.start for s in slots)


def test_ten_year_window_of_an_open_ended_daily_rule_is_bounded():
    ch = channel(rule(every="day", start=date(2026, 1, 1)))
    slots = expand_channel(ch, date(2026, 1, 1), date(2036, 1, 1))
    assert len(slots) == (date(2036, 1, 1) - date(2026, 1, 1)).days
    assert slots[-1].planned == datetime(2035, 12, 31, 18, 0)


def test_window_far_after_start_without_pillars_or_count():
    ch = channel(rule(every="day", start=date(1990, 1, 1)))
    slots = expand_channel(ch, date(2150, 6, 1), date(2150, 6, 3))
    assert walls(slots) == ["2150-06-01 18:00", "2150-06-02 18:00"]
