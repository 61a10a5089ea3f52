"""Independent consumers reading exported feeds: each gives {uid: (start, end)}, in Unix seconds for a
timed event and as ISO dates ("2026-12-04", "2026-12-05") for an all-day one.

Python libraries run in this process; ical.js (Node), libical (Debian's GObject bindings, run by
/usr/bin/python3), khal and calcurse in subprocesses. ``missing(name)`` says why a consumer
cannot run on this machine (None when it can), so a test can skip with that reason.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import icalendar
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream

UTC = timezone.utc
HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
LIBICAL_SCRIPT = HERE / "libical" / "read_feeds.py"
#: Set by the ``readers`` fixture (conftest.py) from the suite's own: the iCalendar text helpers,
#: ``khal_config(tmp, folder, local_zone=...)`` and ``tool(name)`` (a command installed next to Python).
blocks = prop = rename_tzids = khal_config = tool = None
DEBIAN_PYTHON = "/usr/bin/python3"
#: How .ci/run installs each consumer that pip does not.
INSTALL = {
    "ical.js": "npm ci in tests/feeds/consumers/node (Node 20 and the npm registry)",
    "libical": "apt-get install -y python3-gi gir1.2-ical-3.0 (Debian's /usr/bin/python3)",
    "calcurse": "apt-get install -y calcurse",
}

Instants = dict[str, tuple[int, int] | tuple[str, str]]


def seconds(moment: datetime | date) -> int:
    """Unix seconds of an aware date-time."""
    assert isinstance(moment, datetime) and moment.tzinfo is not None and moment.utcoffset() is not None, moment
    return int(moment.timestamp())


def span(start: datetime | date, end: datetime | date) -> tuple[int, int] | tuple[str, str]:
    """An event's (start, end): Unix seconds when timed, ISO dates when all-day (both dates); a date
    with a date-time is neither, and fails in ``seconds``."""
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        return start.isoformat(), end.isoformat()
    return seconds(start), seconds(end)


def missing(consumer: str) -> str | None:
    """Why ``consumer`` cannot run here (and how CI installs it), or None."""
    if consumer == "ical.js":
        if shutil.which("node") is None:
            return f"node is not installed; {INSTALL['ical.js']}"
        if not (NODE_DIR / "node_modules" / "ical.js").is_dir():
            return f"ical.js is not installed; {INSTALL['ical.js']}"
    elif consumer == "libical":
        if not os.path.exists(DEBIAN_PYTHON):
            return f"no {DEBIAN_PYTHON}; {INSTALL['libical']}"
        probe = subprocess.run([DEBIAN_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); "
                                "from gi.repository import ICalGLib"], capture_output=True, text=True)
        if probe.returncode != 0:
            return f"libical's GObject bindings are not installed; {INSTALL['libical']}"
    elif consumer == "calcurse" and shutil.which("calcurse") is None:
        return f"calcurse is not installed; {INSTALL['calcurse']}"
    return None


# --- Python libraries ---------------------------------------------------------------------------


def icalendar_instants(text: str) -> Instants:
    cal = icalendar.Calendar.from_ical(text)
    assert cal.get_missing_tzids() == set()
    return {str(e["UID"]): span(e.start, e.end) for e in cal.walk("VEVENT")}


def vobject_instants(text: str) -> Instants:
    """vobject as a fresh process reads the feed. vobject keeps the first VTIMEZONE it meets for a
    TZID for the life of the process, so a feed of other years read later in the same process would
    be converted with that first one's onsets: the tests read many windows, a client one feed."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    cal = vobject.readOne(text, validate=True)
    return {e.uid.value: span(e.dtstart.value, e.dtend.value) for e in cal.contents.get("vevent", [])}


def ical_instants(text: str) -> Instants:
    cal = IcsCalendarStream.calendar_from_ics(text)
    return {e.uid: span(e.dtstart, e.dtend) for e in cal.events}


def recurring_instants(text: str, start: date, end: date) -> Instants:
    """recurring-ical-events re-expanding the feed (through x-wr-timezone, as it always does)."""
    found: Instants = {}
    cal = icalendar.Calendar.from_ical(text)
    for event in recurring_ical_events.of(cal).between(start - timedelta(days=2), end + timedelta(days=2)):
        uid = str(event["UID"])
        assert uid not in found, uid
        found[uid] = span(event.start, event.end)
    return found


def renamed(text: str, keep: tuple[str, ...] = ()) -> str:
    """The feed with its TZIDs (but ``keep``) renamed, so libraries that know IANA names must read
    the VTIMEZONE body."""
    return rename_tzids(text, sorted({prop(b, "TZID")[0] for b in blocks(text, "VTIMEZONE")} - set(keep)))


# --- subprocess consumers -------------------------------------------------------------------------


def icaljs(paths: list[Path], probes: dict | None = None) -> dict:
    """ical.js's reading of each file (see tests/feeds/consumers/node/read_feeds.mjs)."""
    request = {"files": [str(p) for p in paths], "probes": probes or {}}
    result = subprocess.run(["node", "read_feeds.mjs"], cwd=NODE_DIR, input=json.dumps(request),
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def libical(paths: list[Path], probes: dict | None = None) -> dict:
    """libical's reading of each file and its restriction check (see tests/feeds/consumers/libical/read_feeds.py)."""
    request = {"files": [str(p) for p in paths], "probes": probes or {}}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    result = subprocess.run([DEBIAN_PYTHON, str(LIBICAL_SCRIPT)], input=json.dumps(request), env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def khal_printics(path: Path, tmp: Path) -> tuple[int, str]:
    """The number of events ``khal printics`` finds, and what it said on stderr."""
    (tmp / "cal").mkdir(exist_ok=True)
    config = khal_config(tmp, tmp / "cal")
    result = subprocess.run([tool("khal"), "-c", str(config), "printics", str(path)], capture_output=True,
                            text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    first = result.stdout.split("\n", 1)[0]
    assert first.endswith(f"events found in {path}"), first
    return int(first.split(" ", 1)[0]), result.stderr


def khal_list(calendar_dir: Path, tmp: Path, start: date, days: int) -> list[tuple[str, int, int]]:
    """(uid, start, end) of every event ``khal list`` shows in the folder, read in UTC, once each."""
    config = khal_config(tmp, calendar_dir, local_zone="UTC")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "longdatetimeformat = %Y-%m-%d %H:%M", "longdatetimeformat = %Y-%m-%dT%H:%M:%S"), encoding="utf-8")
    env = {**os.environ, "TZ": "UTC", "HOME": str(tmp)}
    result = subprocess.run([tool("khal"), "-c", str(config), "list", "--once", "--day-format", "",
                             "--format", "{uid}|{start-long}|{end-long}", start.isoformat(), f"{days}d"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    rows = []
    for line in result.stdout.splitlines():
        if "|" not in line:
            continue
        uid, first, last = line.split("|")
        rows.append((uid, *(seconds(datetime.fromisoformat(v).replace(tzinfo=UTC)) for v in (first, last))))
    return rows


def calcurse(path: Path, start: date, days: int) -> list[tuple[int, int] | tuple[str, str]]:
    """(start, end) of every appointment calcurse imports from the file, to the minute, and of every
    all-day event: calcurse makes a one-day VALUE=DATE event an "event" of its start day (it keeps no
    end: an event lasts its day), a longer one a daily recurring event, listed on each of its days;
    each listing is (day, next day) as ISO dates.

    calcurse keeps appointments in local time at minute precision, with no zone: run in UTC
    (TZ=UTC), it can hold every instant of a feed, the repeated hour of a DST night included.
    It keeps no UID, so the result is a sorted list rather than a mapping.
    """
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TZ": "UTC", "HOME": data}
        imported = subprocess.run(["calcurse", "-D", data, "-i", str(path)], capture_output=True, text=True,
                                  encoding="utf-8", timeout=300, env=env, stdin=subprocess.DEVNULL)
        # it exits 1 when it skips an item (and says why in a log file)
        assert imported.returncode == 0, imported.stdout + imported.stderr
        listed = subprocess.run(
            ["calcurse", "-D", data, "-Q", "--filter-type", "apt,event,recur-event", "--from", f"{start:%m/%d/%Y}",
             "--days", str(days), "--format-apt", "%(start:%Y-%m-%dT%H:%M)|%(end:%Y-%m-%dT%H:%M)\n",
             "--format-event", "ALL-DAY\n", "--format-recur-event", "ALL-DAY\n"],
            capture_output=True, text=True, encoding="utf-8", timeout=300, env=env, stdin=subprocess.DEVNULL)
        assert listed.returncode == 0, listed.stderr
    rows, day = [], None
    for line in listed.stdout.splitlines():
        if line.endswith(":") and "|" not in line:  # a day header, "10/24/26:"
            day = datetime.strptime(line[:-1], "%m/%d/%y").date()
        elif line.strip() == "ALL-DAY":
            rows.append((day.isoformat(), (day + timedelta(days=1)).isoformat()))
        elif "|" in line:
            first, last = (datetime.fromisoformat(v).replace(tzinfo=UTC) for v in line.strip().split("|"))
            if first.date() == day:  # an appointment over midnight is listed on both days
                rows.append((seconds(first), seconds(last)))
    return sorted(rows, key=repr)  # all-day (str) and timed (int) rows do not compare


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextmanager
def serving(folder: Path):
    """The folder over HTTP on 127.0.0.1, an ephemeral port, as any static web host serves an export."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def vdirsyncer_sync(url: str, tmp: Path) -> Path:
    """A vdirsyncer ``http`` storage of ``url`` synced into a new folder (one .ics per event)."""
    local, status = tmp / "calendar", tmp / "status"
    local.mkdir()
    status.mkdir()
    config = tmp / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{status}/"\n\n'
        '[pair feeds]\na = "feeds_remote"\nb = "feeds_local"\ncollections = null\n\n'
        f'[storage feeds_remote]\ntype = "http"\nurl = "{url}"\n\n'
        f'[storage feeds_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / "cfg"), "XDG_DATA_HOME": str(tmp / "data")}
    for command in ("discover", "sync"):
        result = subprocess.run([tool("vdirsyncer"), "-c", str(config), command], capture_output=True, text=True,
                                encoding="utf-8", timeout=300, env=env, input="y\n" * 5)
        assert result.returncode == 0, result.stdout + result.stderr
    return local
