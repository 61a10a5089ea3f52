"""Dates, times and numbers as people read them in the current language, from Babel's CLDR data.

Each use is a named style rather than a pattern at the call site, so the two languages stay
consistent: French says « mardi 1er décembre 2026 », « mar. 01/12 », ``S49`` and ``0,45``; English
keeps the forms the tool always printed (``Tuesday 01 December 2026``, ``Tue 01 Dec``, ``W49``).
Babel is imported on first use (it costs more than the rest of a short command).
"""

from __future__ import annotations

from datetime import date, datetime, time

from calendar_app.i18n import current

#: style -> CLDR pattern per language (https://unicode.org/reports/tr35/tr35-dates.html).
DATE_STYLES: dict[str, dict[str, str]] = {
    # Tuesday 01 December 2026 / mardi 1 décembre 2026 (1er: see cldr_date)
    "long": {"en": "EEEE dd MMMM y", "fr": "EEEE d MMMM y"},
    # Tue 01 Dec 2026 / mar. 1 déc. 2026
    "medium": {"en": "EEE dd MMM y", "fr": "EEE d MMM y"},
    # Tue 01 Dec / mar. 01/12: narrow columns
    "short": {"en": "EEE dd MMM", "fr": "EEE dd/MM"},
    # Tue 1 Dec / mar. 1 déc.
    "day_month": {"en": "EEE d MMM", "fr": "EEE d MMM"},
    # 1 Dec 2026 / 1 déc. 2026
    "day_month_year": {"en": "d MMM y", "fr": "d MMM y"},
    # Tue 1 Dec 2026 / mar. 1 déc. 2026: dates inside sentences (reports, rule changes)
    "day_month_year_weekday": {"en": "EEE d MMM y", "fr": "EEE d MMM y"},
    # Tue / mar.
    "weekday": {"en": "EEE", "fr": "EEE"},
    # Tuesday / mardi
    "weekday_long": {"en": "EEEE", "fr": "EEEE"},
    # December 2026 / décembre 2026
    "month_year": {"en": "MMMM y", "fr": "MMMM y"},
}


#: English without Babel (its import and locale data cost a short command a tenth of a second):
#: the same text as the CLDR patterns above, from strftime, which Python runs in the C locale.
_ENGLISH = {
    "long": lambda d: f"{d:%A %d %B %Y}",
    "medium": lambda d: f"{d:%a %d %b %Y}",
    "short": lambda d: f"{d:%a %d %b}",
    "day_month": lambda d: f"{d:%a} {d.day} {d:%b}",
    "day_month_year": lambda d: f"{d.day} {d:%b %Y}",
    "day_month_year_weekday": lambda d: f"{d:%a} {d.day} {d:%b %Y}",
    "weekday": lambda d: f"{d:%a}",
    "weekday_long": lambda d: f"{d:%A}",
    "month_year": lambda d: f"{d:%B %Y}",
}


def format_date(day: date, style: str = "long") -> str:
    """``day`` in the named style (see :data:`DATE_STYLES`)."""
    if current() == "en":
        return _ENGLISH[style](day)
    return cldr_date(day, style)


def cldr_date(day: date, style: str) -> str:
    """``day`` in the named style from Babel's CLDR data, whatever the language."""
    from babel.dates import format_date as babel_date

    pattern = DATE_STYLES[style][current()]
    if current() == "fr" and day.day == 1:  # le 1er du mois: « mardi 1er décembre », « mar. 1er déc. »
        pattern = pattern.replace("d MMM", "d'er' MMM")
    return babel_date(day, pattern, locale=current())


def format_time(moment: time | datetime) -> str:
    """``18:30``: 24-hour times in both languages."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_datetime(moment: datetime, style: str = "medium") -> str:
    """The date in ``style``, then the time: ``Tue 01 Dec 2026, 18:30`` / ``mar. 1 déc. 2026, 18:30``."""
    return f"{format_date(moment.date(), style)}, {format_time(moment)}"


def week_label(day: date) -> str:
    """The ISO week of ``day`` as people write it: ``W49`` in English, ``S49`` (semaine) in French."""
    week = day.isocalendar()[1]
    return f"{'S' if current() == 'fr' else 'W'}{week:02d}"


def format_decimal(value: float, digits: int = 2) -> str:
    """``0.45`` / ``0,45``: at most ``digits`` decimals, the language's separator."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(round(value, digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0",
                         locale=current())


def format_percent(value: float) -> str:
    """``45%`` / ``45 %`` (French puts a narrow no-break space before the sign); English as
    Python writes it (``{:.0%}``: the text the report always printed, without Babel's import)."""
    if current() == "en":
        return f"{value:.0%}"
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, locale=current())
