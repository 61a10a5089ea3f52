"""FEEDS.md "Time zones" and the checks no one here wrote: real parsers re-read the exported feeds
and must find exactly the instants `calendar-app agenda --json` gives, across both DST changes."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream

UTC = timezone.utc


class Run:
    """One CLI export and the agenda --json of the same window."""

    def __init__(self, out: Path, slots: list[dict], start: date, end: date, ics):
        self.out, self.start, self.end, self.ics = out, start, end, ics
        self.slots = [s for s in slots if s["status"] != "cancelled"]
        self.files = {p.name: p.read_bytes().decode("utf-8") for p in sorted(out.glob("*.ics"))}

    def expected(self, name: str) -> dict[str, tuple[datetime, datetime]]:
        """UID -> (start, end) as agenda --json gives them, for the slots of one feed."""
        channel = name.removesuffix(".ics")
        return {
            s["uid"]: (datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
            for s in self.slots if name == "all.ics" or s["channel"] == channel
        }

    def in_utc(self, name: str) -> set[str]:
        """The UIDs of the feed's events whose DTSTART is written in UTC (the times of DST nights)."""
        ics = self.ics
        return {ics.prop(b, "UID")[0] for b in ics.blocks(self.files[name]) if any(line.startswith("DTSTART:") for line in b)}

    def zones(self) -> list[str]:
        ics = self.ics
        return sorted({ics.prop(b, "TZID")[0] for t in self.files.values() for b in ics.blocks(t, "VTIMEZONE")})


@pytest.fixture(scope="module")
def dst(tmp_path_factory, dst_plan, export, agenda_json, ics) -> Run:
    """Paris and Sydney, 2026-10-01 .. 2027-04-15: both DST changes of both hemispheres."""
    tmp = tmp_path_factory.mktemp("dst")
    plans = dst_plan(tmp / "plans")
    export(plans, tmp / "feeds", "--today", "2026-10-01", "--past-days", "0", "--weeks", "28")
    slots = agenda_json(plans, "--from", "2026-10-01", "--weeks", "28")
    return Run(tmp / "feeds", slots, date(2026, 10, 1), date(2027, 4, 15), ics)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, export, example_plans, agenda_json, ics) -> Run:
    tmp = tmp_path_factory.mktemp("bundled")
    export(example_plans, tmp / "feeds", "--today", "2026-11-24", "--from", "2026-10-27", "--weeks", "16")  # to 2027-02-16
    slots = agenda_json(example_plans, "--from", "2026-10-27", "--weeks", "16")
    return Run(tmp / "feeds", slots, date(2026, 10, 27), date(2027, 2, 16), ics)


RUNS = ["dst", "bundled"]


def slot_feeds(run: Run) -> list[str]:
    return [n for n in run.files if n not in ("key-dates.ics", "campaigns.ics")]


# --- recurring-ical-events vs agenda --json ---------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
@pytest.mark.parametrize("renamed", [False, True], ids=["iana", "renamed-tzid"])
def test_recurring_ical_events_gives_the_agenda_instants(which, renamed, request, ics):
    run: Run = request.getfixturevalue(which)
    in_utc = 0
    for name in slot_feeds(run):
        text = ics.rename_tzids(run.files[name], run.zones()) if renamed else run.files[name]
        cal = icalendar.Calendar.from_ical(text)
        assert cal.get_missing_tzids() == set()
        utc = run.in_utc(name)
        found = {}
        for event in recurring_ical_events.of(cal).between(run.start - timedelta(days=2), run.end + timedelta(days=2)):
            uid = str(event["UID"])
            start = event.DTSTART
            assert uid not in found and start.tzinfo is not None
            found[uid] = (start, event.end)
        expected = run.expected(name)
        assert set(found) == set(expected), name
        for uid, (start, end) in found.items():
            want_start, want_end = expected[uid]
            # compared in UTC: aware datetimes in a fold or gap never compare equal across zones
            assert start.astimezone(UTC) == want_start.astimezone(UTC), uid
            assert end.astimezone(UTC) == want_end.astimezone(UTC), uid  # DTEND: no duration to misadd
            if uid in utc:
                in_utc += 1
            else:  # a TZID time: the channel's wall-clock time and offset
                assert start.utcoffset() == want_start.utcoffset(), uid
                assert start.replace(tzinfo=None) == want_start.replace(tzinfo=None), uid
        assert found or name == "later.ics"
    assert (which == "bundled") == (in_utc == 0)


def test_dst_nights_follow_rfc5545(dst, ics):
    """A nonexistent 02:30 is 01:30Z (03:30+02:00); an ambiguous 02:30 is its first occurrence; both
    are written in UTC, so that no consumer can read them otherwise."""
    cases = {
        "paris.nuit.20270328T0230@calendar-app": ("20270328T013000Z", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        "paris.nuit.20261025T0230@calendar-app": ("20261025T003000Z", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        "paris.post.20270328T0245@calendar-app": ("20270328T014500Z", datetime(2027, 3, 28, 1, 45, tzinfo=UTC)),
        "sydney.night.20261004T0230@calendar-app": ("20261003T163000Z", datetime(2026, 10, 3, 16, 30, tzinfo=UTC)),
        "sydney.night.20270404T0230@calendar-app": ("20270403T153000Z", datetime(2027, 4, 3, 15, 30, tzinfo=UTC)),
    }
    text = dst.files["all.ics"]
    events = {ics.prop(b, "UID")[0]: b for b in ics.blocks(text)}
    parsed = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics.rename_tzids(text, dst.zones())).walk("VEVENT")}
    for uid, (wall, instant) in cases.items():
        assert ics.prop(events[uid], "DTSTART") == [wall]
        assert parsed[uid].start.astimezone(UTC) == instant
    # the 1 h slot at 02:30 on the fall-back night ends in the repeated hour: 02:30+01:00
    fall_back = parsed["paris.nuit.20261025T0230@calendar-app"]
    assert ics.prop(events["paris.nuit.20261025T0230@calendar-app"], "DTEND") == ["20261025T013000Z"]
    assert fall_back.end.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_monday_nine_stays_nine_local_on_both_sides_of_dst(dst):
    for channel, zone_days in (("paris.matin", ("20261019", "20261026", "20270322", "20270329")),
                               ("sydney.monday", ("20260928", "20261005", "20270329", "20270405"))):
        offsets = set()
        for day in zone_days:
            uid = f"{channel}.{day}T0900@calendar-app"
            if uid not in dst.expected("all.ics"):
                continue
            start = dst.expected("all.ics")[uid][0]
            assert (start.hour, start.minute) == (9, 0)
            offsets.add(start.utcoffset())
        assert len(offsets) == 2, channel  # both offsets seen: the wall-clock time held across the change


# --- vobject: validates, and reads the VTIMEZONE body itself ----------------------------------


@pytest.mark.parametrize("which", RUNS)
def test_vobject_validates_every_feed_and_reads_the_vtimezone_body(which, request, ics):
    run: Run = request.getfixturevalue(which)
    for name, text in run.files.items():
        for renamed in (False, True):
            source = ics.rename_tzids(text, run.zones()) if renamed else text
            cal = vobject.readOne(source, validate=True)
            events = cal.contents.get("vevent", [])
            if name == "key-dates.ics":
                assert all(type(e.dtstart.value) is date for e in events)
                continue
            got = {e.uid.value: (e.dtstart.value, e.dtend.value) for e in events}
            expected = run.expected(name)
            assert set(got) == set(expected)
            for uid, (start, end) in got.items():
                assert start.tzinfo is not None and start.tzinfo.tzname(start) is not None
                assert start.astimezone(UTC) == expected[uid][0].astimezone(UTC), (name, renamed, uid)
                assert end.astimezone(UTC) == expected[uid][1].astimezone(UTC), (name, renamed, uid)
                if uid not in run.in_utc(name):
                    assert start.utcoffset() == expected[uid][0].utcoffset()


def test_vtimezones_cover_the_window(dst, ics):
    for text in dst.files.values():
        for tz in ics.blocks(text, "VTIMEZONE"):
            starts = sorted(v for line in tz if line.startswith("DTSTART:") for v in [line[8:]])
            assert starts[0] <= f"{dst.start:%Y%m%d}T000000"
            transitions = [v for line in tz if line.startswith(("DTSTART:", "RDATE:")) for v in line.split(":")[1].split(",")]
            assert max(transitions) < f"{dst.end.year + 1}0101T000000"
            # RFC 5545 3.6.5 allows COMMENT in STANDARD/DAYLIGHT only (libical flags one under VTIMEZONE)
            assert [line.split(":")[0] for line in tz[:1]] == ["TZID"] and not any(l.startswith("COMMENT") for l in tz)


# --- the `ical` package: strict values ------------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
@pytest.mark.parametrize("renamed", [False, True], ids=["iana", "renamed-tzid"])
def test_ical_package_reads_every_feed(which, renamed, request, ics):
    run: Run = request.getfixturevalue(which)
    for name, text in run.files.items():
        cal = IcsCalendarStream.calendar_from_ics(ics.rename_tzids(text, run.zones()) if renamed else text)
        if name == "key-dates.ics":
            assert len(cal.events) == len(ics.blocks(text))
            assert all(type(e.dtstart) is date and e.dtend > e.dtstart for e in cal.events)
            continue
        expected = run.expected(name)
        assert {e.uid for e in cal.events} == set(expected)
        for e in cal.events:
            assert e.dtstart.astimezone(UTC) == expected[e.uid][0].astimezone(UTC), (name, e.uid)
            assert e.dtend.astimezone(UTC) == expected[e.uid][1].astimezone(UTC), (name, e.uid)
            if e.uid not in run.in_utc(name):
                assert e.dtstart.utcoffset() == expected[e.uid][0].utcoffset()


# --- khal printics ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
def test_khal_printics_parses_every_feed(which, request, tmp_path, khal_config, tool, ics):
    run: Run = request.getfixturevalue(which)
    (tmp_path / "cal").mkdir()
    config = khal_config(tmp_path, tmp_path / "cal")
    procs = {  # one khal per file (printics takes one), run side by side
        name: subprocess.Popen([tool("khal"), "-c", str(config), "printics", str(run.out / name)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        for name in run.files
    }
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr
        assert "warning" not in stderr.lower() and "error" not in stderr.lower(), stderr
        count = len(ics.blocks(run.files[name]))
        assert stdout.startswith(f"{count} events found in {run.out / name}"), stdout[:200]


# --- a window over several years: every DST change of the VTIMEZONE is read --------------------


def test_multi_year_vtimezone_is_read_right_by_every_parser(tmp_path, write_plan, ics):
    """vobject reads only the first value of a comma-separated RDATE: one onset per RDATE line."""
    from calendar_app.core.recurrence import expand
    from calendar_app.feeds.render import render_feeds
    from calendar_app.storage.reader import load_plan_strict

    rule = {"id": "w", "every": "week", "days": ["mon"], "times": ["09:00"], "start": date(2026, 1, 1)}
    plans = write_plan(tmp_path / "plans", None, {
        "paris": {"channel": {"name": "P", "timezone": "Europe/Paris"}, "rule": [rule]},
        "sydney": {"channel": {"name": "S", "timezone": "Australia/Sydney"}, "rule": [rule]},
    })
    plan = load_plan_strict(plans)
    window = (date(2026, 1, 1), date(2030, 1, 1))
    files, _ = render_feeds(plan, *window, now=datetime(2026, 1, 1, tzinfo=UTC))
    for channel in plan.channels:
        want = {s.uid: s.start for s in expand(plan, *window, [channel.id])}
        assert len({s.utcoffset() for s in want.values()}) == 2 and len(want) > 200
        text = ics.rename_tzids(files[f"{channel.id}.ics"].decode("utf-8"), [channel.timezone])
        assert any(line.startswith("RDATE") and ":2029" in line.replace(",", ":")
                   for line in text.replace("\r\n ", "").split("\r\n"))  # the last year's onsets are listed
        readers = {
            "vobject": {e.uid.value: e.dtstart.value for e in vobject.readOne(text, validate=True).vevent_list},
            "icalendar": {str(e["UID"]): e.start for e in icalendar.Calendar.from_ical(text).walk("VEVENT")},
            "ical": {e.uid: e.dtstart for e in IcsCalendarStream.calendar_from_ics(text).events},
        }
        for reader, got in readers.items():
            assert set(got) == set(want), reader
            wrong = [u for u, start in got.items() if start.utcoffset() != want[u].utcoffset()
                     or start.astimezone(UTC) != want[u].astimezone(UTC)]
            assert wrong == [], (reader, channel.id, wrong[:3])


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+5", "Asia/Kathmandu", "America/Sao_Paulo", "Europe/Dublin",
                                  "Africa/Casablanca", "Pacific/Chatham"])
def test_unusual_zones_are_read_right(tmp_path, zone, write_plan, ics):
    """No DST, fixed offsets, 45-minute offsets, Dublin's "negative DST", Casablanca's Ramadan changes."""
    from calendar_app.core.recurrence import expand
    from calendar_app.feeds.render import render_feeds
    from calendar_app.storage.reader import load_plan_strict

    rule = {"id": "d", "every": "day", "times": ["02:30"], "start": date(2026, 1, 1)}  # every DST night
    plan = load_plan_strict(write_plan(tmp_path / "plans", None, {
        "c": {"channel": {"name": "C", "timezone": zone}, "rule": [rule]}}))
    window = (date(2026, 1, 1), date(2027, 1, 1))
    files, _ = render_feeds(plan, *window, now=datetime(2026, 1, 1, tzinfo=UTC))
    want = {s.uid: s.start for s in expand(plan, *window)}
    assert icalendar.Calendar.from_ical(files["c.ics"].decode("utf-8")).get_missing_tzids() == set()
    text = ics.rename_tzids(files["c.ics"].decode("utf-8"), [zone])  # so the VTIMEZONE body is what is read
    readers = {
        "vobject": {e.uid.value: e.dtstart.value for e in vobject.readOne(text, validate=True).vevent_list},
        "icalendar": {str(e["UID"]): e.start for e in icalendar.Calendar.from_ical(text).walk("VEVENT")},
        "ical": {e.uid: e.dtstart for e in IcsCalendarStream.calendar_from_ics(text).events},
    }
    for reader, got in readers.items():
        assert set(got) == set(want), reader
        wrong = [u for u, start in got.items() if start.astimezone(UTC) != want[u].astimezone(UTC)]
        assert wrong == [], (reader, wrong[:3])
