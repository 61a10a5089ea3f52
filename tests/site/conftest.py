"""Fixtures of the published calendar's tests: the bundled example published by the CLI (internal and
client editions), its slots as ``agenda --json`` gives them, and a headless Chromium."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

import pytest

#: The window the tests publish: three whole months of the bundled example.
START, END = date(2026, 11, 1), date(2027, 2, 1)
WEEKS_SPANNED = 14  # agenda --weeks covering [START, END)


@pytest.fixture(scope="session")
def published(tmp_path_factory, cli, example_plans, today) -> SimpleNamespace:
    """The bundled example published twice by ``calendar-app publish --from 2026-11-01 --months 3``:
    ``internal`` (with ``--pdf`` when Chromium is here) and ``client`` (``--client``) folders."""
    root = tmp_path_factory.mktemp("published")
    args = ["publish", "--plans", str(example_plans), "--from", START.isoformat(), "--months", "3",
            "--today", today.isoformat()]
    from calendar_app.site.chromium import find_chromium

    pdf = find_chromium() is not None
    internal = cli(*args, "--out", str(root / "internal"), *(["--pdf"] if pdf else []))
    assert internal.returncode == 0, internal.stderr
    client = cli(*args, "--out", str(root / "client"), "--client")
    assert client.returncode == 0, client.stderr
    return SimpleNamespace(internal=root / "internal", client=root / "client", pdf=pdf, start=START, end=END)


@pytest.fixture(scope="session")
def example_slots(cli, example_plans, today) -> list[dict]:
    """``agenda --json`` of the published window, independently of the site's code."""
    result = cli("agenda", "--plans", str(example_plans), "--json", "--from", START.isoformat(),
                 "--weeks", str(WEEKS_SPANNED), "--today", today.isoformat())
    assert result.returncode == 0, result.stderr
    return [s for s in json.loads(result.stdout) if START.isoformat() <= s["start"][:10] < END.isoformat()]


def _chromium_or_skip() -> str:
    """The browser; a test without one is skipped saying why, except in CI (which installs it, see
    .ci/run), where that is a failure."""
    from calendar_app.site.chromium import find_chromium

    found = find_chromium()
    if found is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "Chromium is not installed (CI installs Debian's: apt-get install chromium)")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium (calendar_app.site.chromium, DevTools over a pipe) for the session."""
    from calendar_app.site.chromium import chromium

    with chromium(_chromium_or_skip()) as running:
        yield running


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return _chromium_or_skip()
