"""Baseline of `agenda --json` for bench/bench_shell.py: tomllib + raw dateutil + json, one write.

    python bench/baseline_agenda.py PLANS START WEEKS > slots.json

Reads every plan file with tomllib, expands every rule with bare dateutil (one rrule per rule and
time, an aware dtstart in the channel's zone, ``rrule.between`` over the window: no validation, no
skips, blackouts or posts, no DST normalisation) and prints one JSON object per occurrence with the
13 keys of ``agenda --json``, indented like it, in one write. It imports only the standard library
and dateutil, so it is the floor a whole `agenda --json` process can be compared with.
"""

from __future__ import annotations

import json
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil import rrule as du

FREQ = {"day": du.DAILY, "week": du.WEEKLY, "month": du.MONTHLY, "year": du.YEARLY}
DAYS = dict(zip(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], [du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU]))


def raw_day(token: str):
    word = token.lstrip("-0123456789")
    n = token[: len(token) - len(word)]
    return DAYS[word](int(n)) if n else DAYS[word]


def rows(plans: Path, start: date, end: date) -> list[dict]:
    out = []
    for path in sorted(plans.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        if "channel" not in doc:
            continue
        tz = ZoneInfo(doc["channel"]["timezone"])
        lo = datetime.combine(start, datetime.min.time(), tzinfo=tz)
        hi = datetime.combine(end, datetime.min.time(), tzinfo=tz)
        for r in doc.get("rule", []):
            for t in r["times"]:
                h, m = map(int, t.split(":"))
                kw = {"freq": FREQ[r["every"]], "interval": r.get("interval", 1),
                      "dtstart": datetime.combine(r["start"], datetime.min.time(), tzinfo=tz).replace(hour=h, minute=m)}
                if r.get("days"):
                    kw["byweekday"] = [raw_day(d) for d in r["days"]]
                if r.get("end"):
                    kw["until"] = datetime.combine(r["end"], datetime.max.time(), tzinfo=tz)
                for at in du.rrule(**kw).between(lo, hi, inc=True):
                    out.append({
                        "channel": path.stem, "rule": r["id"], "start": at.isoformat(),
                        "end": (at + timedelta(minutes=30)).isoformat(),
                        "planned": at.isoformat(timespec="minutes"), "uid": f"{path.stem}-{r['id']}-{at:%Y%m%dT%H%M}",
                        "status": "open", "title": None, "pillar": None, "format": r.get("format"),
                        "owner": doc["channel"].get("owner"), "notes": None, "link": None,
                    })
    return out


def main() -> None:
    plans, start, weeks = Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), int(sys.argv[3])
    data = rows(plans, start, start + timedelta(weeks=weeks))
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
