"""What people type in French or English: dates, times and weekday tokens (calendar_app.i18n.parse)."""

from __future__ import annotations

from datetime import date, time

import pytest

from calendar_app.i18n import set_language
from calendar_app.i18n.parse import canonical_time, canonical_weekday, parse_date, parse_time, parse_weekday

TUESDAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-24", date(2026, 12, 24)),
    ("24/12/2026", date(2026, 12, 24)),
    ("1/2/2027", date(2027, 2, 1)),
    ("24/12", date(2026, 12, 24)),  # the year of today
    ("05/01", date(2026, 1, 5)),
    ("aujourd'hui", TUESDAY),
    ("Aujourd\u2019hui", TUESDAY),  # the typographic apostrophe French keyboards give
    ("today", TUESDAY),
    ("demain", date(2026, 11, 25)),
    ("tomorrow", date(2026, 11, 25)),
    ("hier", date(2026, 11, 23)),
    ("lundi", date(2026, 11, 30)),
    ("lun.", date(2026, 11, 30)),
    ("mercredi", date(2026, 11, 25)),
    ("Dimanche", date(2026, 11, 29)),
    ("mardi", date(2026, 12, 1)),  # today is a Tuesday: the next one
    ("tue", date(2026, 12, 1)),
    ("Friday", date(2026, 11, 27)),
    ("+2s", date(2026, 12, 8)),
    ("+2w", date(2026, 12, 8)),
    ("+3j", date(2026, 11, 27)),
    ("+3d", date(2026, 11, 27)),
    ("-1s", date(2026, 11, 17)),
    (" +10j ", date(2026, 12, 4)),
])
def test_date_forms(text: str, expected: date):
    assert parse_date(text, TUESDAY) == expected


@pytest.mark.parametrize("text", ["31/02", "2026-13-01", "24/12/26", "+2x", "demian", "", "12h30", "1830"])
def test_not_dates_are_refused_naming_the_forms(text: str):
    with pytest.raises(ValueError, match=r"is not a date; write YYYY-MM-DD, DD/MM/YYYY, DD/MM"):
        parse_date(text, TUESDAY)


@pytest.mark.parametrize("text", ["0001-01-01", "+9999s", "24/12/2300"])
def test_dates_outside_the_years_planned_for_are_refused(text: str):
    with pytest.raises(ValueError, match="out of range; use a date between 1900 and 2200"):
        parse_date(text, TUESDAY)


def test_the_refusal_speaks_french(french):
    with pytest.raises(ValueError, match="« 31/02 » n'est pas une date"):
        parse_date("31/02", TUESDAY)


@pytest.mark.parametrize(("text", "expected"), [
    ("18h", time(18, 0)), ("18h30", time(18, 30)), ("18H30", time(18, 30)), ("9h05", time(9, 5)),
    ("18:30", time(18, 30)), ("7:00", time(7, 0)), ("0h", time(0, 0)), ("23h59", time(23, 59)),
])
def test_time_forms(text: str, expected: time):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24h", "18h60", "25:00", "1830", "18h3", "midi", ""])
def test_not_times_are_refused(text: str):
    with pytest.raises(ValueError, match="is not a time"):
        parse_time(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("lun", "mon"), ("mar", "tue"), ("mer", "wed"), ("jeu", "thu"), ("ven", "fri"), ("sam", "sat"), ("dim", "sun"),
    ("lundi", "mon"), ("Mardi", "tue"), ("mercredi", "wed"), ("jeudi", "thu"), ("vendredi", "fri"),
    ("samedi", "sat"), ("dimanche", "sun"), ("ven.", "fri"),
    ("mon", "mon"), ("Sunday", "sun"), ("1mar", "1tue"), ("-1ven", "-1fri"), ("2lundi", "2mon"), ("1tue", "1tue"),
])
def test_weekday_tokens(text: str, expected: str):
    assert parse_weekday(text) == expected


@pytest.mark.parametrize("text", ["lunn", "wdn", "1", "", "-1"])
def test_not_weekdays_are_refused(text: str):
    with pytest.raises(ValueError, match="is not a weekday"):
        parse_weekday(text)


def test_canonical_hints_only_for_other_spellings():
    assert canonical_weekday("lun") == "mon"
    assert canonical_weekday("mon") is None
    assert canonical_weekday("wdn") is None
    assert canonical_time("18h30") == "18:30"
    assert canonical_time("18:30") is None
    assert canonical_time("soir") is None


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")
