"""Benchmark: the agency set (bench/agency.py, 200 channels) with 100 campaigns of 6 steps against the same set
without campaigns: `agenda --json` and a cold `export`, measured in the same run.

Run ``python bench/bench_campaigns.py`` (optional: ``--channels N --campaigns N --repeat R``). Each command
runs in a fresh process (``calendar-app`` of this interpreter), interleaved with and without campaigns;
the figure is the median of the children's CPU time (user + system). Target (issue 13): within 1.2x.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from agency import START, generate  # noqa: E402

OFFSETS = ["-7d", "-3d", "-1d", "+0d", "+1d", "+2w"]


def add_campaigns(plans: Path, count: int, seed: int = 1) -> None:
    """``count`` campaigns of 6 time steps each on random channels (minutes :07/:37, which no post
    or rule of the agency set uses, so no step lands on a channel post)."""
    rng = random.Random(seed)
    channels = sorted(p.stem for p in plans.glob("*.toml") if not p.name.startswith("_"))
    folder = plans / "campaigns"
    folder.mkdir()
    for n in range(count):
        anchor = START + timedelta(days=rng.randint(10, 150))
        lines = ["[campaign]", f'name = "Campagne {n:03d} — lancement 🎉"', f"anchor = {anchor.isoformat()}", ""]
        for k, offset in enumerate(OFFSETS):
            lines += ["[[step]]", f'channel = "{rng.choice(channels)}"', f'offset = "{offset}"',
                      f'time = "{8 + k:02d}:{rng.choice(["07", "37"])}"', f'title = "Étape {k} de la campagne {n}"',
                      f'status = "{rng.choice(["idea", "draft", "ready"])}"', ""]
        (folder / f"campagne-{n:03d}.toml").write_text("\n".join(lines), encoding="utf-8")


def cpu_of(argv: list[str]) -> float:
    """CPU seconds (user + system) of one ``calendar-app`` run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "calendar_app", *argv], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONHASHSEED": "0"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--campaigns", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, with_c = Path(tmp) / "base", Path(tmp) / "campaigns"
        generate(base, channels=args.channels)
        shutil.copytree(base, with_c)
        add_campaigns(with_c, args.campaigns)
        today = START.isoformat()
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.repeat):
            for name, plans in (("without", base), ("with", with_c)):
                agenda = ["agenda", "--json", "--plans", str(plans), "--today", today, "--from", today, "--weeks", "26"]
                times.setdefault(("agenda", name), []).append(cpu_of(agenda))
                out = Path(tmp) / f"out-{name}"
                shutil.rmtree(out, ignore_errors=True)
                export = ["export", "--plans", str(plans), "--out", str(out), "--today", today]
                times.setdefault(("export", name), []).append(cpu_of(export))
        for command in ("agenda", "export"):
            without = statistics.median(times[(command, "without")])
            with_ = statistics.median(times[(command, "with")])
            verdict = "ok" if with_ / without <= 1.2 else "OVER 1.2x"
            print(f"{command:<7} without {without:6.2f}s  with {args.campaigns} campaigns x 6 steps {with_:6.2f}s  "
                  f"ratio {with_ / without:.2f}  {verdict}")


if __name__ == "__main__":
    main()
