"""A cache of the key dates imported from ``.ics`` files, so that a command run from the shell does
not import icalendar and expand the same holidays again at every run.

Keyed by the file's bytes and name and by a salt of the importing code (this package's import
module and the installed icalendar and recurring-ical-events), so any change to one of them
imports again. It lives in ``$CALENDAR_APP_CACHE``, else ``$XDG_CACHE_HOME/calendar-app``, else
``~/.cache/calendar-app``; a cache that cannot be read or written is skipped (the import then
runs as without it). Only imports that succeed are kept: a broken file gives its error every time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from datetime import date
from pathlib import Path

from calendar_app.core.model import KeyDate

CACHE_ENV = "CALENDAR_APP_CACHE"
_salt: bytes | None = None


def cache_folder() -> Path:
    """Where imported key dates are kept (see the module's docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "calendar-app"


def key_dates_from_ics(data: bytes, source: str) -> list[KeyDate]:
    """The key dates of an iCalendar file, as :func:`import_key_dates` gives them (and with the
    same ValueError), from the cache when this very file was imported before."""
    path = cache_folder() / "key-dates" / f"{_key(data, source)}.json"
    try:
        return [_from_json(item) for item in json.loads(path.read_bytes())]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    from calendar_app.files import atomic_write  # on a miss only: a hit imports neither
    from calendar_app.storage.ics_import import import_key_dates

    key_dates = import_key_dates(data, source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps([_to_json(kd) for kd in key_dates], ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only home: import every time
    return key_dates


def _key(data: bytes, source: str) -> str:
    global _salt
    if _salt is None:
        parts = [Path(__file__).with_name("ics_import.py").read_bytes()]
        for name in ("icalendar", "recurring_ical_events"):  # found, not imported
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec else None
            parts.append(f"{name}:{origin}:{os.stat(origin).st_mtime_ns if origin else ''}".encode())
        _salt = hashlib.sha256(b"\0".join(parts)).digest()
    return hashlib.sha256(_salt + source.encode("utf-8") + b"\0" + data).hexdigest()


def _to_json(kd: KeyDate) -> dict:
    return {"date": kd.date.isoformat(), "title": kd.title, "end": kd.end and kd.end.isoformat(),
            "blackout": kd.blackout, "source": kd.source}


def _from_json(item: dict) -> KeyDate:
    end = item["end"]
    return KeyDate(date=date.fromisoformat(item["date"]), title=item["title"],
                   end=date.fromisoformat(end) if end else None, blackout=bool(item["blackout"]),
                   source=item["source"])
