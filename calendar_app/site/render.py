"""A :class:`~calendar_app.site.model.Site` -> the files of the static site (HTML and CSS bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from calendar_app.core.model import STATUS_ICONS
from calendar_app.html import render
from calendar_app.i18n import current
from calendar_app.site import words
from calendar_app.site.model import CLIENT_STATUSES, Day, MonthPage, Site, WeekPage, week_page_name

INDEX = "index.html"
STYLESHEET = "style.css"


@dataclass(frozen=True)
class FeedLink:
    label: str
    name: str
    """``all.ics``..."""
    href: str
    webcal: str | None
    """The ``webcal://`` address when the feeds have an absolute http(s) address."""


def render_site(site: Site, *, today: date, feeds_base: str | None = None, pdfs: bool = False) -> dict[str, bytes]:
    """Every file of the site: ``index.html``, ``YYYY-MM.html``, ``YYYY-Www.html``, ``style.css``.

    ``feeds_base`` is where the feeds are published (``https://example.org/feeds/``, or a path
    relative to the pages such as ``../feeds/``), ending with ``/``; None offers no feed. ``pdfs``:
    the index links each month's ``month-YYYY-MM.pdf`` (written beside the pages)."""
    pages = {m.name for m in site.months} | {w.name for w in site.weeks}
    context = {
        "site": site,
        "lang": current(),
        "w": words.labels(),
        "words": words,
        "icons": STATUS_ICONS,
        "today": today,
        "pages": pages,
        "week_of": lambda d: _week_name(d, pages),
        "statuses": CLIENT_STATUSES if site.client else tuple(STATUS_ICONS),
        "weekdays": words.weekdays(),
        "index": INDEX,
        "stylesheet": STYLESHEET,
        "pdf_of": (lambda m: f"month-{m.year:04d}-{m.month:02d}.pdf") if pdfs else None,
    }
    files = {STYLESHEET: render("site/style.css", **context).encode("utf-8")}
    files[INDEX] = render("site/index.html", feeds=_feed_links(site, feeds_base),
                          last_day=site.end - timedelta(days=1), **context).encode("utf-8")
    for i, month in enumerate(site.months):
        files[month.name] = render(
            "site/month.html", page=month, title=words.month_title(month.year, month.month),
            previous=_neighbour(site.months, i - 1), following=_neighbour(site.months, i + 1), **context,
        ).encode("utf-8")
    for i, week in enumerate(site.weeks):
        files[week.name] = render(
            "site/week.html", page=week, title=words.week_title(week.days[0].date),
            months=_months_of(site, week), previous=_neighbour(site.weeks, i - 1),
            following=_neighbour(site.weeks, i + 1), **context,
        ).encode("utf-8")
    return files


def _neighbour(pages: tuple[MonthPage, ...] | tuple[WeekPage, ...], i: int):
    return pages[i] if 0 <= i < len(pages) else None


def _week_name(day: Day | date, pages: set[str]) -> str | None:
    d = day.date if isinstance(day, Day) else day
    name = week_page_name(*d.isocalendar()[:2])
    return name if name in pages else None


def _months_of(site: Site, week: WeekPage) -> list[MonthPage]:
    """The month pages of the week's days inside the window."""
    wanted = {(d.date.year, d.date.month) for d in week.days if d.in_window}
    return [m for m in site.months if (m.year, m.month) in wanted]


def _feed_links(site: Site, base: str | None) -> list[FeedLink]:
    if base is None or not site.feeds:
        return []
    webcal_base = None
    for scheme in ("https://", "http://"):
        if base.lower().startswith(scheme):
            webcal_base = "webcal://" + base[len(scheme):]
    names = {f"{c.id}.ics": c.name for c in site.channels.values()}
    shown = words.labels()
    labels = {"all.ics": shown.every_channel, "key-dates.ics": shown.key_dates, "campaigns.ics": shown.campaigns, **names}
    out = []
    for name in site.feeds:
        path = quote(name)
        out.append(FeedLink(labels.get(name, name), name, base + path,
                            webcal_base + path if webcal_base else None))
    return out
