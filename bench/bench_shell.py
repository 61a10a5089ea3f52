"""Speed as the user's shell sees it: whole `calendar-app` processes against their baselines.

Every figure is a whole process (interpreter start-up and imports included), measured in the
same run as its baseline, interleaved, with and without ``PYTHONUNBUFFERED=1`` (set in many
containers and CI images), median of the repeats, wall time and CPU time (user + system of the
child alone, less sensitive to the other processes of a shared machine):

- ``agenda --json`` on the agency set (200 channels, 26 weeks) against bench/baseline_agenda.py
  (tomllib + raw dateutil + json, one write) on the same plans; target: within 2x;
- ``validate`` on the bundled plans against a bare ``python -c pass``; target: within 4x;
- a re-export after a one-channel edit against the cold export into an empty folder, each a
  whole process; target: under 10%.

    .venv/bin/python bench/bench_shell.py [--channels 200] [--weeks 26] [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import START, generate
from procs import PYTHON, ROOT, calendar_app, environment, median, run, warm

EDITED = "blog-003.toml"


def edit_one_channel(plans: Path) -> Path:
    """A copy of the plans with one post title of one channel changed by a text edit."""
    edited = plans.parent / "plans-edited"
    shutil.copytree(plans, edited)
    path = edited / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Post ', 'title = "Post (revu) ', 1), encoding="utf-8")
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    weeks = str(args.weeks)
    day = START.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plans = generate(tmp / "plans", channels=args.channels)
        edited = edit_one_channel(plans)
        window = ["--from", day, "--weeks", weeks, "--today", day]
        export = ["--today", day, "--past-days", "0", "--weeks", weeks]
        cases = {
            "pass": [PYTHON, "-c", "pass"],
            "validate": calendar_app("validate", "--plans", str(ROOT / "plans")),
            "baseline": [PYTHON, str(Path(__file__).with_name("baseline_agenda.py")), str(plans), day, weeks],
            "agenda": calendar_app("agenda", "--json", "--plans", str(plans), *window),
        }
        runs: dict[tuple[str, bool], list[dict]] = {}
        for argv in cases.values():
            warm(argv, environment(False))
        warm(calendar_app("export", "--plans", str(plans), "--out", str(tmp / "warm"), *export), environment(False))
        for r in range(args.repeat):
            for unbuffered in (False, True):
                env = environment(unbuffered)
                for name, argv in cases.items():
                    runs.setdefault((name, unbuffered), []).append(run(argv, env))
                out = tmp / f"feeds-{r}-{int(unbuffered)}"
                runs.setdefault(("cold", unbuffered), []).append(
                    run(calendar_app("export", "--plans", str(plans), "--out", str(out), *export), env))
                runs.setdefault(("re-export", unbuffered), []).append(
                    run(calendar_app("export", "--plans", str(edited), "--out", str(out), *export), env))
                shutil.rmtree(out)
            print(f"  run {r + 1}/{args.repeat} done", file=sys.stderr)
    print(f"{args.channels} channels, {args.weeks} weeks from {START}; whole processes, median of {args.repeat} "
          "interleaved runs")
    print(f"{'':24} {'PYTHONUNBUFFERED':>16} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'output':>10}")
    for (name, unbuffered), rs in runs.items():
        print(f"{name:24} {('=1' if unbuffered else 'unset'):>16} {median(rs, 'wall'):8.3f} {median(rs, 'cpu'):8.3f} "
              f"{median(rs, 'rss'):9.1f} {median(rs, 'bytes'):10.0f}")
    targets = (("agenda", "baseline", 2.0, "agenda --json / tomllib+dateutil+json"),
               ("validate", "pass", 4.0, "validate (bundled) / python -c pass"),
               ("re-export", "cold", 0.10, "re-export after 1-channel edit / cold export"))
    for ours, base, target, label in targets:
        for unbuffered in (False, True):
            env = "PYTHONUNBUFFERED=1" if unbuffered else "unset"
            wall = median(runs[ours, unbuffered], "wall") / median(runs[base, unbuffered], "wall")
            cpu = median(runs[ours, unbuffered], "cpu") / median(runs[base, unbuffered], "cpu")
            verdict = "OK" if wall <= target else "MISSED"
            print(f"{label:46} {env:>18}: wall {wall:6.2f}x  CPU {cpu:6.2f}x  (target {target:g}x) {verdict}")


if __name__ == "__main__":
    main()
