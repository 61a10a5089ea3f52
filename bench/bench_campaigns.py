"""Campaigns at agency scale: `agenda --json` and a cold `export` with and without 100 campaigns.

The 200-channel set of bench/agency.py, and a copy of it with 100 campaigns of 6 steps each
(5 at a local time, 1 on the channel's next rule slot), measured in the same run, interleaved,
median of the repeats (whole processes, CPU seconds). Printed: the ratio with campaigns to
without (target: within 1.2x).

    .venv/bin/python bench/bench_campaigns.py [--repeat 3] [--weeks 26]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agency import START, generate
from procs import calendar_app, environment, median, run, warm

CAMPAIGNS, STEPS = 100, 6


def add_campaigns(plans: Path) -> None:
    """100 campaigns of 6 steps on the set's channels; odd minutes, so no step meets a post (at :00/:30)."""
    channels = sorted(p.stem for p in plans.glob("*.toml") if not p.name.startswith("_"))
    folder = plans / "campaigns"
    folder.mkdir()
    for i in range(CAMPAIGNS):
        anchor = START + timedelta(days=7 + i)
        lines = [f'[campaign]\nname = "Campagne n°{i} — été ☀️"\nanchor = {anchor.isoformat()}\n']
        for j in range(STEPS):
            channel = channels[(i * STEPS + j) % len(channels)]
            lines.append(f'[[step]]\nid = "s{j}"\nchannel = "{channel}"\noffset = "{j - 3:+d}d"\n'
                         f'title = "Étape {j} 🎉"\nstatus = "draft"\n')
            if j == STEPS - 1:
                lines.append('slot = "next"\n')
            else:
                lines.append(f'time = "{7 + j:02d}:{1 + 2 * (i % 29):02d}"\n')
        (folder / f"campagne-{i:03d}.toml").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weeks", type=int, default=26)
    args = parser.parse_args()
    day, weeks = START.isoformat(), str(args.weeks)
    env = environment(unbuffered=False)
    runs: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        plain = generate(Path(tmp) / "plain", channels=200)
        with_campaigns = Path(tmp) / "campaigns"
        shutil.copytree(plain, with_campaigns)
        add_campaigns(with_campaigns)
        check = subprocess.run(calendar_app("validate", "--plans", str(with_campaigns)), env=env,
                               capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit(f"the generated campaigns do not validate:\n{check.stdout}{check.stderr}")
        sets = {"without": plain, "with": with_campaigns}
        for plans in sets.values():
            warm(calendar_app("agenda", "--json", "--plans", str(plans), "--today", day), env)
        for r in range(args.repeat):
            for label, plans in sets.items():
                out = Path(tmp) / f"feeds-{label}"
                argvs = {
                    "agenda --json": ["agenda", "--json", "--plans", str(plans), "--from", day, "--weeks", weeks,
                                      "--today", day],
                    "export (cold)": ["export", "--plans", str(plans), "--out", str(out), "--today", day,
                                      "--past-days", "0", "--weeks", weeks],
                }
                for name, argv in argvs.items():
                    runs.setdefault((name, label), []).append(run(calendar_app(*argv), env))
                    print(f"  run {r + 1}: {name} {label}: {runs[name, label][-1]['cpu']:.2f}s", file=sys.stderr)
                shutil.rmtree(out, ignore_errors=True)
    print(f"200 channels, {args.weeks} weeks from {START}; {CAMPAIGNS} campaigns of {STEPS} steps; "
          f"median of {args.repeat}")
    for name in ("agenda --json", "export (cold)"):
        without, with_ = median(runs[name, "without"], "cpu"), median(runs[name, "with"], "cpu")
        print(f"{name:15} without {without:6.2f}s  with {with_:6.2f}s  ratio {with_ / without:5.2f}x (target <= 1.20x)")


if __name__ == "__main__":
    main()
