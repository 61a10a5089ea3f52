"""campaigns.ics served over 127.0.0.1: listed on the index page, the same bytes as the export's."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar

CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml"


def test_campaigns_ics_is_served_and_listed(bundled_plans, serving, get):
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    with serving(bundled_plans) as (server, _):
        status, headers, body = get(server, "/campaigns.ics")
        assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
        cal = icalendar.Calendar.from_ical(body)
        uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
        assert uids[0] == "campaign-salon-b12@calendar-app"
        salon = cal.walk("VEVENT")[0]
        assert str(salon["SUMMARY"]) == "Salon B12 🎉" and str(salon.decoded("DTSTART")) == "2026-12-04"
        assert "instagram.campaign-salon-b12.1@calendar-app" in uids
        instagram = icalendar.Calendar.from_ical(get(server, "/instagram.ics")[2])
        step = next(e for e in instagram.walk("VEVENT") if str(e["UID"]) == "instagram.campaign-salon-b12.1@calendar-app")
        assert step.decoded("DTSTART") == next(e for e in cal.walk("VEVENT") if e["UID"] == step["UID"]).decoded("DTSTART")
        index = get(server, "/")[2].decode("utf-8")
        assert "campaigns.ics" in index and "Campaigns" in index


def test_a_plan_without_campaigns_serves_an_empty_calendar(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        status, _, body = get(server, "/campaigns.ics")
        assert status == 200 and icalendar.Calendar.from_ical(body).walk("VEVENT") == []


def test_campaigns_ics_takes_a_channel_filter_like_the_export(bundled_plans, serving, get):
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    with serving(bundled_plans) as (server, _):
        status, _, body = get(server, "/campaigns.ics?channel=instagram,blog")
        assert status == 200
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
        assert uids[0] == "campaign-salon-b12@calendar-app"
        steps = {uid.split(".")[0] for uid in uids[1:]}
        assert steps == {"instagram", "blog"}  # the facebook and linkedin steps are left out
        full = [str(e["UID"]) for e in icalendar.Calendar.from_ical(get(server, "/campaigns.ics")[2]).walk("VEVENT")]
        assert {uid.split(".")[0] for uid in full[1:]} == {"instagram", "blog", "facebook", "linkedin"}
