"""Writing the site: every file into a temporary folder beside ``--out``, then one rename.

A reader of ``--out`` sees the previous site or the new one, never a mix; a failure leaves the
previous site as it was. The folder is the site's alone (a marker file says so), since it is
replaced as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from calendar_app.files import ForeignFolder, check_folder, write_folder

#: Written into every site: a folder holding it may be replaced by the next publish.
MARKER = ".calendar-app-site"
NotOurs = ForeignFolder


def check_target(out: Path) -> None:
    """Raise :class:`NotOurs` unless ``out`` is missing, an empty folder or a site we wrote."""
    check_folder(out, MARKER)


def write_site(out: Path, files: dict[str, bytes], *, extra: Callable[[Path], None] | None = None) -> None:
    """Replace the folder ``out`` with the site's ``files`` (name -> bytes) at once.

    ``extra(folder)`` may add files to the temporary folder before it is put in place (the PDFs,
    printed from the pages already written there); if it raises, nothing changes."""
    write_folder(out, files, marker=MARKER, extra=extra)
