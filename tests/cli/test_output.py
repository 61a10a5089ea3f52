"""The CLI's output streams: a reader that stops early, a closed or full stdout, an ASCII-only locale."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "calendar_app"]


def env(**extra: str) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "COLUMNS")}
    return {**base, **extra}


@pytest.mark.parametrize("args", [
    ["agenda", "--weeks", "300"],
    ["agenda", "--weeks", "300", "--json"],
    ["check", "--weeks", "300"],
    ["check", "--weeks", "300", "--json"],
])
def test_a_reader_that_stops_early_is_not_an_error(bundled_plans, args):
    # `calendar-app agenda | head -1`: rich used to exit 1 and json could print a traceback.
    proc = subprocess.Popen([*CMD, *args, "--plans", str(bundled_plans), "--today", "2026-11-24"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(PYTHONIOENCODING="utf-8"))
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert first
    assert stderr == ""
    # check exits 1 when a target does not hold; a pipe closed early is never a failure of its own.
    assert code in ((0, 1) if args[0] == "check" else (0,))


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_a_closed_stdout_gives_the_exit_code_without_traceback(bundled_plans, json_flag):
    result = subprocess.run(f'{sys.executable} -m calendar_app agenda --plans "{bundled_plans}" {" ".join(json_flag)} >&-',
                            shell=True, capture_output=True, text=True, env=env(), timeout=60, check=False)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_a_full_disk_is_a_clear_error(bundled_plans, json_flag):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*CMD, "agenda", "--plans", str(bundled_plans), *json_flag], stdout=full,
                                stderr=subprocess.PIPE, text=True, env=env(), timeout=60, check=False)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("calendar-app agenda: cannot write the output")


@pytest.mark.parametrize("args", [["agenda"], ["check"], ["agenda", "--json"], ["check", "--json"]])
def test_an_ascii_only_stdout_still_works(bundled_plans, args):
    result = subprocess.run([*CMD, *args, "--plans", str(bundled_plans), "--today", "2026-11-24"], capture_output=True,
                            env=env(PYTHONIOENCODING="ascii", COLUMNS="20"), timeout=60, check=False)
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    result.stdout.decode("ascii")
    if "--json" in args:
        utf8 = subprocess.run([*CMD, *args, "--plans", str(bundled_plans), "--today", "2026-11-24"], capture_output=True,
                              env=env(PYTHONIOENCODING="utf-8"), timeout=60, check=False)
        assert json.loads(result.stdout) == json.loads(utf8.stdout.decode("utf-8"))  # nothing lost


class _CountingStdout(io.TextIOWrapper):
    """A UTF-8 stdout over bytes that counts the write() calls reaching its binary layer."""

    def __init__(self):
        self.raw_writes = 0
        outer = self

        class Raw(io.BytesIO):
            def write(self, data):
                outer.raw_writes += 1
                return super().write(data)

        self.bytes = Raw()
        super().__init__(self.bytes, encoding="utf-8", write_through=True)


@pytest.mark.parametrize("data", [[], [[]], [1, "é"], {"k": [{"a": None, "b": "👨‍👩‍👧"}]},
                                  [{"title": f"Fête n°{n}", "n": n} for n in range(3)]])
def test_json_is_the_same_text_as_json_dump(monkeypatch, data):
    from calendar_app.commands.common import dump_json

    out = _CountingStdout()
    monkeypatch.setattr(sys, "stdout", out)
    dump_json(data)
    assert out.bytes.getvalue().decode("utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_is_written_in_large_chunks_even_unbuffered(monkeypatch):
    # json.dump into an unbuffered stdout made one write() per token: about 30 for each item here.
    from calendar_app.commands import common

    out = _CountingStdout()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(common, "CHUNK", 10_000)
    items = [{"channel": "blog", "title": f"Publication n°{n} ☀️", "n": n} for n in range(2000)]
    common.dump_json(items)
    text = out.bytes.getvalue().decode("utf-8")
    assert json.loads(text) == items
    assert len(text) > 150_000
    assert out.raw_writes <= len(text) // 10_000 + 2
