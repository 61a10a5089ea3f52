"""The planning core imports without textual or rich, and never reads the clock or prints."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "calendar_app"
#: Modules allowed to talk to people or read the clock: the CLI, its commands, the server, the UI.
EDGE = {"cli.py", "__main__.py", "server.py"}


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name not in EDGE:
            names.append("calendar_app" if path.stem == "__init__" else f"calendar_app.{path.stem}")
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
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in EDGE:
            continue
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if call in {"print", "datetime.now", "datetime.utcnow", "date.today", "datetime.today", "time.time"}:
                offenders.append(f"{path.name}: {call}()")
    assert offenders == []
