"""One labelled form control with its problem (or hint) shown right under it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label, Static

from calendar_app.i18n import _


class FormField(Widget):
    """``Label  [control]`` on one line; below it the first problem, or a hint, when there is one.

    A two-column grid (set in ``ui/app.tcss``): label, control, then the note spanning both.
    The field gets the ``-invalid`` class while it shows a problem and ``-hinted`` while it
    shows a hint (the stylesheet hides the note otherwise).
    """

    def __init__(self, label: str, control: Widget, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.label_text = label
        self.field_control = control
        self.errors: tuple[str, ...] = ()
        self.hint = ""

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label")
        yield self.field_control
        yield Static("", classes="field-note", markup=False)

    @property
    def note(self) -> str:
        """The line shown under the control: the problem, else the hint."""
        if self.errors:
            more = len(self.errors) - 1
            return self.errors[0] + (_(" (+{n} more)").format(n=more) if more else "")
        return self.hint

    def _show_note(self) -> None:
        self.query_one(".field-note", Static).update(self.note)
        self.set_class(bool(self.errors), "-invalid")
        self.set_class(bool(self.hint) and not self.errors, "-hinted")

    def show_errors(self, messages: Sequence[str]) -> None:
        """Show the first of ``messages`` (and how many more); an empty list clears it."""
        messages = tuple(messages)
        if messages != self.errors:
            self.errors = messages
            self._show_note()

    def show_hint(self, text: str) -> None:
        """A line of advice under the control (a problem takes its place while there is one)."""
        if text != self.hint:
            self.hint = text
            self._show_note()
