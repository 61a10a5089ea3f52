"""``_calendar.toml`` -> settings, key dates, owners and review meetings, every problem reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from calendar_app.core.errors import PlanError
from calendar_app.core.model import CalendarSettings, KeyDate
from calendar_app.i18n import DEFAULT, LANGUAGES, N_, _, language_of_locale, translation
from calendar_app.storage.ideas import read_effort, read_owners
from calendar_app.storage.reviews import read_reviews
from calendar_app.storage.values import Reader, array_of_tables

CALENDAR_TOP_KEYS = ("calendar", "key_date", "owner", "review")
CALENDAR_KEYS = ("name", "timezone", "ics", "owner_week_max", "effort", "lang")
KEY_DATE_KEYS = ("date", "title", "end", "blackout")
DEFAULT_CALENDAR_NAME = N_("Editorial calendar")


#: Names people write for a language, to suggest its code.
_LANGUAGE_NAMES = {"french": "fr", "francais": "fr", "français": "fr", "fra": "fr",
                   "english": "en", "anglais": "en", "eng": "en"}


def _language_hint(value: str) -> str:
    code = language_of_locale(value) or _LANGUAGE_NAMES.get(value.strip().lower())
    if not code and len(value) == 2:  # a typo in a two-letter code: "fz", "em"
        code = next((c for c in LANGUAGES if c[0] == value[0].lower()), None)
    if code:
        return _('; did you mean "{choice}"?').format(choice=code)
    return _("; use {choices}").format(choices=_(" or ").join(f'"{code}"' for code in LANGUAGES))


def read_calendar(path: Path | str, data: dict) -> tuple[CalendarSettings, list[KeyDate], list[PlanError]]:
    """Convert ``_calendar.toml``; the ``ics`` imports are read by :mod:`calendar_app.storage.reader`."""
    r = Reader(path)
    r.unknown_keys(data, CALENDAR_TOP_KEYS, "")
    table = r.get(data, "calendar", "", dict, default={})
    r.unknown_keys(table, CALENDAR_KEYS, "calendar")
    name = r.get(table, "name", "calendar", str)
    tz = r.get(table, "timezone", "calendar", str)
    if tz is not None and r.timezone(tz, "calendar.timezone") is None:
        tz = None
    ics = r.string_list(table, "ics", "calendar") or []
    owner_max = r.get(table, "owner_week_max", "calendar", int)
    if owner_max is not None and owner_max < 1:
        r.error("calendar.owner_week_max", _("must be at least 1, got {value}").format(value=owner_max))
    lang = r.get(table, "lang", "calendar", str)
    if lang is not None and lang not in LANGUAGES:
        hint = _language_hint(lang)
        r.error("calendar.lang", _('"{lang}" is not a language of calendar-app{hint}').format(lang=lang, hint=hint))
        lang = None
    if name is None:  # the feeds' calendar name, in the plan's language as the feeds are
        name = translation(lang or DEFAULT).gettext(DEFAULT_CALENDAR_NAME)
    key_dates = []
    for n, kd in enumerate(array_of_tables(r, data, "key_date"), 1):
        p = f"key_date[{n}]"
        before = len(r.errors)
        r.unknown_keys(kd, KEY_DATE_KEYS, p)
        day = r.get(kd, "date", p, date, required=True, what=_(" (e.g. date = 2026-12-25)"))
        title = r.get(kd, "title", p, str, required=True)
        if title is not None and not title.strip():
            r.error(f"{p}.title", _('is empty; say what the day is, e.g. title = "Black Friday"'))
        end = r.get(kd, "end", p, date)
        blackout = r.get(kd, "blackout", p, bool, default=False)
        for key, value in (("date", day), ("end", end)):
            if value is not None and not 1900 <= value.year <= 2200:
                r.error(f"{p}.{key}", _("{value} is out of range (years 1900 to 2200)").format(value=value.isoformat()))
        if day is not None and end is not None and end < day:
            r.error(f"{p}.end", _("{end} is before date {date}").format(end=end.isoformat(), date=day.isoformat()))
        if len(r.errors) == before:
            key_dates.append(KeyDate(date=day, title=title, end=end, blackout=blackout, source="_calendar.toml"))
    effort = read_effort(r, table, "calendar")
    owners = read_owners(r, data)
    reviews = read_reviews(r, data, tz)
    settings = CalendarSettings(name=name, timezone=tz, ics=tuple(ics), owner_week_max=owner_max,
                                effort=effort, owners=tuple(owners), lang=lang, reviews=tuple(reviews))
    return settings, key_dates, r.errors
