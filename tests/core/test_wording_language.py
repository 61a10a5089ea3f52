"""The core's dates inside sentences: the English forms as always, French ones from CLDR."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from calendar_app.core.wording import day_name, week_span, when
from calendar_app.i18n import set_language


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def test_english_as_always():
    assert when(datetime(2026, 11, 25, 18, 0)) == "Wed 25 Nov 2026, 18:00"
    assert day_name(date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert week_span(date(2026, 11, 30), date(2026, 12, 7)) == "Mon 30 Nov – Sun 6 Dec 2026"
    assert week_span(date(2026, 12, 28), date(2027, 1, 4)) == "Mon 28 Dec 2026 – Sun 3 Jan 2027"


def test_french_from_cldr(french):
    assert when(datetime(2026, 11, 25, 18, 0)) == "mer. 25 nov. 2026, 18:00"
    assert day_name(date(2026, 12, 1)) == "mar. 1er déc. 2026"
    assert week_span(date(2026, 11, 30), date(2026, 12, 7)) == "lun. 30 nov. – dim. 6 déc. 2026"
    assert week_span(date(2026, 12, 28), date(2027, 1, 4)) == "lun. 28 déc. 2026 – dim. 3 janv. 2027"
    assert week_span(date(2026, 12, 1), date(2026, 12, 2)) == "mar. 1er déc. 2026"
