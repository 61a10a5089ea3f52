"""The editor's real start: from launching the process to the first week view on screen, imports included.

A child process (its own interpreter, as a shell would start the editor) imports the editor,
opens it headless (Textual's pilot, 120x36) on the plans and reports the moment the first screen
showing the week grid is handed to the terminal driver; the parent measured the moment it
launched the child (both clocks are the system's monotonic clock). On the agency set (200
channels) and on the bundled 6-channel plan, with a bare ``python -c pass`` as the baseline of the
same run, interleaved, median of the repeats.

    .venv/bin/python bench/bench_ui_start.py [--channels 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(plans: Path) -> None:
    from bench_ui import TODAY, TimedApp  # the editor and its imports: part of the measured start

    async def first_view() -> float:
        app = TimedApp(plans, TODAY, feeds_dir=plans.parent / "feeds")
        async with app.run_test(size=(120, 36)) as pilot:
            while app.first_week_view is None:
                await pilot.pause()
        return app.started + app.first_week_view

    print(json.dumps({"painted": asyncio.run(first_view())}))


def launch(argv: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout
    if not out.strip():
        return time.perf_counter() - t0
    return json.loads(out.strip().splitlines()[-1])["painted"] - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from agency import generate
    from procs import PYTHON, ROOT, environment

    env = environment(unbuffered=False)
    with tempfile.TemporaryDirectory() as tmp:
        agency = generate(Path(tmp) / "plans", channels=args.channels)
        cases = {"python -c pass": [PYTHON, "-c", "pass"],
                 "bundled (6 channels)": [PYTHON, __file__, "--child", str(ROOT / "plans")],
                 f"agency ({args.channels} channels)": [PYTHON, __file__, "--child", str(agency)]}
        for argv in cases.values():
            launch(argv, env)  # bytecode written, files cached
        runs: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.repeat):
            for name, argv in cases.items():
                runs[name].append(launch(argv, env))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"launch to first week view (120x36, headless), whole process, median of {args.repeat} interleaved runs")
    for name, value in med.items():
        print(f"{name:24} {value * 1000:8.0f} ms  (min {min(runs[name]) * 1000:.0f})  x{value / med['python -c pass']:.1f} python -c pass")
    names = list(med)
    print(f"agency / bundled: x{med[names[2]] / med[names[1]]:.2f} (budget of bench_ui: first view 1500 ms)")


if __name__ == "__main__":
    main()
