"""English dates without Babel are the very text of the CLDR patterns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from calendar_app.i18n import set_language
from calendar_app.i18n.dates import DATE_STYLES, cldr_date, format_date


@pytest.mark.parametrize("style", sorted(DATE_STYLES))
def test_the_english_fast_path_is_cldr(style: str):
    set_language("en")
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 400, 3)] + [date(1999, 9, 9), date(2200, 12, 31)]
    assert [format_date(d, style) for d in days] == [cldr_date(d, style) for d in days]


def test_french_comes_from_cldr():
    set_language("fr")
    try:
        assert format_date(date(2026, 12, 1), "long") == "mardi 1er décembre 2026"
        assert format_date(date(2026, 12, 1), "short") == "mar. 01/12"
        # the first of the month is « 1er » wherever the day is written out, only then
        assert [format_date(date(2026, 12, 1), s) for s in ("medium", "day_month", "day_month_year")] == [
            "mar. 1er déc. 2026", "mar. 1er déc.", "1er déc. 2026"]
        assert format_date(date(2026, 12, 11), "long") == "vendredi 11 décembre 2026"
        assert format_date(date(2026, 12, 21), "medium") == "lun. 21 déc. 2026"
    finally:
        set_language("en")
