"""The cache of key dates imported from .ics files: the same key dates as an import, a new import
when the file changes, and no harm from a broken or unwritable cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_app.core.errors import PlanErrors
from calendar_app.storage import ics_cache, ics_import
from calendar_app.storage.ics_import import import_key_dates
from calendar_app.storage.reader import load_plan_strict

HOLIDAYS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270113\r\n"
    "DTEND;VALUE=DATE:20270116\r\nSUMMARY:Soldes d'hiver ❄️\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260214\r\n"
    "RRULE:FREQ=YEARLY;COUNT=2\r\nSUMMARY:Saint-Valentin\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ics_cache.CACHE_ENV, str(folder))
    return folder


def test_a_cached_import_gives_the_same_key_dates(cache: Path, monkeypatch: pytest.MonkeyPatch):
    first = ics_cache.key_dates_from_ics(HOLIDAYS, "fêtes.ics")
    assert first == import_key_dates(HOLIDAYS, "fêtes.ics")
    assert len(list((cache / "key-dates").glob("*.json"))) == 1

    def no_import(data, source):
        raise AssertionError("imported again")

    monkeypatch.setattr(ics_import, "import_key_dates", no_import)
    again = ics_cache.key_dates_from_ics(HOLIDAYS, "fêtes.ics")
    assert again == first
    assert [(k.date, k.end, k.title, k.source) for k in again] == [
        (date(2027, 1, 13), date(2027, 1, 15), "Soldes d'hiver ❄️", "fêtes.ics"),
        (date(2026, 2, 14), None, "Saint-Valentin", "fêtes.ics"),
        (date(2027, 2, 14), None, "Saint-Valentin", "fêtes.ics"),
    ]


def test_an_edited_file_is_imported_again(cache: Path):
    ics_cache.key_dates_from_ics(HOLIDAYS, "x.ics")
    edited = HOLIDAYS.replace(b"Saint-Valentin", b"Chandeleur")
    assert {k.title for k in ics_cache.key_dates_from_ics(edited, "x.ics")} == {"Soldes d'hiver ❄️", "Chandeleur"}
    assert len(list((cache / "key-dates").glob("*.json"))) == 2


def test_a_damaged_cache_entry_is_imported_again(cache: Path):
    expected = ics_cache.key_dates_from_ics(HOLIDAYS, "x.ics")
    (entry,) = (cache / "key-dates").glob("*.json")
    entry.write_text('[{"date": "not a date"', encoding="utf-8")
    assert ics_cache.key_dates_from_ics(HOLIDAYS, "x.ics") == expected
    assert entry.read_text(encoding="utf-8").startswith('[{"date": "2027-01-13"')


def test_an_unwritable_cache_only_costs_the_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(ics_cache.CACHE_ENV, str(blocker / "cache"))
    assert ics_cache.key_dates_from_ics(HOLIDAYS, "x.ics") == import_key_dates(HOLIDAYS, "x.ics")


def test_a_broken_file_keeps_its_error_and_is_not_cached(cache: Path, bundled_plans: Path):
    (bundled_plans / "jours-feries.ics").write_bytes(b"BEGIN:VCALENDAR\r\nnot ical at all")
    for _ in range(2):
        with pytest.raises(PlanErrors) as caught:
            load_plan_strict(bundled_plans)
        assert "is not a readable iCalendar file" in str(caught.value.errors[0])
    assert not list((cache / "key-dates").glob("*.json"))
