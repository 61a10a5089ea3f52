"""Editor responsiveness with Textual's headless pilot: time to the first week view, and per key press.

Measured on the agency-scale set (bench/agency.py, 200 channels) against the bundled 6-channel
plan as the baseline, in the same run. A key press is timed from the moment the key is sent to
the moment the app hands the redrawn screen to the terminal driver. Also counts the garbage
collector's full passes while keys are pressed (they stop every thread for tens of ms) and how
many fell inside a timed redraw. Prints figures; not a test.

    .venv/bin/python bench/bench_ui.py [--channels 200] [--presses 20]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import agency

from calendar_app.ui.app import CalendarApp
from calendar_app.ui.widgets.week_grid import WeekGrid

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 24)
KEYS = ("right_square_bracket", "l", "j", "left_square_bracket")
SHOWN = {"right_square_bracket": "]", "left_square_bracket": "["}


BUILDS: list[float] = []
"""When the week grid redrew its lines (it draws only when what it shows changed)."""
_build = WeekGrid._build


def _timed_build(self):
    strips = _build(self)
    if self.data is not None:
        BUILDS.append(time.perf_counter())
    return strips


WeekGrid._build = _timed_build

FULL_PASSES: list[tuple[float, float]] = []
"""(start, duration) of every full garbage collection (generation 2), whatever started it."""
_pass_began: list[float] = []


def _note_full_pass(phase: str, info: dict) -> None:
    if info["generation"] != 2:
        return
    if phase == "start":
        _pass_began.append(time.perf_counter())
    elif _pass_began:
        began = _pass_began.pop()
        FULL_PASSES.append((began, time.perf_counter() - began))


gc.callbacks.append(_note_full_pass)


class TimedApp(CalendarApp):
    """Notes when each screen update is handed to the driver: the redraw is done then."""

    def __init__(self, *args, **kwargs) -> None:
        self.started = time.perf_counter()
        self.first_week_view: float | None = None
        self.displays: list[float] = []
        super().__init__(*args, **kwargs)

    def _display(self, screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is None:
            return
        now = time.perf_counter()
        self.displays.append(now)
        if self.first_week_view is None and BUILDS:
            self.first_week_view = now - self.started

    def redraw_after(self, sent: float) -> float | None:
        """Seconds from ``sent`` to the first screen update showing a grid redrawn after it."""
        built = next((b for b in BUILDS if b >= sent), None)
        if built is None:
            return None
        shown = next((d for d in self.displays if d >= built), None)
        return None if shown is None else shown - sent


async def _session(plans: Path, presses: int, pause: float = 0.0) -> tuple[float, dict[str, list[float]], dict]:
    BUILDS.clear()
    FULL_PASSES.clear()
    app = TimedApp(plans, TODAY, feeds_dir=plans.parent / "feeds")
    timings: dict[str, list[float]] = {key: [] for key in KEYS}
    windows: list[tuple[float, float]] = []
    async with app.run_test(size=(120, 36)) as pilot:
        while app.first_week_view is None:
            await pilot.pause()
        await app.workers.wait_for_complete()
        for key in KEYS:
            await pilot.press("t", "home")  # each series starts from the first slot of today
            await app.workers.wait_for_complete()
            for _ in range(presses):
                if pause:  # a person's pace between presses (not timed): background work may finish
                    await asyncio.sleep(pause)
                sent = time.perf_counter()
                await pilot.press(key)
                took = app.redraw_after(sent)
                if took is not None:
                    timings[key].append(took)
                    windows.append((sent, sent + took))
            await app.workers.wait_for_complete()
        ended = time.perf_counter()
    # Full passes while keys were being pressed, and how many overlapped a timed redraw.
    first = windows[0][0] if windows else ended
    passes = [(began, took) for began, took in FULL_PASSES if first <= began + took and began <= ended]
    hit = sum(1 for began, took in passes if any(began < end and began + took > sent for sent, end in windows))
    return app.first_week_view, timings, {"passes": [took for _, took in passes], "during_press": hit}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(plans: Path, presses: int, runs: int, pause: float = 0.0) -> dict:
    opens, keys, passes, during = [], {key: [] for key in KEYS}, [], 0
    for _ in range(runs):
        opened, timings, collector = asyncio.run(_session(plans, presses, pause))
        opens.append(opened)
        for key, values in timings.items():
            keys[key].extend(values)
        passes.extend(collector["passes"])
        during += collector["during_press"]
    return {"open": opens, "keys": keys, "passes": passes, "during_press": during}


def report(name: str, result: dict, baseline: dict | None) -> None:
    opened = statistics.median(result["open"])
    line = f"{name:<24} first week view  median {opened * 1000:7.1f} ms  (max {max(result['open']) * 1000:.1f})"
    if baseline:
        line += f"  x{opened / statistics.median(baseline['open']):.2f} the baseline"
    print(line)
    for key, values in result["keys"].items():
        if not values:
            print(f"{'':<24} key {SHOWN.get(key, key):<2} no redraw measured")
            continue
        med, p95 = statistics.median(values), _p95(values)
        line = (f"{'':<24} key {SHOWN.get(key, key):<2} median {med * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
                f"max {max(values) * 1000:6.1f} ms  (n={len(values)})")
        if baseline and baseline["keys"].get(key):
            line += f"  x{med / statistics.median(baseline['keys'][key]):.2f}"
        print(line)
    passes = result["passes"]
    line = f"{'':<24} full GC passes while pressing keys: {len(passes)}"
    if passes:
        line += (f" (median {statistics.median(passes) * 1000:.1f} ms, max {max(passes) * 1000:.1f} ms),"
                 f" {result['during_press']} during a timed redraw")
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--presses", type=int, default=20, help="presses of each key per run")
    parser.add_argument("--pause-ms", type=float, default=0.0,
                        help="pause before each press, like a person's pace (default 0: back to back)")
    parser.add_argument("--runs", type=int, default=3, help="fresh app starts per plan set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled" / "plans"
        shutil.copytree(ROOT / "plans", bundled)
        big = agency.generate(Path(tmp) / "agency" / "plans", args.channels)
        base = measure(bundled, args.presses, args.runs, args.pause_ms / 1000)
        large = measure(big, args.presses, args.runs, args.pause_ms / 1000)
    print(f"Editor at 120x36, today {TODAY}, {args.runs} runs x {args.presses} presses per key, "
          f"{args.pause_ms:g} ms between presses "
          "(budget: first view 1500 ms, key press 100 ms)")
    report("bundled (6 channels)", base, None)
    report(f"agency ({args.channels} channels)", large, base)


if __name__ == "__main__":
    main()
