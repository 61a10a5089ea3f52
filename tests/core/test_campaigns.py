"""Campaign steps placed from the anchor: offsets, times across a DST change and a month end, next/previous
rule slots, rule-slot fill versus one-off, UIDs that survive an anchor move, landing problems."""

from __future__ import annotations

from datetime import date, datetime, time

from calendar_app.core.campaigns import anchor_moved, landings, parse_offset, resolve, step_at, with_steps
from calendar_app.core.model import Campaign, CampaignStep, Channel, KeyDate, Plan, Post, Rule
from calendar_app.core.recurrence import expand

# LinkedIn: Tuesdays 08:30 from 2026-09-01; a one-off post on Tuesday 2026-12-15 08:30.
LINKEDIN = Channel("linkedin", "LinkedIn", "Europe/Paris",
                   rules=(Rule("hebdo", (time(8, 30),), date(2026, 9, 1), every="week", days=("tue",)),),
                   posts=(Post(datetime(2026, 12, 15, 8, 30), "Déjà là", "ready"),))
INSTAGRAM = Channel("instagram", "Instagram", "Europe/Paris")
NOEL = KeyDate(date(2026, 12, 24), "Noël 🎄", end=date(2026, 12, 26), blackout=True)


def step(channel="instagram", offset=0, at=None, slot=None, title="Teaser é 🎉", text=""):
    return CampaignStep(channel, offset, at, slot, title=title, offset_text=text)


def plan_with(*steps, anchor=date(2026, 12, 4)) -> Plan:
    return Plan(channels=(INSTAGRAM, LINKEDIN), key_dates=(NOEL,),
                campaigns=(Campaign("salon", "Salon 🎉", anchor, steps=tuple(steps)),))


def test_offsets_in_days_and_weeks():
    assert [parse_offset(t) for t in ("-7d", "+1d", "0d", "+0d", "+2w", "-1w")] == [-7, 1, 0, 0, 14, -7]
    assert [parse_offset(t) for t in ("7", "-d", "+2m", "1.5d", "")] == [None] * 5


def test_a_time_step_keeps_its_wall_clock_across_the_dst_change():
    # Anchor Friday 2026-10-30 (UTC+1); -7d is Friday 2026-10-23, before the change of 25 October (UTC+2).
    s = step(offset=-7, at=time(18, 0))
    assert step_at(INSTAGRAM, s, date(2026, 10, 30)) == datetime(2026, 10, 23, 18, 0)
    plan = with_steps(plan_with(s, anchor=date(2026, 10, 30)))
    (slot,) = [x for x in expand(plan, date(2026, 10, 19), date(2026, 11, 2)) if x.campaign]
    assert slot.start.isoformat() == "2026-10-23T18:00:00+02:00"


def test_offsets_cross_a_month_end():
    assert step_at(INSTAGRAM, step(offset=-1, at=time(9, 0)), date(2026, 12, 1)) == datetime(2026, 11, 30, 9, 0)
    assert step_at(INSTAGRAM, step(offset=14, at=time(9, 0)), date(2026, 11, 20)) == datetime(2026, 12, 4, 9, 0)


def test_next_and_previous_take_the_channel_rule_slots():
    # Anchor Friday 2026-12-04: next Tuesday is 12-08, the previous one 12-01; a Tuesday itself is its own.
    assert step_at(LINKEDIN, step("linkedin", 0, slot="next"), date(2026, 12, 4)) == datetime(2026, 12, 8, 8, 30)
    assert step_at(LINKEDIN, step("linkedin", 0, slot="previous"), date(2026, 12, 4)) == datetime(2026, 12, 1, 8, 30)
    assert step_at(LINKEDIN, step("linkedin", 4, slot="next"), date(2026, 12, 4)) == datetime(2026, 12, 8, 8, 30)
    assert step_at(LINKEDIN, step("linkedin", -3, slot="previous"), date(2026, 12, 4)) == datetime(2026, 12, 1, 8, 30)
    # Before the rule starts there is no previous slot.
    assert step_at(LINKEDIN, step("linkedin", 0, slot="previous"), date(2026, 8, 31)) is None


def test_a_step_fills_the_rule_slot_it_lands_on_else_it_is_a_one_off():
    plan = with_steps(plan_with(step("linkedin", 4, slot="next", title="Retour"),
                                step("linkedin", 5, at=time(12, 0), title="Midi")))
    assert LINKEDIN.posts == plan.channel("linkedin").posts  # steps never enter the channel file's posts
    slots = [s for s in expand(plan, date(2026, 12, 7), date(2026, 12, 10))]
    assert [(s.planned, s.rule, s.title, s.campaign) for s in slots] == [
        (datetime(2026, 12, 8, 8, 30), "hebdo", "Retour", "salon"),
        (datetime(2026, 12, 9, 12, 0), None, "Midi", "salon"),
    ]
    assert [s.uid for s in slots] == ["linkedin.campaign-salon.0@calendar-app", "linkedin.campaign-salon.1@calendar-app"]


def test_uids_do_not_change_when_the_anchor_moves():
    s = step("linkedin", 0, slot="next")
    before = [x for x in expand(with_steps(plan_with(s)), date(2026, 12, 1), date(2026, 12, 31)) if x.campaign]
    after = [x for x in expand(with_steps(plan_with(s, anchor=date(2026, 12, 18))), date(2026, 12, 1),
                               date(2026, 12, 31)) if x.campaign]
    assert [x.planned for x in before] == [datetime(2026, 12, 8, 8, 30)]
    assert [x.planned for x in after] == [datetime(2026, 12, 22, 8, 30)]
    assert [x.uid for x in before] == [x.uid for x in after] == ["linkedin.campaign-salon.0@calendar-app"]


def test_landings_name_a_blackout_day_and_a_taken_slot():
    plan = with_steps(plan_with(step("instagram", -1, at=time(18, 0)), step("linkedin", 0, slot="previous")))
    campaign = plan.campaigns[0]
    # Anchor 2026-12-15: instagram lands on 12-14 (free), linkedin on Tuesday 12-15 08:30, the post's.
    got = [(x.index, x.at, x.problem) for x in landings(plan, campaign, date(2026, 12, 15))]
    assert got == [(0, datetime(2026, 12, 14, 18, 0), None),
                   (1, datetime(2026, 12, 15, 8, 30), "slot taken by « Déjà là »")]
    # Anchor 2026-12-26: instagram on 12-25 (Noël), linkedin on Tuesday 12-22.
    got = [(x.index, x.at, x.problem) for x in landings(plan, campaign, date(2026, 12, 26))]
    assert got == [(0, datetime(2026, 12, 25, 18, 0), "blackout day: Noël 🎄"), (1, datetime(2026, 12, 22, 8, 30), None)]
    assert resolve(plan, campaign) == [datetime(2026, 12, 3, 18, 0), datetime(2026, 12, 1, 8, 30)]


def test_anchor_moved_changes_only_the_anchor_line():
    text = '# é 🎉\n[campaign]\nname = "Salon"\nanchor = 2026-12-04   # ouverture\n\n[[step]]\noffset = "-7d"\n'
    assert anchor_moved(text, date(2026, 12, 18)) == text.replace("2026-12-04", "2026-12-18")
    timed = 'anchor = 2026-12-04T09:30:00\n'
    assert anchor_moved(timed, date(2027, 1, 2)) == 'anchor = 2027-01-02T09:30:00\n'
