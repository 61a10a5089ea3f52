"""The results folder: ``accounts.csv`` (``date,channel,metric,value``) and ``posts.csv``
(``channel,at,metric,value``) read into :class:`~calendar_app.core.objectives.Results`, and written back."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from datetime import date, datetime
from pathlib import Path

from calendar_app.core.errors import PlanError, PlanErrors, did_you_mean
from calendar_app.core.objectives import Results
from calendar_app.files import atomic_write
from calendar_app.i18n import _
from calendar_app.storage.reasons import os_reason

ACCOUNTS_FILE = "accounts.csv"
POSTS_FILE = "posts.csv"
ACCOUNT_HEADER = ("date", "channel", "metric", "value")
POST_HEADER = ("channel", "at", "metric", "value")
#: Past this many problems in one file the rest are counted, not listed (a wrong file has thousands).
MAX_PROBLEMS = 20


def results_folder(plans_dir: Path | str, given: Path | str | None = None, *, to_read: bool = True) -> Path:
    """``--results DIR`` when given, else ``results/`` beside the plans folder.

    A folder given to read from must exist (PlanErrors otherwise): a mistyped ``--results`` would
    read as "no result recorded" and every objective as behind. The default folder may be absent
    (a plan with no results yet), and so may a folder given to import into (it is made)."""
    if given is None:
        return Path(plans_dir).parent / "results"
    folder = Path(given)
    if to_read and not folder.is_dir():
        reason = _("not a folder") if folder.exists() else _("no such folder")
        raise PlanErrors([PlanError(folder, "", _("{reason}; --results names the folder of accounts.csv and posts.csv "
                                                  "(default: results/ beside the plans folder)").format(reason=reason))])
    return folder


def load_results(folder: Path | str, channel_ids: Collection[str] | None = None) -> Results:
    """The results of ``folder`` (empty without the folder or its files); raises PlanErrors listing
    every bad row (file, line and column) and every channel not in ``channel_ids``."""
    results, errors = read_results(folder, channel_ids)
    if errors:
        raise PlanErrors(errors)
    return results


def read_results(folder: Path | str, channel_ids: Collection[str] | None = None) -> tuple[Results, list[PlanError]]:
    """Like :func:`load_results`, returning the problems instead of raising them."""
    folder = Path(folder)
    errors: list[PlanError] = []
    accounts = _read_accounts(folder / ACCOUNTS_FILE, channel_ids, errors)
    posts = _read_posts(folder / POSTS_FILE, channel_ids, errors)
    return Results(accounts, posts), errors


def _open_rows(path: Path, header: tuple[str, ...], errors: list[PlanError]):
    """(csv reader positioned after the header, file text) or None when absent or unreadable."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(PlanError(path, "", _("cannot read the file ({reason})").format(reason=os_reason(exc))))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(PlanError(path, "", _("is not UTF-8 text (byte {position}); save it as UTF-8").format(position=exc.start)))
        return None
    rows = csv.reader(io.StringIO(text, newline=""))
    first = next(rows, None)
    if first is None:
        return None
    if tuple(c.strip() for c in first) != header:
        errors.append(PlanError(path, _("line {line}").format(line=1), _('the header must be "{header}", got "{got}"; '
                                "turn a network's export into this file with calendar-app results import")
                                .format(header=",".join(header), got=",".join(first))))
        return None
    return rows


class _Problems:
    """The problems of one file, capped at :data:`MAX_PROBLEMS` listed."""

    def __init__(self, path: Path, errors: list[PlanError]):
        self.path, self.errors, self.count = path, errors, 0

    def add(self, line: int, column: int, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            self.errors.append(PlanError(self.path, _("line {line}, column {column}").format(line=line, column=column), message))

    def close(self) -> None:
        if self.count > MAX_PROBLEMS:
            self.errors.append(PlanError(self.path, "", _("{n} more problems not listed").format(n=self.count - MAX_PROBLEMS)))


def _bad_row(row: list[str], line: int, problems: _Problems) -> None:
    if any(c.strip() for c in row):
        problems.add(line, min(len(row), 4) + (len(row) < 4), _("expected 4 values, got {n}").format(n=len(row)))


def _bad_value(text: str, line: int, problems: _Problems) -> None:
    problems.add(line, 4, _('"{text}" is not a number; write it with a dot for decimals, e.g. 1450 or 0.045').format(text=text))


def _add_value(out: dict, channel: str, metric: str, when: str, text: str, rows, problems: _Problems) -> None:
    """Append ``(when, value)`` to the series of ``(channel, metric)``; ``text`` not a finite number is a problem."""
    try:
        value = float(text)
    except ValueError:
        _bad_value(text, rows.line_num, problems)
        return
    if value - value != 0:  # nan or infinity
        _bad_value(text, rows.line_num, problems)
        return
    series = out.get((channel, metric))
    if series is None:
        out[(channel, metric)] = [(when, value)]
    else:
        series.append((when, value))


def _channel_problem(channel: str, line: int, column: int, channel_ids, problems: _Problems) -> None:
    hint = did_you_mean(channel, sorted(channel_ids)) or _("; channels: {channels}").format(
        channels=", ".join(sorted(channel_ids)) or _("(none)"))
    problems.add(line, column, _('"{channel}" is not a channel{hint}').format(channel=channel, hint=hint))


# The two loops below are the cost of every command that reads results (a year of daily rows for
# 200 channels is 73,000 rows): the checks are inline and each distinct date or channel is checked
# once, so a row costs little more than the csv module's own work.

def _read_accounts(path: Path, channel_ids, errors: list[PlanError]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    rows = _open_rows(path, ACCOUNT_HEADER, errors)
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    if rows is None:
        return out
    problems = _Problems(path, errors)
    good_dates: set[str] = set()
    good_channels: set[str] = set()
    bad_channels: set[str] = set()  # said once per channel: a removed channel would otherwise fill the screen
    for row in rows:
        if len(row) != 4:
            _bad_row(row, rows.line_num, problems)
            continue
        day, channel, metric, text = row
        if day not in good_dates:
            try:
                ok = len(day) == 10 and date.fromisoformat(day) is not None
            except ValueError:
                ok = False
            if not ok:
                problems.add(rows.line_num, 1, _('"{text}" is not a date; write it YYYY-MM-DD').format(text=day))
                continue
            good_dates.add(day)
        if channel not in good_channels:
            if channel_ids is not None and channel not in channel_ids:
                if channel not in bad_channels:
                    bad_channels.add(channel)
                    _channel_problem(channel, rows.line_num, 2, channel_ids, problems)
                continue
            good_channels.add(channel)
        if not metric:
            problems.add(rows.line_num, 3, _("the metric is empty; name it, e.g. followers"))
            continue
        _add_value(out, channel, metric, day, text, rows, problems)
    _sort_series(path, out, errors, _('{when} has two values of "{metric}" for "{channel}"; keep one'))
    problems.close()
    return out


def _first(row: tuple) -> str:
    return row[0]


def _sort_series(path: Path, out: dict, errors: list[PlanError], twice: str) -> None:
    """Sort each series by its date (or date-time) and report a date given two values (``twice``)."""
    for (channel, metric), series in out.items():
        series.sort(key=_first)
        for (w1, _v1), (w2, _v2) in zip(series, series[1:]):
            if w1 == w2:
                errors.append(PlanError(path, "", twice.format(when=w1, metric=metric, channel=channel)))


def _read_posts(path: Path, channel_ids, errors: list[PlanError]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    rows = _open_rows(path, POST_HEADER, errors)
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    if rows is None:
        return out
    problems = _Problems(path, errors)
    good: set[str] = set()
    good_channels: set[str] = set()
    bad_channels: set[str] = set()
    for row in rows:
        if len(row) != 4:
            _bad_row(row, rows.line_num, problems)
            continue
        channel, at, metric, text = row
        if channel not in good_channels:
            if channel_ids is not None and channel not in channel_ids:
                if channel not in bad_channels:
                    bad_channels.add(channel)
                    _channel_problem(channel, rows.line_num, 1, channel_ids, problems)
                continue
            good_channels.add(channel)
        if at not in good:
            try:
                ok = len(at) == 16 and at[10] == "T" and datetime.fromisoformat(at) is not None
            except ValueError:
                ok = False
            if not ok:
                problems.add(rows.line_num, 2, _('"{text}" is not a local date-time; write it YYYY-MM-DDTHH:MM, '
                                                 "the post's time in its channel").format(text=at))
                continue
            good.add(at)
        if not metric:
            problems.add(rows.line_num, 3, _("the metric is empty; name it, e.g. reach"))
            continue
        _add_value(out, channel, metric, at, text, rows, problems)
    _sort_series(path, out, errors, _('{when} has two values of "{metric}" for "{channel}"; keep one'))
    problems.close()
    return out


def format_number(value: float) -> str:
    """A value as the results files write it: ``1450``, ``0.045`` (no trailing ``.0``)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def account_rows(results: Results) -> list[tuple[str, str, str, float]]:
    """Every account row, ``(date, channel, metric, value)``, sorted by date, channel and metric
    (new results append at the end of the file: git diffs stay small)."""
    rows = [(d, channel, metric, v) for (channel, metric), series in results.accounts.items() for d, v in series]
    rows.sort(key=lambda r: r[:3])
    return rows


def post_rows(results: Results) -> list[tuple[str, str, str, float]]:
    """Every post row, ``(channel, at, metric, value)``, sorted by date-time, channel and metric."""
    rows = [(channel, at, metric, v) for (channel, metric), series in results.post_series.items() for at, v in series]
    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    return rows


def write_rows(path: Path, header: tuple[str, ...], rows: Iterable[tuple[str, str, str, float]]) -> None:
    """Write a canonical results file atomically (the old file or the new one, never a mix)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows((a, b, c, format_number(v)) for a, b, c, v in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, buffer.getvalue().encode("utf-8"))
