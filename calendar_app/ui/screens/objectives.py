"""The objectives screen: per objective its status, a progress bar from baseline to target, a sparkline.

Contract: ``app.push_screen(ObjectivesScreen(progress, problems))`` with the objectives' progress on the
editor's today (:func:`calendar_app.core.objectives.progress_all`) and the problems met reading
``_objectives.toml`` and ``results/`` (shown instead of the objectives). Escape or ``O`` closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, ProgressBar, Sparkline, Static

from calendar_app.core.errors import PlanError
from calendar_app.core.objectives import Progress
from calendar_app.core.objectives_words import STATUS_ICONS, describe, status_word
from calendar_app.i18n import N_, _, ngettext
from calendar_app.ui.bindings import translate_bindings


def share(p: Progress) -> float:
    """How far the latest value has come from the baseline to the target, 0 to 100 (0 without a value)."""
    o = p.objective
    if p.latest is None or o.target == o.baseline_value:
        return 0.0
    return max(0.0, min(100.0, 100 * (p.latest - o.baseline_value) / (o.target - o.baseline_value)))


class ObjectivesScreen(ModalScreen[None]):
    """Every objective of ``_objectives.toml`` with its progress on today."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("O", "close", N_("Close"), show=False, key_display="O"),
    ]

    def __init__(self, progress: list[Progress], problems: list[PlanError]) -> None:
        super().__init__()
        translate_bindings(self)
        self.progress = progress
        self.problems = problems

    def compose(self) -> ComposeResult:
        counts = {s: sum(1 for p in self.progress if p.status == s) for s in ("met", "on_track", "behind", "overdue")}
        summary = " · ".join(f"{STATUS_ICONS[s]} {n} {status_word(s)}" for s, n in counts.items() if n)
        with Vertical(id="objectives-dialog"):
            title = ngettext("{n} objective", "{n} objectives", len(self.progress)).format(n=len(self.progress))
            yield Static(f"{title}{' · ' + summary if summary else ''}", id="objectives-title")
            with VerticalScroll(id="objectives-list"):
                if self.problems:
                    yield Static(_("The objectives cannot be read:"), classes="objective-heading")
                    for problem in self.problems:
                        yield Static(str(problem), classes="objective-problem", markup=False)
                elif not self.progress:
                    yield Static(_("No objective: write them in _objectives.toml in the plans folder (see README)."),
                                 markup=False)
                # Below 110 columns each figure gets its line: wrapped, "1 689,8" would break at its space.
                separator = " · " if self.app.size.width >= 110 else "\n"
                for p in self.progress:
                    heading, detail, *more = describe(p)
                    detail = separator.join(detail.strip().split(" · "))
                    with Vertical(classes=f"objective -{p.status.replace('_', '-')}"):
                        yield Static(heading, classes="objective-heading", markup=False)
                        bar = ProgressBar(total=100, show_eta=False, classes="objective-bar")
                        bar.progress = share(p)
                        yield bar
                        yield Sparkline([v for _d, v in p.history] or [0.0], classes="objective-sparkline")
                        yield Static("\n".join([detail.strip(), *(m.strip() for m in more)]), classes="objective-detail",
                                     markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
