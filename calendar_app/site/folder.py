"""Writing the site: every file into a temporary folder beside ``--out``, then one rename.

A reader of ``--out`` sees the previous site or the new one, never a mix; a failure leaves the
previous site as it was. The folder is the site's alone (a marker file says so), since it is
replaced as a whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Written into every site: a folder holding it may be replaced by the next publish.
MARKER = ".calendar-app-site"
_MARKER_TEXT = b"Written by calendar-app publish: this folder is replaced as a whole by the next publish.\n"


class NotOurs(Exception):
    """``--out`` exists and holds files that publish did not write (or is not a folder)."""


def check_target(out: Path) -> None:
    """Raise :class:`NotOurs` unless ``out`` is missing, an empty folder or a site we wrote."""
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir() or out.is_symlink():
        raise NotOurs(out)
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise NotOurs(out)


def write_site(out: Path, files: dict[str, bytes], *, extra: Callable[[Path], None] | None = None) -> None:
    """Replace the folder ``out`` with ``files`` (name -> bytes) at once.

    ``extra(folder)`` may add files to the temporary folder before it is put in place (the PDFs,
    printed from the pages already written); if it raises, nothing changes."""
    check_target(out)
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        for name, data in files.items():
            _write(tmp / name, data)
        _write(tmp / MARKER, _MARKER_TEXT)
        if extra is not None:
            extra(tmp)
        os.chmod(tmp, 0o755)
        _sync(tmp)
        _put_in_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _sync(parent)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _put_in_place(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``; an existing ``out`` is swapped with it in one step where the
    system can (Linux's renameat2 with RENAME_EXCHANGE), else moved aside first."""
    if not out.exists():
        os.rename(tmp, out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp)  # now the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rename(out, old / out.name)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old / out.name, out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing happened)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _sync(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
