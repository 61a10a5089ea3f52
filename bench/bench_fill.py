"""Benchmark: `fill` (dry run) against `check` on the same agency-scale plan with a backlog.

Run ``python bench/bench_fill.py`` (optional: ``--channels N --ideas I --repeat R``). The plan is
``agency.py``'s (200 channels, 26 weeks) with ``I`` ideas (default 5,000): 90% in the channel files,
10% in ``_ideas.toml`` offered to three channels each, with effort per format and the owners' weekly
hours. Each repeat measures load + expand + fill and load + expand + check, interleaved, in CPU
time (``time.process_time``); the target is fill within 3x of check, median of the repeats.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import PILLARS, START, WEEKS, generate

from calendar_app.core.backlog import fill
from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan
from calendar_app.storage.reader import load_plan_strict

TODAY = date(2026, 9, 7)
FORMATS = ["photo", "story", "newsletter", None]


def _idea(rng: random.Random, n: int) -> dict:
    idea: dict = {"title": f"Idée n°{n} — « automne » 🍂", "priority": rng.randint(1, 5)}
    fmt = rng.choice(FORMATS)
    if fmt:
        idea["format"] = fmt
    if rng.random() < 0.5:
        idea["pillar"] = rng.choice(PILLARS)
    if rng.random() < 0.2:
        idea["effort"] = rng.choice(["2h", "5h", "12h"])
    if rng.random() < 0.1:
        idea["not_before"] = START + timedelta(days=rng.randint(0, WEEKS * 7))
    if rng.random() < 0.05:
        idea["expires"] = START + timedelta(days=rng.randint(0, WEEKS * 7))
        idea.pop("not_before", None)
    return idea


def with_backlog(plans: Path, ideas: int, seed: int = 1) -> Path:
    """Add ``ideas`` ideas, effort per format and owners' hours to the agency plan in ``plans``."""
    rng = random.Random(seed)
    files = sorted(p for p in plans.glob("*.toml") if not p.name.startswith("_"))
    shared = ideas // 10
    for n in range(ideas - shared):
        path = files[n % len(files)]
        with path.open("a", encoding="utf-8") as out:
            out.write("\n[[idea]]\n" + tomli_w.dumps(_idea(rng, n)))
    tables = [{**_idea(rng, n), "channels": [p.stem for p in rng.sample(files, 3)]} for n in range(shared)]
    (plans / "_ideas.toml").write_text("".join("[[idea]]\n" + tomli_w.dumps(t) + "\n" for t in tables), encoding="utf-8")
    with (plans / "_calendar.toml").open("a", encoding="utf-8") as out:
        for name in ("Camille", "Julien", "Inès"):
            out.write(f'\n[[owner]]\nname = "{name}"\nhours_week = 35\n')
    text = (plans / "_calendar.toml").read_text(encoding="utf-8")
    text = text.replace("[calendar]\n", '[calendar]\neffort = { photo = "45m", story = "20m", newsletter = "3h" }\n', 1)
    (plans / "_calendar.toml").write_text(text, encoding="utf-8")
    return plans


def run_fill(plans: Path):
    plan = load_plan_strict(plans)
    end = START + timedelta(weeks=WEEKS)
    return plan, fill(plan, expand(plan, START, end), TODAY)


def run_check(plans: Path):
    plan = load_plan_strict(plans)
    end = START + timedelta(weeks=WEEKS)
    return check_plan(plan, expand(plan, START, end), START, end, today=TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plans = with_backlog(generate(Path(tmp) / "plans", channels=args.channels), args.ideas)
        plan, result = run_fill(plans)  # warm-up: zone and parser caches
        run_check(plans)
        fills, checks = [], []
        for _ in range(args.repeat):
            t0 = time.process_time()
            run_fill(plans)
            t1 = time.process_time()
            run_check(plans)
            checks.append(time.process_time() - t1)
            fills.append(t1 - t0)
    fill_s, check_s = statistics.median(fills), statistics.median(checks)
    print(f"{len(plan.channels)} channels over {WEEKS} weeks from {START}, {len(plan.backlog())} ideas: "
          f"{len(result.placements)} placed, {len(result.unplaced)} left; CPU time, median of {args.repeat}")
    reasons = Counter(u.reason for u in result.unplaced)
    print("left in the backlog: " + ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()))
    print(f"load+expand+check:  {check_s * 1000:8.1f} ms")
    print(f"load+expand+fill:   {fill_s * 1000:8.1f} ms (dry run)")
    ratio = fill_s / check_s
    print(f"ratio:              {ratio:8.2f}x (target: within 3x) {'OK' if ratio <= 3 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
