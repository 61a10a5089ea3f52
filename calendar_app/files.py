"""File system helpers shared by the code that writes: atomic replacement of a file or of a whole folder,
and the cleanup of the temporary files a killed writer left behind."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never a mix.

    ``data`` is the bytes, or a function that writes them into the open (temporary) file. The
    file is synced before it replaces the old one, and the folder after."""
    path = Path(path)
    remove_stale_temps(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


#: A temporary file or folder of ours: ``.<name>.<pid>.<8 random characters>.tmp`` (or ``.old``, a folder
#: moved aside), or without the pid as earlier versions named them.
_TEMP_RE = re.compile(r"\.(?P<name>.+?)(?:\.(?P<pid>\d+))?\.[A-Za-z0-9_]{8}\.(?:tmp|old)")
#: A temporary file older than this is stale whoever wrote it: a save or an export takes seconds.
STALE_AFTER = 3600.0


def _temp_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def _writer_gone(pid: int) -> bool:
    """True when no process ``pid`` runs on this machine (never for ours: another thread may be writing)."""
    if pid == os.getpid() or os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # it exists (another user's) or we cannot tell: keep the file
    return False


def remove_stale_temps(folder: Path, name: str | None = None, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files (and folders) of our naming in ``folder`` that no running
    write owns: their writer's pid is gone from this machine, or they are older than
    :data:`STALE_AFTER` (the pid may have been reused; names without a pid wait that long).
    ``name`` limits it to the temporaries of that one target. Returns what was removed;
    anything that cannot be removed or read is left alone."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    pattern = _TEMP_RE if name is None else re.compile(_TEMP_RE.pattern.replace("(?P<name>.+?)", f"(?P<name>{re.escape(name)})"))
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            stale = age > STALE_AFTER or (m["pid"] is not None and _writer_gone(int(m["pid"])))
            if not stale:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


class ForeignFolder(Exception):
    """The folder to replace holds files that this program did not write (or is not a folder)."""


def check_folder(out: Path, marker: str) -> None:
    """Raise :class:`ForeignFolder` unless ``out`` is missing, an empty folder or holds ``marker``."""
    out = Path(out)
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir() or out.is_symlink():
        raise ForeignFolder(out)
    if any(out.iterdir()) and not (out / marker).is_file():
        raise ForeignFolder(out)


def write_folder(out: Path, files: dict[str, bytes], *, marker: str,
                 extra: Callable[[Path], None] | None = None) -> None:
    """Replace the folder ``out`` with ``files`` (name -> bytes) and the file ``marker`` at once.

    Everything is written into a temporary folder beside ``out``, synced, then renamed over it:
    a reader sees the previous folder or the new one, never a mix, and a failure changes nothing.
    An existing ``out`` must be one written so (it holds ``marker``) or empty. ``extra(folder)``
    may add files to the temporary folder before it is put in place."""
    out = Path(out)
    check_folder(out, marker)
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(parent, out.name)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out.name), suffix=".tmp", dir=parent))
    try:
        for name, data in {**files, marker: b"Written by calendar-app: the next run replaces this folder as a whole.\n"}.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        if extra is not None:
            extra(tmp)
        os.chmod(tmp, 0o755)
        _sync_folder(tmp)
        _put_in_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _sync_folder(parent)


def _put_in_place(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``; an existing ``out`` is swapped with it in one step where the
    system can (Linux's renameat2 with RENAME_EXCHANGE), else moved aside first."""
    if not out.exists():
        os.rename(tmp, out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp)  # now the previous folder
        return
    old = Path(tempfile.mkdtemp(prefix=_temp_prefix(out.name), suffix=".old", dir=out.parent))
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
    import ctypes  # here: ctypes is slow to import, and only a folder replacement needs it
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _sync_folder(folder: Path) -> None:
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
