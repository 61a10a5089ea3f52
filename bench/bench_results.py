"""The results reader against the standard library's csv module, on one year of daily results for
200 channels (73,000 account rows) and a post file of the same size, measured in the same run.

    python bench/bench_results.py [--repeat N]

Prints the best time of each and the ratio (the review's budget is 3x for the whole command; the
reader should stay well under it).
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_app.storage.results import ACCOUNT_HEADER, POST_HEADER, read_results, write_rows

CHANNELS = [f"channel-{i:03d}" for i in range(200)]


def write_folder(folder: Path) -> None:
    rng = random.Random(14)
    start = date(2026, 1, 1)
    accounts, posts = [], []
    for channel in CHANNELS:
        value = rng.randint(100, 5000)
        for d in range(365):
            value += rng.randint(0, 5)
            day = start + timedelta(days=d)
            accounts.append((day.isoformat(), channel, "followers", float(value)))
            posts.append((channel, f"{day.isoformat()}T18:00", "reach", float(rng.randint(100, 4000))))
    write_rows(folder / "accounts.csv", ACCOUNT_HEADER, accounts)
    write_rows(folder / "posts.csv", POST_HEADER, posts)


def stdlib(folder: Path) -> int:
    """The csv module passing over every row (each row dropped as soon as read)."""
    rows = 0
    for name in ("accounts.csv", "posts.csv"):
        with open(folder / name, newline="", encoding="utf-8") as f:
            rows += sum(1 for _row in csv.reader(f))
    return rows


def stdlib_kept(folder: Path) -> list:
    """The csv module reading every row into a list (what any use of the rows needs at least)."""
    out = []
    for name in ("accounts.csv", "posts.csv"):
        with open(folder / name, newline="", encoding="utf-8") as f:
            out.append(list(csv.reader(f)))
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_folder(folder)
        gc.disable()  # as the CLI runs its one-shot commands (calendar_app/cli.py)
        base = best(lambda: stdlib(folder), args.repeat)
        kept = best(lambda: stdlib_kept(folder), args.repeat)
        ours = best(lambda: read_results(folder, CHANNELS), args.repeat)
    print(f"146,000 rows: csv module passing over them {base * 1000:.1f} ms, into lists {kept * 1000:.1f} ms; "
          f"read_results {ours * 1000:.1f} ms: ratio {ours / base:.2f}x (passing), {ours / kept:.2f}x (lists)")


if __name__ == "__main__":
    main()
