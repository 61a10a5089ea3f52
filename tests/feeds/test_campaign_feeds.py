"""Campaign steps in the feeds: the campaign's name in CATEGORIES and DESCRIPTION, UIDs and SEQUENCE across a move."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone

import icalendar

from calendar_app.core.campaigns import with_campaign
from calendar_app.core.model import Campaign, CampaignStep, Channel, Plan, Rule
from calendar_app.feeds.render import build_feeds

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
LATER = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
FEED = Rule(id="feed", times=(time(18, 0),), start=date(2026, 9, 7), every="week", days=("mon", "wed", "fri"))
INSTAGRAM = Channel(id="instagram", name="Instagram", timezone="Europe/Paris", rules=(FEED,))
CAMPAIGN = Campaign(id="salon", name="Salon des Métiers d'Art 🎉", anchor=date(2026, 12, 4), steps=(
    CampaignStep("instagram", offset=-2, time=time(18, 0), title="Teaser é", id="teaser", index=0),
    CampaignStep("instagram", offset=0, time=time(9, 0), title="Ouverture", id="ouverture", index=1),
))
WINDOW = (date(2026, 11, 30), date(2026, 12, 28))


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_steps_carry_the_campaign_name_and_uid():
    plan = with_campaign(Plan(channels=(INSTAGRAM,)), CAMPAIGN)
    feeds = build_feeds(plan, *WINDOW, now=NOW)
    got = events(feeds.files["instagram.ics"])
    teaser = got["instagram.campaign-salon.teaser@calendar-app"]
    assert [str(c) for c in teaser.get("CATEGORIES").cats] == ["Instagram", "Salon des Métiers d'Art 🎉"]
    assert "Campaign: Salon des Métiers d'Art 🎉" in str(teaser["DESCRIPTION"])
    assert teaser.decoded("DTSTART") == datetime(2026, 12, 2, 18, 0, tzinfo=teaser.decoded("DTSTART").tzinfo)
    # the Wednesday 18:00 rule slot the teaser fills is not also there as an open slot
    assert "instagram.feed.20261202T1800@calendar-app" not in got
    assert "instagram.campaign-salon.ouverture@calendar-app" in got


def test_a_move_keeps_uids_and_bumps_sequence_of_moved_events_only():
    plan = with_campaign(Plan(channels=(INSTAGRAM,)), CAMPAIGN)
    first = build_feeds(plan, *WINDOW, now=NOW)
    moved = with_campaign(plan, replace(CAMPAIGN, anchor=date(2026, 12, 11)))
    second = build_feeds(moved, *WINDOW, now=LATER, state=first.state)
    before, after = events(first.files["instagram.ics"]), events(second.files["instagram.ics"])
    for uid in ("instagram.campaign-salon.teaser@calendar-app", "instagram.campaign-salon.ouverture@calendar-app"):
        assert int(before[uid]["SEQUENCE"]) == 0 and int(after[uid]["SEQUENCE"]) == 1
    assert after["instagram.campaign-salon.teaser@calendar-app"].decoded("DTSTART").date() == date(2026, 12, 9)
    # the rule slot the teaser left is open again; a slot that did not move keeps SEQUENCE 0
    assert "instagram.feed.20261202T1800@calendar-app" in after
    assert int(after["instagram.feed.20261214T1800@calendar-app"]["SEQUENCE"]) == 0
    assert "instagram.feed.20261209T1800@calendar-app" not in after
    assert len([u for u in after if "campaign-salon" in u]) == 2
