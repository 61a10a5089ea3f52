"""Moving a campaign's anchor: ask the new day, show where each step lands (and what is in the way) as you type.

Contract: ``AnchorMove(campaign, today, preview)`` dismisses with the new anchor day, or None when
cancelled; ``preview(day)`` gives the :class:`~calendar_app.ui.campaign_view.Landing` of every step
(or a sentence saying why the day cannot be taken). Nothing is written here: the campaign workflow
asks for a confirmation when a step lands on a blackout or a taken slot, then writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from calendar_app.i18n import N_, _
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.campaign_view import CampaignRow, Landing
from calendar_app.ui.forms.date_target import parse_target
from calendar_app.ui.forms.step_form import offset_label
from calendar_app.ui.screens.campaigns import anchor_text

_STEP = re.compile(r"^[+-]\s*\d+\s*[a-z]*$", re.IGNORECASE)
Preview = Callable[[date], "tuple[Landing, ...] | str"]


def _moment(at: datetime | None) -> str:
    return f"{format_date(at.date(), 'short')} {format_time(at)}" if at is not None else "—"


def preview_text(landings: tuple[Landing, ...], names: dict[str, str]) -> Text:
    """One line per step: ``-7d  Instagram  ven. 27/11 18:00 → ven. 04/12 18:00``, and under a step
    whose new place is a blackout or a taken slot, why (in red)."""
    out = Text(no_wrap=True, overflow="ellipsis")  # one line each: cut at the dialog's edge, never wrapped
    for n, landing in enumerate(landings):
        if n:
            out.append("\n")
        step = landing.step
        out.append(f"{offset_label(step.offset):>5}  ", style="bold")
        out.append(f"{names.get(step.channel, step.channel)[:14]:<14}  ")
        out.append(_moment(landing.old), style="dim")
        out.append(" → ")
        out.append(_moment(landing.new), style="bold red" if landing.problem else "bold")
        if landing.problem:
            out.append("\n       " + landing.problem, style="red")
    return out


class AnchorMove(ModalScreen[date | None]):
    """The new anchor day, with a preview of every step's new place."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "move", N_("Move")),
    ]

    def __init__(self, campaign: CampaignRow, today: date, preview: Preview, names: dict[str, str]) -> None:
        super().__init__()
        translate_bindings(self)
        self.campaign = campaign
        self.today = today
        self.preview = preview
        self.names = names
        self.target: date | None = None
        self.landings: tuple[Landing, ...] = ()

    def compose(self) -> ComposeResult:
        c = self.campaign
        with Vertical(id="anchor-move", classes="dialog"):
            yield Static(_("Move the campaign « {name} »").format(name=c.name), classes="dialog-title")
            yield Static(_("Anchor now: {day}. Every step moves with it; +1w is one week later.").format(
                day=anchor_text(c.anchor)))
            with Horizontal(classes="form-row"):
                yield Static(_("New anchor"), classes="form-label")
                yield Input(placeholder=_("2026-12-11, 11/12, +1w"), id="anchor-target", compact=True)
            yield Static("", id="anchor-error", classes="form-error")
            with VerticalScroll(id="anchor-preview-box"):
                yield Static("", id="anchor-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Move (ctrl+s)"), id="move", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#anchor-target", Input).focus()
        self._show(None)

    def _show(self, target: date | None, problem: str = "") -> None:
        error = self.query_one("#anchor-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")
        preview = self.query_one("#anchor-preview", Static)
        if target is None or problem:
            self.target, self.landings = None, ()
            preview.update(Text(_("Type the new day: the preview shows where each step lands."), style="dim"))
            return
        self.target = target
        if not self.landings:
            preview.update(Text(_("No step: only the anchor moves."), style="dim"))
        else:
            preview.update(preview_text(self.landings, self.names))

    def read_target(self, text: str) -> date | None:
        """The day typed: ``+1w`` / ``-3j`` move from the anchor (one week later, three days
        earlier); ``2026-12-11``, ``11/12``, ``demain``, ``lundi`` are read as go-to-date reads them."""
        anchor = self.campaign.anchor_day
        return parse_target(text, anchor if _STEP.match(text.strip()) else self.today)

    @on(Input.Changed, "#anchor-target")
    def _changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if not text:
            self._show(None)
            return
        target = self.read_target(text)
        if target is None:
            self._show(None, _("write a date as YYYY-MM-DD or DD/MM, or +1w / -3d"))
            return
        result = self.preview(target)
        if isinstance(result, str):
            self._show(None, result)
            return
        self.landings = result
        self._show(target)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_move()

    def action_move(self) -> None:
        if self.target is None:
            self.notify(_("Type a valid new anchor day first."), severity="error")
            return
        if self.target == self.campaign.anchor_day:
            self.notify(_("That is the anchor already; nothing to move."), severity="warning")
            return
        self.dismiss(self.target)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#move")
    def _move(self) -> None:
        self.action_move()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
