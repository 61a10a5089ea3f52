"""calendar_app.files.write_folder: a folder replaced at once, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app import files
from calendar_app.files import ForeignFolder, write_folder

MARKER = ".written-by-test"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "move-aside"])
def test_the_new_folder_replaces_the_old_one_whole(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_folder(out, {"a.html": b"old a", "b.html": b"old b"}, marker=MARKER)
    write_folder(out, {"a.html": "nouveau é 🎄".encode()}, marker=MARKER)
    assert set(tree(out)) == {"a.html", MARKER} and tree(out)["a.html"] == "nouveau é 🎄".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary or old folder left


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "from-a").write_text("a")
    (b / "from-b").write_text("b")
    assert files._exchange(a, b)  # Linux (renameat2 with RENAME_EXCHANGE), where the suite runs
    assert [p.name for p in a.iterdir()] == ["from-b"] and [p.name for p in b.iterdir()] == ["from-a"]


def test_a_failure_while_filling_changes_nothing(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"a.html": b"old"}, marker=MARKER)

    def fail(folder: Path) -> None:
        (folder / "half.pdf").write_bytes(b"%PDF-")
        raise RuntimeError("the printer broke")

    with pytest.raises(RuntimeError):
        write_folder(out, {"a.html": b"new"}, marker=MARKER, extra=fail)
    assert tree(out) == {"a.html": b"old", MARKER: tree(out)[MARKER]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_it_did_not_write_is_left_alone(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("five years of work")
    with pytest.raises(ForeignFolder):
        write_folder(mine, {"a.html": b"x"}, marker=MARKER)
    assert tree(mine) == {"thesis.txt": b"five years of work"}
    empty = tmp_path / "empty"
    empty.mkdir()
    write_folder(empty, {"a.html": b"x"}, marker=MARKER)  # an empty folder is fine
    assert set(tree(empty)) == {"a.html", MARKER}
