"""Slots as CSV: the neutral ``plan.csv`` and Hootsuite's bulk-composer files, one per channel (pure: bytes out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from calendar_app.core.model import Slot, Status

PLAN_CSV = "plan.csv"
HOOTSUITE_FOLDER = "hootsuite"
#: Hootsuite's bulk composer takes at most this many posts per file.
HOOTSUITE_ROWS = 350
#: Only content that is ready goes to the scheduling tool.
HOOTSUITE_STATUSES = (Status.READY.value, Status.SCHEDULED.value)
#: ``--date-format``: Hootsuite asks at upload whether the file's dates are day-first or month-first.
DATE_FORMATS = {"dmy": "%d/%m/%Y %H:%M", "mdy": "%m/%d/%Y %H:%M"}


class NameClash(ValueError):
    """Two channels would write the same Hootsuite file (``blog`` past 350 rows and a channel ``blog-2``)."""

    def __init__(self, name: str, first: str, second: str):
        super().__init__(name)
        self.name, self.first, self.second = name, first, second


def csv_bytes(rows: Iterable[Sequence[str]], header: Sequence[str] | None = None) -> bytes:
    """RFC 4180: comma-separated, fields with a comma, a quote or a line break in double quotes
    (quotes doubled), records ending in CRLF, UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def plan_csv(records: Iterable[dict], columns: Sequence[str]) -> bytes:
    """``plan.csv``: a header of ``columns``, then one row per record; None is an empty cell."""
    return csv_bytes(([_cell(record[c]) for c in columns] for record in records), header=columns)


def hootsuite_files(slots: Iterable[Slot], date_format: str = "dmy") -> dict[str, bytes]:
    """``<channel>.csv`` (then ``<channel>-2.csv``... past :data:`HOOTSUITE_ROWS` rows) for the
    ready and scheduled posts with a title: date and time in the channel's zone, message, link.

    Raises :class:`NameClash` when two channels would write one file name."""
    pattern = DATE_FORMATS[date_format]
    rows: dict[str, list[list[str]]] = {}
    for slot in slots:
        if slot.status in HOOTSUITE_STATUSES and (slot.title or "").strip():
            link = slot.post.link if slot.post else None
            rows.setdefault(slot.channel, []).append([slot.start.strftime(pattern), slot.title, link or ""])
    files: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    for channel, channel_rows in rows.items():
        for part, first in enumerate(range(0, len(channel_rows), HOOTSUITE_ROWS), start=1):
            name = f"{channel}.csv" if part == 1 else f"{channel}-{part}.csv"
            if name in owner:
                raise NameClash(name, owner[name], channel)
            owner[name] = channel
            files[name] = csv_bytes(channel_rows[first:first + HOOTSUITE_ROWS])
    return files


def untitled(slots: Iterable[Slot]) -> int:
    """Ready or scheduled posts without a title: no message for Hootsuite, so left out."""
    return sum(1 for s in slots if s.status in HOOTSUITE_STATUSES and not (s.title or "").strip())


def _cell(value) -> str:
    return "" if value is None else str(value)
