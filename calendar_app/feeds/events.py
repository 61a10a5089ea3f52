"""VEVENT bodies of slots and key dates: the lines after UID/DTSTAMP/SEQUENCE, folded, pure."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date, datetime, timedelta

from calendar_app.core.model import Campaign, CampaignStep, Channel, KeyDate, Plan, Slot
from calendar_app.core.reviews import Meeting
from calendar_app.feeds.colors import nearest_css3_name
from calendar_app.feeds.text import date_value, escape_text, fold, nominal_duration, text_list, uri, utc_stamp
from calendar_app.i18n import DEFAULT, N_, translation

#: Slot statuses shown as TENTATIVE (nothing publishable yet); the others are CONFIRMED.
TENTATIVE = frozenset({"open", "idea", "draft"})
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
#: Seconds added to a UTC timestamp so that every instant from 1697 to 2242 has 11 digits.
_KEY_EPOCH = 2**34


def slot_summary(slot: Slot, channel: Channel, rule_label: str | None, lang: str = DEFAULT) -> str:
    """``Instagram · open slot (Post feed)`` or ``Instagram · <post title>`` (« créneau libre » in
    French), on one line: calcurse refuses an event whose SUMMARY has a line break, and every
    calendar shows a title on one line."""
    _ = translation(lang).gettext
    if slot.post is None:
        summary = _("{channel} · open slot ({rule})").format(channel=channel.name, rule=rule_label or _("one-off"))
    else:
        title = slot.title or _("(untitled)")
        summary = f"{channel.name} · {title}"
    return _LINE_BREAKS.sub(" ", summary) if "\n" in summary or "\r" in summary else summary


#: The DESCRIPTION line of a slot planned at a wall-clock time that its night skips (clocks
#: spring forward over it); translated where it is written.
NONEXISTENT_PLANNED = N_("Planned at {time}, a time that does not exist that night.")


def ambiguous(moment: datetime) -> bool:
    """Whether an aware date-time's wall-clock time happens twice (the repeated hour of a fall-back night)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


class SlotBodies:
    """The VEVENT bodies of one channel's slots.

    A slot's DTSTART and DTEND carry ``TZID=`` and its local time, unless a consumer could read
    them otherwise; both are then written in UTC (``DTSTART:...Z``): a slot that starts or ends
    in the repeated hour of a fall-back night (ical.js, libical, khal take the second of the two,
    RFC 5545 the first), a slot planned at a time that does not exist that night, and a slot
    whose end has another UTC offset than its start. Both, not one: ical.js's occurrences add an
    event's length to its start in wall-clock time. DTEND rather than DURATION: several
    consumers add a DURATION in wall-clock time across a change.

    Everything after DTSTART and DTEND depends only on the rule, the post, the slot's
    owner/format/pillar and, for a slot planned in a gap, its planned time, which repeat from
    slot to slot (every open slot of a rule with one pillar reads the same), so each distinct
    tail is built and folded once.
    """

    def __init__(self, channel: Channel, lang: str = DEFAULT, campaigns: dict[str, str] | None = None):
        self.channel = channel
        self.lang = lang
        self.campaigns = campaigns or {}
        """Campaign id -> name, for the events of campaign steps."""
        self.labels = {r.id: (r.label or r.id) for r in channel.rules}
        self.tzid = f";TZID={channel.timezone}:"
        self.tails: dict[tuple, str] = {}
        self.color = f"COLOR:{nearest_css3_name(channel.color)}" if channel.color else None
        self.trigger = f"TRIGGER:{nominal_duration(-channel.remind)}" if channel.remind else None

    def body(self, slot: Slot) -> str:
        """The folded lines of the slot's VEVENT after UID/DTSTAMP/SEQUENCE/LAST-MODIFIED."""
        start, end = slot.start, slot.end
        planned = slot.planned
        skipped = (planned.hour, planned.minute, planned.day) != (start.hour, start.minute, start.day)
        # both or neither: ical.js's occurrences add the length in wall-clock time to a TZID start
        in_utc = skipped or start.utcoffset() != end.utcoffset() or ambiguous(start) or ambiguous(end)
        times = self._time("DTSTART", start, in_utc) + self._time("DTEND", end, in_utc)
        key = (slot.rule, slot.post, slot.owner, slot.format, slot.pillar, planned.time() if skipped else None)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = self._tail(slot, planned if skipped else None)
        return times + tail

    def _time(self, name: str, moment: datetime, in_utc: bool) -> str:
        if in_utc:
            return f"{name}:{utc_stamp(moment)}\r\n"
        # isoformat is the cheapest exact rendering of the wall-clock time: YYYY-MM-DDTHH:MM:SS...
        iso = moment.isoformat()
        return fold(f"{name}{self.tzid}{iso[0:4]}{iso[5:7]}{iso[8:10]}T{iso[11:13]}{iso[14:16]}{iso[17:19]}")

    def _tail(self, slot: Slot, skipped: datetime | None) -> str:
        channel, post = self.channel, slot.post
        rule_label = self.labels.get(slot.rule) if slot.rule is not None else None
        status = slot.status
        _ = translation(self.lang).gettext
        summary = slot_summary(slot, channel, rule_label, self.lang)
        shown = _("open slot") if post is None else status_name(status, self.lang)
        details = [_("Status: {status}").format(status=shown)]
        for label, value in ((_("Owner: {value}"), slot.owner), (_("Format: {value}"), slot.format),
                             (_("Pillar: {value}"), slot.pillar)):
            if value:
                details.append(label.format(value=value))
        details.append(_("Rule: {rule}").format(rule=rule_label) if slot.rule else _("One-off post"))
        campaign = self.campaigns.get(post.campaign) if post and post.campaign else None
        if campaign:
            details.append(_("Campaign: {name}").format(name=campaign))
        if skipped is not None:
            details.append(_(NONEXISTENT_PLANNED).format(time=f"{skipped:%H:%M}"))
        if post and post.notes:
            details += ["", post.notes]
        if post and post.link:
            details += ["", post.link]
        categories = list(dict.fromkeys(v for v in (channel.name, slot.format, slot.pillar, campaign) if v))
        prepare = _("Prepare: {summary}").format(summary=summary)
        lines = [
            f"SUMMARY:{escape_text(summary)}",
            f"STATUS:{'TENTATIVE' if status in TENTATIVE else 'CONFIRMED'}",
            f"CATEGORIES:{text_list(categories)}",
            f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        ]
        if post and post.link:
            lines.append(f"URL:{uri(post.link)}")
        if self.color:
            lines.append(self.color)
        lines.append("TRANSP:TRANSPARENT")
        if self.trigger:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(prepare)}",
                self.trigger,
                "END:VALARM",
            ]
        return "".join(fold(line) for line in lines)


def status_name(status: str, lang: str = DEFAULT) -> str:
    """A post's status as people read it in ``lang`` (``draft`` -> « brouillon »)."""
    pgettext = translation(lang).pgettext
    names = {"idea": pgettext("status", "idea"), "draft": pgettext("status", "draft"),
             "ready": pgettext("status", "ready"), "scheduled": pgettext("status", "scheduled"),
             "published": pgettext("status", "published"), "cancelled": pgettext("status", "cancelled")}
    return names.get(status, status)


def merge_key(slot: Slot) -> str:
    """A string that sorts like ``all.ics`` orders slots: UTC instant, then channel id, then rule id
    (``""`` for a one-off post). The instant has a fixed width and a space (below every character
    an id may hold) ends each part, so comparing strings compares the parts in turn."""
    seconds = int(slot.start.timestamp()) + _KEY_EPOCH
    return f"{seconds:011d} {slot.channel} {slot.rule or ''}"


def key_date_body(kd: KeyDate, lang: str = DEFAULT) -> str:
    """The folded lines of a key date's all-day VEVENT after UID/DTSTAMP/SEQUENCE/LAST-MODIFIED."""
    _ = translation(lang).gettext
    summary = _("⛔ {title} (blackout: no posts)").format(title=kd.title) if kd.blackout else kd.title
    details = [_("Blackout: no slot from any rule on these days.") if kd.blackout else _("Key date.")]
    if kd.source:
        details.append(_("Source: {source}").format(source=kd.source))
    categories = [_("Key date"), _("Blackout")] if kd.blackout else [_("Key date")]
    lines = [
        f"DTSTART;VALUE=DATE:{date_value(kd.date)}",
        f"DTEND;VALUE=DATE:{date_value(kd.last + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        "STATUS:CONFIRMED",
        f"CATEGORIES:{text_list(categories)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        "TRANSP:TRANSPARENT",
    ]
    return "".join(fold(line) for line in lines)


def meeting_body(meeting: Meeting, lang: str = DEFAULT) -> str:
    """The folded lines of a review meeting's timed VEVENT after UID/DTSTAMP/SEQUENCE/LAST-MODIFIED.

    As for slots (FEEDS.md 7): DTEND, not DURATION; both times in UTC when either is ambiguous,
    the planned time does not exist that night, or the meeting spans a change of offset.
    """
    _ = translation(lang).gettext
    start, end, planned = meeting.start, meeting.end, meeting.planned
    skipped = (planned.hour, planned.minute, planned.day) != (start.hour, start.minute, start.day)
    in_utc = skipped or start.utcoffset() != end.utcoffset() or ambiguous(start) or ambiguous(end)
    tzid = f";TZID={meeting.review.timezone}:"

    def moment(name: str, value: datetime) -> str:
        return f"{name}:{utc_stamp(value)}" if in_utc else f"{name}{tzid}{value:%Y%m%dT%H%M%S}"

    details = [_("Review meeting: planned vs published, results and objectives (calendar-app review).")]
    if skipped:
        details.append(_(NONEXISTENT_PLANNED).format(time=f"{planned:%H:%M}"))
    lines = [
        moment("DTSTART", start),
        moment("DTEND", end),
        f"SUMMARY:{escape_text(_LINE_BREAKS.sub(' ', meeting.title))}",
        "STATUS:CONFIRMED",
        "CATEGORIES:" + text_list([_("Review meeting")]),
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        "TRANSP:OPAQUE",
    ]
    return "".join(fold(line) for line in lines)


def key_dates_in(plan: Plan, start: date, end: date) -> list[tuple[str, KeyDate]]:
    """(UID, key date) for the key dates overlapping [start, end), exact duplicates once.

    The UID is derived from the first day and the title, so it survives re-imports.
    """
    out: list[tuple[str, KeyDate]] = []
    seen: set[tuple] = set()
    uids: Counter[str] = Counter()
    for kd in sorted(plan.key_dates, key=lambda k: (k.date, k.last, k.title, k.blackout)):
        if kd.last < start or kd.date >= end:
            continue
        identity = (kd.date, kd.last, kd.title, kd.blackout)
        if identity in seen:
            continue
        seen.add(identity)
        digest = hashlib.sha256(kd.title.encode("utf-8")).hexdigest()[:10]
        uid = f"key-date.{kd.date:%Y%m%d}.{digest}"
        uids[uid] += 1
        suffix = f"-{uids[uid]}" if uids[uid] > 1 else ""
        out.append((f"{uid}{suffix}@calendar-app", kd))
    return out


def campaign_body(campaign: Campaign, steps: list[tuple[CampaignStep, Slot | None]], channels: dict[str, Channel],
                  lang: str = DEFAULT) -> str:
    """The folded lines of a campaign's all-day VEVENT (its anchor day) after UID/DTSTAMP/SEQUENCE:
    its owner, notes and each step as placed (``steps`` from :func:`calendar_app.core.campaigns.step_slots`)."""
    _ = translation(lang).gettext
    details = []
    if campaign.owner:
        details.append(_("Owner: {value}").format(value=campaign.owner))
    if campaign.notes:
        details.append(campaign.notes)
    if details:
        details.append("")
    details.append(_("Steps:") if steps else _("No steps yet."))
    for step, slot in steps:
        channel = channels.get(step.channel)
        when = f"{slot.start:%Y-%m-%d %H:%M}" if slot is not None else _("not placed")
        details.append(_("- {when} · {channel} · {title} ({status})").format(
            when=when, channel=channel.name if channel else step.channel,
            title=_LINE_BREAKS.sub(" ", step.title) if step.title else _("(untitled)"),
            status=status_name(step.status, lang)))
    categories = list(dict.fromkeys([_("Campaign"), campaign.name]))
    lines = [
        f"DTSTART;VALUE=DATE:{date_value(campaign.anchor_day)}",
        f"DTEND;VALUE=DATE:{date_value(campaign.anchor_day + timedelta(days=1))}",
        f"SUMMARY:{escape_text(_LINE_BREAKS.sub(' ', campaign.name))}",
        "STATUS:CONFIRMED",
        f"CATEGORIES:{text_list(categories)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
    ]
    if campaign.color:
        lines.append(f"COLOR:{nearest_css3_name(campaign.color)}")
    lines.append("TRANSP:TRANSPARENT")
    return "".join(fold(line) for line in lines)


def piece_uid(piece: bytes) -> str:
    """The UID of a VEVENT's bytes as :class:`~calendar_app.feeds.sequence.Revisions` writes them
    (its first line, unfolded)."""
    end = piece.index(b"\r\n")
    while piece[end + 2:end + 3] == b" ":
        end = piece.index(b"\r\n", end + 2)
    return piece[4:end].replace(b"\r\n ", b"").decode("utf-8")
