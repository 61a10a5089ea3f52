"""The backlog panel: the ideas waiting for a slot, filtered by channel and pillar; the idea form;
and the list of ideas an open slot may take (``f`` in the week view).

Contract: ``BacklogScreen(session, channel)`` lists the ideas; ``n``, Enter and Delete post
:class:`BacklogScreen.IdeaEditChosen` / :class:`BacklogScreen.IdeaDeleteChosen`, which the app's
backlog workflow handles; Escape goes back. ``IdeaEditor(plan, idea, channel)`` dismisses with the
:class:`~calendar_app.ui.forms.idea_form.IdeaForm` idea read, or None when cancelled.
``IdeaPicker(title, ideas)`` dismisses with the idea chosen, or None. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from calendar_app.core.model import Idea, Plan, Slot
from calendar_app.i18n import N_, _
from calendar_app.storage.values import format_duration
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.idea_form import IDEA_FIELDS, IdeaFields, idea_fields, read_idea_form
from calendar_app.ui.screens.confirm import ask_before_discarding
from calendar_app.ui.screens.list_screen import ListScreen, cut
from calendar_app.ui.session import Session

#: Column headers, translated where shown.
COLUMNS = (N_("P"), N_("Title"), N_("Channels"), N_("Pillar"), N_("Format"), N_("Effort"), N_("Owner"), N_("Dates"))
#: The form's labels, by field.
LABELS = {
    "title": N_("Title"), "channels": N_("Channels"), "priority": N_("Priority"), "effort": N_("Effort"),
    "pillar": N_("Pillar"), "format": N_("Format"), "owner": N_("Owner"), "not_before": N_("Not before"),
    "expires": N_("Expires"), "id": N_("Id"), "link": N_("Link"), "notes": N_("Notes"),
}
PLACEHOLDERS = {
    "title": N_("what is published"), "channels": N_("channel ids, e.g. instagram, facebook"),
    "priority": N_("1 (high) to 5 (low)"), "effort": N_("45m, 3h…"), "not_before": N_("YYYY-MM-DD"),
    "expires": N_("YYYY-MM-DD"), "id": N_("optional, a-z 0-9 -"), "link": N_("https://…"),
}


@dataclass
class BacklogChosen(Message):
    """The backlog panel is to open (its new ideas for ``channel`` by default)."""

    channel: str | None


@dataclass
class SlotFillChosen(Message):
    """``f``: the slot under the cursor is to be filled with an idea of the backlog (None: no slot)."""

    slot: Slot | None
    day: date


def _dates(idea: Idea) -> str:
    parts = []
    if idea.not_before:
        parts.append(_("from {date}").format(date=idea.not_before.isoformat()))
    if idea.expires:
        parts.append(_("until {date}").format(date=idea.expires.isoformat()))
    return " ".join(parts)


class BacklogScreen(ListScreen[Idea]):
    """The ideas of the backlog, one per line, in the order ``fill`` takes them (priority, then as written)."""

    @dataclass
    class IdeaEditChosen(Message):
        """An idea is to be edited (None: a new one, for ``channel`` by default)."""

        idea: Idea | None
        channel: str | None

    @dataclass
    class IdeaDeleteChosen(Message):
        """The idea is to be deleted (the app asks first)."""

        idea: Idea

    BINDINGS = [
        Binding("enter", "edit", N_("Edit"), priority=True),
        Binding("n", "new", N_("New idea")),
        Binding("delete", "delete", N_("Delete")),
        Binding("c", "next_channel", N_("Channel")),
        Binding("p", "next_pillar", N_("Pillar")),
        Binding("escape,b", "close", N_("Week view")),
    ]

    COLUMNS = COLUMNS
    NAME = "backlog"
    TITLE_WIDTH = 32
    CHANNELS_WIDTH = 20
    """Long titles and channel lists end with … to leave the other columns room."""

    def __init__(self, session: Session, channel: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.channel: str | None = None
        """The channel whose ideas are shown (None: every channel)."""
        self.pillar: str | None = None
        """The pillar the ideas shown have (None: any)."""
        self.default_channel = channel

    def ideas(self) -> list[Idea]:
        """Every idea, in the order ``fill`` takes them."""
        return sorted(self.session.plan.backlog(), key=lambda i: i.priority)

    def _fill(self, keep: Idea | None = None) -> None:
        names = {c.id: c.name for c in self.session.plan.channels}
        table = self.query_one(DataTable)
        table.clear()
        self.rows = [i for i in self.ideas() if (self.channel is None or self.channel in i.channels)
                     and (self.pillar is None or i.pillar == self.pillar)]
        for n, idea in enumerate(self.rows):
            table.add_row(
                Text(str(idea.priority), style="bold" if idea.priority <= 2 else ""),
                cut(Text(idea.title), self.TITLE_WIDTH),
                cut(Text(", ".join(names.get(c, c) for c in idea.channels)), self.CHANNELS_WIDTH),
                Text(idea.pillar or ""), Text(idea.format or ""),
                Text(format_duration(idea.effort) if idea.effort else ""),
                Text(idea.owner or ""), Text(_dates(idea)),
                key=str(n),
            )
        words = [w for w in (names.get(self.channel, self.channel) if self.channel else None,
                             self.pillar) if w]
        total = len(self.session.plan.backlog())
        self.sub_title = _("Backlog · {shown} of {total} ideas").format(shown=len(self.rows), total=total) + "".join(
            f" · {w}" for w in words)
        self._show_empty(_("No idea here: n writes one; c and p change the filter."))
        if keep is not None:
            self._move_to(next((n for n, i in enumerate(self.rows) if (i.source, i.index) == (keep.source, keep.index)), None))

    def _cycle(self, current: str | None, choices: list[str]) -> str | None:
        if current not in choices:
            return choices[0] if choices else None
        n = choices.index(current) + 1
        return choices[n] if n < len(choices) else None

    def action_next_channel(self) -> None:
        """Show one channel's ideas; again: the next channel, then every channel."""
        used = {c for i in self.session.plan.backlog() for c in i.channels}
        self.channel = self._cycle(self.channel, [c.id for c in self.session.plan.channels if c.id in used])
        self._fill()

    def action_next_pillar(self) -> None:
        """Show one pillar's ideas; again: the next pillar, then every pillar."""
        self.pillar = self._cycle(self.pillar, sorted({i.pillar for i in self.session.plan.backlog() if i.pillar}))
        self._fill()

    def action_edit(self) -> None:
        idea = self.selected
        if idea is None:
            self.app.notify(_("No idea here to edit: n writes one."), severity="warning")
            return
        self.post_message(self.IdeaEditChosen(idea, None))

    def action_new(self) -> None:
        self.post_message(self.IdeaEditChosen(None, self.channel or self.default_channel))

    def action_delete(self) -> None:
        idea = self.selected
        if idea is None:
            self.app.notify(_("No idea here to delete."), severity="warning")
            return
        self.post_message(self.IdeaDeleteChosen(idea))


class IdeaEditor(ModalScreen[Idea | None]):
    """Title, channels, priority, effort, pillar, format, owner, dates, id, link and notes of one idea."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(self, plan: Plan, idea: Idea | None, channel: str | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.idea = idea
        self.initial = idea_fields(idea, channel)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        title = _("New idea") if self.idea is None else _("Edit the idea « {title} »").format(title=self.idea.title)
        with Vertical(id="idea-editor", classes="dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="idea-form"):
                for key in IDEA_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(_(LABELS[key]), classes="form-label")
                        placeholder = _(PLACEHOLDERS[key]) if key in PLACEHOLDERS else ""
                        yield Input(self.initial[key], placeholder=placeholder, id=f"idea-{key}", compact=True)
                    yield Static("", id=f"error-{key}", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="idea-cancel")
                yield Button(_("Save (ctrl+s)"), id="idea-save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#idea-title", Input).focus()

    def fields(self) -> IdeaFields:
        return {key: self.query_one(f"#idea-{key}", Input).value for key in IDEA_FIELDS}

    def action_save(self) -> None:
        form = read_idea_form(self.plan, self.fields(), self.idea)
        for key in IDEA_FIELDS:
            error = self.query_one(f"#error-{key}", Static)
            error.update(form.problems.get(key, ""))
            error.set_class(key in form.problems, "-shown")
        if form.idea is not None:
            self.dismiss(form.idea)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#idea-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#idea-cancel")
    def action_cancel(self) -> None:
        """Escape: nothing is written; with unsaved changes it asks first."""
        if self.fields() != self.initial:
            ask_before_discarding(self, _("Discard your changes to this idea?"))
        else:
            self.dismiss(None)


class IdeaPicker(ModalScreen[Idea | None]):
    """The ideas an open slot may take, best first; Enter turns the highlighted one into the slot's post."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, ideas: list[Idea]) -> None:
        super().__init__()
        self.title_text = title
        self.ideas = ideas
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="idea-picker", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            options = []
            for n, idea in enumerate(self.ideas):
                details = " · ".join(x for x in (idea.pillar, idea.format,
                                                  format_duration(idea.effort) if idea.effort else None,
                                                  f"@{idea.owner}" if idea.owner else None) if x)
                label = Text(f"{n + 1}. ")
                label.append(idea.title, style="bold")
                label.append(f"  P{idea.priority}" + (f"  {details}" if details else ""), style="dim")
                options.append(Option(label, id=str(n)))
            yield OptionList(*options, id="idea-options")
            yield Static(_("Enter: the chosen idea becomes the slot's post (status idea) and leaves the backlog."),
                         classes="form-hint")
        yield Footer()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.ideas[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
