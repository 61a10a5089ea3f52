"""`calendar-app publish`: the calendar as a static site (month and week pages), optionally as PDF."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from calendar_app.commands.common import load
from calendar_app.core.errors import UsageError
from calendar_app.core.model import Plan
from calendar_app.i18n import _, ngettext

#: The months published when neither --months nor --weeks is given.
DEFAULT_MONTHS = 3
#: Where the index links the feeds by default: ``./feeds`` beside ``./site``, as ``export`` and
#: ``publish`` write them by default.
DEFAULT_FEEDS_URL = "../feeds/"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def run(args) -> int:
    from calendar_app.feeds.render import ALL_FEED, KEY_DATES_FEED
    from calendar_app.site.chromium import BrowserError, find_chromium, print_pages
    from calendar_app.site.folder import NotOurs, check_target, write_site
    from calendar_app.site.model import build_site
    from calendar_app.site.render import render_site

    out, plans = Path(args.out), Path(args.plans)
    if out.resolve() == plans.resolve() or plans.resolve().is_relative_to(out.resolve()):
        raise UsageError(_('--out "{out}" holds the plans folder; write the site elsewhere, e.g. --out site')
                         .format(out=args.out))
    feeds_base = feeds_url(args.feeds_url)
    plan = load(args.plans)
    start, end = window(args.today, args.start, weeks=args.weeks, months=args.months)
    executable = None
    if args.pdf:
        executable = find_chromium()
        if executable is None:
            raise UsageError(_("--pdf prints the months with Chromium, which is not installed here; install it "
                               "(Debian: apt-get install chromium) or set CALENDAR_APP_CHROMIUM to the browser"))
    try:
        check_target(out)
    except NotOurs:
        raise UsageError(_('--out "{out}" is not empty and was not written by publish, which replaces the whole '
                           "folder; choose a new or empty folder").format(out=args.out)) from None
    feeds = [ALL_FEED, *(f"{c.id}.ics" for c in plan.channels), KEY_DATES_FEED]
    site = build_site(plan, start, end, client=args.client, feeds=feeds)
    files = render_site(site, today=args.today, feeds_base=feeds_base, pdfs=args.pdf)

    def add_pdfs(folder: Path) -> None:
        printed = print_pages(folder, [m.name for m in site.months], executable)
        for month in site.months:
            (folder / pdf_name(month.year, month.month)).write_bytes(printed[month.name])

    try:
        write_site(out, files, extra=add_pdfs if args.pdf else None)
    except BrowserError as exc:
        raise UsageError(_("Chromium could not print the months ({reason}); nothing was written")
                         .format(reason=exc)) from None
    except OSError as exc:
        raise UsageError(_("cannot write the site to {where} ({reason}); pass a writable --out DIR")
                         .format(where=exc.filename or out, reason=exc.strerror or exc)) from None
    print(summary(out, plan, site, pdf=args.pdf))
    return 0


def window(today: date, start: date | None, *, weeks: int | None, months: int | None) -> tuple[date, date]:
    """[first day, day after the last) of the published period: ``--weeks`` from ``--from`` (by
    default this week's Monday), else ``--months`` (default 3) from ``--from`` (by default the
    first of this month)."""
    from calendar_app.site.model import add_months

    if weeks is not None:
        first = start or today - timedelta(days=today.weekday())
        return first, first + timedelta(weeks=weeks)
    first = start or today.replace(day=1)
    return first, add_months(first, months or DEFAULT_MONTHS)


def feeds_url(text: str | None) -> str:
    """``--feeds-url``: an http(s) address or a path relative to the pages, ending with ``/``."""
    if text is None:
        return DEFAULT_FEEDS_URL
    value = text.strip()
    scheme = _SCHEME.match(value)
    if not value or (scheme and scheme.group(1).lower() not in ("http", "https")) or any(c in value for c in '"<> '):
        raise UsageError(_('--feeds-url "{url}" is not an address of the feeds; give an http(s) address such as '
                           "https://example.org/feeds/ or a path relative to the pages such as ../feeds/")
                         .format(url=text))
    return value if value.endswith("/") else value + "/"


def pdf_name(year: int, month: int) -> str:
    return f"month-{year:04d}-{month:02d}.pdf"


def summary(out: Path, plan: Plan, site, *, pdf: bool) -> str:
    from calendar_app.i18n.dates import format_date

    parts = [
        ngettext("{count} month page", "{count} month pages", len(site.months)).format(count=len(site.months)),
        ngettext("{count} week page", "{count} week pages", len(site.weeks)).format(count=len(site.weeks)),
    ]
    if pdf:
        parts.append(ngettext("{count} PDF", "{count} PDFs", len(site.months)).format(count=len(site.months)))
    shown = len(site.slots)
    parts.append(ngettext("{count} slot shown", "{count} slots shown", shown).format(count=shown))
    edition = _("client edition") if site.client else _("internal edition")
    return _("{out}: {parts} ({edition}), {first} to {last}.").format(
        out=out, parts=", ".join(parts), edition=edition, first=format_date(site.start, "medium"),
        last=format_date(site.end - timedelta(days=1), "medium"))
