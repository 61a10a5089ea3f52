"""Benchmark: `check` over 26 weeks of the agency-scale plan set against load+expand alone.

Run ``python bench/bench_check.py`` (optional: ``--channels N --repeat R``). The target is a
check within 2x of load+expand; both are measured in the same run, interleaved, in CPU time
(``time.process_time``, so other processes on a busy machine do not skew the ratio), median of
the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import generate

from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan
from calendar_app.storage.reader import load_plan_strict

START = date(2026, 9, 7)
WEEKS = 26
TODAY = date(2026, 11, 24)


def load_expand(plans: Path):
    plan = load_plan_strict(plans)
    end = START + timedelta(weeks=WEEKS)
    return plan, expand(plan, START, end), end


def measure(plans: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Per repeat: seconds of load+expand, and of load+expand+check_plan (same run, interleaved
    so that a busy machine slows both alike)."""
    base, full = [], []
    for _ in range(repeat):
        t0 = time.process_time()
        plan, slots, end = load_expand(plans)
        t1 = time.process_time()
        base.append(t1 - t0)
        t0 = time.process_time()
        plan, slots, end = load_expand(plans)
        check_plan(plan, slots, START, end, today=TODAY)
        full.append(time.process_time() - t0)
    return base, full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plans = generate(Path(tmp) / "plans", channels=args.channels)
        plan, slots, end = load_expand(plans)  # warm-up: zone and parser caches
        report = check_plan(plan, slots, START, end, today=TODAY)
        base_runs, full_runs = measure(plans, args.repeat)
        t0 = time.process_time()
        for _ in range(args.repeat):
            check_plan(plan, slots, START, end, today=TODAY)
        alone = (time.process_time() - t0) / args.repeat
    base, full = statistics.median(base_runs), statistics.median(full_runs)
    problems = sum(len(c.problems) for c in report.channels) + sum(len(o.problems) for o in report.owners)
    print(f"{len(plan.channels)} channels, {len(slots)} slots over {WEEKS} weeks from {START}, "
          f"{problems} problems; CPU time, median of {args.repeat}")
    print(f"load+expand:        {base * 1000:8.1f} ms")
    print(f"load+expand+check:  {full * 1000:8.1f} ms")
    print(f"check_plan alone:   {alone * 1000:8.1f} ms (mean over {args.repeat}, slots already expanded)")
    ratio = full / base
    print(f"ratio:              {ratio:8.2f}x (target: within 2x) {'OK' if ratio <= 2 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
