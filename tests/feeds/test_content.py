"""FEEDS.md "Calendar" and "Events": what each feed and each VEVENT says, on bundled and generated plans."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import icalendar
import pytest

from calendar_app.core.model import Plan
from calendar_app.core.recurrence import expand
from calendar_app.feeds.colors import CSS3_COLORS, nearest_css3_name
from calendar_app.feeds.filter import FeedFilter, feed_window
from calendar_app.feeds.render import PRODID, build_feeds, render_feeds
from calendar_app.feeds.sequence import recorded_events
from calendar_app.storage.reader import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=timezone.utc)
BUNDLED_WINDOW = (date(2026, 10, 25), date(2027, 2, 16))
DST_WINDOW = (date(2026, 10, 1), date(2027, 4, 15))


@pytest.fixture(scope="module")
def bundled_plan(example_plans) -> Plan:
    return load_plan_strict(example_plans)


@pytest.fixture(scope="module")
def dst(tmp_path_factory, dst_plan) -> Plan:
    return load_plan_strict(dst_plan(tmp_path_factory.mktemp("dst") / "plans"))


@pytest.fixture(scope="module")
def bundled(bundled_plan):
    return render_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW)[0]


@pytest.fixture(scope="module")
def generated(dst):
    return render_feeds(dst, *DST_WINDOW, now=NOW)[0]


def text_of(files, name):
    return files[name].decode("utf-8")


def test_one_file_per_channel_plus_all_and_key_dates(bundled, bundled_plan, generated, dst):
    assert list(bundled) == [f"{c.id}.ics" for c in bundled_plan.channels] + ["all.ics", "key-dates.ics", "campaigns.ics"]
    assert list(generated) == ["later.ics", "paris.ics", "sydney.ics", "all.ics", "key-dates.ics", "campaigns.ics"]


def test_feed_window_defaults():
    assert feed_window(date(2026, 11, 24)) == (date(2026, 10, 25), date(2027, 2, 16))
    assert feed_window(date(2026, 11, 24), past_days=0, weeks=1) == (date(2026, 11, 24), date(2026, 12, 1))
    # --from D --weeks N is N weeks after D, as for agenda, whatever today is
    assert feed_window(date(2026, 11, 24), start=date(2026, 11, 1)) == (date(2026, 11, 1), date(2027, 1, 24))
    assert feed_window(date(2030, 1, 1), start=date(2026, 11, 1), weeks=2) == (date(2026, 11, 1), date(2026, 11, 15))


# --- 3-6: the calendar ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_calendar_properties(which, request, ics):
    files = request.getfixturevalue(which)
    plan = request.getfixturevalue("bundled_plan" if which == "bundled" else "dst")
    for name, data in files.items():
        props = ics.calendar_props(data.decode("utf-8"))
        assert ics.prop(props, "VERSION") == ["2.0"]
        assert ics.prop(props, "PRODID") == [PRODID]
        assert ics.prop(props, "UID") == []  # a calendar UID makes vdirsyncer collapse every event into one
        assert len(ics.prop(props, "NAME")) == 1 and ics.prop(props, "NAME") == ics.prop(props, "X-WR-CALNAME")
        assert len(ics.prop(props, "X-WR-CALDESC")) == 1 and ics.prop(props, "DESCRIPTION") == ics.prop(props, "X-WR-CALDESC")
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in props
        assert "X-PUBLISHED-TTL:PT1H" in props
        # every time has a TZID or is UTC: no client needs it, and x-wr-timezone re-reads UTC times with it
        assert ics.prop(props, "X-WR-TIMEZONE") == []
        if name in ("all.ics", "key-dates.ics", "campaigns.ics"):
            assert ics.prop(props, "COLOR") == ics.prop(props, "X-APPLE-CALENDAR-COLOR") == []
        else:
            channel = plan.channel(name.removesuffix(".ics"))
            assert ics.prop(props, "X-WR-CALNAME")[0].startswith(channel.name.replace(",", "\\,"))
            if channel.color:
                assert ics.prop(props, "X-APPLE-CALENDAR-COLOR") == [channel.color.upper()]
                assert ics.prop(props, "COLOR") == [nearest_css3_name(channel.color)]
                assert ics.prop(props, "COLOR")[0] in CSS3_COLORS
            else:
                assert ics.prop(props, "COLOR") == []


def test_bundled_colors_are_css3_names(bundled, ics):
    colors = {name: ics.prop(ics.calendar_props(d.decode()), "COLOR") for name, d in bundled.items()}
    assert colors["instagram.ics"] == ["mediumvioletred"]
    assert colors["facebook.ics"] == ["dodgerblue"]
    assert colors["newsletter.ics"] == ["orange"]


def test_every_feed_has_a_component_and_an_empty_channel_its_vtimezone(generated, ics):
    later = text_of(generated, "later.ics")
    assert ics.blocks(later) == []
    assert [ics.prop(b, "TZID") for b in ics.blocks(later, "VTIMEZONE")] == [["America/New_York"]]
    for data in generated.values():
        assert ics.blocks(data.decode(), "VTIMEZONE")


def test_css3_table_matches_an_independent_copy_and_names_map_to_themselves():
    from textual._color_constants import COLOR_NAME_TO_RGB  # CSS color keywords, kept by Textual

    theirs = {k: v for k, v in COLOR_NAME_TO_RGB.items()
              if not k.startswith("ansi") and k not in ("transparent", "rebeccapurple")}  # rebeccapurple is CSS4
    assert {k: ((v >> 16), (v >> 8) & 255, v & 255) for k, v in CSS3_COLORS.items()} == theirs
    assert len(CSS3_COLORS) == 147
    for name, value in CSS3_COLORS.items():
        found = nearest_css3_name(f"#{value:06X}")
        assert CSS3_COLORS[found] == value  # gray/grey twins: either spelling is the same color
        assert found <= name  # ties go to the alphabetically first spelling


# --- 7: every VEVENT ------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_every_event_has_uid_utc_stamp_a_start_and_a_dtend(which, request, ics):
    files = request.getfixturevalue(which)
    for name, data in files.items():
        for event in ics.blocks(data.decode()):
            assert len(ics.prop(event, "UID")) == 1
            assert re.fullmatch(r"\d{8}T\d{6}Z", ics.prop(event, "DTSTAMP")[0])
            assert ics.prop(event, "LAST-MODIFIED") == ics.prop(event, "DTSTAMP")
            start = [line for line in event if line.startswith("DTSTART")]
            assert len(start) == 1
            if name == "key-dates.ics":
                assert re.fullmatch(r"DTSTART;VALUE=DATE:\d{8}", start[0])
                end = [line for line in event if line.startswith("DTEND")]
                assert len(end) == 1 and re.fullmatch(r"DTEND;VALUE=DATE:\d{8}", end[0])
                assert end[0][-8:] > start[0][-8:]
                assert ics.prop(event, "DURATION") == []
            else:
                end = [line for line in event if line.startswith("DTEND")]
                assert len(end) == 1 and ics.prop(event, "DURATION") == []
                for line in (start[0], end[0]):  # never floating: a TZID, or UTC
                    assert re.fullmatch(r"DT(START|END)(;TZID=[A-Za-z_/+-]+:\d{8}T\d{6}|:\d{8}T\d{6}Z)", line), line
                times = [icalendar.vDDDTypes.from_ical(v, tz) for v, tz in
                         ((line.split(":", 1)[1], _tzid(line)) for line in (start[0], end[0]))]
                assert times[1] > times[0]
            assert not any(line.split(":")[0].split(";")[0] in ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
                           for line in event)  # one VEVENT per slot: FEEDS.md 14 never applies


def _tzid(line: str) -> str | None:
    head = line.split(":", 1)[0]
    return head.split("TZID=", 1)[1] if "TZID=" in head else None


def test_one_vevent_per_slot_cancelled_left_out(dst, generated, ics):
    slots = expand(dst, *DST_WINDOW)
    cancelled = [s.uid for s in slots if s.status == "cancelled"]
    assert cancelled == ["paris.matin.20261028T0900@calendar-app"]
    kept = [s.uid for s in slots if s.status != "cancelled"]
    assert [ics.prop(b, "UID")[0] for b in ics.blocks(text_of(generated, "all.ics"))] == kept  # same order
    for channel in dst.channels:
        uids = [ics.prop(b, "UID")[0] for b in ics.blocks(text_of(generated, f"{channel.id}.ics"))]
        assert uids == [u for s in slots if s.channel == channel.id and (u := s.uid) in kept]


def test_event_content_of_a_filled_and_an_open_slot(bundled, ics):
    events = {ics.prop(b, "UID")[0]: b for b in ics.blocks(text_of(bundled, "instagram.ics"))}
    draft = events["instagram.feed.20261125T1800@calendar-app"]
    assert ics.prop(draft, "SUMMARY") == ["Instagram · Black Friday : pourquoi nous ne bradons pas nos pièces"]
    assert ics.prop(draft, "DTSTART") == ["20261125T180000"] and "DTSTART;TZID=Europe/Paris:20261125T180000" in draft
    assert "DTEND;TZID=Europe/Paris:20261125T183000" in draft and ics.prop(draft, "DURATION") == []
    assert ics.prop(draft, "STATUS") == ["TENTATIVE"]
    assert ics.prop(draft, "CATEGORIES") == ["Instagram,photo,produit"]
    assert ics.prop(draft, "DESCRIPTION")[0] == (  # [1] is the alarm's
        "Status: draft\\nOwner: Camille\\nFormat: photo\\nPillar: produit\\nRule: Post feed (lun/mer/ven)"
        "\\n\\nTon posé\\, pas de promo agressive.\\nRappeler la carte cadeau \\; lien en bio."
    )
    assert ics.prop(draft, "URL") == []
    assert ics.prop(draft, "COLOR") == ["mediumvioletred"]
    assert ics.prop(draft, "TRANSP") == ["TRANSPARENT"]
    # the channel's remind = "1d": a display alarm one (nominal) day before
    assert ics.blocks("\r\n".join(draft) + "\r\n", "VALARM") == [[
        "ACTION:DISPLAY",
        "DESCRIPTION:Prepare: Instagram · Black Friday : pourquoi nous ne bradons pas nos pièces",
        "TRIGGER:-P1D",
    ]]
    scheduled = events["instagram.feed.20261127T1800@calendar-app"]
    assert ics.prop(scheduled, "STATUS") == ["CONFIRMED"]
    assert ics.prop(scheduled, "URL") == ["https://terre-et-feu.example/carte-cadeau"]
    open_slot = events["instagram.reel.20261128T1100@calendar-app"]
    assert ics.prop(open_slot, "SUMMARY") == ["Instagram · open slot (Reel du samedi)"]
    assert ics.prop(open_slot, "STATUS") == ["TENTATIVE"]
    assert ics.prop(open_slot, "DESCRIPTION")[0].startswith("Status: open slot\\nOwner: Camille\\nFormat: reel")
    one_off = events["instagram.post.20261203T1900@calendar-app"]
    assert ics.prop(one_off, "DESCRIPTION")[0].endswith("One-off post")
    linkedin = ics.blocks(text_of(bundled, "linkedin.ics"))
    assert all(ics.blocks("\r\n".join(b) + "\r\n", "VALARM") == [] for b in linkedin)  # no remind, no alarm


@pytest.mark.parametrize(
    ("status", "expected"),
    [("idea", "TENTATIVE"), ("draft", "TENTATIVE"), ("ready", "CONFIRMED"),
     ("scheduled", "CONFIRMED"), ("published", "CONFIRMED")],
)
def test_status_mapping(bundled_plan, bundled, status, expected, ics):
    slots = [s for s in expand(bundled_plan, *BUNDLED_WINDOW) if s.status == status]
    assert slots
    events = {ics.prop(b, "UID")[0]: b for b in ics.blocks(text_of(bundled, "all.ics"))}
    assert {ics.prop(events[s.uid], "STATUS")[0] for s in slots} == {expected}


def test_a_link_with_accents_becomes_a_valid_url(generated, ics):
    events = {ics.prop(b, "UID")[0]: b for b in ics.blocks(text_of(generated, "paris.ics"))}
    assert ics.prop(events["paris.nuit.20261025T0230@calendar-app"], "URL") == ["https://exemple.fr/caf%C3%A9?x=1&y=2"]


def test_all_ics_holds_every_channel_with_each_zone(generated, ics):
    text = text_of(generated, "all.ics")
    assert sorted(ics.prop(b, "TZID")[0] for b in ics.blocks(text, "VTIMEZONE")) == [
        "America/New_York", "Australia/Sydney", "Europe/Paris"]
    zones = {line.split(":")[0] for b in ics.blocks(text) for line in b if line.startswith("DTSTART")}
    # and UTC ("DTSTART") for the slots of DST nights only
    assert zones == {"DTSTART;TZID=Australia/Sydney", "DTSTART;TZID=Europe/Paris", "DTSTART"}


def test_key_dates_are_all_day_events_in_the_window_with_blackouts_marked(bundled_plan, bundled, ics):
    events = ics.blocks(text_of(bundled, "key-dates.ics"))
    by_title = {ics.prop(b, "SUMMARY")[0]: b for b in events}
    noel = by_title["⛔ Fermeture de l'atelier — Noël 🎄 (blackout: no posts)"]
    assert ics.prop(noel, "DTSTART") == ["20261224"] and ics.prop(noel, "DTEND") == ["20261227"]  # exclusive end
    assert ics.prop(noel, "CATEGORIES") == ["Key date,Blackout"]
    salon = by_title["Salon des Métiers d'Art de Lyon (stand B12)"]
    assert ics.prop(salon, "CATEGORIES") == ["Key date"] and ics.prop(salon, "DTEND") == ["20261207"]
    start, end = BUNDLED_WINDOW
    expected = {kd.title for kd in bundled_plan.key_dates if kd.last >= start and kd.date < end}
    assert len(expected) < len({kd.title for kd in bundled_plan.key_dates})  # some are outside the window
    assert {ics.prop(b, "SUMMARY")[0].removeprefix("⛔ ").removesuffix(" (blackout: no posts)") for b in events} == expected
    # key dates are not repeated in all.ics
    all_uids = {ics.prop(b, "UID")[0] for b in ics.blocks(text_of(bundled, "all.ics"))}
    assert not all_uids & {ics.prop(b, "UID")[0] for b in events}


# --- filters ----------------------------------------------------------------------------------


def test_filters_make_personal_feeds(bundled_plan, ics):
    mine = FeedFilter(owner="camille", statuses=("draft", "idea"))
    feeds = build_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW, filter=mine)
    slots = [s for s in expand(bundled_plan, *BUNDLED_WINDOW) if s.owner == "Camille" and s.status in ("draft", "idea")]
    assert {s.channel for s in slots} == {"instagram"}
    assert list(feeds.files) == [f"{c.id}.ics" for c in bundled_plan.channels] + ["all.ics", "key-dates.ics", "campaigns.ics"]
    assert [ics.prop(b, "UID")[0] for b in ics.blocks(feeds.files["all.ics"].decode())] == [s.uid for s in slots]
    assert ics.blocks(feeds.files["facebook.ics"].decode()) == []
    name = ics.prop(ics.calendar_props(feeds.files["instagram.ics"].decode()), "X-WR-CALNAME")[0]
    assert name.endswith("(owner camille\\, status draft/idea)")
    full = render_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW)[0]
    assert feeds.files["key-dates.ics"] == full["key-dates.ics"]  # key dates are not filtered


def test_channel_filter_writes_only_those_channels(bundled_plan, ics):
    files, _ = render_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW, filter=FeedFilter(channels=("blog", "podcast")))
    assert list(files) == ["blog.ics", "podcast.ics", "all.ics", "key-dates.ics", "campaigns.ics"]
    channels = {ics.prop(b, "UID")[0].split(".")[0] for b in ics.blocks(files["all.ics"].decode())}
    assert channels == {"blog", "podcast"}
    full = render_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW)[0]
    assert files["blog.ics"] == full["blog.ics"]


def test_filter_matches(bundled_plan):
    from dataclasses import replace

    slots = expand(bundled_plan, date(2026, 11, 25), date(2026, 11, 26), ["instagram"])
    slot = next(s for s in slots if s.status == "draft")
    assert slot.owner == "Camille"
    assert FeedFilter().matches(slot)
    assert FeedFilter(channels=("instagram",), owner="CAMILLE", statuses=("draft",)).matches(slot)
    assert not FeedFilter(channels=("blog",)).matches(slot)
    assert not FeedFilter(owner="Julien").matches(slot)
    assert not FeedFilter(statuses=("open",)).matches(slot)
    assert FeedFilter(statuses=("open",)).matches(replace(slot, post=None))
    assert not FeedFilter(owner="Camille").matches(replace(slot, owner=None))


def test_bad_arguments_are_refused(bundled_plan):
    with pytest.raises(ValueError, match="not after start"):
        render_feeds(bundled_plan, date(2026, 12, 1), date(2026, 12, 1), now=NOW)
    with pytest.raises(ValueError, match="naive"):
        render_feeds(bundled_plan, *BUNDLED_WINDOW, now=datetime(2026, 11, 24))
    with pytest.raises(ValueError, match="unknown channel"):
        render_feeds(bundled_plan, *BUNDLED_WINDOW, now=NOW, filter=FeedFilter(channels=("tiktok",)))


def test_key_date_uids_are_derived_and_exact_duplicates_merged():
    from calendar_app.core.model import KeyDate
    from calendar_app.feeds.events import key_dates_in

    fair = KeyDate(date(2026, 12, 4), "Salon", end=date(2026, 12, 6), source="_calendar.toml")
    plan = Plan(channels=(), key_dates=(
        fair,
        KeyDate(date(2026, 12, 4), "Salon", end=date(2026, 12, 6), source="salons.ics"),  # the same, imported
        KeyDate(date(2026, 12, 4), "Salon", blackout=True),  # same day and title, another event
        KeyDate(date(2026, 11, 1), "Avant", end=date(2026, 11, 30)),  # ends before the window
        KeyDate(date(2026, 11, 20), "Chevauche", end=date(2026, 12, 2)),  # overlaps its start
    ))
    found = key_dates_in(plan, date(2026, 12, 1), date(2027, 1, 1))
    assert [kd.title for _, kd in found] == ["Chevauche", "Salon", "Salon"]
    uids = [uid for uid, _ in found]
    assert len(set(uids)) == 3 and uids[0].startswith("key-date.20261120.")
    assert uids[2] == uids[1].replace("@", "-2@")  # same day and title: a suffix, in a fixed order
    assert key_dates_in(plan, date(2026, 12, 1), date(2027, 1, 1)) == found


def test_a_plan_without_channels_still_gives_valid_feeds(ics):
    files, state = render_feeds(Plan(channels=()), date(2026, 12, 1), date(2027, 1, 1), now=NOW)
    assert list(files) == ["all.ics", "key-dates.ics", "campaigns.ics"] and recorded_events(state) == {}
    for data in files.values():
        text = data.decode()
        assert [ics.prop(b, "TZID") for b in ics.blocks(text, "VTIMEZONE")] == [["UTC"]]
        assert icalendar.Calendar.from_ical(text).get_missing_tzids() == set()
