"""Growth from 1,000 to 5,000 channels: `agenda --json`, `check --json` and a cold `export`.

Each command is a whole process on agency sets (bench/agency.py) of each size, interleaved,
median of the repeats. Printed: wall and CPU seconds, peak memory (maximum resident set size),
CPU time per channel, and the ratio of the time per channel at the largest size to that at the
smallest (target: within 1.15x, i.e. linear growth). ``--gc disable`` runs the same commands with
the garbage collector switched off from the start (``python -c "import gc; gc.disable(); ..."``),
to compare with what the commands do themselves.

    .venv/bin/python bench/bench_scale.py [--channels 1000 5000] [--weeks 26] [--repeat 1] [--gc none]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import START, generate
from procs import PYTHON, calendar_app, environment, median, run, warm

PRELUDE = {"none": None, "disable": "import gc; gc.disable()"}


def command(args: list[str], gc_mode: str) -> list[str]:
    prelude = PRELUDE[gc_mode]
    if prelude is None:
        return calendar_app(*args)
    return [PYTHON, "-c", f"{prelude}; import sys; sys.argv[0] = 'calendar-app'; "
                          "from calendar_app.cli import main; main()", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--gc", choices=list(PRELUDE), nargs="+", default=["none"])
    parser.add_argument("--commands", nargs="+", choices=["agenda", "check", "export"], default=["agenda", "check", "export"])
    args = parser.parse_args()
    day, weeks = START.isoformat(), str(args.weeks)
    env = environment(unbuffered=False)
    runs: dict[tuple[str, str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sets = {n: generate(Path(tmp) / f"plans-{n}", channels=n) for n in args.channels}
        tiny = generate(Path(tmp) / "plans-warm", channels=5)
        for mode in args.gc:  # bytecode written, as for an installed package
            for argv in (["agenda", "--json"], ["check", "--json"], ["export", "--out", str(Path(tmp) / "warm")]):
                warm(command([*argv, "--plans", str(tiny), "--today", day], mode), env, ok=(0, 1))
        for r in range(args.repeat):
            for n, plans in sets.items():
                for mode in args.gc:
                    out = Path(tmp) / "feeds"
                    argvs = {
                        "agenda --json": ["agenda", "--json", "--plans", str(plans), "--from", day, "--weeks", weeks,
                                          "--today", day],
                        "check --json": ["check", "--json", "--plans", str(plans), "--from", day, "--weeks", weeks,
                                         "--today", day],
                        "export (cold)": ["export", "--plans", str(plans), "--out", str(out), "--today", day,
                                          "--past-days", "0", "--weeks", weeks],
                    }
                    argvs = {k: v for k, v in argvs.items() if v[0] in args.commands}
                    for name, argv in argvs.items():
                        runs.setdefault((name, mode, n), []).append(run(command(argv, mode), env, ok=(0, 1)))
                        print(f"  run {r + 1}: {name} gc={mode} {n} channels: {runs[name, mode, n][-1]['cpu']:.2f}s",
                              file=sys.stderr)
                    shutil.rmtree(out, ignore_errors=True)
    low, high = min(args.channels), max(args.channels)
    print(f"{args.weeks} weeks from {START}; whole processes, median of {args.repeat}; PYTHONUNBUFFERED unset")
    print(f"{'':15} {'gc':>8} {'channels':>8} {'wall s':>8} {'CPU s':>8} {'CPU ms/ch':>9} {'peak MiB':>9}")
    for (name, mode, n), rs in runs.items():
        print(f"{name:15} {mode:>8} {n:8d} {median(rs, 'wall'):8.2f} {median(rs, 'cpu'):8.2f} "
              f"{median(rs, 'cpu') / n * 1000:9.2f} {median(rs, 'rss'):9.0f}")
    for name in ("agenda --json", "check --json", "export (cold)"):
        if name.split()[0] not in args.commands:
            continue
        for mode in args.gc:
            per = {n: median(runs[name, mode, n], "cpu") / n for n in (low, high)}
            wall = {n: median(runs[name, mode, n], "wall") / n for n in (low, high)}
            ratio = per[high] / per[low]
            print(f"{name:15} gc={mode:8}: per channel at {high} / at {low}: CPU {ratio:5.2f}x, "
                  f"wall {wall[high] / wall[low]:5.2f}x (target 1.15x) {'OK' if ratio <= 1.15 else 'MISSED'}")


if __name__ == "__main__":
    main()
