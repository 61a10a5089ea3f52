"""The published calendar's page model: months Monday first, ISO weeks, the window, the client filter,
print budgets, colors and the campaign-band hook (pure, no browser)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.core.model import CalendarSettings, Channel, KeyDate, Plan, Post, Rule
from calendar_app.site.model import (
    CLIENT_STATUSES,
    PRINT_LINES,
    Band,
    Day,
    MonthPage,
    SlotView,
    add_months,
    build_site,
    months_between,
    relative_luminance,
    text_color,
)

PARIS = ZoneInfo("Europe/Paris")


def plan_with(posts=(), rules=(), key_dates=(), **channel) -> Plan:
    ig = Channel(id="ig", name="Instagram", timezone="Europe/Paris", color=channel.pop("color", "#E1306C"),
                 owner="Camille", rules=tuple(rules), posts=tuple(posts), **channel)
    ny = Channel(id="ny", name="New York", timezone="America/New_York", color="#FFD700")
    return Plan((ig, ny), CalendarSettings(name="Atelier", timezone="Europe/Paris"), tuple(key_dates))


def daily(start=date(2026, 11, 1)) -> Rule:
    return Rule(id="feed", label="Post feed", times=(time(18, 0),), start=start, every="day")


def test_a_month_is_monday_first_rows_with_padding_for_the_neighbouring_months():
    site = build_site(plan_with(), date(2026, 11, 1), date(2026, 12, 1))
    (month,) = site.months
    # November 2026 starts on a Sunday: six empty cells, then six rows in all.
    assert [d is None for d in month.weeks[0]] == [True] * 6 + [False]
    assert len(month.weeks) == 6 and all(len(row) == 7 for row in month.weeks)
    assert [d.date for d in month.days] == [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
    assert all(d.date.weekday() == i for row in month.weeks for i, d in enumerate(row) if d is not None)
    assert month.name == "2026-11.html" and month.print_lines == PRINT_LINES[6]


def test_february_2027_fits_four_rows_and_weeks_are_iso():
    site = build_site(plan_with(), date(2027, 2, 1), date(2027, 3, 1))
    assert len(site.months[0].weeks) == 4
    assert [w.name for w in site.weeks] == [f"2027-W0{n}.html" for n in (5, 6, 7, 8)]


def test_the_iso_year_of_a_week_is_not_its_monday_calendar_year():
    site = build_site(plan_with(), date(2026, 12, 28), date(2027, 1, 11))
    assert [w.name for w in site.weeks] == ["2026-W53.html", "2027-W01.html"]
    site = build_site(plan_with(), date(2024, 12, 30), date(2025, 1, 5))
    assert [w.name for w in site.weeks] == ["2025-W01.html"]


def test_days_outside_the_window_show_nothing():
    site = build_site(plan_with(rules=[daily()], key_dates=[KeyDate(date(2026, 11, 2), "Salon")]),
                      date(2026, 11, 4), date(2026, 11, 10))
    (month,) = site.months
    by_date = {d.date: d for d in month.days}
    assert not by_date[date(2026, 11, 3)].in_window and by_date[date(2026, 11, 3)].slots == ()
    assert not by_date[date(2026, 11, 2)].key_dates  # outside: the key date is not shown either
    assert [len(by_date[date(2026, 11, d)].slots) for d in range(4, 10)] == [1] * 6
    assert not by_date[date(2026, 11, 10)].in_window
    week = site.weeks[0]
    assert [d.in_window for d in week.days] == [False, False, True, True, True, True, True]


def test_a_slot_is_on_its_local_day_in_its_channels_zone_with_the_zone_named_when_not_the_calendars():
    # 23:30 in New York on the 5th is the 6th in Paris: the page keeps New York's day.
    ny = Rule(id="late", times=(time(23, 30),), start=date(2026, 11, 5), every="day", count=1)
    plan = plan_with()
    plan = Plan((plan.channels[0], Channel(id="ny", name="New York", timezone="America/New_York", rules=(ny,))),
                plan.calendar)
    site = build_site(plan, date(2026, 11, 1), date(2026, 12, 1))
    (slot,) = site.slots
    assert slot.start.date() == date(2026, 11, 5) and slot.zone == "EST"
    days = {d.date: d for d in site.months[0].days}
    assert days[date(2026, 11, 5)].slots == (slot,)


def test_the_client_filter_keeps_ready_scheduled_published_without_owner_or_notes():
    at = datetime(2026, 11, 2, 18, 0)
    posts = [Post(at + timedelta(days=i), title=f"P{i}", status=s, owner="Inès", notes="secret")
             for i, s in enumerate(["idea", "draft", "ready", "scheduled", "published", "cancelled"])]
    plan = plan_with(posts=posts, rules=[daily()])
    internal = build_site(plan, date(2026, 11, 1), date(2026, 11, 15))
    client = build_site(plan, date(2026, 11, 1), date(2026, 11, 15), client=True, feeds=["all.ics"])
    assert {s.status for s in internal.slots} == {"open", "idea", "draft", "ready", "scheduled", "published",
                                                   "cancelled"}
    assert sorted(s.title for s in client.slots) == ["P2", "P3", "P4"]
    assert all(s.status in CLIENT_STATUSES and s.owner is None and s.notes is None for s in client.slots)
    assert all(s.owner == "Inès" and s.notes == "secret" for s in internal.slots if s.title)
    assert client.feeds == ()  # the feeds hold everything: a client site does not offer them


def test_print_budget_keeps_a_line_for_the_rest():
    slot = SlotView("u", "ig", datetime(2026, 11, 2, 18, tzinfo=PARIS), "open", None, None, None, None, None,
                    None, None, None)
    assert Day(date(2026, 11, 2), True, (slot,) * 3).print_shown(7) == 3  # 6 lines: fits
    assert Day(date(2026, 11, 2), True, (slot,) * 4).print_shown(7) == 3  # 8 lines: 3 slots and "+1"
    assert Day(date(2026, 11, 2), True, (slot,) * 4, (None,) * 2).print_shown(7) == 2
    assert Day(date(2026, 11, 2), True, (slot,) * 2, (None,) * 7).print_shown(7) == 0


@pytest.mark.parametrize("color, text", [("#E1306C", "#000000"), ("#1877F2", "#000000"), ("#0A66C2", "#FFFFFF"),
                                         ("#FFD700", "#000000"), ("#000000", "#FFFFFF"), ("#FFFFFF", "#000000"),
                                         ("#757575", "#FFFFFF"), ("#767676", "#000000")])
def test_chip_text_is_black_or_white_by_contrast_ratio(color, text):
    # #757575 and #767676 stand either side of the luminance where black and white contrast equally.
    assert text_color(color) == text
    lum = relative_luminance(color)
    best = max((lum + 0.05) / 0.05, 1.05 / (lum + 0.05))
    assert best >= 4.5


def test_a_channel_without_a_usable_color_is_grey():
    site = build_site(plan_with(color=None), date(2026, 11, 1), date(2026, 11, 2))
    assert site.channels["ig"].color == "#6B7280" and site.channels["ny"].color == "#FFD700"


def test_campaign_bands_cross_the_rows_of_their_days():
    site = build_site(plan_with(), date(2026, 11, 1), date(2026, 12, 1))
    month = site.months[0]
    assert month.bands == ()  # this plan has no campaign
    band = Band("Noël", date(2026, 11, 20), date(2026, 11, 24))
    month = MonthPage(month.year, month.month, month.weeks, (band,))
    rows = [month.week_bands(row) for row in month.weeks]
    assert rows[3] == [(band, 4, 3)]  # Fri 20 to Sun 22
    assert rows[4] == [(band, 0, 2)]  # Mon 23 and Tue 24
    assert rows[0] == rows[1] == rows[2] == rows[5] == []


def test_windows_and_months():
    assert months_between(date(2026, 11, 24), date(2027, 1, 1)) == [(2026, 11), (2026, 12)]
    assert months_between(date(2026, 11, 24), date(2027, 1, 2)) == [(2026, 11), (2026, 12), (2027, 1)]
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    with pytest.raises(ValueError):
        build_site(plan_with(), date(2026, 11, 2), date(2026, 11, 2))


def test_a_campaign_is_a_band_from_its_first_to_its_last_step(bundled_plans):
    import shutil
    from pathlib import Path

    from calendar_app.storage.reader import load_plan

    (bundled_plans / "campaigns").mkdir()
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "campaigns" / "salon-b12.toml", bundled_plans / "campaigns")
    plan = load_plan(bundled_plans).plan
    site = build_site(plan, date(2026, 12, 1), date(2027, 1, 1))
    # Instagram 2 days before the anchor (Fri 4 December), LinkedIn's next Tuesday slot 4 days after it
    assert site.months[0].bands == (Band("Salon B12 🎉", date(2026, 12, 2), date(2026, 12, 8), "#C0392B"),)
    assert build_site(plan, date(2026, 12, 9), date(2027, 1, 1)).months[0].bands == ()
    assert build_site(plan, date(2026, 11, 1), date(2026, 12, 1)).months[0].bands == ()
