"""Benchmark: load+validate and expansion of an agency-scale plan set vs raw dateutil.

Not a test: prints medians and ratios measured in the same run (machines here are noisy).
Baseline = tomllib parsing of the same files + raw dateutil expansion of the same rules: one
rrule per rule and time, with an aware dtstart in the channel's zone (hour and minute set),
rrule.between over the window (no validation, no skips/blackouts/posts, no DST normalization,
no slot objects).
Target (issue 2): load+expand within 3x of that baseline.

    python bench/bench_expand.py [--channels 200] [--weeks 26] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil import rrule as du

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agency import START, generate

from calendar_app.core.recurrence import expand
from calendar_app.storage.reader import load_plan_strict

FREQ = {"day": du.DAILY, "week": du.WEEKLY, "month": du.MONTHLY, "year": du.YEARLY}
DAYS = dict(zip(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], [du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU]))


def raw_day(token: str):
    word = token.lstrip("-0123456789")
    n = token[: len(token) - len(word)]
    return DAYS[word](int(n)) if n else DAYS[word]


def baseline(plans: Path, start: date, end: date) -> int:
    """Parse every file with tomllib and expand every rule with bare dateutil."""
    n = 0
    for path in sorted(plans.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        if "channel" not in doc:  # _calendar.toml: parsed, like ours, but holds no rules
            continue
        tz = ZoneInfo(doc["channel"]["timezone"])
        lo = datetime.combine(start, datetime.min.time(), tzinfo=tz)
        hi = datetime.combine(end, datetime.min.time(), tzinfo=tz)
        for r in doc.get("rule", []):
            for t in r["times"]:  # one rrule per time: BYHOUR x BYMINUTE would cross-multiply
                h, m = map(int, t.split(":"))
                kw = {"freq": FREQ[r["every"]], "interval": r.get("interval", 1),
                      "dtstart": datetime.combine(r["start"], datetime.min.time(), tzinfo=tz).replace(hour=h, minute=m)}
                if r.get("days"):
                    kw["byweekday"] = [raw_day(d) for d in r["days"]]
                if r.get("end"):
                    kw["until"] = datetime.combine(r["end"], datetime.max.time(), tzinfo=tz)
                n += len(du.rrule(**kw).between(lo, hi, inc=True))
    return n
def ours(plans: Path, start: date, end: date) -> int:
    return len(expand(load_plan_strict(plans), start, end))


def timed(fn, *args) -> tuple[float, int]:
    """CPU seconds of this process for one call (less sensitive than wall time to other load)."""
    t0 = time.process_time()
    result = fn(*args)
    return time.process_time() - t0, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channels", type=int, default=200)
    ap.add_argument("--weeks", type=int, default=26)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plans = generate(Path(tmp) / "plans", channels=args.channels)
        start, end = START, START + timedelta(weeks=args.weeks)
        ours(plans, start, end)  # warm caches (zoneinfo, imports)
        loads, totals, bases, ratios = [], [], [], []
        for _ in range(args.repeat):  # interleaved, so both sides see the same machine load
            t_load, _ = timed(load_plan_strict, plans)
            t_ours, n_ours = timed(ours, plans, start, end)
            t_base, n_base = timed(baseline, plans, start, end)
            loads.append(t_load)
            totals.append(t_ours)
            bases.append(t_base)
            ratios.append(t_ours / t_base)
    med = statistics.median
    print(f"plan set: {args.channels} channels x 3 rules, {args.weeks} weeks from {start}; "
          f"CPU time, median of {args.repeat} interleaved runs")
    print(f"load+validate                             : {med(loads) * 1000:8.1f} ms")
    print(f"load+validate+expand ({n_ours:6d} slots)      : {med(totals) * 1000:8.1f} ms")
    print(f"baseline tomllib+dateutil ({n_base:6d} occ.)  : {med(bases) * 1000:8.1f} ms")
    ratio = med(ratios)
    print(f"ratio ours/baseline: {ratio:.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f}; target <= 3x) "
          f"-> {'OK' if ratio <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
