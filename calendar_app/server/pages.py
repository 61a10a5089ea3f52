"""The published calendar served live under ``/calendar/``: the pages ``publish`` writes, from the last
good plan, rebuilt when the feeds are (a plan edit) or the day changes."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta

from calendar_app.server.live import Feed, Snapshot, make_feed

#: The names ``publish`` writes (and nothing else: a path never reaches a folder).
PAGE_NAME = re.compile(r"index\.html|style\.css|\d{4}-\d{2}\.html|\d{4}-W\d{2}\.html")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8"}
_CACHED = 8


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]


class LivePages:
    """The site of a snapshot's plan, as :class:`Feed` objects (bytes, strong ETags, gzip, a
    Last-Modified that moves only when a page's bytes do), thread-safe.

    The pages are those of ``calendar-app publish`` with its default window (this month and the
    next two), internal edition; the index links the feeds at ``feeds_base`` (the server's own
    address, as its index page does)."""

    def __init__(self, months: int = 3):
        self.months = months
        self._lock = threading.Lock()
        self._sites: OrderedDict[tuple, dict[str, Feed]] = OrderedDict()
        self._history: dict[tuple[str, str], Feed] = {}

    def pages(self, snap: Snapshot, feeds_base: str, now: datetime) -> dict[str, Feed] | None:
        """Page name -> page; None while there never was a valid plan."""
        if snap.plan is None:
            return None
        key = (snap.build, snap.today, feeds_base)
        with self._lock:
            site = self._sites.get(key)
            if site is not None:
                self._sites.move_to_end(key)
                return site
        files = render(snap, snap.today, feeds_base, self.months)
        with self._lock:
            site = {name: self._remember(name, feeds_base, body, now) for name, body in files.items()}
            self._sites[key] = site
            while len(self._sites) > _CACHED:
                self._sites.popitem(last=False)
        return site

    def _remember(self, name: str, feeds_base: str, body: bytes, now: datetime) -> Feed:
        old = self._history.get((name, feeds_base))
        if old is not None and old.body == body:
            return old
        stamp = now.replace(microsecond=0)
        if old is not None and stamp <= old.last_modified:
            stamp = old.last_modified + timedelta(seconds=1)
        page = self._history[(name, feeds_base)] = make_feed(body, stamp)
        if len(self._history) > 4096:
            self._history.clear()
        return page


def render(snap: Snapshot, today: date, feeds_base: str, months: int) -> dict[str, bytes]:
    """The files of the site for ``today`` (pure but for the rendering itself)."""
    from calendar_app.feeds.render import ALL_FEED, CAMPAIGNS_FEED, KEY_DATES_FEED
    from calendar_app.site.model import add_months, build_site
    from calendar_app.site.render import render_site

    plan = snap.plan
    first = today.replace(day=1)
    feeds = [name for name in (ALL_FEED, *(f"{c.id}.ics" for c in plan.channels), KEY_DATES_FEED, CAMPAIGNS_FEED)
             if name in snap.feeds]
    site = build_site(plan, first, add_months(first, months), feeds=feeds)
    return render_site(site, today=today, feeds_base=feeds_base)
