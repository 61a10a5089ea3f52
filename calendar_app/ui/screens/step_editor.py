"""The new-step form of a campaign: channel, offset, time or nearest slot, title, format, pillar, status.

Contract: ``StepEditor(plan, campaign_name, channel_id)`` dismisses with the keys of the
``[[step]]`` table to write (see :func:`calendar_app.ui.forms.step_form.read_step_form`) or None
when cancelled; nothing is written here.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static

from calendar_app.core.model import STATUSES, Plan
from calendar_app.i18n import N_, _
from calendar_app.site.words import status_name
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.step_form import StepFields, new_step_fields, read_step_form
from calendar_app.ui.screens.confirm import ask_before_discarding
from calendar_app.ui.widgets.status import STATUS_ICONS

#: The fields with a problem line under them.
CHECKED = ("offset", "when")


class StepEditor(ModalScreen[dict[str, str] | None]):
    """One new step of a campaign, checked as you type."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(self, plan: Plan, campaign_name: str, channel_id: str | None,
                 landing: Callable[[dict[str, str]], tuple[str, bool]] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.plan = plan
        self.landing = landing
        """Where a step lands, in words, and whether it may be written there (None: not said)."""
        self.campaign_name = campaign_name
        ids = [c.id for c in plan.channels]
        self.initial = new_step_fields(channel_id if channel_id in ids else (ids[0] if ids else None))

    def _row(self, label: str, widget, error: str | None = None) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield widget
        if error:
            yield Static("", id=f"error-{error}", classes="form-error")

    def compose(self) -> ComposeResult:
        plan, fields = self.plan, self.initial
        pillars = sorted({p for c in plan.channels for r in c.rules for p in r.pillars}
                         | {p for c in plan.channels for p in c.pillar_share})
        formats = sorted({r.format for c in plan.channels for r in c.rules if r.format}
                         | {p.format for c in plan.channels for p in c.posts if p.format})
        channels = [(c.name, c.id) for c in plan.channels]
        statuses = [(f"{STATUS_ICONS[s]} {status_name(s)}", s) for s in STATUSES]
        with Vertical(id="step-editor", classes="dialog"):
            yield Static(_("New step of « {campaign} »").format(campaign=self.campaign_name), classes="dialog-title")
            with VerticalScroll(id="step-form"):
                yield from self._row(_("Channel"), Select(channels, value=fields["channel"] or Select.BLANK,
                                                          allow_blank=not channels, id="channel", compact=True))
                yield from self._row(_("Offset"), Input(fields["offset"], placeholder=_("-7d, +1d, 0d, +2w"),
                                                        id="offset", compact=True), error="offset")
                yield from self._row(_("Time"), Input(fields["when"], placeholder=_("18:00, or next / previous"),
                                                      id="when", compact=True), error="when")
                yield Static(_("next / previous: the channel's nearest rule slot on or after (before) the day"),
                             classes="form-hint")
                yield Static("", id="step-where", classes="form-hint")
                yield from self._row(_("Title"), Input("", placeholder=_("what is published"), id="title",
                                                       compact=True))
                yield from self._row(_("Format"), Input("", placeholder=_("photo, reel, article…"), id="format",
                                                        compact=True, suggester=self._suggest(formats)))
                yield from self._row(_("Pillar"), Input("", placeholder=_("editorial theme"), id="pillar",
                                                        compact=True, suggester=self._suggest(pillars)))
                yield from self._row(_("Status"), Select(statuses, value="idea", allow_blank=False, id="status",
                                                         compact=True))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
        yield Footer()

    @staticmethod
    def _suggest(words: list[str]) -> SuggestFromList | None:
        return SuggestFromList(words, case_sensitive=False) if words else None

    def on_mount(self) -> None:
        self._validate()
        self.query_one("#title", Input).focus()

    def fields(self) -> StepFields:
        """The texts of the form's fields now."""
        out = {key: self.query_one(f"#{key}", Input).value for key in ("offset", "when", "title", "format", "pillar")}
        channel = self.query_one("#channel", Select).value
        out.update(channel="" if channel is Select.BLANK else str(channel),
                   status=str(self.query_one("#status", Select).value))
        return out

    def _validate(self) -> dict[str, str] | None:
        form = read_step_form(tuple(c.id for c in self.plan.channels), self.fields())
        for key in CHECKED:
            error = self.query_one(f"#error-{key}", Static)
            error.update(form.problems.get(key, ""))
            error.set_class(key in form.problems, "-shown")
        where, free = ("", True) if form.step is None or self.landing is None else self.landing(form.step)
        self.query_one("#step-where", Static).update(where)
        self.query_one("#step-where").set_class(not free, "-taken")
        return form.step if free else None

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._validate()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        step = self._validate()
        if step is None:
            self.notify(_("Fix the fields marked in red first."), severity="error")
            return
        self.dismiss(step)

    def action_cancel(self) -> None:
        if self.fields() == self.initial:
            self.dismiss(None)
            return
        ask_before_discarding(self, _("Discard this new step?"))

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
