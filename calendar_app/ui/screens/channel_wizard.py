"""The new-channel wizard: a name, an id, a zone, a color and a first rhythm, returning a new Channel.

Contract: ``app.push_screen(ChannelWizard(plan, today, existing_ids), callback)``. The callback
gets a valid :class:`~calendar_app.model.Channel` (one rule starting ``today``, no posts) when
the user creates it (ctrl+s or the Create button), or ``None`` on Escape. ``existing_ids`` are
the ids taken beyond the plan's channels (pass those of plan files that failed to load). Nothing is written here: the
caller saves the channel as ``plans/<id>.toml``. The channel is read back with
:func:`calendar_app.schema.read_channel`, so it loads exactly as the file will; a time zone equal
to the calendar's default is inherited rather than written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, RadioButton, RadioSet, Select, Static

from calendar_app.core.model import Channel, Plan
from calendar_app.i18n import N_, _, ngettext
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.channel_form import EVERY_CHOICES, RAW, FormErrors, new_rule_fields, read_form
from calendar_app.ui.forms.new_channel import CUSTOM, PALETTE, PRESETS, id_problem, suggest_id
from calendar_app.ui.screens.confirm import ask_before_discarding
from calendar_app.ui.widgets.form_field import FormField
from calendar_app.ui.widgets.preview import next_occurrences, short_date

_CHANNEL_SHOWN = ("name", "timezone", "color", "per_week")
_RULE_SHOWN = ("every", "interval", "days", "times", "start")


class ChannelWizard(ModalScreen[Channel | None]):
    """Create a channel in one form; ``dismiss(channel)`` when valid, ``None`` on Escape."""

    BINDINGS = [
        Binding("ctrl+s", "create", N_("Create")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    CHECK_DELAY = 0.2
    AUTO_FOCUS = "#wizard-name"

    def __init__(self, plan: Plan, today: date, existing_ids: Iterable[str] = ()) -> None:
        super().__init__()
        translate_bindings(self)
        self.plan = plan
        self.today = today
        self.taken = frozenset(existing_ids) | {c.id for c in plan.channels}
        used = {(c.color or "").upper() for c in plan.channels}
        self.default_color = next((c for c in PALETTE if c.upper() not in used), PALETTE[0])
        self.preset = 0
        self.errors: FormErrors = {}
        self.id_error: str | None = None
        self._auto_id = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        tz = self.plan.calendar.timezone or ""
        with Vertical(id="wizard-dialog"):
            yield Static(_("New channel"), id="wizard-title")
            with Vertical(id="wizard-form"):
                yield self._field("name", _("Name"), _("e.g. TikTok"))
                yield self._field("id", _("Id"), _("file name, e.g. tiktok"))
                yield self._field("timezone", _("Time zone"), _("e.g. Europe/Paris"), tz)
                yield self._field("color", _("Color"), "#RRGGBB", self.default_color)
                with Horizontal(id="wizard-rhythm"):
                    yield Static(_("Rhythm"), classes="field-label")
                    with RadioSet(id="wizard-preset"):
                        for i, preset in enumerate(PRESETS):
                            yield RadioButton(_(preset.label), value=i == 0)
                with Vertical(id="wizard-custom"):
                    yield FormField(_("Every"), Select([(_(label), x) for label, x in EVERY_CHOICES if x != RAW],
                                                    value="week",
                                                    allow_blank=False, compact=True, id="wizard-every"),
                                    id="field-wizard-every")
                    yield self._field("interval", _("Interval"), _("2 = every other"), "1")
                    yield self._field("days", _("Days"), _("e.g. mon, wed or 1tue"))
                    yield self._field("times", _("Times"), _("e.g. 18:00, 12:30"), "18:00")
                yield self._field("start", _("Starts"), _("first day, YYYY-MM-DD"), self.today.isoformat())
                yield self._field("per_week", _("Per week"), _("target slots a week, e.g. 3"), PRESETS[0].per_week)
                yield Static("", id="wizard-preview")
            with Horizontal(id="wizard-bar"):
                yield Static("", id="wizard-status", markup=False)
                yield Button(_("Cancel"), id="wizard-cancel", compact=True)
                yield Button(_("Create ctrl+s"), id="wizard-create", variant="primary", compact=True)
        yield Footer()

    def _field(self, name: str, label: str, hint: str, value: str = "") -> FormField:
        return FormField(label, Input(value, placeholder=hint, compact=True, id=f"wizard-{name}"),
                         id=f"field-wizard-{name}", classes="field")

    def on_mount(self) -> None:
        self.query_one("#wizard-custom").display = False
        self._initial = self._answers()
        self.check()

    def _answers(self) -> tuple:
        """Everything the user can change in the form, to tell whether they changed anything."""
        every = self.query_one("#wizard-every", Select).value
        return (self.preset, every, *(i.value.strip() for i in self.query(Input)))

    @property
    def dirty(self) -> bool:
        """The form differs from how it opened (Escape then asks before discarding it)."""
        return self._answers() != self._initial

    # --- reading the form ----------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#wizard-{name}", Input).value.strip()

    def _rule(self) -> dict[str, str]:
        fields = new_rule_fields("", self.today)
        fields.update(days="", times="")
        fields.update(PRESETS[self.preset].rule)
        if self.preset == CUSTOM:
            every = self.query_one("#wizard-every", Select).value
            fields.update(every=every if isinstance(every, str) else "week", interval=self._value("interval"),
                          days=self._value("days"), times=self._value("times"))
        fields["start"] = self._value("start")
        return fields

    def check(self) -> Channel | None:
        """Read the form: show its problems and the first dates; the channel, or None if invalid."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        channel_id = self._value("id")
        self.id_error = id_problem(channel_id, self.taken)
        tz = self._value("timezone")
        fields = {"name": self._value("name"), "color": self._value("color"), "per_week": self._value("per_week"),
                  "timezone": "" if tz == self.plan.calendar.timezone else tz}
        channel, self.errors = read_form(channel_id or "new", {}, fields, [self._rule()], self.plan.calendar.timezone)
        if not tz:  # read_form would inherit the calendar's zone; here an emptied zone is a slip
            self.errors[(None, "timezone")] = [_('is required, e.g. "Europe/Paris"')]
            channel = None
        self._show_errors()
        preview = self.query_one("#wizard-preview", Static)
        if channel is not None:
            dates = [o.planned for o in next_occurrences(channel, channel.rules[0].id, self.plan, self.today, 6)]
            preview.update(_("First slots: {dates}").format(
                dates=", ".join(f"{short_date(d.date())} {d:%H:%M}" for d in dates)))
        else:
            preview.update("")
        if channel is None or self.id_error:
            return None
        return channel

    def _show_errors(self) -> None:
        self.query_one("#field-wizard-id", FormField).show_errors([self.id_error] if self.id_error else [])
        shown = {(None, name) for name in _CHANNEL_SHOWN} | {(0, name) for name in _RULE_SHOWN}
        for index, name in shown:
            self.query_one(f"#field-wizard-{name}", FormField).show_errors(self.errors.get((index, name), []))
        other = [m for key, messages in self.errors.items() if key not in shown for m in messages]
        n = sum(len(v) for v in self.errors.values()) + bool(self.id_error)
        status = self.query_one("#wizard-status", Static)
        status.update("; ".join(other) if other else (
            ngettext("{n} problem to fix", "{n} problems to fix", n).format(n=n) if n else _("ready to create")))
        status.set_class(bool(n), "-invalid")

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.CHECK_DELAY, self.check)

    @property
    def check_pending(self) -> bool:
        """A change waits to be checked (checks run once the typing pauses)."""
        return self._timer is not None

    # --- events --------------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "wizard-name":
            id_input = self.query_one("#wizard-id", Input)
            if id_input.value == self._auto_id:  # the id follows the name until it is edited
                self._auto_id = suggest_id(event.value)
                id_input.value = self._auto_id
        self._schedule()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Select.Changed)
    def _every_changed(self) -> None:
        self._schedule()

    @on(RadioSet.Changed, "#wizard-preset")
    def _preset_changed(self, event: RadioSet.Changed) -> None:
        old = PRESETS[self.preset]
        self.preset = event.index
        self.query_one("#wizard-custom").display = self.preset == CUSTOM
        per_week = self.query_one("#wizard-per_week", Input)
        if per_week.value.strip() == old.per_week:  # the target follows the preset until it is edited
            per_week.value = PRESETS[self.preset].per_week
        self._schedule()

    def action_create(self) -> None:
        """Dismiss with the new channel, or point at the first problem."""
        channel = self.check()
        if channel is not None:
            self.dismiss(channel)
            return
        self.notify(_("Not created yet: fix the fields shown in red."), severity="error")
        for field in self.query(FormField):
            if field.errors and field.display:
                field.field_control.focus()
                break

    def action_cancel(self) -> None:
        """Close creating nothing; ask first when something was typed or chosen."""
        if not self.dirty:
            self.dismiss(None)
            return
        name = self._value("name")
        question = (_("Discard the new channel « {name} »?").format(name=name) if name
                    else _("Discard the new channel?"))
        ask_before_discarding(self, question)

    @on(Button.Pressed, "#wizard-create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#wizard-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
