"""A network's CSV export turned into canonical results rows: separators, decimal commas, BOM, French dates."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from calendar_app.core.errors import PlanError, PlanErrors, did_you_mean
from calendar_app.i18n import _
from calendar_app.storage.objectives import METRIC_RE

_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
#: Words of a column's metric name that make it an identifier, not a metric (a post's or account's id).
_IDENTIFIER_WORDS = {"id", "ids", "identifiant", "identifier", "uid", "urn"}
_COMMA_GROUPS_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")
#: Thousands separators French and English exports write: narrow no-break space, no-break space, space.
_GROUPING = str.maketrans("", "", "\u202f\u00a0 ")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
_AT_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %Hh%M")


def parse_number(text: str) -> float:
    """``"1 234,5"``, ``"1.234,5"``, ``"1,234.5"``, ``"4,5 %"`` (0.045), ``"−12"`` -> float; ValueError otherwise.

    A lone comma is a decimal separator (French exports); with both a dot and a comma, the last one
    is the decimal separator and the other groups thousands; several dots alone group thousands."""
    t = text.strip().replace("\u2212", "-")  # the minus sign spreadsheets write (U+2212)
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    t = t.translate(_GROUPING)
    if "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    elif t.count(",") == 1:
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        t = t.replace(".", "")
    elif t.count(",") > 1 and _COMMA_GROUPS_RE.match(t):  # 1,234,567: English thousands
        t = t.replace(",", "")
    if not _NUMBER_RE.match(t):
        raise ValueError(text)
    if percent:  # in decimal: 4,1 % is 0.041, where 4.1 / 100 is 0.040999999999999995
        return float(Decimal(t).scaleb(-2))
    return float(t)


def metric_name(header: str) -> str:
    """A column's header as a metric name: ``"Portée (organique)"`` -> ``portee_organique``."""
    # punctuation outside ASCII (’ « » …) separates words as ' and " do; accents are dropped
    spaced = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in unicodedata.normalize("NFKD", header))
    plain = spaced.encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return name if name and name[0].isalpha() else f"m_{name}"


def delimiter(first_line: str) -> str:
    """The separator of an export, from its header line: ``;``, tab or ``,`` (the most frequent)."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_mapping(text: str | None) -> dict[str, str] | None:
    """``"Date=date,Reach=reach"`` -> {"date": "date", "reach": "reach"} (source headers folded to
    lower case); ValueError naming the bad part."""
    if text is None:
        return None
    out = {}
    for part in text.split(","):
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(part)
        out[source.strip().casefold()] = target.strip()
    return out


class Export(NamedTuple):
    """One export read: where its rows go, the rows, the columns left out and the values given twice."""

    kind: str
    """``accounts`` (rows ``(date, channel, metric, value)``) or ``posts`` (``(channel, at, metric, value)``)."""
    rows: list[tuple[str, str, str, float]]
    skipped: list[str]
    """Without ``--map``: the columns that are no metric: text only (a post's description, its link)
    or an identifier (``ID``, ``Identifiant de la publication``)."""
    repeated: int = 0
    """Values given again for a date (or post) and metric earlier in the file: the later one is kept."""


def check_encoding(name: str) -> str:
    """The codec ``name`` names (``utf-8``, ``cp1252``, ``latin-1``...); ValueError otherwise."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(name) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13...: bytes-to-bytes, no text
        raise ValueError(name)
    return info.name


def read_export(raw: bytes, shown: Path | str, channel: str, zone: str, mapping: dict[str, str] | None = None,
                date_format: str | None = None, encoding: str = "utf-8") -> Export:
    """The rows of one export, as accounts rows or, when a column maps to ``at`` (a post's
    date-time), posts rows (see :class:`Export`).

    Without ``mapping`` a column named ``date`` (or ``at``) gives the date, every other column is a
    metric named after its header, except the columns where no cell is a number (text) and those
    named as identifiers (``ID``, ``Identifiant``): they are left out and listed; with it only the
    mapped columns are read. Empty cells are skipped; a later row for the same key replaces an
    earlier one (they are counted). ``encoding`` is the file's (UTF-8 by default, with or without a
    BOM). Raises PlanErrors naming the line and the column of every bad cell."""
    text = _decode(raw, shown, encoding)
    first = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first))
    header = [h.strip() for h in next(rows, [])]
    if not any(header):
        raise PlanErrors([PlanError(shown, "", _("the file is empty, or its first line is; export the table again "
                                                 "with its header line first"))])
    errors: list[PlanError] = []
    columns = _columns(header, mapping, shown, errors)
    kind = "posts" if "at" in columns.values() else "accounts"
    if not errors and ("at" if kind == "posts" else "date") not in columns.values():
        errors.append(PlanError(shown, _("line {line}").format(line=1), _(
            'no date column; name it "date" (or "at" for a post\'s date-time), or map it: --map "Jour=date"')))
    if errors:
        raise PlanErrors(errors)
    key_column = next(i for i, t in columns.items() if t == ("at" if kind == "posts" else "date"))
    metrics = {i: t for i, t in columns.items() if t not in ("date", "at")}
    identifiers = {i for i, t in metrics.items() if mapping is None and _IDENTIFIER_WORDS & set(t.split("_"))}
    metrics = {i: t for i, t in metrics.items() if i not in identifiers}
    found: dict[tuple[str, str], float] = {}
    repeated = 0
    numbers = dict.fromkeys(metrics, 0)  # column -> how many of its cells are numbers
    cells: list[tuple[int, PlanError]] = []  # (column, error), in file order: a text column's are dropped
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        line = rows.line_num
        cell = row[key_column].strip() if key_column < len(row) else ""
        try:
            key = _at(cell, date_format, zone) if kind == "posts" else _date(cell, date_format)
        except ValueError:
            example = "2026-10-05T18:00, 05/10/2026 18:00" if kind == "posts" else "2026-10-05, 05/10/2026"
            hint = _("; the format given is {format}").format(format=date_format) if date_format else _(
                "; write it like {example}, or give --date-format").format(example=example)
            cells.append((key_column, _cell_error(shown, line, key_column, header,
                                                  _('"{text}" is not a date{hint}').format(text=cell, hint=hint))))
            key = None  # the row's numbers still tell a metric column from a text one
        for i, metric in metrics.items():
            value = row[i].strip() if i < len(row) else ""
            if not value:
                continue
            try:
                number = parse_number(value)
                numbers[i] += 1
                if key is not None:
                    repeated += (key, metric) in found
                    found[(key, metric)] = number
            except ValueError:
                cells.append((i, _cell_error(shown, line, i, header, _('"{text}" is not a number').format(text=value))))
    failed = {i for i, _e in cells}
    text_only = {i for i, n in numbers.items() if mapping is None and not n and i in failed}
    errors = [e for i, e in cells if i not in text_only]
    if errors:
        raise PlanErrors(errors)
    skipped = [header[i] for i in sorted(text_only | identifiers)]
    if kind == "posts":
        return Export(kind, [(channel, at, metric, v) for (at, metric), v in found.items()], skipped, repeated)
    return Export(kind, [(day, channel, metric, v) for (day, metric), v in found.items()], skipped, repeated)


def _decode(raw: bytes, shown: Path | str, encoding: str) -> str:
    """The export's text; PlanErrors when its bytes are not in ``encoding``, with the likely fix."""
    codec = check_encoding(encoding)
    try:
        return raw.decode("utf-8-sig" if codec == "utf-8" else codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            message = _("is not UTF-8 text (byte {position}); export it as UTF-8 (CSV UTF-8), or give its encoding: "
                        "--encoding cp1252 for Excel's \"CSV (semicolon delimited)\" on Windows").format(position=exc.start)
        else:
            message = _("is not {encoding} text (byte {position}); give the file's encoding with --encoding").format(
                encoding=encoding, position=exc.start)
        raise PlanErrors([PlanError(shown, "", message)]) from None


def _columns(header: list[str], mapping: dict[str, str] | None, shown, errors: list[PlanError]) -> dict[int, str]:
    folded = [h.casefold() for h in header]
    if mapping is None:
        return {i: (h if h in ("date", "at") else metric_name(header[i])) for i, h in enumerate(folded) if h}
    out = {}
    for source, target in mapping.items():
        if source not in folded:
            hint = did_you_mean(source, folded) or _("; columns: {columns}").format(columns=", ".join(header))
            errors.append(PlanError(shown, "--map", _('no column "{column}" in the file{hint}').format(column=source, hint=hint)))
        elif target not in ("date", "at") and not METRIC_RE.match(target):
            hint = _('; separate the columns with commas: "Date=date,Reach=reach"') if ";" in target else ""
            errors.append(PlanError(shown, "--map", _('"{metric}" is not a metric name; use lowercase letters, digits and "_"{hint}')
                                    .format(metric=target, hint=hint)))
        else:
            out[folded.index(source)] = target
    return out


def _cell_error(shown, line: int, i: int, header: list[str], message: str) -> PlanError:
    name = header[i] if i < len(header) else ""
    return PlanError(shown, _("line {line}, column {column} ({name})").format(line=line, column=i + 1, name=name), message)


def _date(text: str, date_format: str | None) -> str:
    if date_format:
        return datetime.strptime(text, date_format).date().isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    return datetime.fromisoformat(text).date().isoformat() if len(text) > 10 else date.fromisoformat(text).isoformat()


def _at(text: str, date_format: str | None, zone: str) -> str:
    moment = None
    if date_format:
        moment = datetime.strptime(text, date_format)
    else:
        for fmt in _AT_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                pass
        if moment is None:
            if len(text) <= 10:
                raise ValueError(text)  # a date alone is no post's time
            moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:  # an instant (UTC in many exports): the post's wall-clock time in its channel
        moment = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return moment.isoformat(timespec="minutes")
