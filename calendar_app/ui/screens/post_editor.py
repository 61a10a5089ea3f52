"""The post editor: a modal form for one post, checked as you type; and the question a move asks.

Contract: ``PostEditor(plan, channel_id, slot, day, today=None)`` dismisses with a :class:`PostEdit`
(``post=None`` clears the slot's post) or None when cancelled; nothing is written here.
``MoveChoice(...)`` dismisses with ``"reopen"``, ``"skip"`` or None (cancel).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from calendar_app.core.model import STATUSES, Channel, Plan, Slot
from calendar_app.i18n import N_, _, current
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.site.words import status_name
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.post_form import TEXT_FIELDS, PostEdit, PostFields, form_changed, read_post_form
from calendar_app.ui.screens.confirm import ask_before_discarding
from calendar_app.ui.widgets.status import STATUS_ICONS

__all__ = ["MoveChoice", "PostEdit", "PostEditor"]


def _moment(at: datetime) -> str:
    """``Tue 01 Dec 18:00`` / ``mar. 01/12 18:00``."""
    return f"{format_date(at.date(), 'short')} {format_time(at)}"


class PostEditor(ModalScreen[PostEdit | None]):
    """Title, status, owner, pillar, format, link, notes, date and time of one post."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    """From 34 lines the fields get a blank line between them; below, they sit line by line."""

    def __init__(self, plan: Plan, channel_id: str | None, slot: Slot | None, day: date,
                 today: date | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.plan = plan
        self.today = today
        """Anchors dates typed as ``24/12`` or ``demain`` (default: the app's ``today``)."""
        self.slot = slot
        self.post = slot.post if slot else None
        self.channel_id = slot.channel if slot else (channel_id or (plan.channels[0].id if plan.channels else None))
        if self.post is not None:
            self.at = self.post.at
        elif slot is not None:
            self.at = slot.planned
        else:
            self.at = datetime.combine(day, time(12, 0))
        self.problems: dict[str, str] = {}

    @property
    def channel(self) -> Channel | None:
        try:
            return self.plan.channel(self.channel_id) if self.channel_id else None
        except KeyError:
            return None

    # --- layout ------------------------------------------------------------------------------

    def _title(self) -> str:
        channel = self.channel
        name = channel.name if channel else "?"
        if self.slot is None:
            return _("New one-off post")
        if self.post is None:
            return _("Fill the {channel} slot of {when}").format(channel=name, when=_moment(self.slot.planned))
        return _("Edit the {channel} post of {when}").format(channel=name, when=_moment(self.post.at))

    def _row(self, label: str, *widgets, error: str | None = None) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield from widgets
        if error:
            yield Static("", id=f"error-{error}", classes="form-error")

    def _field(self, key: str, placeholder: str, suggestions: list[str] | None = None) -> Input:
        """A one-line input holding the post's ``key`` (empty for a new post)."""
        value = getattr(self.post, key, None) or ""
        suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        return Input(value, placeholder=placeholder, id=key, compact=True, suggester=suggester)

    def _inherited(self, key: str, fallback: str) -> str:
        """Placeholder naming what the slot gets from its rule when the field stays empty."""
        value = getattr(self.slot, key, None)
        if value and not getattr(self.post, key, None):
            return _("{value} (from the rule)").format(value=value)
        return fallback

    def compose(self) -> ComposeResult:
        plan, channel = self.plan, self.channel
        pillars = sorted({p for c in plan.channels for r in c.rules for p in r.pillars}
                         | {p for c in plan.channels for p in c.pillar_share})
        formats = sorted({r.format for c in plan.channels for r in c.rules if r.format}
                         | {p.format for c in plan.channels for p in c.posts if p.format})
        statuses = [(f"{STATUS_ICONS[s]} {status_name(s)}", s) for s in STATUSES]
        owner_hint = (_("{owner} (channel owner)").format(owner=channel.owner) if channel and channel.owner
                      else _("who prepares it"))
        with Vertical(id="post-editor", classes="dialog"):
            yield Static(self._title(), classes="dialog-title")
            with VerticalScroll(id="post-form"):
                if self.slot is None:
                    options = [(c.name, c.id) for c in plan.channels]
                    yield from self._row(_("Channel"), Select(options, value=self.channel_id, allow_blank=False,
                                                           id="channel", compact=True))
                yield from self._row(
                    _("Date, time"),
                    Input(f"{self.at:%Y-%m-%d}", placeholder=_("YYYY-MM-DD"), id="date", compact=True),
                    Input(f"{self.at:%H:%M}", placeholder=_("HH:MM"), id="time", compact=True),
                    error="when",
                )
                yield Static("", id="where", classes="form-hint")
                yield from self._row(_("Title"), self._field("title", _("what is published")))
                yield from self._row(_("Status"), Select(statuses, value=self.post.status if self.post else "idea",
                                                      allow_blank=False, id="status", compact=True))
                yield from self._row(_("Owner"), self._field("owner", owner_hint))
                yield from self._row(_("Pillar"), self._field("pillar", self._inherited("pillar", _("editorial theme")),
                                                                       pillars))
                yield from self._row(_("Format"), self._field("format", self._inherited("format", _("photo, reel, article…")),
                                                                       formats))
                yield from self._row(_("Link"), self._field("link", "https://…"), error="link")
                notes = (self.post.notes or "") if self.post else ""
                yield from self._row(_("Notes"), TextArea(notes, id="notes", soft_wrap=True, compact=True))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                if self.post is not None:
                    yield Button(_("Clear post"), id="clear", variant="warning")
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self.fields()
        self._validate()
        self.query_one("#title", Input).focus()

    @property
    def dirty(self) -> bool:
        """The form differs from how it opened (Escape then asks before discarding it)."""
        return form_changed(self._initial, self.fields())

    # --- validation --------------------------------------------------------------------------

    def fields(self) -> PostFields:
        """The texts of the form's fields now (read with :func:`read_post_form`)."""
        fields = {key: self.query_one(f"#{key}", Input).value for key in ("date", "time", *TEXT_FIELDS)}
        status = self.query_one("#status", Select).value
        fields.update(channel=self.channel_id or "", status=str(status),
                      notes=self.query_one("#notes", TextArea).text)
        return fields

    def _validate(self) -> PostEdit | None:
        """Show the form's problems and hint; the edit it describes, or None while it has problems."""
        form = read_post_form(self.plan, self.fields(), self.post, today=self.today or getattr(self.app, "today", None))
        self.problems = form.problems
        for key in ("when", "link"):
            self.query_one(f"#error-{key}", Static).update(form.problems.get(key, ""))
            self.query_one(f"#error-{key}").set_class(key in form.problems, "-shown")
        self.query_one("#where", Static).update(form.hint)
        if form.post is None or self.channel_id is None:
            return None
        return PostEdit(self.channel_id, form.post)

    @on(Input.Changed)
    @on(Select.Changed, "#channel")
    def _changed(self, event) -> None:
        if isinstance(event, Select.Changed):
            self.channel_id = event.value
        self._validate()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # --- answers -----------------------------------------------------------------------------

    def result(self) -> PostEdit | None:
        """The post as the form describes it, or None while the form has problems."""
        return self._validate()

    def action_save(self) -> None:
        edit = self.result()
        if edit is None:
            self.notify(_("Fix the fields marked in red first."), severity="error")
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        """Close without saving; ask first when something was changed."""
        if not self.dirty:
            self.dismiss(None)
            return
        question = _("Discard your changes to this post?") if self.post else _("Discard this new post?")
        ask_before_discarding(self, question)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(PostEdit(self.channel_id, None))


MoveAnswer = Literal["reopen", "skip"]
"""Leave the slot the post left open, or skip that date of its rule."""


class MoveChoice(ModalScreen[MoveAnswer | None]):
    """A post leaves its rule slot: leave the slot open again, or skip that date of the rule."""

    BINDINGS = [
        Binding("o", "choose('reopen')", N_("Leave open")),
        Binding("s", "choose('skip')", N_("Skip the date")),
        Binding("escape", "choose(None)", N_("Cancel")),
    ]

    def __init__(self, channel: str, slot: Slot, rule_label: str, to: datetime) -> None:
        super().__init__()
        translate_bindings(self)
        planned = slot.planned
        self.text = "\n".join((
            _("« {title} » moves from {old} to {new}.").format(
                title=slot.title or _("The post"), old=_moment(planned), new=_moment(to)),
            "",
            _("What should the {channel} slot of {day} (rule « {rule} ») become?").format(
                channel=channel, day=format_date(planned.date(), "short"), rule=rule_label),
            _("• leave it open: it waits for another post"),
            _("• skip it: the rule gives no slot on {day} (added to its skip dates)").format(
                day=f"{planned:%d %b}" if current() == "en" else format_date(planned.date(), "day_month")),
        ))

    def compose(self) -> ComposeResult:
        with Vertical(id="move-choice", classes="dialog"):
            yield Static(_("Move the post"), classes="dialog-title")
            yield Static(self.text, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Skip that date (s)"), id="skip")
                yield Button(_("Leave it open (o)"), id="reopen", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reopen", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
