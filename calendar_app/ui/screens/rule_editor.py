"""The channel and rule editor: settings, rules and a live preview, returning the edited Channel.

Contract: ``app.push_screen(ChannelEditor(channel, plan, today), callback)``. The callback gets
the edited :class:`~calendar_app.model.Channel` (same id, posts and hidden settings kept) when
the user saves (ctrl+s), or ``None`` when they cancel (Escape; with unsaved changes a
ConfirmScreen asks first). Nothing is written here: the caller saves the channel. The form is
read with :func:`calendar_app.schema.read_channel` (via ``channel_form.read_form``), so Save is
refused exactly when the file would not load, each problem shown under its field. The
preview (next occurrences of the highlighted rule, regularity of the next six weeks) follows
the unsaved form, redrawn a moment after the typing stops. Saving a rule whose timing changed
first asks from which date it applies (:mod:`calendar_app.ui.screens.effective_date`): the channel
returned then ends the old rule the day before and carries a new one, and ``save_label`` says so.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from calendar_app.core.model import Channel, Plan, Rule
from calendar_app.i18n import N_, _, ngettext
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.channel_form import (
    CHANNEL_FIELDS,
    CHANNEL_ROWS,
    EVERY_CHOICES,
    RAW,
    RULE_FIELDS,
    RULE_ROWS,
    STRUCTURED_FIELDS,
    Fields,
    FormErrors,
    base_document,
    cadence,
    channel_fields,
    new_rule_fields,
    next_rule_id,
    read_form,
    retimed_rules,
    rule_fields,
    rule_title,
    structured_to_rrule,
)
from calendar_app.ui.screens.confirm import ask_before_discarding
from calendar_app.ui.screens.effective_date import ask_from_when
from calendar_app.ui.widgets.form_field import FormField
from calendar_app.ui.widgets.preview import RulePreview, preview_data


class ChannelEditor(ModalScreen[Channel | None]):
    """Edit one channel's settings and rules; ``dismiss(channel)`` on a valid save, ``None`` on cancel."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+n", "add_rule", N_("Add rule")),
        Binding("delete", "delete_rule", N_("Delete rule")),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (116, "-wide"), (160, "-roomy")]
    """The stylesheet gives the preview less room on a narrow terminal, more on a wide one."""
    PREVIEW_DELAY = 0.2
    """Seconds without a change before the preview is redrawn."""

    def __init__(self, channel: Channel, plan: Plan, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.channel = channel
        self.plan = plan
        self.today = today
        self._base = base_document(channel)
        self._fields: Fields = channel_fields(channel)
        self._rules: list[Fields] = [rule_fields(r) for r in channel.rules]
        self._origins: list[str | None] = [r.id for r in channel.rules]
        """The id each rule had when the editor opened (None for a new rule)."""
        self._initial = (dict(self._fields), [dict(r) for r in self._rules])
        self.selected: int | None = 0 if self._rules else None
        self.errors: FormErrors = {}
        self._timer: Timer | None = None
        self._heading = ""
        self.save_label: str | None = None
        """What the save did, for the caller's notice and undo label (set when a rule's timing changed)."""
        # Start on the rules (what people come to change); focusing once spares a restyle.
        self.AUTO_FOCUS = "#rule-list" if self._rules else "#channel-name"

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tz = self.plan.calendar.timezone
        with Vertical(id="editor-dialog"):
            yield Static(_("Edit channel · {name} ({file})").format(name=self.channel.name, file=f"{self.channel.id}.toml"),
                         id="editor-title", markup=False)
            with Horizontal(id="editor-body"):
                with VerticalScroll(id="editor-form"):
                    yield Static(_("Channel"), classes="form-heading")
                    yield Static("", id="channel-error", classes="form-error", markup=False)
                    for row in CHANNEL_ROWS:
                        with Horizontal(classes="form-row"):
                            for name, label, hint in row:
                                if name == "timezone" and tz:
                                    hint = _("{timezone} (default)").format(timezone=tz)
                                yield self._field("channel", name, label, hint, self._fields[name])
                    yield Static(_("Rules"), classes="form-heading")
                    yield OptionList(*self._rule_options(), id="rule-list")
                    with Horizontal(id="rule-buttons"):
                        # Out of the Tab order: ctrl+n and delete do the same from the keyboard.
                        yield Button(_("+ Add rule ^n"), id="add-rule", compact=True)
                        yield Button(_("Delete rule del"), id="delete-rule", compact=True)
                    with Vertical(id="rule-form"):
                        yield Static("", id="rule-heading", classes="form-subheading", markup=False)
                        yield Static("", id="rule-error", classes="form-error", markup=False)
                        draft = self._rules[self.selected] if self.selected is not None else new_rule_fields("", self.today)
                        for row in RULE_ROWS:
                            with Horizontal(classes="form-row"):
                                for name, label, hint in row:
                                    yield self._field("rule", name, label, hint, draft[name])
                yield RulePreview(id="preview")
            with Horizontal(id="editor-bar"):
                yield Static("", id="editor-status", markup=False)
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Save ctrl+s"), id="save", variant="primary", compact=True)
        yield Footer()

    def _field(self, scope: str, name: str, label: str, hint: str, value: str) -> FormField:
        if name == "every":
            control = Select([(_(text), v) for text, v in EVERY_CHOICES], value=value, allow_blank=False,
                             compact=True, id="rule-every")
        else:
            control = Input(value, placeholder=_(hint) if hint else "", compact=True, id=f"{scope}-{name}")
        kind = " structured" if name in STRUCTURED_FIELDS else (" raw" if name == "rrule" else "")
        return FormField(_(label), control, id=f"field-{scope}-{name}", classes=f"field{kind}")

    def _rule_options(self) -> list[Option]:
        return [Option(self._rule_prompt(i), id=f"rule-{i}") for i in range(len(self._rules))]

    def _rule_prompt(self, index: int) -> str:
        bad = any(i == index for i, _ in self.errors)
        return ("⚠ " if bad else "") + rule_title(self._rules[index])

    def on_mount(self) -> None:
        for button in self.query("#rule-buttons Button"):
            button.can_focus = False
        self._show_rule_form()
        self.refresh_preview()
        if self._rules:
            self.query_one("#rule-list", OptionList).highlighted = self.selected

    # --- form state ----------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """The form differs from the channel as it was opened."""
        return (self._fields, self._rules) != self._initial

    def _set(self, scope: str, name: str, value: str) -> None:
        if scope == "channel":
            if self._fields.get(name) == value:
                return
            self._fields[name] = value
        else:
            if self.selected is None or self._rules[self.selected].get(name) == value:
                return
            self._rules[self.selected][name] = value
        # Only the control changes per key: labels, list and preview follow once the typing pauses.
        self._schedule()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        scope, _, name = (event.input.id or "").partition("-")
        if scope in ("channel", "rule") and (name in CHANNEL_FIELDS or name in RULE_FIELDS):
            self._set(scope, name, event.value)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Select.Changed, "#rule-every")
    def _every_changed(self, event: Select.Changed) -> None:
        if self.selected is None or not isinstance(event.value, str):
            return
        draft = self._rules[self.selected]
        if event.value == RAW and draft["every"] != RAW and not draft["rrule"].strip():
            # Start the raw form from what the structured one meant.
            draft["rrule"] = structured_to_rrule(draft)
            self.query_one("#rule-rrule", Input).value = draft["rrule"]
        self._set("rule", "every", event.value)
        self.query_one("#rule-form").set_class(event.value == RAW, "-raw")

    @on(OptionList.OptionHighlighted, "#rule-list")
    def _rule_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.selected:
            self.selected = event.option_index
            self._show_rule_form()
            self._schedule()

    @on(OptionList.OptionSelected, "#rule-list")
    def _rule_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a rule: on to its rhythm."""
        draft = self._rules[event.option_index]
        self.query_one("#rule-rrule" if draft["every"] == RAW else "#rule-days", Input).focus()

    def _show_rule_form(self) -> None:
        """Put the selected rule's texts into the rule fields."""
        form = self.query_one("#rule-form")
        form.set_class(self.selected is None, "-empty")
        if self.selected is None:
            return
        draft = self._rules[self.selected]
        for name in RULE_FIELDS:
            if name == "every":
                self.query_one("#rule-every", Select).value = draft["every"]
            else:
                self.query_one(f"#rule-{name}", Input).value = draft[name]
        form.set_class(draft["every"] == RAW, "-raw")
        self._update_rule_heading()
        self._show_errors()

    def _update_rule_heading(self) -> None:
        if self.selected is None:
            return
        draft = self._rules[self.selected]
        heading = _("Rule {n} of {count} · {id}").format(n=self.selected + 1, count=len(self._rules),
                                                         id=draft["id"] or _("(no id)"))
        if self._heading != heading:
            self._heading = heading
            self.query_one("#rule-heading", Static).update(heading)
        origin = self._origins[self.selected]
        renamed = origin is not None and draft["id"].strip() != origin
        self.query_one("#field-rule-id", FormField).show_hint(
            _('was "{id}": renaming gives its slots new UIDs in subscribed calendars').format(id=origin)
            if renamed else "")

    def _rebuild_rule_list(self) -> None:
        rule_list = self.query_one("#rule-list", OptionList)
        rule_list.set_options(self._rule_options())
        if self.selected is not None:
            rule_list.highlighted = self.selected
        self._show_rule_form()
        self._schedule()

    # --- validation and preview ----------------------------------------------------------

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.PREVIEW_DELAY, self.refresh_preview)

    def refresh_preview(self) -> Channel | None:
        """Read the form now: show its problems, redraw the preview; the channel, or None if invalid."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        channel, self.errors = read_form(self.channel.id, self._base, self._fields, self._rules,
                                         self.plan.calendar.timezone)
        self._show_errors()
        preview = self.query_one(RulePreview)
        if channel is None:
            preview.pause(self.problem_count)
        else:
            rule_id = channel.rules[self.selected].id if self.selected is not None else None
            words = cadence(self._rules[self.selected]) if self.selected is not None else ""
            preview.show(preview_data(channel, self.plan, rule_id, self.today, original=self.channel), words)
        self._update_status()
        return channel

    @property
    def preview_pending(self) -> bool:
        """A change waits for the preview (it is redrawn once the typing pauses)."""
        return self._timer is not None

    @property
    def problem_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def _show_errors(self) -> None:
        for name in CHANNEL_FIELDS:
            self.query_one(f"#field-channel-{name}", FormField).show_errors(self.errors.get((None, name), []))
        self._show_line("#channel-error", self.errors.get((None, ""), []))
        rule_list = self.query_one("#rule-list", OptionList)
        for i in range(min(len(self._rules), rule_list.option_count)):
            prompt = self._rule_prompt(i)
            if str(rule_list.get_option_at_index(i).prompt) != prompt:
                rule_list.replace_option_prompt_at_index(i, prompt)
        if self.selected is None:
            return
        self._update_rule_heading()
        for name in RULE_FIELDS:
            self.query_one(f"#field-rule-{name}", FormField).show_errors(self.errors.get((self.selected, name), []))
        self._show_line("#rule-error", self.errors.get((self.selected, ""), []))

    def _show_line(self, selector: str, messages: list[str]) -> None:
        line = self.query_one(selector, Static)
        text = "\n".join(messages)
        if str(line.render()) != text:
            line.update(text)
        line.set_class(bool(messages), "-shown")

    def _update_status(self) -> None:
        n = self.problem_count
        parts = [_("unsaved changes") if self.dirty else _("no change yet")]
        if n:
            elsewhere = sorted({i + 1 for i, _key in self.errors if i is not None and i != self.selected})
            where = _(" (also in rule {rules})").format(rules=", ".join(map(str, elsewhere))) if elsewhere else ""
            parts.append(ngettext("{n} problem to fix", "{n} problems to fix", n).format(n=n) + where)
        status = self.query_one("#editor-status", Static)
        if str(status.render()) != " · ".join(parts):
            status.update(" · ".join(parts))
        status.set_class(bool(n), "-invalid")

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_rule":
            # `delete` edits text in the fields: it removes a rule only from the rule list.
            return self.focused is not None and self.focused.id == "rule-list"
        return True

    def action_add_rule(self) -> None:
        """Append a weekly rule starting today and select it."""
        times = self._rules[self.selected]["times"] if self.selected is not None else "09:00"
        rule_id = next_rule_id(r["id"].strip() for r in self._rules)
        self._rules.append(new_rule_fields(rule_id, self.today, times or "09:00"))
        self._origins.append(None)
        self.selected = len(self._rules) - 1
        self._rebuild_rule_list()
        self.query_one("#rule-days", Input).focus()

    def action_delete_rule(self) -> None:
        """Remove the selected rule from the form (nothing is written before Save)."""
        if self.selected is None:
            self.notify(_("No rule to delete."), severity="warning")
            return
        del self._rules[self.selected]
        del self._origins[self.selected]
        self.selected = min(self.selected, len(self._rules) - 1) if self._rules else None
        self.errors = {}
        self._rebuild_rule_list()

    def action_save(self) -> None:
        """Dismiss with the edited channel, or point at the first problem.

        A rule whose timing changed first asks from which date (:meth:`_ask_from_when`).
        """
        channel = self.refresh_preview()
        if channel is not None:
            changed = retimed_rules(self.channel, channel, self._origins)
            if changed:
                self._ask_from_when(channel, changed)
            else:
                self.dismiss(channel)
            return
        n = self.problem_count
        self.notify(ngettext("Not saved: {n} problem to fix (shown in red).",
                             "Not saved: {n} problems to fix (shown in red).", n).format(n=n), severity="error")
        self._focus_first_problem()

    # --- rhythm changes from a date ------------------------------------------------------

    @work(exclusive=True, group="effective-date", exit_on_error=False)
    async def _ask_from_when(self, channel: Channel, changed: list[tuple[Rule, Rule]]) -> None:
        """Ask from which date each changed rule's timing applies, then dismiss with the result."""
        answer = await ask_from_when(self.app, channel, changed, self.plan.blackout_days, self.today)
        if answer is None:
            self.notify(_("Not saved yet: the editor is as you left it."))
            return
        result, said = answer
        self.save_label = f"{self.channel.name}: {said}"
        self.dismiss(result)

    def _focus_first_problem(self) -> None:
        index, name = min(self.errors, key=lambda k: (-1 if k[0] is None else k[0], k[1]))
        if index is None:
            target = f"#channel-{name}" if name else "#channel-name"
        else:
            if index != self.selected:
                self.selected = index
                self.query_one("#rule-list", OptionList).highlighted = index
                self._show_rule_form()
            target = f"#rule-{name}" if name else "#rule-list"
        self.query_one(target).focus()

    def action_cancel(self) -> None:
        """Close without saving; ask first when something was changed."""
        if not self.dirty:
            self.dismiss(None)
            return

        ask_before_discarding(self, _("Discard your changes to « {name} »?").format(name=self.channel.name))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {"save": self.action_save, "cancel": self.action_cancel,
                   "add-rule": self.action_add_rule, "delete-rule": self.action_delete_rule}
        if event.button.id in actions:
            actions[event.button.id]()
