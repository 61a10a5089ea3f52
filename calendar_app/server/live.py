"""Live feeds for the server: rebuilt from the plan files only when they change on disk."""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl

from calendar_app.core.errors import PlanError, did_you_mean, printable
from calendar_app.core.model import Plan
from calendar_app.core.names import closest, fold, plan_owners
from calendar_app.feeds.filter import FILTER_STATUSES, FeedFilter
from calendar_app.i18n import _
from calendar_app.storage.reader import LoadResult, load_plan

_FILTERED_CACHE = 64
_HISTORY = 512


class Renderer(Protocol):
    """Turns a plan into feed bytes; :class:`IcsRenderer` in production, a fake in tests."""

    def window(self, today: date) -> tuple[date, date]: ...

    def render(
        self, plan: Plan, start: date, end: date, *, now: datetime, state: dict | None, filter: FeedFilter
    ) -> tuple[dict[str, bytes], dict]: ...


class IcsRenderer:
    """The real feeds, from :mod:`calendar_app.feeds.render`, over a rolling window around today."""

    def __init__(self, *, past_days: int = 30, weeks: int = 12):
        self.past_days = past_days
        self.weeks = weeks

    def window(self, today: date) -> tuple[date, date]:
        from calendar_app.feeds.filter import feed_window

        return feed_window(today, past_days=self.past_days, weeks=self.weeks)

    def render(self, plan, start, end, *, now, state, filter):
        from calendar_app.feeds.render import render_feeds

        return render_feeds(plan, start, end, now=now, state=state, filter=filter)


@dataclass(frozen=True, eq=False)
class Feed:
    """One feed's bytes with what HTTP needs: strong ETags, a gzip variant, the last change time."""

    body: bytes
    etag: str
    """``"<sha256 prefix>"`` of ``body`` (quoted, strong)."""
    gzipped: bytes
    gzip_etag: str
    """The gzip variant's own ETag (``"<prefix>-gz"``): another representation, another tag."""
    last_modified: datetime
    """When these bytes were first served (aware UTC, whole seconds)."""


def make_feed(body: bytes, last_modified: datetime) -> Feed:
    """Wrap feed bytes; gzip without a timestamp so equal bytes always compress the same."""
    tag = hashlib.sha256(body).hexdigest()[:32]
    return Feed(body, f'"{tag}"', gzip.compress(body, compresslevel=6, mtime=0), f'"{tag}-gz"', last_modified)


@dataclass(frozen=True)
class Snapshot:
    """What the server serves right now: the last good feeds and the plan's current problems."""

    generation: int
    """Changes whenever anything below changes."""
    build: int
    """Changes whenever the feeds are rebuilt."""
    feeds: Mapping[str, Feed]
    """``instagram.ics``, ``all.ics``, ``key-dates.ics``... empty when there never was a valid plan."""
    plan: Plan | None
    """The plan the feeds were built from (the last valid one)."""
    problems: tuple[str, ...]
    """Why the plan on disk is not valid now (empty when it is); the feeds are then older."""
    window: tuple[date, date]
    today: date
    built: datetime | None
    """When the feeds were last rebuilt (None before the first valid plan)."""
    checked: datetime
    """When the files were last read."""
    key: tuple
    state: dict | None = None

    @property
    def owners(self) -> dict[str, str]:
        """Folded owner (case and accents ignored) -> owner as written, over channels and posts of the plan."""
        return {fold(name): name for name in plan_owners(self.plan)} if self.plan else {}


def fingerprint(plans_dir: Path, extra: tuple[str, ...] = ()) -> tuple:
    """Names, sizes, mtimes and inodes of the plan files: a few stat() calls, no reads.

    Covers every ``*.toml`` and ``*.ics`` in the folder (channels, ``_calendar.toml``, imported
    key dates) and ``extra`` paths (imports given with a folder, relative to ``plans_dir``).
    """
    entries: list[tuple] = []
    try:
        with os.scandir(plans_dir) as it:
            for entry in it:
                name = entry.name
                if name.endswith((".toml", ".ics")) and not name.startswith("."):
                    try:
                        st = entry.stat()
                    except OSError:
                        continue
                    entries.append((name, st.st_mtime_ns, st.st_size, st.st_ino))
    except OSError as exc:
        return (("!", type(exc).__name__),)
    entries.sort()
    for name in extra:
        try:
            st = os.stat(os.path.join(plans_dir, name))
            entries.append((name, st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            entries.append((name, None))
    return tuple(entries)


def _extra_imports(result: LoadResult) -> tuple[str, ...]:
    """Imported .ics files that the folder listing does not cover (given with a folder)."""
    return tuple(sorted({n for n in result.plan.calendar.ics if os.path.dirname(n)}))


class LiveFeeds:
    """The feeds of a plans folder, kept in step with the files, thread-safe.

    :meth:`is_current` is the cheap check made on every request; :meth:`refresh` reloads the
    plan only when a file changed and rebuilds the feeds when the plan or the window's day did.
    An invalid plan keeps the last good feeds (its problems are in :attr:`Snapshot.problems`).
    SEQUENCE and revision times carry over from one rebuild to the next, in memory.
    """

    def __init__(
        self,
        plans_dir: Path | str,
        renderer: Renderer | None = None,
        *,
        loader: Callable[[Path], LoadResult] = load_plan,
    ):
        self.plans_dir = Path(plans_dir)
        self.renderer = renderer or IcsRenderer()
        self._load = loader
        self._lock = threading.Lock()
        self._extra: tuple[str, ...] = ()
        self._fp: tuple | None = None
        self._good: Plan | None = None
        self._problems: tuple[str, ...] = ()
        self._state: dict | None = None
        self._feeds: dict[str, Feed] = {}
        self._built: datetime | None = None
        self._built_for: tuple[date, date] | None = None
        self._generation = 0
        self._build = 0
        self._history: OrderedDict[tuple, Feed] = OrderedDict()
        self._filtered: OrderedDict[tuple, Feed | None] = OrderedDict()
        self.snapshot: Snapshot | None = None
        """The last snapshot (None before the first :meth:`refresh`)."""

    def is_current(self, today: date) -> bool:
        """True when the snapshot matches the files on disk and today's window (stat only)."""
        snap = self.snapshot
        return snap is not None and snap.key == (fingerprint(self.plans_dir, self._extra), today)

    def refresh(self, today: date, now: datetime) -> Snapshot:
        """The current snapshot, reloading and rebuilding only what changed. ``now``: aware UTC."""
        with self._lock:
            fp = fingerprint(self.plans_dir, self._extra)
            snap = self.snapshot
            if snap is not None and snap.key == (fp, today):
                return snap
            if fp != self._fp:
                try:
                    result = self._load(self.plans_dir)
                    extra = _extra_imports(result)
                except Exception as exc:  # any failure while reloading keeps the last good feeds
                    result = LoadResult(Plan(channels=()), [PlanError(
                        self.plans_dir, "", _("the plan could not be read ({error}: {detail}); still serving the "
                                              "last good feeds").format(error=type(exc).__name__, detail=exc))])
                    extra = self._extra
                self._problems = tuple(str(e) for e in result.errors)
                if extra != self._extra:
                    self._extra = extra
                    fp = fingerprint(self.plans_dir, extra)
                self._fp = fp
                if not result.errors:
                    if result.plan != self._good:
                        self._built_for = None
                    self._good = result.plan
            window = self.renderer.window(today)
            problems = self._problems
            if self._good is not None and self._built_for != window:
                try:
                    files, state = self.renderer.render(
                        self._good, *window, now=now, state=self._state, filter=FeedFilter()
                    )
                except Exception as exc:  # a bug or an odd plan must not take the feeds down
                    problems += (printable(f"{self.plans_dir}: the feeds could not be built ({type(exc).__name__}: {exc})"),)
                else:
                    self._state = state
                    self._feeds = {name: self._remember((name, FeedFilter()), body, now) for name, body in files.items()}
                    self._built = now
                    self._built_for = window
                    self._build += 1
                    self._filtered.clear()
            self._generation += 1
            self.snapshot = Snapshot(
                generation=self._generation, build=self._build, feeds=dict(self._feeds), plan=self._good, problems=problems,
                window=self._built_for or window, today=today, built=self._built, checked=now,
                key=(fp, today), state=self._state,
            )
            return self.snapshot

    def cached(self, snap: Snapshot, name: str, query: FeedFilter) -> tuple[bool, Feed | None]:
        """``(True, feed or None)`` when the filtered feed of this snapshot is already built."""
        key = (snap.build, name, query)
        with self._lock:
            if key in self._filtered:
                self._filtered.move_to_end(key)
                return True, self._filtered[key]
        return False, None

    def filtered(self, snap: Snapshot, name: str, query: FeedFilter, now: datetime) -> Feed | None:
        """A personal feed (``all.ics?owner=Camille&status=draft``) of the snapshot's plan.

        Rendered once per snapshot and query, with the snapshot's SEQUENCE state (read, never
        written: the unfiltered feeds own it). None when the name is not a feed.
        """
        if not query:
            return snap.feeds.get(name)
        found, feed = self.cached(snap, name, query)
        if found or snap.plan is None:
            return feed
        files, _state = self.renderer.render(snap.plan, *snap.window, now=snap.built or now, state=snap.state, filter=query)
        with self._lock:
            body = files.get(name)
            feed = None if body is None else self._remember((name, query), body, now)
            self._filtered[(snap.build, name, query)] = feed
            while len(self._filtered) > _FILTERED_CACHE:
                self._filtered.popitem(last=False)
        return feed

    def _remember(self, key: tuple, body: bytes, now: datetime) -> Feed:
        """A Feed whose Last-Modified moves only when its bytes do (strictly later each time)."""
        old = self._history.get(key)
        if old is not None and old.body == body:
            self._history.move_to_end(key)
            return old
        stamp = now.replace(microsecond=0)
        if old is not None and stamp <= old.last_modified:
            stamp = old.last_modified + timedelta(seconds=1)
        feed = make_feed(body, stamp)
        self._history[key] = feed
        self._history.move_to_end(key)
        while len(self._history) > _HISTORY:
            self._history.popitem(last=False)
        return feed


def parse_query(query: str, snap: Snapshot, name: str) -> FeedFilter:
    """``owner=Camille&status=draft,idea&channel=instagram`` -> FeedFilter for feed ``name``.

    Values are checked against the snapshot's plan; ValueError says what is wrong and the near miss.
    """
    if not query:
        return FeedFilter()
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=50, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise ValueError(_("malformed query string")) from None
    owner = None
    statuses: set[str] = set()
    channels: set[str] = set()
    known = [c.id for c in snap.plan.channels] if snap.plan else []
    owners = snap.owners
    for key, value in pairs:
        if key == "owner":
            if owner is not None or not value.strip():
                raise ValueError(_("give one non-empty owner=NAME"))
            found = owners.get(fold(value))
            if found is None:
                near = closest(value, owners.values())
                hint = (_('; did you mean "{choice}"?').format(choice=near) if near
                        else _("; owners: {owners}").format(owners=", ".join(owners.values()) or _("(none)")))
                raise ValueError(_('owner "{owner}" owns no slot in this plan{hint}').format(owner=value, hint=hint))
            owner = found
        elif key in ("status", "channel"):
            choices = FILTER_STATUSES if key == "status" else known
            for item in value.split(","):
                item = item.strip()
                if key == "status" and item == "cancelled":
                    raise ValueError(_('status "cancelled": cancelled posts are never in a feed (calendars would '
                                       "keep showing them); list them with `calendar-app agenda`"))
                if item not in choices:
                    hint = did_you_mean(item, choices) or _("; use one of: {choices}").format(choices=", ".join(choices))
                    raise ValueError(_('{key} "{item}" is not a {key}{hint}').format(key=key, item=item, hint=hint))
                (statuses if key == "status" else channels).add(item)
        else:
            raise ValueError(_('unknown parameter "{key}"; feeds take owner=, status= and channel=').format(key=key))
    if name == "key-dates.ics" and (owner or statuses or channels):
        raise ValueError(_("key-dates.ics takes no owner, status or channel filter"))
    # all.ics and campaigns.ics take any channels (as export --channel does); a channel's feed only its own
    if channels and name not in ("all.ics", "campaigns.ics") and name.removesuffix(".ics") not in channels:
        raise ValueError(_("channel= does not include {channel}; use all.ics?channel=...").format(
            channel=name.removesuffix(".ics")))
    return FeedFilter(
        channels=tuple(c for c in known if c in channels),
        owner=owner,
        statuses=tuple(s for s in FILTER_STATUSES if s in statuses),
    )
