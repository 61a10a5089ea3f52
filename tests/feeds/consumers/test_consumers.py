"""Issue 17: every consumer reads the exported feeds as `agenda --json` gives them, DST nights included.

Plans with slots every 15 minutes through every gap and repeated hour of six zones (Europe/Paris,
America/New_York, Australia/Sydney, Pacific/Chatham, America/Sao_Paulo, Asia/Kolkata) in two
windows: 2018-19, the last DST season of Brazil (it has had none since 2019), and 2027, where Sao
Paulo and Kolkata have no change at all. Then the bundled plans, all.ics of a 200-channel agency,
and the bundled plans with a campaign (campaigns.ics: its all-day event and its steps). Each
consumer must give every event's start and end instant (an all-day event's days): icalendar, vobject and the
`ical` package (also with the TZIDs renamed, so that their VTIMEZONE body is what they read),
recurring-ical-events, ical.js (the parser of Thunderbird), libical (Evolution, GNOME; its
restriction check must report nothing), khal (printics, and list after a vdirsyncer subscription)
and calcurse. A consumer this machine lacks is a skipped test that says how CI installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calendar_app.feeds.vtimezone import transitions

UTC = timezone.utc
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
#: (channel id, zone, duration): durations long enough that slots start before a change and end after it.
ZONES = [
    ("paris", "Europe/Paris", "1h"),
    ("new-york", "America/New_York", "45m"),
    ("sydney", "Australia/Sydney", "1h30m"),
    ("chatham", "Pacific/Chatham", "1h"),
    ("sao-paulo", "America/Sao_Paulo", "2h"),
    ("kolkata", "Asia/Kolkata", "30m"),
]
#: (first day, weeks) of each DST window, as given to both `export --from --weeks` and `agenda`.
WINDOWS = {"dst-2018": (date(2018, 9, 24), 30), "dst-2027": (date(2027, 3, 1), 36)}
#: Nights of zones with no change in a window (with the local time of a change elsewhere that night):
#: the same grid of slots, for comparison.
QUIET = {"America/Sao_Paulo": [datetime(2027, 3, 28, 2)], "Asia/Kolkata": [datetime(2018, 11, 4, 2), datetime(2027, 3, 28, 2)]}
#: One-off posts off the 15-minute grid, in gaps and repeated hours.
POSTS = {
    "paris": [datetime(2019, 3, 31, 2, 40), datetime(2018, 10, 28, 2, 40), datetime(2027, 3, 28, 2, 5)],
    "new-york": [datetime(2018, 11, 4, 1, 10), datetime(2019, 3, 10, 2, 50)],
    "sydney": [datetime(2018, 10, 7, 2, 20), datetime(2019, 4, 7, 2, 55)],
    "chatham": [datetime(2018, 9, 30, 3, 0), datetime(2019, 4, 7, 3, 10)],
    "sao-paulo": [datetime(2018, 11, 4, 0, 20), datetime(2019, 2, 16, 23, 20)],
    "kolkata": [datetime(2018, 11, 4, 2, 40)],
}


def changes(zone: str) -> list[datetime]:
    """The zone's changes in both windows, as naive local times in the offset before each."""
    found = []
    for first, weeks in WINDOWS.values():
        start = datetime.combine(first, time(), tzinfo=UTC)
        for instant, before, _ in transitions(zone, start, start + timedelta(weeks=weeks)):
            found.append((instant + before[0]).replace(tzinfo=None))
    return found


#: UID -> (start, end): Unix seconds of a timed event, ISO dates ("2026-12-04", "2026-12-05") of an all-day one.
Instants = dict[str, tuple[int, int] | tuple[str, str]]


def seconds(moment: datetime) -> int:
    """Unix seconds of an aware date-time."""
    return int(moment.timestamp())


@pytest.fixture(scope="session")
def dst_zones_plan(write_plan):
    """``dst_zones_plan(folder, step=15, reach=2)``: the plan of the DST fixtures."""
    return lambda folder, step=15, reach=2: _dst_zones_plan(write_plan, folder, step, reach)


def _dst_zones_plan(write_plan, folder: Path, step: int, reach: int) -> Path:
    """A channel per zone; around each change, on its day and the day before, a slot every ``step``
    minutes from ``reach`` hours before the change's local time to ``reach`` hours after it."""
    channels = {}
    for cid, zone, duration in ZONES:
        rules = []
        for change in sorted({*changes(zone), *QUIET.get(zone, [])}):
            walls = [change + timedelta(minutes=m) for m in range(-60 * reach, 60 * reach + 1, step)]
            rules.append({"id": f"n{change:%Y%m%d}", "label": f"Nuit du {change:%d/%m}", "every": "day",
                          "start": change.date() - timedelta(days=1), "end": change.date(),
                          "times": sorted({f"{w:%H:%M}" for w in walls})})
        posts = [{"at": at, "title": f"Hors grille {at:%H:%M} — été 🌙", "status": "scheduled"} for at in POSTS[cid]]
        first = rules[0]  # a post on a rule's slot fills it
        posts.append({"at": datetime.combine(first["start"], time.fromisoformat(first["times"][0])),
                      "title": "Remplit un créneau ✅", "status": "draft"})
        channels[cid] = {"channel": {"name": cid.replace("-", " ").title(), "timezone": zone, "duration": duration},
                         "rule": rules, "post": posts}
    return write_plan(folder, {"calendar": {"name": "Nuits de changement d'heure", "timezone": "Europe/Paris"}},
                      channels)


@dataclass
class Run:
    """One `export --from D --weeks N` and the `agenda --json` of the same words."""

    name: str
    out: Path
    start: date
    weeks: int
    slots: list[dict]
    #: `campaign list --json` of the plans, when they have campaigns (then campaigns.ics is compared too)
    campaigns: list[dict] = field(default_factory=list)

    @property
    def end(self) -> date:
        return self.start + timedelta(weeks=self.weeks)

    @property
    def days(self) -> int:
        return self.weeks * 7

    def files(self, only_all: bool = False) -> dict[str, Path]:
        # the slot feeds, and campaigns.ics when there are campaigns (key-dates.ics, and campaigns.ics
        # of plans without campaigns, are checked by libical below)
        left_out = ("key-dates.ics",) if self.campaigns else ("key-dates.ics", "campaigns.ics")
        paths = {p.name: p for p in sorted(self.out.glob("*.ics")) if p.name not in left_out}
        return {"all.ics": paths["all.ics"]} if only_all else paths

    def text(self, name: str) -> str:
        return (self.out / name).read_bytes().decode("utf-8")

    def expected(self, name: str) -> Instants:
        """UID -> (start, end) of the events of one feed: the slots of agenda --json in Unix seconds
        (campaigns.ics: the campaigns' steps), and in campaigns.ics each campaign of `campaign list
        --json` as an all-day event on its anchor day."""
        channel = name.removesuffix(".ics")
        found: Instants = {
            s["uid"]: (seconds(datetime.fromisoformat(s["start"])), seconds(datetime.fromisoformat(s["end"])))
            for s in self.slots if s["status"] != "cancelled" and (
                name == "all.ics" or s["channel"] == channel or (name == "campaigns.ics" and s["campaign"]))
        }
        if name == "campaigns.ics":
            for campaign in self.campaigns:
                day = date.fromisoformat(campaign["anchor"])
                found[f"campaign-{campaign['id']}@calendar-app"] = (day.isoformat(), (day + timedelta(days=1)).isoformat())
        return found


@pytest.fixture(scope="session")
def run_export(export, agenda_json):
    """``run_export(tmp, name, plans, start, weeks)``: one `export --from D --weeks N` and the
    `agenda --json` of the same words."""

    def run(tmp: Path, name: str, plans: Path, start: date, weeks: int, campaigns: list[dict] | None = None) -> Run:
        out = tmp / "feeds"
        window = ("--from", start.isoformat(), "--weeks", str(weeks))
        export(plans, out, "--today", "2030-01-01", *window)  # the window does not depend on today
        if not campaigns:
            assert "BEGIN:VEVENT" not in (out / "campaigns.ics").read_text(encoding="utf-8")
        return Run(name, out, start, weeks, agenda_json(plans, "--today", "2030-01-01", *window), campaigns or [])

    return run


@pytest.fixture(scope="module")
def dst_plans(tmp_path_factory, dst_zones_plan) -> Path:
    return dst_zones_plan(tmp_path_factory.mktemp("dst-zones") / "plans")


@pytest.fixture(scope="module")
def dst_2018(tmp_path_factory, dst_plans, run_export) -> Run:
    return run_export(tmp_path_factory.mktemp("dst-2018"), "dst-2018", dst_plans, *WINDOWS["dst-2018"])


@pytest.fixture(scope="module")
def dst_2027(tmp_path_factory, dst_plans, run_export) -> Run:
    return run_export(tmp_path_factory.mktemp("dst-2027"), "dst-2027", dst_plans, *WINDOWS["dst-2027"])


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, example_plans, run_export) -> Run:
    return run_export(tmp_path_factory.mktemp("bundled"), "bundled", example_plans, date(2026, 10, 19), 16)


@pytest.fixture(scope="module")
def agency_run(tmp_path_factory, agency, run_export) -> Run:
    """200 channels in six zones (3,569 slots), two weeks across the changes of Europe and New York."""
    tmp = tmp_path_factory.mktemp("agency")
    return run_export(tmp, "agency", agency(tmp / "plans", channels=200), date(2026, 10, 22), 2)


@pytest.fixture(scope="module")
def campaign_run(tmp_path_factory, example_plans, run_export, cli) -> Run:
    """The bundled plans with the campaign of 4 Dec 2026 (steps on instagram, blog, facebook and
    linkedin), over four weeks that hold it all."""
    tmp = tmp_path_factory.mktemp("campaign")
    plans = tmp / "plans"
    shutil.copytree(example_plans, plans)
    (plans / "campaigns").mkdir()
    shutil.copy(FIXTURES / "campaigns" / "salon-b12.toml", plans / "campaigns")
    listed = cli("campaign", "list", "--plans", str(plans), "--json", "--today", "2030-01-01")
    assert listed.returncode == 0, listed.stderr
    campaigns = json.loads(listed.stdout)
    assert [(c["id"], c["anchor"]) for c in campaigns] == [("salon-b12", "2026-12-04")]
    run = run_export(tmp, "campaign", plans, date(2026, 11, 23), 4, campaigns)
    steps = [s for s in run.slots if s["campaign"] == "salon-b12"]
    assert sorted(s["channel"] for s in steps) == ["blog", "facebook", "instagram", "linkedin"]
    return run


RUNS = ["dst_2018", "dst_2027", "bundled", "agency_run", "campaign_run"]


def feeds_of(run: Run) -> dict[str, Path]:
    return run.files(only_all=run.name == "agency")


def skip_unless(readers, consumer: str) -> None:
    """Skip, saying why, when the consumer is not installed; in CI (which installs them all, see
    .ci/run) that is a failure instead."""
    reason = readers.missing(consumer)
    if reason is not None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"{consumer} cannot run on this machine: {reason}")


def all_day(events: Instants) -> set[str]:
    return {uid for uid, (start, _) in events.items() if isinstance(start, str)}


def assert_same(found: Instants, expected: Instants, who: str) -> None:
    # slot feeds have no all-day event; campaigns.ics one per campaign
    assert all_day(found) == all_day(expected), (who, sorted(all_day(found) ^ all_day(expected))[:5])
    assert set(found) == set(expected), (who, sorted(set(found) ^ set(expected))[:5])
    wrong = {uid: (found[uid], expected[uid]) for uid in expected if found[uid] != expected[uid]}
    assert not wrong, (who, len(wrong), sorted(wrong.items())[:3])


# --- the fixtures really have every case -----------------------------------------------------------


def test_dst_fixtures_hold_every_kind_of_dst_slot(dst_2018, dst_2027):
    for run in (dst_2018, dst_2027):
        kinds: Counter = Counter()
        for s in run.slots:
            start, end = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
            zone = ZoneInfo(next(z for cid, z, _ in ZONES if cid == s["channel"]))
            planned = datetime.fromisoformat(s["planned"])
            local = start.astimezone(zone)
            if planned != local.replace(tzinfo=None, second=0):
                kinds["planned in a gap", s["channel"]] += 1
            if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
                kinds["starts in a repeated hour", s["channel"]] += 1
            if start.utcoffset() != end.utcoffset():
                kinds["spans a change", s["channel"]] += 1
        dst_channels = ["paris", "new-york", "sydney", "chatham"] + (["sao-paulo"] if run is dst_2018 else [])
        for kind in ("planned in a gap", "starts in a repeated hour", "spans a change"):
            for cid in dst_channels:
                assert kinds[kind, cid] >= 2, (run.name, kind, cid)
            assert kinds[kind, "kolkata"] == 0
        # every channel's feed, both windows: the fixtures' six zones
        assert sorted(run.files()) == sorted([f"{cid}.ics" for cid, _, _ in ZONES] + ["all.ics"])


# --- Python libraries ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
@pytest.mark.parametrize("reader", ["icalendar", "vobject", "ical"])
@pytest.mark.parametrize("tzids", ["iana", "renamed"])
def test_python_parsers_give_the_agenda_instants(which, reader, tzids, request, readers):
    run: Run = request.getfixturevalue(which)
    # vobject takes a zone that is +00:00 from 2000 to 2020 for UTC (its tzinfo_eq), so a renamed
    # Europe/London (which a VTIMEZONE starting in 2026 says is +00:00 before then) has no zone
    # there; with its IANA TZID it is read right
    keep = ("Europe/London",) if reader == "vobject" else ()
    read = {"icalendar": readers.icalendar_instants, "vobject": readers.vobject_instants,
            "ical": readers.ical_instants}[reader]
    for name, path in feeds_of(run).items():
        text = path.read_bytes().decode("utf-8")
        source = readers.renamed(text, keep) if tzids == "renamed" else text
        assert_same(read(source), run.expected(name), (reader, name))


@pytest.mark.parametrize("which", RUNS)
def test_recurring_ical_events_gives_the_agenda_instants(which, request, readers):
    run: Run = request.getfixturevalue(which)
    for name, path in feeds_of(run).items():
        found = readers.recurring_instants(path.read_bytes().decode("utf-8"), run.start, run.end)
        assert_same(found, run.expected(name), ("recurring-ical-events", name))


# --- ical.js ----------------------------------------------------------------------------------------


def probes(run: Run, names: list[str], ics) -> tuple[dict, dict]:
    """What to ask a consumer to convert with each embedded VTIMEZONE, and the zoneinfo answers:
    every 15 minutes from 3 h before to 3 h after each change of the window, as instants (to local
    wall time) and as the local times around it that exist once (to instants)."""
    asked, answers = {}, {}
    start = datetime.combine(run.start, time(), tzinfo=UTC)
    for name in names:
        path = str(run.out / name)
        for tzid in sorted({ics.prop(b, "TZID")[0] for b in ics.blocks(run.text(name), "VTIMEZONE")}):
            zone = ZoneInfo(tzid)
            instants, walls = [], []
            for instant, before, _ in transitions(tzid, start - timedelta(days=1), start + timedelta(weeks=run.weeks)):
                for quarter in range(-12, 13):
                    instants.append(int((instant + timedelta(minutes=15 * quarter)).timestamp()))
                    wall = (instant + before[0]).replace(tzinfo=None) + timedelta(minutes=15 * quarter)
                    once = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
                    if once and wall.replace(tzinfo=zone).utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset():
                        walls.append(wall)
            if not instants:  # a zone with no change in the window: an instant a day
                instants = [int((start + timedelta(days=d)).timestamp()) for d in range(0, run.days, 7)]
                walls = [datetime.fromtimestamp(s, zone).replace(tzinfo=None) for s in instants]
            asked.setdefault(path, {})[tzid] = {"utc": instants, "local": [f"{w:%Y-%m-%dT%H:%M:%S}" for w in walls]}
            answers.setdefault(path, {})[tzid] = {
                "utc": [datetime.fromtimestamp(s, zone).strftime("%Y-%m-%dT%H:%M:%S") for s in instants],
                "local": [int(w.replace(tzinfo=zone).timestamp()) for w in walls],
            }
    return asked, answers


_ICALJS: dict[str, tuple[dict, dict]] = {}


def icaljs_reading(run: Run, readers, ics) -> tuple[dict, dict]:
    """ical.js's reading of the run's feeds with the probes of every change, and the zoneinfo answers
    (once per run: two tests look at it)."""
    if run.name not in _ICALJS:
        files = feeds_of(run)
        asked, answers = probes(run, list(files), ics)
        _ICALJS[run.name] = readers.icaljs(list(files.values()), asked), answers
    return _ICALJS[run.name]


@pytest.mark.parametrize("which", RUNS)
def test_icaljs_gives_the_agenda_instants_and_reads_every_transition_hour(which, request, readers, ics):
    skip_unless(readers, "ical.js")
    run: Run = request.getfixturevalue(which)
    read, answers = icaljs_reading(run, readers, ics)
    for name, path in feeds_of(run).items():
        got = read[str(path)]
        events = got["events"]
        assert_same({uid: (v[0], v[1]) for uid, v in events.items()}, run.expected(name), ("ical.js", name))
        # the occurrence iterator (what Thunderbird's views use) gives the same instants
        assert_same({uid: (v[2], v[3]) for uid, v in events.items()}, run.expected(name), ("ical.js occurrences", name))
        # local time -> instant with the embedded VTIMEZONE, every 15 minutes around each change
        assert {z: v["local"] for z, v in got["probes"].items()} == {
            z: v["local"] for z, v in answers[str(path)].items()}, name


@pytest.mark.xfail(strict=True, reason=(
    "ical.js converts an instant to a zone with the offset of its UTC wall-clock time read as a local "
    "time (Timezone.convert_time; kewisch/ical.js#847, open): wrong for up to the zone's offset in hours "
    "at each change, whatever the VTIMEZONE (RFC 5545's own example too); Thunderbird's copy has the "
    "same code. This fails (XPASS) once ical.js is fixed."))
@pytest.mark.parametrize("which", ["dst_2018", "dst_2027"])
def test_icaljs_converts_instants_to_local_time_around_every_change(which, request, readers, ics):
    skip_unless(readers, "ical.js")
    run: Run = request.getfixturevalue(which)
    read, answers = icaljs_reading(run, readers, ics)
    for name, path in feeds_of(run).items():
        assert {z: v["utc"] for z, v in read[str(path)]["probes"].items()} == {
            z: v["utc"] for z, v in answers[str(path)].items()}, name


# --- libical ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
def test_libical_gives_the_agenda_instants_and_its_restriction_check_reports_nothing(which, request, readers, ics):
    skip_unless(readers, "libical")
    run: Run = request.getfixturevalue(which)
    files = {p.name: p for p in sorted(run.out.glob("*.ics"))}  # key-dates.ics is checked too
    asked, answers = probes(run, list(files), ics)
    read = readers.libical(list(files.values()), {p: {z: v["utc"] for z, v in zones.items()} for p, zones in asked.items()})
    for name, path in files.items():
        got = read[str(path)]
        assert got["errors"] == [], (name, got["errors"][:3])
        if name != "key-dates.ics":
            assert_same({uid: tuple(v) for uid, v in got["events"].items()}, run.expected(name), ("libical", name))
        want = {z: [w.replace("-", "").replace(":", "") for w in v["utc"]] for z, v in answers[str(path)].items()}
        assert got["probes"] == want, name


# --- khal, vdirsyncer + khal, calcurse ---------------------------------------------------------------


@pytest.mark.parametrize("which", RUNS)
def test_khal_printics_reads_every_event_without_a_warning(which, request, tmp_path, readers):
    run: Run = request.getfixturevalue(which)
    for name, path in feeds_of(run).items():
        count, stderr = readers.khal_printics(path, tmp_path)
        assert count == len(run.expected(name)), name
        assert "warning" not in stderr.lower() and "error" not in stderr.lower(), stderr[:500]


def test_vdirsyncer_and_khal_list_give_each_event_once_at_its_instants(tmp_path, readers, run_export, dst_zones_plan):
    """The subscription a khal user makes: vdirsyncer pulls all.ics over HTTP into a folder, one
    file per event, khal lists it. vdirsyncer's http storage replaces each UID by a hash of the
    event's content (``ignore_uids``), so two events that differ only by UID would be one: a slot
    planned in a gap and a real slot at the same instant must stay two. khal indexes and lists
    about 20 events a second, so the plan has a slot an hour here (the six zones, 2018-19)."""
    run = run_export(tmp_path, "dst-2018-hourly", dst_zones_plan(tmp_path / "plans", step=60), *WINDOWS["dst-2018"])
    with readers.serving(run.out) as url:
        folder = readers.vdirsyncer_sync(f"{url}/all.ics", tmp_path)
    expected = run.expected("all.ics")
    assert len(list(folder.glob("*.ics"))) == len(expected)
    assert len(set(expected.values())) < len(expected)  # some events share their instants
    rows = readers.khal_list(folder, tmp_path, run.start - timedelta(days=1), run.days + 2)
    assert len(rows) == len({uid for uid, _, _ in rows}) == len(expected)  # once each
    assert Counter((s, e) for _, s, e in rows) == Counter(expected.values())


@pytest.mark.parametrize("which", RUNS)
def test_calcurse_imports_every_event_at_its_instants(which, request, readers):
    skip_unless(readers, "calcurse")
    run: Run = request.getfixturevalue(which)
    for name, path in feeds_of(run).items():
        got = readers.calcurse(path, run.start - timedelta(days=1), run.days + 2)
        assert got == sorted(run.expected(name).values(), key=repr), name
