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
from calendar_app.ui.forms.channel_form import with_old_timing


class EffectiveDate(ModalScreen[date | None]):
    """One date field with the consequences of the change from that date, redrawn as you type."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply from the date"),
        Binding("ctrl+o", "whole", "Whole rule"),
    ]

    def __init__(self, question: str, default: date, start: date,
                 consequences: Callable[[date], list[str]]) -> None:
        super().__init__()
        self.question = question
        self.default = default
        self.start = start
        self.consequences = consequences
        self.day: date | None = None
        """The date the field holds when the change can apply from it, else None."""

    def compose(self) -> ComposeResult:
        with Vertical(id="effective-date", classes="dialog"):
            yield Static("From which date?", classes="dialog-title")
            yield Static(self.question, id="effective-question", markup=False)
            yield Static("Slots before the date stay as they are (same events in calendars); a new rule "
                         f"takes over. ^o: the whole rule from its start, {self.start.isoformat()}, past included.",
                         id="effective-hint", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield Input(self.default.isoformat(), placeholder="YYYY-MM-DD", id="effective-day", compact=True)
            yield Static("", id="effective-error", classes="form-error", markup=False)
            with VerticalScroll(id="effective-consequences"):
                yield Static("", id="effective-lines", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel esc", id="cancel", compact=True)
                yield Button("Whole rule ^o", id="whole", variant="warning", compact=True)
                yield Button("Apply from the date enter", id="apply", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show(self.default.isoformat())
        self.query_one("#effective-day", Input).focus()

    def _show(self, text: str) -> None:
        error, lines, day = "", [], None
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            error = "write the date as YYYY-MM-DD, e.g. 2026-12-01"
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
            self.notify("Give a date the change can apply from first.", severity="error")
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
                return ["From its start: the whole rule changes, its past slots included (they move "
                        "or disappear in subscribed calendars, as if it had always had this timing)."]
            return change_lines(change_rule_from(current, base.id, day, changes, blackout))

        name = f"« {edited.label} » ({edited.id})" if edited.label else f'"{edited.id}"'
        question = f"Rule {name}: {rhythm(original)} → {rhythm(edited)}."
        default = default_change_date(current, base.id, today, blackout)
        day = await app.push_screen_wait(EffectiveDate(question, default, base.start, consequences))
        if day is None:
            return None
        if day == base.start:
            said.append(f'rule "{edited.id}" changed as a whole')
            continue  # the rule as the form has it, past included
        try:
            change = change_rule_from(current, base.id, day, changes, blackout)
        except EditError as exc:
            app.notify(f"Not saved: {exc}", severity="error")
            return None
        result = change.channel
        n = len(change.one_offs)
        one_offs = f" ({n} post{'s' if n != 1 else ''} now one-off)" if n else ""
        said.append(f'rule "{edited.id}" changed from {day_name(day)}{one_offs}')
    return result, "; ".join(said)
