"""campaigns.ics: each campaign's all-day event on its anchor day and its steps' events as in their channel feeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import icalendar
import pytest

from calendar_app.core.campaigns import with_campaign
from calendar_app.core.model import Campaign, CampaignStep, Channel, Plan, Rule
from calendar_app.feeds.assemble import BEGIN
from calendar_app.feeds.folder import export_feeds
from calendar_app.feeds.incremental.export import export_feeds as export_incremental
from calendar_app.feeds.render import build_feeds

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
LATER = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
FEED = Rule(id="feed", times=(time(18, 0),), start=date(2026, 9, 7), every="week", days=("mon", "wed", "fri"))
INSTAGRAM = Channel(id="instagram", name="Instagram", timezone="Europe/Paris", rules=(FEED,))
LETTER = Channel(id="newsletter", name="Lettre é", timezone="America/Montreal")
CAMPAIGN = Campaign(
    id="salon", name="Salon des Métiers d'Art 🎉", anchor=date(2026, 12, 4), color="#C0392B",
    owner="Camille", notes="Stand B12", steps=(
        CampaignStep("instagram", offset=-2, time=time(18, 0), title="Teaser é", id="teaser", index=0),
        CampaignStep("newsletter", offset=1, time=time(9, 30), title="Retour 🎉", index=1),
        CampaignStep("instagram", offset=40, time=time(9, 0), title="Bilan", id="bilan", index=2),
    ))
EMPTY = Campaign(id="vide", name="Portes ouvertes", anchor=date(2026, 12, 20))
WINDOW = (date(2026, 11, 30), date(2026, 12, 28))
TEASER = "instagram.campaign-salon.teaser@calendar-app"
RETOUR = "newsletter.campaign-salon.2@calendar-app"


def plan_of(*campaigns: Campaign) -> Plan:
    plan = Plan(channels=(INSTAGRAM, LETTER))
    for campaign in campaigns:
        plan = with_campaign(plan, campaign)
    return plan


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def pieces(data: bytes) -> dict[str, bytes]:
    """UID -> the VEVENT's bytes as written."""
    out = {}
    for chunk in data.split(BEGIN)[1:]:
        chunk = chunk.split(b"END:VEVENT\r\n")[0]
        out[chunk.split(b"\r\n")[0].decode()] = chunk
    return out


def test_the_campaign_is_an_all_day_event_on_its_anchor_day():
    files = build_feeds(plan_of(CAMPAIGN), *WINDOW, now=NOW).files
    cal = icalendar.Calendar.from_ical(files["campaigns.ics"])
    assert str(cal["X-WR-CALNAME"]) == "Editorial calendar · campaigns"
    assert cal.get_missing_tzids() == set()
    event = events(files["campaigns.ics"])["campaign-salon@calendar-app"]
    assert event.decoded("DTSTART") == date(2026, 12, 4)
    assert event.decoded("DTEND") == date(2026, 12, 5)
    assert "VALUE=DATE" in files["campaigns.ics"].decode().split("UID:campaign-salon@calendar-app")[1].split("\r\n")[4]
    assert str(event["SUMMARY"]) == "Salon des Métiers d'Art 🎉"
    assert [str(c) for c in event.get("CATEGORIES").cats] == ["Campaign", "Salon des Métiers d'Art 🎉"]
    assert str(event["COLOR"]) == "firebrick"  # #C0392B is (192, 57, 43): firebrick (178, 34, 34) is the nearest
    assert str(event["DESCRIPTION"]) == (
        "Owner: Camille\nStand B12\n\nSteps:\n"
        "- 2026-12-02 18:00 · Instagram · Teaser é (idea)\n"
        "- 2026-12-05 09:30 · Lettre é · Retour 🎉 (idea)\n"
        "- 2027-01-13 09:00 · Instagram · Bilan (idea)"
    )


def test_each_step_in_the_window_is_the_very_same_event_as_in_its_channel_feed():
    files = build_feeds(plan_of(CAMPAIGN), *WINDOW, now=NOW).files
    got = pieces(files["campaigns.ics"])
    assert list(got) == ["UID:campaign-salon@calendar-app", f"UID:{TEASER}", f"UID:{RETOUR}"]
    assert got[f"UID:{TEASER}"] == pieces(files["instagram.ics"])[f"UID:{TEASER}"]
    assert got[f"UID:{RETOUR}"] == pieces(files["newsletter.ics"])[f"UID:{RETOUR}"]
    parsed = events(files["campaigns.ics"])
    assert parsed[TEASER].decoded("DTSTART") == events(files["instagram.ics"])[TEASER].decoded("DTSTART")
    assert parsed[RETOUR].decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 12, 5, 9, 30)
    assert str(parsed[RETOUR]["SUMMARY"]) == "Lettre é · Retour 🎉"
    # the third step (January 13th) is past the window's end
    assert "instagram.campaign-salon.bilan@calendar-app" not in parsed


def test_a_campaign_without_steps_and_a_plan_without_campaigns():
    files = build_feeds(plan_of(EMPTY), *WINDOW, now=NOW).files
    event = events(files["campaigns.ics"])["campaign-vide@calendar-app"]
    assert str(event["DESCRIPTION"]) == "No steps yet."
    assert "COLOR" not in event
    empty = build_feeds(Plan(channels=(INSTAGRAM,)), *WINDOW, now=NOW).files["campaigns.ics"]
    cal = icalendar.Calendar.from_ical(empty)
    assert cal.walk("VEVENT") == [] and [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_a_campaign_out_of_the_window_is_left_out():
    files = build_feeds(plan_of(EMPTY), date(2027, 1, 1), date(2027, 2, 1), now=NOW).files
    assert events(files["campaigns.ics"]) == {}


def test_french_texts_survive():
    plan = plan_of(CAMPAIGN)
    fr = Plan(channels=plan.channels, calendar=type(plan.calendar)(lang="fr"), campaigns=plan.campaigns)
    event = events(build_feeds(fr, *WINDOW, now=NOW).files["campaigns.ics"])["campaign-salon@calendar-app"]
    assert str(event["DESCRIPTION"]) == (
        "Responsable : Camille\nStand B12\n\nÉtapes :\n"
        "- 2026-12-02 18:00 · Instagram · Teaser é (idée)\n"
        "- 2026-12-05 09:30 · Lettre é · Retour 🎉 (idée)\n"
        "- 2027-01-13 09:00 · Instagram · Bilan (idée)"
    )
    assert [str(c) for c in event.get("CATEGORIES").cats] == ["Campagne", "Salon des Métiers d'Art 🎉"]


def test_a_moved_anchor_bumps_the_campaign_event_and_keeps_its_uid():
    plan = plan_of(CAMPAIGN)
    first = build_feeds(plan, *WINDOW, now=NOW)
    again = build_feeds(plan, *WINDOW, now=LATER, state=first.state)
    assert again.files["campaigns.ics"] == first.files["campaigns.ics"]
    moved = plan_of(replace(CAMPAIGN, anchor=CAMPAIGN.anchor + timedelta(days=7)))
    second = events(build_feeds(moved, *WINDOW, now=LATER, state=first.state).files["campaigns.ics"])
    assert second["campaign-salon@calendar-app"].decoded("DTSTART") == date(2026, 12, 11)
    assert int(second["campaign-salon@calendar-app"]["SEQUENCE"]) == 1
    assert int(second[TEASER]["SEQUENCE"]) == 1


def test_export_writes_it_byte_identical_again_and_as_the_incremental_export(tmp_path):
    plan = plan_of(CAMPAIGN, EMPTY)
    full = export_feeds(plan, tmp_path / "full", start=WINDOW[0], end=WINDOW[1], now=NOW)
    assert [p.name for p in full.paths][-3:] == ["all.ics", "key-dates.ics", "campaigns.ics"]
    data = (tmp_path / "full" / "campaigns.ics").read_bytes()
    again = export_feeds(plan, tmp_path / "full", start=WINDOW[0], end=WINDOW[1], now=LATER)
    assert again.written == () and (tmp_path / "full" / "campaigns.ics").read_bytes() == data
    reused = []
    for now in (NOW, LATER):  # the second one reuses the channel feeds: steps are read back from their files
        result = export_incremental(plan, tmp_path / "inc", start=WINDOW[0], end=WINDOW[1], now=now)
        reused.append(result.reused)
        assert (tmp_path / "inc" / "campaigns.ics").read_bytes() == data
    assert reused == [0, 2]


def test_a_channel_named_campaigns_is_refused():
    plan = Plan(channels=(Channel(id="campaigns", name="Campagnes", timezone="Europe/Paris"),))
    with pytest.raises(ValueError) as raised:
        build_feeds(plan, *WINDOW, now=NOW)
    assert str(raised.value) == ('channel "campaigns" would write campaigns.ics, the name of the campaigns feed; '
                                 "rename its plan file")


def test_after_a_move_the_incremental_export_matches_the_full_one(tmp_path):
    plan, moved = plan_of(CAMPAIGN), plan_of(replace(CAMPAIGN, anchor=date(2026, 12, 11)))
    for folder, export in (("full", export_feeds), ("inc", export_incremental)):
        export(plan, tmp_path / folder, start=WINDOW[0], end=WINDOW[1], now=NOW)
        export(moved, tmp_path / folder, start=WINDOW[0], end=WINDOW[1], now=LATER)
    data = (tmp_path / "inc" / "campaigns.ics").read_bytes()
    assert data == (tmp_path / "full" / "campaigns.ics").read_bytes()
    step = pieces(data)[f"UID:{TEASER}"]
    assert step == pieces((tmp_path / "inc" / "instagram.ics").read_bytes())[f"UID:{TEASER}"]
    assert b"SEQUENCE:1\r\nDTSTART;TZID=Europe/Paris:20261209T180000\r\n" in step
