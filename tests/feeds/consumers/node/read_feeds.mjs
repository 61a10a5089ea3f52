// ical.js (the parser of Thunderbird) reading exported feeds: the instants of every event, as
// Thunderbird would show them, and the embedded VTIMEZONEs converting instants both ways.
// Input (stdin, JSON): {"files": [path, ...], "probes": {path: {tzid: {"utc": [unix seconds, ...],
// "local": ["YYYY-MM-DDTHH:MM:SS", ...]}}}}. Output (stdout, JSON): {path: {"events": {uid:
// [start, end, first occurrence start, first occurrence end]}, "probes": {tzid: {"utc": [local
// wall time, ...], "local": [unix seconds, ...]}}}}.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// An all-day event's dates are ISO dates ("2026-12-04"), a timed one's Unix seconds.
const moment = (time) => (time.isDate ? time.toString() : time.toUnixTime());

const request = JSON.parse(readFileSync(0, "utf8"));
const out = {};
for (const path of request.files) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  const zones = {};
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(vtimezone);
    zones[zone.tzid] = zone;
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = {};
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const iterator = event.iterator();
    const details = event.getOccurrenceDetails(iterator.next());
    events[event.uid] = [
      moment(event.startDate), moment(event.endDate),
      moment(details.startDate), moment(details.endDate),
    ];
  }
  const probes = {};
  for (const [tzid, asked] of Object.entries((request.probes || {})[path] || {})) {
    const zone = zones[tzid];
    probes[tzid] = {
      utc: asked.utc.map((seconds) => {
        const time = new ICAL.Time();
        time.fromUnixTime(seconds);
        return time.convertToZone(zone).toString();
      }),
      local: asked.local.map((wall) => {
        const time = ICAL.Time.fromDateTimeString(wall);
        return ICAL.Time.fromData({
          year: time.year, month: time.month, day: time.day,
          hour: time.hour, minute: time.minute, second: time.second,
        }, zone).toUnixTime();
      }),
    };
  }
  out[path] = { events, probes };
}
process.stdout.write(JSON.stringify(out));
