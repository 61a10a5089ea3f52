"""The feed server's index page: every feed with its links, next slots, regularity and load problems."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from html import escape
from urllib.parse import quote, urlencode

from calendar_app.core.model import Plan, Slot, Status
from calendar_app.core.recurrence import expand, zone
from calendar_app.i18n import _, current, ngettext
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.server.live import Snapshot
from calendar_app.site.words import status_name

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
NEXT_SLOTS = 3
REGULARITY_WEEKS = 6
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem} .muted{color:#666} table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #ddd}
.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.35em;vertical-align:-.05em}
.problems{background:#fff3f0;border:1px solid #e0a090;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.problems h2{font-size:1.05rem;margin:.2rem 0;color:#a02000} code{font-size:.9em;word-break:break-all}
ul.slots{margin:0;padding-left:1.1rem} .ok{color:#1a7f37} .warn{color:#b35900}
"""


def render_index(snap: Snapshot, *, http_base: str, webcal_base: str, today: date, now: datetime) -> bytes:
    """The whole page as UTF-8 bytes; every value from the plan is escaped.

    ``http_base``/``webcal_base`` end with ``/`` (token included); ``now`` (aware) decides which
    slots are "next" (from the start of ``today`` when the clock is elsewhere).
    """
    plan = snap.plan
    title = plan.calendar.name if plan else "calendar-app"
    page_title = _("{calendar} · feeds").format(calendar=title)
    out = [
        f"<!doctype html>\n<html lang=\"{current()}\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"robots\" content=\"noindex\">",
        f"<title>{escape(page_title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if snap.built:
        summary = ngettext(
            "{count} feed · events from {first} to {last} · built {built} UTC · subscribe with the webcal link "
            "(or paste the https link into your calendar app)",
            "{count} feeds · events from {first} to {last} · built {built} UTC · subscribe with the webcal link "
            "(or paste the https link into your calendar app)", len(snap.feeds),
        ).format(count=len(snap.feeds), first=format_date(snap.window[0], "day_month_year"),
                 last=format_date(snap.window[1] - timedelta(days=1), "day_month_year"),
                 built=f"{snap.built:%Y-%m-%d %H:%M}")
        out.append(f"<p class=\"muted\">{escape(summary)}</p>")
    if snap.plan is not None:
        label = _("The calendar: month and week pages")  # not inside the f-string: extraction cannot see it there
        out.append(f"<p><a href=\"calendar/\">{escape(label)}</a></p>")
    if snap.problems:
        out.append(_problems(snap))
    if plan is not None and snap.feeds:
        out.append(_feeds_table(snap, plan, http_base, webcal_base, today, now))
        out.append(_personal(snap, http_base, webcal_base))
    out.append("</body></html>\n")
    return "".join(out).encode("utf-8")


def _problems(snap: Snapshot) -> str:
    n = len(snap.problems)
    if snap.built:
        kept = _("The feeds still show the last valid plan (built {built} UTC). "
                 "Fix the files: the feeds follow on the next request.").format(built=f"{snap.built:%Y-%m-%d %H:%M}")
    else:
        kept = _("No feed is served until the plans are valid (feeds answer 503).")
    items = "".join(f"<li><code>{escape(p)}</code></li>" for p in snap.problems)
    heading = ngettext("⚠ The plan files have {count} problem", "⚠ The plan files have {count} problems", n).format(count=n)
    return (f"<section class=\"problems\"><h2>{escape(heading)}</h2>"
            f"<p>{escape(kept)}</p><ul>{items}</ul></section>")


def _links(name: str, http_base: str, webcal_base: str, query: str = "") -> str:
    path = quote(name) + (f"?{query}" if query else "")
    web, http = escape(webcal_base + path), escape(http_base + path)
    return f"<a href=\"{web}\">webcal</a> · <a href=\"{http}\">{http}</a>"


def _feeds_table(snap: Snapshot, plan: Plan, http_base: str, webcal_base: str, today: date, now: datetime) -> str:
    end = today + timedelta(weeks=REGULARITY_WEEKS)
    slots = expand(plan, today, end)
    badges = _badges(plan, slots, today, end)
    nexts = _next_slots(plan, slots, today, now)
    head = [escape(_("Feed")), escape(_("Subscribe")), escape(_("Next slots")),
            escape(ngettext("next {count} week", "next {count} weeks", REGULARITY_WEEKS).format(count=REGULARITY_WEEKS)),
            escape(_("Regularity"))]
    none = "<li class=muted>" + escape(_("none in the coming weeks")) + "</li>"
    rows = [f"<table><thead><tr><th>{head[0]}</th><th>{head[1]}</th><th>{head[2]}</th>"
            f"<th title=\"{head[3]}\">{head[4]}</th></tr></thead><tbody>"]
    for channel in plan.channels:
        name = f"{channel.id}.ics"
        if name not in snap.feeds:
            continue
        color = channel.color if channel.color and _COLOR.fullmatch(channel.color) else None
        dot = f"<span class=\"dot\" style=\"background:{color}\"></span>" if color else ""
        badge = badges.get(channel.id, "")
        css = "ok" if badge.startswith("✔") else "warn"
        items = "".join(f"<li>{escape(_when(s, channel.timezone, plan))} · {escape(_what(s))}</li>"
                        for s in nexts.get(channel.id, []))
        rows.append(
            f"<tr><td>{dot}<strong>{escape(channel.name)}</strong><br><span class=\"muted\">{escape(name)}</span></td>"
            f"<td>{_links(name, http_base, webcal_base)}</td>"
            f"<td><ul class=\"slots\">{items or none}</ul></td>"
            f"<td class=\"{css}\">{escape(badge)}</td></tr>"
        )
    key_dates = _("Key dates and review meetings") if plan.calendar.reviews else _("Key dates")
    for name, label in (("all.ics", _("Every channel")), ("key-dates.ics", key_dates), ("campaigns.ics", _("Campaigns"))):
        if name in snap.feeds:
            rows.append(f"<tr><td><strong>{escape(label)}</strong><br><span class=\"muted\">{name}</span></td>"
                        f"<td>{_links(name, http_base, webcal_base)}</td><td></td><td></td></tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _personal(snap: Snapshot, http_base: str, webcal_base: str) -> str:
    owners = sorted(snap.owners.values(), key=str.casefold)
    items = "".join(
        f"<li>{escape(owner)}: {_links('all.ics', http_base, webcal_base, urlencode({'owner': owner}))}</li>"
        for owner in owners
    )
    example = escape(http_base + "all.ics?owner=NAME&status=idea,draft")
    heading = escape(_("Personal feeds"))
    # TRANSLATORS: {owner}, {status}, {channel} are the query parameters and {values} the statuses, kept as they are.
    help_text = escape(_("Add {owner}, {status} ({values}; repeat it or separate with commas) and {channel} to a feed:"))
    help_text = help_text.format(owner="<code>owner=</code>", status="<code>status=</code>",
                                 values="<code>open, idea, draft, ready, scheduled, published</code>",
                                 channel="<code>channel=</code>")
    return f"<h2>{heading}</h2><p>{help_text} <code>{example}</code></p><ul>{items}</ul>"


def _badges(plan: Plan, slots: list[Slot], start: date, end: date) -> dict[str, str]:
    try:
        from calendar_app.core.regularity import badge, check_plan

        report = check_plan(plan, slots, start, end, today=start)
    except Exception:  # the page must come up even if a check cannot run
        return {}
    return {c.channel: badge(c) for c in report.channels}


def _next_slots(plan: Plan, slots: list[Slot], today: date, now: datetime) -> dict[str, list[Slot]]:
    ref = now if now.date() == today else datetime.combine(today, time(), timezone.utc)
    out: dict[str, list[Slot]] = {}
    for slot in slots:
        if slot.start >= ref and slot.status != Status.CANCELLED:
            bucket = out.setdefault(slot.channel, [])
            if len(bucket) < NEXT_SLOTS:
                bucket.append(slot)
    return out


def _when(slot: Slot, tz_name: str, plan: Plan) -> str:
    text = f"{format_date(slot.start.date(), 'short')} {format_time(slot.start)}"
    if tz_name != plan.calendar.timezone:
        text += f" {slot.start.astimezone(zone(tz_name)).tzname()}"
    return text


def _what(slot: Slot) -> str:
    if slot.post is None:
        return _("open slot")
    title = slot.title or _("(untitled)")
    return f"{title} [{status_name(slot.status)}]"
