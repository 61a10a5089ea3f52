"""The layers: the planning core (core, storage, feeds) imports without textual or rich, and never
reads the clock or prints."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import calendar_app

PACKAGE = Path(calendar_app.__file__).resolve().parent
#: The packages of the planning core: no UI, no clock, no printing.
CORE = ("core", "storage", "feeds")


def core_paths() -> list[Path]:
    return [path for package in CORE for path in sorted((PACKAGE / package).rglob("*.py"))]


def core_modules() -> list[str]:
    names = []
    for path in core_paths():
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_imports_without_textual_or_rich():
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    assert len(core_modules()) >= 6


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                yield f.id
            elif isinstance(f, ast.Attribute):
                base = f.value.id if isinstance(f.value, ast.Name) else (
                    f.value.attr if isinstance(f.value, ast.Attribute) else "")
                yield f"{base}.{f.attr}"


def test_core_never_reads_the_clock_or_prints():
    offenders = []
    for path in core_paths():
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if call in {"print", "datetime.now", "datetime.utcnow", "date.today", "datetime.today", "time.time"}:
                offenders.append(f"{path.name}: {call}()")
    assert offenders == []
