"""Fixtures shared by the whole suite: a frozen copy of the bundled example, a fixed today, the CLI
in a subprocess, plan folders written from dicts, iCalendar text read by hand, the feed server, khal
and vdirsyncer."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import tomli_w

#: A frozen copy of the bundled example (the repository's plans/ on the day the tests were written):
#: users edit plans/ as the README invites, and the tests must not notice.
EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session", autouse=True)
def _key_date_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Key dates imported from .ics files are cached in a folder of the test session (the CLI's
    subprocesses inherit it), never in the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CALENDAR_APP_CACHE", str(folder))
        yield folder


# --- the bundled example and the date ------------------------------------------------------------


@pytest.fixture(scope="session")
def example_plans() -> Path:
    """The tests' frozen copy of the bundled example (tests/fixtures/example/), never the repository's
    plans/. Read it only: a test that writes takes ``bundled_plans``."""
    return EXAMPLE


@pytest.fixture
def bundled_plans(tmp_path: Path, example_plans: Path) -> Path:
    """A private copy of the frozen example in ``tmp_path / "plans"`` (tests may edit it)."""
    target = tmp_path / "plans"
    shutil.copytree(example_plans, target)
    return target


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., subprocess.CompletedProcess]:
    """``cli(*args, cwd=None, env=None)``: ``python -m calendar_app ARGS`` in a subprocess (so TZ,
    PYTHONHASHSEED and the locale apply), stdin empty, output as UTF-8 text. Without ``cwd`` it runs
    in a new empty folder, so a default ``./plans`` or ``./feeds`` is never the repository's."""

    def run(*args: str, cwd: Path | str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
        return subprocess.run([sys.executable, "-m", "calendar_app", *args], env=full_env,
                              cwd=tmp_path_factory.mktemp("cwd") if cwd is None else cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    return run


@pytest.fixture(scope="session")
def export(cli) -> Callable[..., subprocess.CompletedProcess]:
    """``export(plans, out, *args, env=None)``: ``calendar-app export`` that must succeed."""

    def run(plans: Path, out: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        result = cli("export", "--plans", str(plans), "--out", str(out), *args, env=env)
        assert result.returncode == 0, result.stderr
        return result

    return run


@pytest.fixture(scope="session")
def agenda_json(cli) -> Callable[..., list[dict]]:
    """``agenda_json(plans, *args)``: the slots ``calendar-app agenda --json`` prints."""

    def run(plans: Path, *args: str) -> list[dict]:
        result = cli("agenda", "--plans", str(plans), "--json", *args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


# --- plan folders ----------------------------------------------------------------------------------


def _write_plan(folder: Path, calendar: dict | None, channels: dict[str, dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if calendar is not None:
        (folder / "_calendar.toml").write_text(tomli_w.dumps(calendar), encoding="utf-8")
    for channel_id, doc in channels.items():
        (folder / f"{channel_id}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def write_plan() -> Callable[[Path, dict | None, dict[str, dict]], Path]:
    """``write_plan(folder, calendar, channels)``: a plan folder from TOML-shaped dicts,
    ``channels = {"paris": {"channel": {...}, "rule": [...]}}``; ``calendar`` None writes no _calendar.toml."""
    return _write_plan


# --- objectives ------------------------------------------------------------------------------------

#: ``[[objective]]`` tables of ``_objectives.toml`` on the example's channels, by id.
OBJECTIVE_TABLES = {
    "insta-abonnes": """\
[[objective]]
id = "insta-abonnes"
title = "2 000 abonnés Instagram 🎉"
channel = "instagram"
metric = "followers"
target = 2000
baseline = { value = 1450, date = 2026-09-01 }
deadline = 2027-03-31
renew = "+6m"
""",
    "linkedin-portee": """\
[[objective]]
id = "linkedin-portee"
title = "Portée LinkedIn « par publication »"
channel = "linkedin"
metric = "reach"
per_post = true
target = 1500
baseline = { value = 800, date = 2026-09-01 }
deadline = 2026-11-30
""",
}


@pytest.fixture(scope="session")
def objective_tables() -> dict[str, str]:
    """Two ``[[objective]]`` tables as text, by id: ``insta-abonnes`` (Instagram followers from 1450 on
    2026-09-01 to 2000 by 2027-03-31, renewed every six months) and ``linkedin-portee`` (LinkedIn reach
    per post from 800 to 1500 by 2026-11-30)."""
    return dict(OBJECTIVE_TABLES)


@pytest.fixture(scope="session")
def objectives_toml(objective_tables: dict[str, str]) -> str:
    """An ``_objectives.toml`` with both ``objective_tables``, Instagram first."""
    return "\n".join(objective_tables.values())


@pytest.fixture
def objectives_plans(bundled_plans: Path, objectives_toml: str) -> Callable[..., Path]:
    """``objectives_plans(accounts=..., posts=...)``: ``bundled_plans`` with ``objectives_toml`` as its
    ``_objectives.toml``, and beside it ``results/accounts.csv`` (rows ``date,channel,metric,value``) and
    ``results/posts.csv`` (rows ``channel,at,metric,value``) holding the rows given, header added."""

    def write(accounts: str, posts: str) -> Path:
        (bundled_plans / "_objectives.toml").write_text(objectives_toml, encoding="utf-8")
        results = bundled_plans.parent / "results"
        results.mkdir()
        (results / "accounts.csv").write_text("date,channel,metric,value\n" + accounts, encoding="utf-8")
        (results / "posts.csv").write_text("channel,at,metric,value\n" + posts, encoding="utf-8")
        return bundled_plans

    return write


# --- reading iCalendar text by hand ------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    """Logical content lines."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def _calendar_props(text: str) -> list[str]:
    """Logical lines of the VCALENDAR itself (before its first subcomponent)."""
    out = []
    for line in _unfold(text)[1:]:
        if line.startswith("BEGIN:"):
            break
        out.append(line)
    return out


def _prop(lines: list[str], name: str) -> list[str]:
    """Values of property ``name`` (with its parameters stripped) among ``lines``."""
    pattern = re.compile(rf"^{re.escape(name)}(?:;[^:]*)?:(.*)$")
    return [m.group(1) for line in lines if (m := pattern.match(line))]


def _blocks(text: str, component: str = "VEVENT") -> list[list[str]]:
    """Logical lines of each top-level ``component``."""
    out, current, depth = [], None, 0
    for line in _unfold(text):
        if line == f"BEGIN:{component}" and current is None:
            current, depth = [], 0
            continue
        if current is not None:
            if line.startswith("BEGIN:"):
                depth += 1
            elif line == f"END:{component}" and depth == 0:
                out.append(current)
                current = None
                continue
            elif line.startswith("END:"):
                depth -= 1
            current.append(line)
    return out


def _rename_tzids(text: str, zones: list[str]) -> str:
    """Every TZID renamed to a name no library knows (fresh each call: vobject and icalendar
    cache zones by TZID), so parsers must use the VTIMEZONE body."""
    for zone in zones:
        new = f"Renamed-{uuid.uuid4().hex}/{zone.replace('/', '-')}"
        text = text.replace(f"TZID:{zone}\r\n", f"TZID:{new}\r\n").replace(f"TZID={zone}:", f"TZID={new}:")
    return text


@pytest.fixture(scope="session")
def ics() -> SimpleNamespace:
    """iCalendar text read by hand, independently of the code under test: ``ics.unfold(text)``,
    ``ics.calendar_props(text)``, ``ics.blocks(text, component="VEVENT")``, ``ics.prop(lines, name)``,
    ``ics.rename_tzids(text, zones)``."""
    return SimpleNamespace(unfold=_unfold, calendar_props=_calendar_props, prop=_prop, blocks=_blocks,
                           rename_tzids=_rename_tzids)


# --- calendar apps that subscribe: khal and vdirsyncer ------------------------------------------------


@pytest.fixture(scope="session")
def tool() -> Callable[[str], str]:
    """``tool(name)``: the path of a console script installed next to this Python (khal, vdirsyncer
    from the test extra)."""

    def path_of(name: str) -> str:
        path = Path(sys.executable).parent / name
        assert path.exists(), f"{name} is not installed next to {sys.executable}; pip install -e '.[test]'"
        return str(path)

    return path_of


@pytest.fixture(scope="session")
def khal_config() -> Callable[..., Path]:
    """``khal_config(tmp, calendar_dir, local_zone="Europe/Paris")``: a minimal khal configuration
    with one calendar folder and its own database, written in ``tmp``."""

    def write(tmp: Path, calendar_dir: Path, local_zone: str = "Europe/Paris") -> Path:
        config = tmp / "khal.conf"
        config.write_text(
            "[calendars]\n[[feeds]]\n"
            f"path = {calendar_dir}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {local_zone}\ndefault_timezone = {local_zone}\n"
            f"[sqlite]\npath = {tmp / 'khal.db'}\n",
            encoding="utf-8",
        )
        return config

    return write


# --- the feed server -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def serving():
    """``with serving(plans, token=None, today=..., limits=..., feeds=None) as (server, log):`` the feed
    server running in a thread on an ephemeral loopback port; ``today`` is a date or a callable
    returning one (default 2026-11-24); ``log`` is the access log as a StringIO."""
    import io

    from calendar_app.server.app import FeedServer
    from calendar_app.server.connection import Limits
    from calendar_app.server.live import LiveFeeds

    @contextmanager
    def run(plans: Path, *, token: str | None = None, today=TODAY, limits: Limits = Limits(timeout=5.0),
            feeds: LiveFeeds | None = None) -> Iterator[tuple[FeedServer, io.StringIO]]:
        log = io.StringIO()
        today_fn = today if callable(today) else (lambda: today)
        server = FeedServer(feeds or LiveFeeds(plans), host="127.0.0.1", port=0, token=token, limits=limits,
                            log=log, today=today_fn)
        with server.running():
            yield server, log

    return run


# --- the language --------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _english_environment():
    """Every test starts in English whatever the machine's locale (a French developer's LANG would
    otherwise make the CLI speak French); tests of the language choice pass their own environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            patch.delenv(name, raising=False)
        patch.setenv("LANG", "C.UTF-8")
        yield


@pytest.fixture(autouse=True)
def _language_reset():
    """The language is process-wide: a test that runs the CLI in-process on a French plan must not
    leave the next test speaking French."""
    yield
    from calendar_app.i18n import set_language

    set_language("en")
