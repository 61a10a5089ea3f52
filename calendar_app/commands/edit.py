"""`calendar-app` / `calendar-app edit`: open the Textual editor on a plans folder."""

from __future__ import annotations

from pathlib import Path

from calendar_app.errors import PlanError, PlanErrors


def run(args) -> int:
    plans = Path(args.plans)
    if not plans.is_dir():
        raise PlanErrors([PlanError(plans, "", "no such plans directory; pass --plans DIR (a folder of <channel>.toml files)")])
    from calendar_app.ui.app import run as run_editor  # Textual only loads for the editor

    run_editor(plans, args.today)
    return 0
