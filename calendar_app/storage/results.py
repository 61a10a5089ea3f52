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


def results_folder(plans_dir: Path | str, given: Path | str | None = None) -> Path:
    """``--results DIR`` when given, else ``results/`` beside the plans folder."""
    return Path(given) if given is not None else Path(plans_dir).parent / "results"


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


def _check_row(row: list[str], rows, problems: _Problems) -> bool:
    if len(row) != 4:
        if row and any(c.strip() for c in row):
            problems.add(rows.line_num, min(len(row), 4) + (len(row) < 4),
                         _("expected 4 values, got {n}").format(n=len(row)))
        return False
    return True


def _value(text: str, line: int, problems: _Problems) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or value != value or value in (float("inf"), float("-inf")):
        problems.add(line, 4, _('"{text}" is not a number; write it with a dot for decimals, e.g. 1450 or 0.045').format(text=text))
        return None
    return value


def _channel_known(channel: str, line: int, column: int, channel_ids, seen: dict[str, bool], problems: _Problems) -> bool:
    known = seen.get(channel)
    if known is None:
        known = seen[channel] = channel_ids is None or channel in channel_ids
        if not known:  # said once per channel: a removed channel would otherwise fill the screen
            hint = did_you_mean(channel, sorted(channel_ids)) or _("; channels: {channels}").format(
                channels=", ".join(sorted(channel_ids)) or _("(none)"))
            problems.add(line, column, _('"{channel}" is not a channel{hint}').format(channel=channel, hint=hint))
    return known


def _read_accounts(path: Path, channel_ids, errors: list[PlanError]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    rows = _open_rows(path, ACCOUNT_HEADER, errors)
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    if rows is None:
        return out
    problems = _Problems(path, errors)
    good_dates: set[str] = set()  # a year of daily rows has 365 distinct dates: parse each once
    channels: dict[str, bool] = {}
    for row in rows:
        if not _check_row(row, rows, problems):
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
        if not _channel_known(channel, rows.line_num, 2, channel_ids, channels, problems):
            continue
        if not metric:
            problems.add(rows.line_num, 3, _("the metric is empty; name it, e.g. followers"))
            continue
        value = _value(text, rows.line_num, problems)
        if value is None:
            continue
        series = out.get((channel, metric))
        if series is None:
            series = out[(channel, metric)] = []
        series.append((day, value))
    for (channel, metric), series in out.items():
        series.sort(key=lambda r: r[0])
        for (d1, _v1), (d2, _v2) in zip(series, series[1:]):
            if d1 == d2:
                errors.append(PlanError(path, "", _('{day} has two values of "{metric}" for "{channel}"; keep one')
                                        .format(day=d1, metric=metric, channel=channel)))
    problems.close()
    return out


def _read_posts(path: Path, channel_ids, errors: list[PlanError]) -> dict[tuple[str, str], dict[str, float]]:
    rows = _open_rows(path, POST_HEADER, errors)
    out: dict[tuple[str, str], dict[str, float]] = {}
    if rows is None:
        return out
    problems = _Problems(path, errors)
    good: set[str] = set()
    channels: dict[str, bool] = {}
    for row in rows:
        if not _check_row(row, rows, problems):
            continue
        channel, at, metric, text = row
        if not _channel_known(channel, rows.line_num, 1, channel_ids, channels, problems):
            continue
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
        value = _value(text, rows.line_num, problems)
        if value is None:
            continue
        metrics = out.get((channel, at))
        if metrics is None:
            metrics = out[(channel, at)] = {}
        elif metric in metrics:
            problems.add(rows.line_num, 3, _('a second value of "{metric}" for this post; keep one').format(metric=metric))
            continue
        metrics[metric] = value
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
    rows = [(channel, at, metric, v) for (channel, at), metrics in results.posts.items() for metric, v in metrics.items()]
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
