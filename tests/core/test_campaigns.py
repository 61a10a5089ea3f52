"""Placing campaign steps: every offset and slot form, across a DST change and a month end."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from calendar_app.core.campaigns import attach, format_offset, place_steps, with_campaign
from calendar_app.core.model import Campaign, CampaignStep, Channel, KeyDate, Plan, Rule
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import run_check

MONDAYS = Rule(id="lundi", times=(time(18, 0),), start=date(2026, 9, 7), every="week", days=("mon",))
NIGHT = Rule(id="nuit", times=(time(2, 30),), start=date(2027, 3, 1), every="day")
CHANNEL = Channel(id="insta", name="Insta", timezone="Europe/Paris", rules=(MONDAYS, NIGHT))


def plan(*key_dates: KeyDate) -> Plan:
    return Plan(channels=(CHANNEL,), key_dates=key_dates)


def places(anchor, *steps: CampaignStep, p: Plan | None = None) -> list:
    campaign = Campaign(id="c", name="Lancement é 🎉", anchor=anchor,
                        steps=tuple(replace_index(s, i) for i, s in enumerate(steps)))
    return [(pl.at, pl.problem) for pl in place_steps(campaign, p or plan())]


def replace_index(step: CampaignStep, i: int) -> CampaignStep:
    from dataclasses import replace
    return replace(step, index=i)


def test_offsets_across_a_month_end():
    # 2027-01-31 + 1 day is 1 February; + 2 weeks is 14 February; - 1 week is 24 January
    assert places(date(2027, 1, 31),
                  CampaignStep("insta", offset=1, time=time(9, 0)),
                  CampaignStep("insta", offset=14, time=time(9, 0)),
                  CampaignStep("insta", offset=-7, time=time(9, 0)),
                  CampaignStep("insta", offset=0, time=time(9, 0))) == [
        (datetime(2027, 2, 1, 9, 0), None), (datetime(2027, 2, 14, 9, 0), None),
        (datetime(2027, 1, 24, 9, 0), None), (datetime(2027, 1, 31, 9, 0), None)]


def test_next_and_previous_slot_across_a_month_end():
    # Saturday 2027-02-27: the next rule slot is the first 02:30 of the daily rule, 1 March;
    # 26 days earlier is Monday 1 February, whose 18:00 slot is the last one through that day
    assert places(date(2027, 2, 27),
                  CampaignStep("insta", slot="next"), CampaignStep("insta", offset=-26, slot="previous")) == [
        (datetime(2027, 3, 1, 2, 30), None), (datetime(2027, 2, 1, 18, 0), None)]


def test_previous_on_the_day_itself_and_blackouts_skipped():
    # the whole anchor day counts for "previous": Monday 2026-12-07 18:00 itself
    assert places(date(2026, 12, 7), CampaignStep("insta", slot="previous")) == [(datetime(2026, 12, 7, 18, 0), None)]
    # a blackout on 2026-12-07 removes that slot: "next" from the 7th is the 14th
    closed = plan(KeyDate(date(2026, 12, 7), "Fermé", blackout=True))
    assert places(date(2026, 12, 7), CampaignStep("insta", slot="next"), p=closed) == [
        (datetime(2026, 12, 14, 18, 0), None)]


def test_a_step_on_the_spring_forward_night():
    # 2027-03-28 is the last Sunday of March: 02:30 does not exist in Paris; the step fills the
    # "nuit" rule slot, which starts at 03:30+02:00 (01:30Z), as rule slots do
    campaign = Campaign(id="c", name="Nuit", anchor=date(2027, 3, 27),
                        steps=(CampaignStep("insta", offset=1, time=time(2, 30), id="nuit"),))
    p = with_campaign(plan(), campaign)
    slots = [s for s in expand(p, date(2027, 3, 28), date(2027, 3, 29)) if s.campaign == "c"]
    assert [(s.uid, s.rule, s.start.isoformat()) for s in slots] == [
        ("insta.campaign-c.nuit@calendar-app", "nuit", "2027-03-28T03:30:00+02:00")]


def test_a_date_time_anchor_across_the_fall_back_change():
    # anchor 2027-10-30 20:00 (CEST); +1d at the anchor's time is 2027-10-31 20:00 CET, a one-off
    campaign = Campaign(id="c", name="Automne", anchor=datetime(2027, 10, 30, 20, 0),
                        steps=(CampaignStep("insta", offset=1),))
    p = with_campaign(plan(), campaign)
    slots = [s for s in expand(p, date(2027, 10, 31), date(2027, 11, 1)) if s.campaign == "c"]
    assert [(s.uid, s.rule, s.start.isoformat()) for s in slots] == [
        ("insta.campaign-c.1@calendar-app", None, "2027-10-31T20:00:00+01:00")]


def test_no_rule_slot_within_a_year():
    bare = Plan(channels=(Channel(id="insta", name="Insta", timezone="Europe/Paris"),))
    assert places(date(2026, 12, 4), CampaignStep("insta", slot="next"), p=bare) == [
        (None, 'no rule slot of "insta" within a year from 2026-12-04; give the step a time = "HH:MM"')]


def test_attach_replaces_stale_campaign_posts():
    campaign = Campaign(id="c", name="x", anchor=date(2026, 12, 7), steps=(CampaignStep("insta", time=time(9, 0)),))
    p = with_campaign(plan(), campaign)
    assert [post.at for post in p.channel("insta").campaign_posts] == [datetime(2026, 12, 7, 9, 0)]
    assert attach(p, [], {}).channel("insta").campaign_posts == ()


def test_format_offset():
    assert [format_offset(d) for d in (-7, 0, 1, 14)] == ["-7d", "0d", "+1d", "+14d"]


def test_check_problems_about_a_campaign_step_name_its_campaign():
    # Monday 7 December 18:00: a draft step fills the rule slot, within the 3-day lead time from today
    # 6 December; the 7-day gaps around it pass max_gap 3 days, from the file's rule slot of 30 November
    # and from the step
    channel = replace(CHANNEL, lead_time=timedelta(days=3), max_gap=timedelta(days=3))
    campaign = Campaign(id="c", name="Lancement", anchor=date(2026, 12, 7),
                        steps=(CampaignStep("insta", slot="next", status="draft", title="Teaser"),))
    p = with_campaign(Plan(channels=(channel,)), campaign)
    _, report = run_check(p, date(2026, 12, 6), weeks=2)
    problems = report.channels[0].problems
    step = "insta.campaign-c.1@calendar-app"
    assert {(pr.kind, pr.campaign) for pr in problems if pr.uid == step} == {("open_due", "c"), ("gap", "c")}
    others = [pr for pr in problems if pr.uid != step]
    assert others and all(pr.campaign is None for pr in others)
