"""libical (Evolution, GNOME Calendar) reading exported feeds through Debian's GObject bindings.

Run by Debian's /usr/bin/python3 (python3-gi, gir1.2-ical-3.0), not the project's venv. Input
(stdin, JSON): {"files": [path, ...], "probes": {path: {tzid: [unix seconds, ...]}}}. Output
(stdout, JSON): {path: {"events": {uid: [start, end] (Unix seconds, ISO dates when all-day)}, "errors": [X-LIC-ERROR line, ...],
"probes": {tzid: [local wall time "YYYYMMDDTHHMMSS", ...]}}}: the instants libical gives each
event (converted with the zones it resolves, the feed's VTIMEZONE), what its restriction check
and parser report, and instants converted to local time with the embedded VTIMEZONE.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ical  # noqa: E402


def errors(component) -> list[str]:
    found = []
    prop = component.get_first_property(ical.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.as_ical_string().strip())
        prop = component.get_next_property(ical.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ical.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ical.ComponentKind.ANY_COMPONENT)
    return found


def instant(value):
    """Unix seconds of a date-time, the ISO date ("2026-12-04") of a date (an all-day event)."""
    if value.is_date():
        return f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}"
    return value.as_timet_with_zone(value.get_timezone())


def main() -> None:
    request = json.load(sys.stdin)
    utc = ical.Timezone.get_utc_timezone()
    out = {}
    for path in request["files"]:
        with open(path, encoding="utf-8", newline="") as f:
            calendar = ical.Component.new_from_string(f.read())
        calendar.check_restrictions()
        events = {}
        event = calendar.get_first_component(ical.ComponentKind.VEVENT_COMPONENT)
        while event is not None:
            events[event.get_uid()] = [instant(event.get_dtstart()), instant(event.get_dtend())]
            event = calendar.get_next_component(ical.ComponentKind.VEVENT_COMPONENT)
        probes = {}
        for tzid, seconds in request.get("probes", {}).get(path, {}).items():
            zone = calendar.get_timezone(tzid)
            probes[tzid] = [
                ical.Time.new_from_timet_with_zone(s, 0, utc).convert_to_zone(zone).as_ical_string()
                for s in seconds
            ]
        out[path] = {"events": events, "errors": errors(calendar), "probes": probes}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
