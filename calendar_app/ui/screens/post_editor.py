"""The post editor: a modal form for one post, checked as you type; and the question a move asks.

Contract: ``PostEditor(plan, channel_id, slot, day)`` dismisses with a :class:`PostEdit`
(``post=None`` clears the slot's post) or None when cancelled; nothing is written here.
``MoveChoice(...)`` dismisses with ``"reopen"``, ``"skip"`` or None (cancel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from calendar_app.core.editing import rule_at, wall_time
from calendar_app.core.model import STATUSES, Channel, Plan, Post, Slot
from calendar_app.ui.widgets.status import STATUS_ICONS

TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
LINK_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")  # what the plan loader accepts
TEXT_FIELDS = ("title", "owner", "pillar", "format", "link")


@dataclass(frozen=True)
class PostEdit:
    """The editor's answer: the post for ``channel`` (None: clear the slot's post)."""

    channel: str
    post: Post | None


def parse_time_text(text: str) -> time | None:
    m = TIME_RE.match(text.strip())
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return time(int(m.group(1)), int(m.group(2)))
    return None


def parse_date_text(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


class PostEditor(ModalScreen[PostEdit | None]):
    """Title, status, owner, pillar, format, link, notes, date and time of one post."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    """From 34 lines the fields get a blank line between them; below, they sit line by line."""

    def __init__(self, plan: Plan, channel_id: str | None, slot: Slot | None, day: date) -> None:
        super().__init__()
        self.plan = plan
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
            return "New one-off post"
        if self.post is None:
            return f"Fill the {name} slot of {self.slot.planned:%a %d %b %H:%M}"
        return f"Edit the {name} post of {self.post.at:%a %d %b %H:%M}"

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
            return f"{value} (from the rule)"
        return fallback

    def compose(self) -> ComposeResult:
        plan, channel = self.plan, self.channel
        pillars = sorted({p for c in plan.channels for r in c.rules for p in r.pillars}
                         | {p for c in plan.channels for p in c.pillar_share})
        formats = sorted({r.format for c in plan.channels for r in c.rules if r.format}
                         | {p.format for c in plan.channels for p in c.posts if p.format})
        statuses = [(f"{STATUS_ICONS[s]} {s}", s) for s in STATUSES]
        owner_hint = f"{channel.owner} (channel owner)" if channel and channel.owner else "who prepares it"
        with Vertical(id="post-editor", classes="dialog"):
            yield Static(self._title(), classes="dialog-title")
            with VerticalScroll(id="post-form"):
                if self.slot is None:
                    options = [(c.name, c.id) for c in plan.channels]
                    yield from self._row("Channel", Select(options, value=self.channel_id, allow_blank=False,
                                                           id="channel", compact=True))
                yield from self._row(
                    "Date, time",
                    Input(f"{self.at:%Y-%m-%d}", placeholder="YYYY-MM-DD", id="date", compact=True),
                    Input(f"{self.at:%H:%M}", placeholder="HH:MM", id="time", compact=True),
                    error="when",
                )
                yield Static("", id="where", classes="form-hint")
                yield from self._row("Title", self._field("title", "what is published"))
                yield from self._row("Status", Select(statuses, value=self.post.status if self.post else "idea",
                                                      allow_blank=False, id="status", compact=True))
                yield from self._row("Owner", self._field("owner", owner_hint))
                yield from self._row("Pillar", self._field("pillar", self._inherited("pillar", "editorial theme"), pillars))
                yield from self._row("Format", self._field("format", self._inherited("format", "photo, reel, article…"), formats))
                yield from self._row("Link", self._field("link", "https://…"), error="link")
                notes = (self.post.notes or "") if self.post else ""
                yield from self._row("Notes", TextArea(notes, id="notes", soft_wrap=True, compact=True))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                if self.post is not None:
                    yield Button("Clear post", id="clear", variant="warning")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._validate()
        self.query_one("#title", Input).focus()

    # --- validation --------------------------------------------------------------------------

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def _when(self) -> datetime | None:
        day, at = parse_date_text(self._value("date")), parse_time_text(self._value("time"))
        return wall_time(day, at) if day and at else None

    def _validate(self) -> None:
        problems: dict[str, str] = {}
        hint = ""
        when = self._when()
        channel = self.channel
        if parse_date_text(self._value("date")) is None:
            problems["when"] = "write the date as YYYY-MM-DD, e.g. 2026-12-01"
        elif parse_time_text(self._value("time")) is None:
            problems["when"] = "write the time as HH:MM in 24-hour form, e.g. 18:00"
        elif channel is not None and when is not None:
            other = next((p for p in channel.posts if p.at == when and p != self.post), None)
            if other is not None:
                problems["when"] = f"{channel.name} already has « {other.title or 'a post'} » at this time; pick another"
            else:
                rule_id = rule_at(channel, when, self.plan.blackout_days)
                rule = next((r for r in channel.rules if r.id == rule_id), None)
                hint = (f"→ fills the slot of rule « {rule.label or rule.id} »" if rule
                        else "→ a one-off post (no rule slot at this time)")
                blackout = [k.title for k in self.plan.key_dates if k.blackout and k.covers(when.date())]
                if blackout:
                    hint += f"; ⛔ blackout day ({blackout[0]}): kept, but the regularity check will report it"
        link = self._value("link")
        if link and not LINK_RE.match(link):
            problems["link"] = f'"{link}" is not a URL; write it in full, e.g. https://example.com/post'
        self.problems = problems
        for key in ("when", "link"):
            self.query_one(f"#error-{key}", Static).update(problems.get(key, ""))
            self.query_one(f"#error-{key}").set_class(key in problems, "-shown")
        self.query_one("#where", Static).update(hint)

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
        self._validate()
        when = self._when()
        if self.problems or when is None or self.channel_id is None:
            return None
        values = {field: self._value(field) or None for field in TEXT_FIELDS}
        notes = self.query_one("#notes", TextArea).text.strip("\n")
        status = self.query_one("#status", Select).value
        post = Post(at=when, status=str(status), notes=notes or None, **values)
        return PostEdit(self.channel_id, post)

    def action_save(self) -> None:
        edit = self.result()
        if edit is None:
            self.notify("Fix the fields marked in red first.", severity="error")
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(PostEdit(self.channel_id, None))


MoveAnswer = Literal["reopen", "skip"]
"""Leave the slot the post left open, or skip that date of its rule."""


class MoveChoice(ModalScreen[MoveAnswer | None]):
    """A post leaves its rule slot: leave the slot open again, or skip that date of the rule."""

    BINDINGS = [
        Binding("o", "choose('reopen')", "Leave open"),
        Binding("s", "choose('skip')", "Skip the date"),
        Binding("escape", "choose(None)", "Cancel"),
    ]

    def __init__(self, channel: str, slot: Slot, rule_label: str, to: datetime) -> None:
        super().__init__()
        self.text = (
            f"« {slot.title or 'The post'} » moves from {slot.planned:%a %d %b %H:%M} to {to:%a %d %b %H:%M}.\n\n"
            f"What should the {channel} slot of {slot.planned:%a %d %b} (rule « {rule_label} ») become?\n"
            "• leave it open: it waits for another post\n"
            f"• skip it: the rule gives no slot on {slot.planned:%d %b} (added to its skip dates)"
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="move-choice", classes="dialog"):
            yield Static("Move the post", classes="dialog-title")
            yield Static(self.text, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Skip that date (s)", id="skip")
                yield Button("Leave it open (o)", id="reopen", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reopen", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
