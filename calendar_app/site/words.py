"""Every word the published pages say, in the current language (the templates hold none)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from calendar_app.core.model import Status
from calendar_app.i18n import _, ngettext, pgettext
from calendar_app.i18n.dates import format_date, format_time


def labels() -> SimpleNamespace:
    """The fixed labels of the pages, translated now (call it after the language is set)."""
    return SimpleNamespace(
        client_edition=_("Client edition"),
        navigation=_("Pages of the calendar"),
        overview=_("Overview"),
        previous_month=_("Previous month"),
        next_month=_("Next month"),
        previous_week=_("Previous week"),
        next_week=_("Next week"),
        months=_("Months"),
        weeks=_("Weeks"),
        nothing=_("Nothing planned."),
        outside=_("Outside the published period."),
        format=_("Format"),
        pillar=_("Pillar"),
        owner=_("Owner"),
        link=_("Link"),
        notes=_("Notes"),
        subscribe=_("Subscribe"),
        subscribe_help=_("Calendar apps subscribe to these feeds and follow every change of the plan."),
        every_channel=_("Every channel"),
        key_dates=_("Key dates"),
        campaigns=_("Campaigns"),
        legend=_("Legend"),
        channels=_("Channels"),
        statuses=_("Statuses"),
        key_date=_("key date"),
        blackout=_("no publication that day"),
        campaign=_("campaign"),
    )


def status_name(status: str) -> str:
    """A status as people read it (``draft`` -> « brouillon »)."""
    names = {
        Status.OPEN.value: pgettext("status", "open"),
        Status.IDEA.value: pgettext("status", "idea"),
        Status.DRAFT.value: pgettext("status", "draft"),
        Status.READY.value: pgettext("status", "ready"),
        Status.SCHEDULED.value: pgettext("status", "scheduled"),
        Status.PUBLISHED.value: pgettext("status", "published"),
        Status.CANCELLED.value: pgettext("status", "cancelled"),
    }
    return names[status]


def slot_title(title: str | None, is_open: bool, rule_label: str | None) -> str:
    """What a slot's line says after its channel: the post's title, or that the slot is open."""
    if is_open:
        if rule_label:
            return _("open slot ({rule})").format(rule=rule_label)
        return _("open slot")
    return " ".join((title or "").split()) or _("(untitled)")


def slot_time(start, zone: str | None) -> str:
    """``18:00``, with the zone's abbreviation when the channel is not in the calendar's zone."""
    text = format_time(start)
    return f"{text} {zone}" if zone else text


def more(count: int) -> str:
    """The line of a printed day that cannot show all its slots."""
    return ngettext("+{count} more", "+{count} more", count).format(count=count)


def slot_count(count: int, client: bool) -> str:
    if client:
        return ngettext("{count} post", "{count} posts", count).format(count=count)
    return ngettext("{count} slot", "{count} slots", count).format(count=count)


def month_title(year: int, month: int) -> str:
    """``November 2026`` / « novembre 2026 »."""
    return format_date(date(year, month, 1), "month_year")


def week_title(monday: date) -> str:
    """``Week 48, 23 Nov 2026 to 29 Nov 2026`` / « Semaine 48, du 23 nov. 2026 au 29 nov. 2026 »."""
    sunday = monday + timedelta(days=6)
    return _("Week {week}, {first} to {last}").format(
        week=monday.isocalendar()[1], first=format_date(monday, "day_month_year"),
        last=format_date(sunday, "day_month_year"))


def week_link(monday: date) -> str:
    """The short name of a week in the lists of weeks: ``W48 · 23 Nov`` / « S48 · 23 nov. »."""
    from calendar_app.i18n.dates import week_label

    return f"{week_label(monday)} · {format_date(monday, 'day_month_year')}"


def window(first: date, last: date) -> str:
    return _("From {first} to {last}").format(first=format_date(first, "long"), last=format_date(last, "long"))


def updated(today: date) -> str:
    return _("Updated {date}").format(date=format_date(today, "long"))


def weekdays() -> list[tuple[str, str]]:
    """Monday to Sunday as (short, long) names: ``("Mon", "Monday")`` / « lun. », « lundi »."""
    monday = date(2024, 1, 1)  # a Monday
    return [(format_date(monday + timedelta(days=i), "weekday"), format_date(monday + timedelta(days=i), "weekday_long"))
            for i in range(7)]


def day_title(day: date) -> str:
    """``Tuesday 24 November 2026`` / « mardi 24 novembre 2026 »."""
    return format_date(day, "long")
