"""Benchmark: `review` over one year of daily results for 200 channels against reading the same CSV files with csv.

Run ``python bench/bench_review.py`` (optional: ``--channels N --repeat R``). The results are
generated in a temporary folder beside the agency-scale plan set (bench/agency.py): one
``followers`` row per channel and day for a year in ``accounts.csv`` (200 x 365 = 73,000 rows), and
``reach``/``likes`` rows for every post of the plan in ``posts.csv``, and one objective per channel.
Both sides are measured in the same run, interleaved, in CPU time, median of the repeats:

- baseline: ``csv.reader`` over both files, every row kept in a list;
- review: what ``calendar-app review --since ... --format json`` does in process: load the plan,
  read the results, the objectives' progress, expand the period, the figures, the coming weeks'
  check, the JSON text.
The target is the review within 3x of the baseline. Printed too: the part that does not depend on the
results (loading the plan files, expanding the period, checking the coming weeks: the cost of
``agenda`` and ``check``), tomllib's parsing of the plan files alone (a floor for that part), and the
results part alone (reading them and the objectives' progress).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import generate

from calendar_app.commands.review_data import gather, load_results, objectives_progress, review_json
from calendar_app.storage.reader import load_plan_strict

FIRST = date(2025, 12, 1)
DAYS = 365
TODAY = FIRST + timedelta(days=DAYS)  # 2026-12-01
SINCE = date(2026, 9, 7)  # the agency plans' rules start here


def write_results(plans: Path, results: Path, seed: int = 0) -> tuple[int, int]:
    """accounts.csv (a year of daily followers per channel), posts.csv (every post's reach and likes),
    _objectives.toml (one followers objective per channel); returns the numbers of account and post rows."""
    rng = random.Random(seed)
    plan = load_plan_strict(plans)
    results.mkdir(parents=True, exist_ok=True)
    rows = post_rows = 0
    with open(results / "accounts.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["date", "channel", "metric", "value"])
        for channel in plan.channels:
            value = rng.randint(500, 5000)
            for d in range(DAYS):
                value += rng.randint(-3, 12)
                out.writerow([(FIRST + timedelta(days=d)).isoformat(), channel.id, "followers", value])
                rows += 1
    with open(results / "posts.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["channel", "at", "metric", "value"])
        for channel in plan.channels:
            # two generated posts may share a minute: one row per post key, as results import keeps
            for at in sorted({post.at.isoformat(timespec="minutes") for post in channel.posts}):
                out.writerow([channel.id, at, "reach", rng.randint(100, 9000)])
                out.writerow([channel.id, at, "likes", rng.randint(0, 400)])
                post_rows += 2
    lines = []
    for channel in plan.channels:
        lines += ["[[objective]]", f'id = "{channel.id}-followers"', f'title = "Abonnés {channel.name}"',
                  f'channel = "{channel.id}"', 'metric = "followers"', "target = 9000",
                  f"baseline = {{ value = 500, date = {FIRST.isoformat()} }}", "deadline = 2027-06-30", ""]
    (plans / "_objectives.toml").write_text("\n".join(lines), encoding="utf-8")
    return rows, post_rows


def read_csv(results: Path) -> int:
    n = 0
    for name in ("accounts.csv", "posts.csv"):
        with open(results / name, encoding="utf-8", newline="") as f:
            n += len(list(csv.reader(f)))
    return n


def run_review(plans: Path, results: Path) -> str:
    plan = load_plan_strict(plans)
    review = gather(plan, SINCE, TODAY - timedelta(days=1), TODAY, results, plans)
    return json.dumps(review_json(review), ensure_ascii=False)


def parse_only(plans: Path) -> None:
    """tomllib over every plan file, nothing else: the least any command reading the plan pays."""
    for path in sorted(plans.rglob("*.toml")):
        tomllib.loads(path.read_text(encoding="utf-8"))


def plan_part(plans: Path) -> None:
    """What the review does whatever the results: load the plan, expand the period, check the coming weeks."""
    from calendar_app.commands.review_data import AHEAD_WEEKS
    from calendar_app.core.recurrence import expand
    from calendar_app.core.regularity import run_check

    plan = load_plan_strict(plans)
    expand(plan, SINCE, TODAY)
    run_check(plan, TODAY, weeks=AHEAD_WEEKS, past_days=0)


def results_part(plans: Path, results: Path, plan) -> None:
    loaded = load_results(results, plan)
    objectives_progress(plans, plan, loaded, TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plans = generate(Path(tmp) / "plans", channels=args.channels)
        results = Path(tmp) / "results"
        rows, post_rows = write_results(plans, results)
        text = run_review(plans, results)  # warm-up: zone, parser and rule caches
        read_csv(results)
        plan = load_plan_strict(plans)
        base, full, part, fixed, parse = [], [], [], [], []
        for _ in range(args.repeat):
            t0 = time.process_time()
            read_csv(results)
            base.append(time.process_time() - t0)
            t0 = time.process_time()
            run_review(plans, results)
            full.append(time.process_time() - t0)
            t0 = time.process_time()
            results_part(plans, results, plan)
            part.append(time.process_time() - t0)
            t0 = time.process_time()
            plan_part(plans)
            fixed.append(time.process_time() - t0)
            t0 = time.process_time()
            parse_only(plans)
            parse.append(time.process_time() - t0)
    b, f, p, x, t = (statistics.median(v) for v in (base, full, part, fixed, parse))
    data = json.loads(text)
    print(f"{args.channels} channels, {rows} account rows + {post_rows} post rows; "
          f"review {SINCE} to {TODAY - timedelta(days=1)}: {len(data['posts'])} posts, "
          f"{len(data['objectives'])} objectives; CPU time, median of {args.repeat}")
    print(f"csv.reader, both files:   {b * 1000:8.1f} ms")
    print(f"review (json, in process):{f * 1000:8.1f} ms  ratio {f / b:5.2f}x (target: within 3x) "
          f"{'OK' if f <= 3 * b else 'TOO SLOW'}")
    print(f"plan part (no results):   {x * 1000:8.1f} ms  ratio {x / b:5.2f}x (load the plan files, expand the period, check 6 weeks)")
    print(f"tomllib over the plan files:{t * 1000:6.1f} ms  ratio {t / b:5.2f}x (parsing alone, no validation)")
    print(f"review minus plan part:   {(f - x) * 1000:8.1f} ms  ratio {(f - x) / b:5.2f}x (what the results add)")
    print(f"results part alone:       {p * 1000:8.1f} ms  ratio {p / b:5.2f}x (reading the results and the objectives' progress)")


if __name__ == "__main__":
    main()
