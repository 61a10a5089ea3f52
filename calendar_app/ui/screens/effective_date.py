"""Ask from which date a rule's new timing applies: ``EffectiveDate(...)`` dismisses with a date, or None.

Contract: ``app.push_screen(EffectiveDate(question, default, start, consequences), callback)``.
``default`` fills the date field; ``start`` is the rule's start, offered as "the whole rule" (the
past rewritten, as before this question existed); ``consequences(day)`` returns the lines that
say what the change from ``day`` does, or raises :class:`~calendar_app.core.editing.EditError`
saying why it cannot apply (shown under the field; Enter is refused). Escape gives None.

:func:`ask_from_when` is the rule editor's save hook: it asks for each rule whose timing changed
and returns the channel to save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from calendar_app.core.editing import EditError, replace_rule
from calendar_app.core.model import Channel, Rule
from calendar_app.core.rule_change import (
    change_lines,
    change_rule_from,
    default_change_date,
    rhythm,
    timing_changes,
)
from calendar_app.core.wording import day_name
from calendar_app.i18n import N_, _, ngettext
from calendar_app.i18n import current as language  # "current" names the rule below
from calendar_app.i18n.dates import format_date
from calendar_app.i18n.parse import parse_date
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.channel_form import with_old_timing


class EffectiveDate(ModalScreen[date | None]):
    """One date field with the consequences of the change from that date, redrawn as you type."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "apply", N_("Apply from the date")),
        Binding("ctrl+o", "whole", N_("Whole rule")),
    ]

    def __init__(self, question: str, default: date, start: date,
                 consequences: Callable[[date], list[str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.default = default
        self.start = start
        self.consequences = consequences
        self.day: date | None = None
        """The date the field holds when the change can apply from it, else None."""

    def compose(self) -> ComposeResult:
        with Vertical(id="effective-date", classes="dialog"):
            yield Static(_("From which date?"), classes="dialog-title")
            yield Static(self.question, id="effective-question", markup=False)
            yield Static(_("Slots before the date stay as they are (same events in calendars); a new rule "
                           "takes over. ^o: the whole rule from its start, {start}, past included.").format(
                               start=self.start.isoformat() if language() == "en"
                               else format_date(self.start, "day_month_year")),
                         id="effective-hint", markup=False)
            with Horizontal(classes="form-row"):
                yield Label(_("From"), classes="form-label")
                yield Input(self.default.isoformat(), placeholder=_("YYYY-MM-DD"), id="effective-day", compact=True)
            yield Static("", id="effective-error", classes="form-error", markup=False)
            with VerticalScroll(id="effective-consequences"):
                yield Static("", id="effective-lines", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel esc"), id="cancel", compact=True)
                yield Button(_("Whole rule ^o"), id="whole", variant="warning", compact=True)
                yield Button(_("Apply from the date enter"), id="apply", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show(self.default.isoformat())
        self.query_one("#effective-day", Input).focus()

    def _show(self, text: str) -> None:
        error, lines, day = "", [], None
        try:
            day = parse_date(text, self.default)  # 2026-12-01, 24/12/2026, 24/12 (the default's year)
        except ValueError:
            error = _("write the date as YYYY-MM-DD, e.g. 2026-12-01")
        if day is not None:
            try:
                lines = self.consequences(day)
            except EditError as exc:
                error, day = str(exc), None
        self.day = day
        line = self.query_one("#effective-error", Static)
        line.update(error)
        line.set_class(bool(error), "-shown")
        self.query_one("#effective-lines", Static).update("\n".join(lines))

    @on(Input.Changed, "#effective-day")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#effective-day")
    def _submitted(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        if self.day is None:
            self.notify(_("Give a date the change can apply from first."), severity="error")
            return
        self.dismiss(self.day)

    def action_whole(self) -> None:
        self.dismiss(self.start)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"cancel": self.action_cancel, "whole": self.action_whole, "apply": self.action_apply}[event.button.id]()


async def ask_from_when(app, channel: Channel, changed: list[tuple[Rule, Rule]], blackout: frozenset[date],
                        today: date) -> tuple[Channel, str] | None:
    """For each ``(rule as it was, rule as edited)`` of ``channel`` (the form's result), ask from
    which date its new timing applies; ``(channel to save, what was done)``, or None if cancelled.

    Labels, format, pillars and the other keys apply to the whole rule; the timing from the date
    chosen (:func:`calendar_app.core.rule_change.change_rule_from`), or to the whole rule, past
    included, when the person chooses its start. Call it from a worker (it waits for the answers).
    """
    result, said = channel, []
    for original, edited in changed:
        base = with_old_timing(original, edited)
        current = replace_rule(result, edited.id, base)
        changes = timing_changes(original, edited)

        def consequences(day: date, current=current, base=base, changes=changes) -> list[str]:
            if day == base.start:
                return [_("From its start: the whole rule changes, its past slots included (they move "
                          "or disappear in subscribed calendars, as if it had always had this timing).")]
            return change_lines(change_rule_from(current, base.id, day, changes, blackout))

        name = f"« {edited.label} » ({edited.id})" if edited.label else f'"{edited.id}"'
        question = _("Rule {name}: {old} → {new}.").format(name=name, old=rhythm(original), new=rhythm(edited))
        default = default_change_date(current, base.id, today, blackout)
        day = await app.push_screen_wait(EffectiveDate(question, default, base.start, consequences))
        if day is None:
            return None
        if day == base.start:
            said.append(_('rule "{id}" changed as a whole').format(id=edited.id))
            continue  # the rule as the form has it, past included
        try:
            change = change_rule_from(current, base.id, day, changes, blackout)
        except EditError as exc:
            app.notify(_("Not saved: {reason}").format(reason=exc), severity="error")
            return None
        result = change.channel
        n = len(change.one_offs)
        one_offs = ngettext(" ({n} post now one-off)", " ({n} posts now one-off)", n).format(n=n) if n else ""
        said.append(_('rule "{id}" changed from {day}').format(id=edited.id, day=day_name(day)) + one_offs)
    return result, "; ".join(said)
