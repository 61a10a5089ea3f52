"""`calendar-app` / `calendar-app edit`: open the Textual editor on a plans folder."""

from __future__ import annotations

import sys
from pathlib import Path

from calendar_app.core.errors import PlanError, PlanErrors, UsageError
from calendar_app.i18n import _


def run(args) -> int:
    plans = Path(args.plans)
    if not plans.is_dir():
        raise PlanErrors([PlanError(plans, "", _("no such plans directory; pass --plans DIR (a folder of <channel>.toml files)"))])
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal Textual would draw into a pipe and wait for keys that never come.
        raise UsageError(
            _("the editor needs a terminal; in scripts use `calendar-app agenda`, `check` or `export` "
              "(see calendar-app --help)")
        )
    from calendar_app.ui.app import run as run_editor  # Textual only loads for the editor

    run_editor(plans, args.today)
    return 0
