"""Whole-process timing for the shell benchmarks: wall time, CPU time and peak memory of one child.

A child is started as the user's shell would start it (its own interpreter, imports included),
its stdout goes to a file (the same write() calls as a pipe, without a reader to keep up), and
``os.wait4`` gives its own CPU time and maximum resident set size.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCRIPT = Path(PYTHON).parent / "calendar-app"


def calendar_app(*args: str) -> list[str]:
    """The console script, as a shell runs it (or ``python -m calendar_app`` without one)."""
    if SCRIPT.exists():
        return [str(SCRIPT), *args]
    return [PYTHON, "-m", "calendar_app", *args]


def environment(unbuffered: bool) -> dict[str, str]:
    """This environment, with or without ``PYTHONUNBUFFERED=1``, and bytecode written: an installed
    package has its .pyc files, while ``PYTHONDONTWRITEBYTECODE`` (set on some machines) would make
    every process of an editable install compile the project's modules again (~0.1-0.3 s). Run each
    command once unmeasured first (:func:`warm`)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


def run(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> dict:
    """Run ``argv`` once; return wall and CPU seconds, peak RSS in MiB and the output's size."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.tell()
        if proc.returncode not in ok:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{err.read().decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "bytes": size}


def warm(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> None:
    """One unmeasured run: writes the bytecode and fills the OS's file cache."""
    run(argv, env, ok)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)
