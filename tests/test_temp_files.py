"""Temporary files of atomic writes: named after their writer, removed once stale, never while a save owns them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from calendar_app import files
from calendar_app.files import STALE_AFTER, atomic_write, remove_stale_temps
from calendar_app.storage.reader import load_plan

EXAMPLE = Path(__file__).parent / "fixtures" / "example"

#: A save stopped halfway: the temporary file is written, then the process waits to be killed.
HANGING_SAVE = """
import sys, time
from pathlib import Path
from calendar_app.files import atomic_write

def hang(f):
    f.write(b"half a plan")
    f.flush()
    print("writing", flush=True)
    time.sleep(600)

atomic_write(Path(sys.argv[1]), hang)
"""


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".old")))


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # finished and reaped: no process has it (for the short while the test runs)


def test_the_temporary_file_names_its_target_and_its_writer(tmp_path):
    seen = []
    atomic_write(tmp_path / "instagram.toml", lambda f: seen.extend(temps(tmp_path)))
    [name] = seen
    assert name.startswith(f".instagram.toml.{os.getpid()}.") and name.endswith(".tmp")
    assert temps(tmp_path) == []


def test_stale_temporaries_go_and_the_others_stay(tmp_path):
    now = time.time()
    gone = dead_pid()
    names = {
        f".instagram.toml.{gone}.abcd_123.tmp": now,  # its writer is gone: stale at once
        f".instagram.toml.{os.getpid()}.abcd_124.tmp": now,  # ours, maybe another thread's save: kept
        f".instagram.toml.{os.getpid()}.abcd_125.tmp": now - STALE_AFTER - 60,  # ours but an hour old
        ".blog.toml.k3j_x9q2.tmp": now,  # an earlier version's name, no pid: kept for an hour
        ".blog.toml.k3j_x9q3.tmp": now - STALE_AFTER - 60,
        ".notes.tmp": now - 10 * STALE_AFTER,  # not our naming
        "instagram.toml": now - 10 * STALE_AFTER,
    }
    for name, stamp in names.items():
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (stamp, stamp))
    old_folder = tmp_path / f".site.{gone}.q1w2e3r4.old"
    old_folder.mkdir()
    (old_folder / "index.html").write_bytes(b"x")
    removed = remove_stale_temps(tmp_path, now=now)
    assert sorted(p.name for p in removed) == sorted([
        f".instagram.toml.{gone}.abcd_123.tmp", f".instagram.toml.{os.getpid()}.abcd_125.tmp",
        ".blog.toml.k3j_x9q3.tmp", old_folder.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f".instagram.toml.{os.getpid()}.abcd_124.tmp", ".blog.toml.k3j_x9q2.tmp", ".notes.tmp", "instagram.toml"])


def test_a_save_cleans_the_stale_temporaries_of_its_file_only(tmp_path):
    gone = dead_pid()
    (tmp_path / f".instagram.toml.{gone}.abcd_123.tmp").write_bytes(b"x")
    (tmp_path / f".blog.toml.{gone}.abcd_123.tmp").write_bytes(b"x")
    atomic_write(tmp_path / "instagram.toml", b"[channel]\n")
    assert temps(tmp_path) == [f".blog.toml.{gone}.abcd_123.tmp"]


def test_an_export_cleans_its_feed_folder(tmp_path, cli):
    out = tmp_path / "feeds"
    out.mkdir()
    gone = dead_pid()
    (out / f".podcast.ics.{gone}.abcd_123.tmp").write_bytes(b"BEGIN:VCALENDAR")
    proc = cli("export", "--plans", str(EXAMPLE), "--out", str(out), "--today", "2026-11-24")
    assert proc.returncode == 0, proc.stderr
    assert temps(out) == [] and (out / "podcast.ics").is_file()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_save_killed_halfway_is_cleaned_by_the_next_load_but_not_while_it_runs(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    before = (plans / "podcast.toml").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(Path(files.__file__).parent.parent)}
    proc = subprocess.Popen([sys.executable, "-c", HANGING_SAVE, str(plans / "podcast.toml")], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
        [owned] = temps(plans)
        assert owned.startswith(f".podcast.toml.{proc.pid}.")
        assert not load_plan(plans).errors
        assert temps(plans) == [owned]  # the save still runs: its file stays
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert temps(plans) == [owned]
    assert not load_plan(plans).errors
    assert temps(plans) == []
    assert (plans / "podcast.toml").read_bytes() == before  # the killed save changed nothing
