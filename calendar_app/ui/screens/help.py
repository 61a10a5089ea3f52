"""The `?` screen: every key, what the statuses mean, and how saving works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from calendar_app.i18n import N_, _, pgettext
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.widgets.status import STATUS_ICONS, STATUS_LABELS

KEYS = N_("""\
| Week view | |
| --- | --- |
| ← ↓ ↑ → or h j k l | move between days and slots |
| `[` / `]` | previous / next week |
| `t` | back to today |
| `o` | next open slot (of the channels shown: `o` in the sidebar shows only one) |
| `g` | go to a date (`2026-12-01`, `+2w`, `W05`) |
| `m` | month overview (Enter opens a day's week) |
| Enter | edit the slot under the cursor (fill an open slot) |
| `n` | new one-off post on the selected day |
| Delete | clear the post of the slot (the slot becomes open) |
| `e` | edit the channel of the selected slot: settings and rules |
| `c` | new channel |
| `r` | regularity dashboard |
| `w` | {owner} |
| `F` (shift+f) | {status} |
| `f` | {fill} |
| `b` | {backlog} |
| `s` / Tab | channel sidebar: Space shows/hides, `o` only this one, `a` all, Delete removes the channel |

| Anywhere | |
| --- | --- |
| `u` | undo the last edit of this session (written to disk at once) |
| `U` | {redo} |
| `x` | export the iCalendar feeds |
| ctrl+r | reload files changed outside the app |
| ctrl+p | command palette: every action, go to a channel |
| `?` | this help |
| `q` | quit (every edit is already saved) |

| Post editor | |
| --- | --- |
| Tab / shift+Tab | next / previous field |
| Enter or ctrl+s | save |
| Escape | {escape} |
""")

AGENDA_KEYS = N_("""\
| Agenda | |
| --- | --- |
| `a` in the week view | the coming slots one per line, the view of a narrow terminal |
| ↓ ↑ or j k | move between slots |
| Enter | edit the slot under the cursor, as in the week view |
| Escape or `a` | back to the week view |
""")

CAMPAIGN_KEYS = N_("""\
| Campaigns | |
| --- | --- |
| `C` in the week view | the campaigns: name, anchor, steps, how many are ready |
| Enter | a campaign's timeline: its steps across channels, in time order |
| `n` in a timeline | a new step, written into the campaign's file |
| `m` in a timeline | move the anchor: every step moves with it (preview first; u undoes) |
| Enter on a step | show it in the week view |
| Escape | back |
""")

SAVING = N_("""\
## Saving

Each confirmed edit is written at once to the channel's file (`plans/<channel>.toml`), atomically,
with posts sorted by time. If the file changed on disk since it was read, nothing is overwritten:
you choose between reloading it and keeping your version. Files changed outside the app are
reloaded when the terminal regains focus, or with ctrl+r. `#` comments are not kept when a file is
rewritten; you are warned once per file before that happens.
""")


def help_markdown() -> str:
    labels = {s: _(label) for s, label in STATUS_LABELS.items()}
    statuses = "\n".join(f"| {STATUS_ICONS[s]} | {labels[s]} |" for s in STATUS_ICONS)
    keys = _(KEYS).format(
        redo=_("redo the edit undone last (until a new edit is saved)"),
        owner=_("show only one owner's slots (a post's owner, else its channel's); again: the next owner, then all"),
        # The status names as they read in the language (not the plan files' tokens): its own context.
        status=pgettext("help", "show only the slots of one status (open, idea, draft...); again: the next status, "
                        "then all"),
        fill=_("fill the open slot under the cursor with an idea of the backlog, ranked as `calendar-app fill` ranks them"),
        backlog=_("the backlog panel: ideas filtered by channel (`c`) and pillar (`p`); `n` new, Enter edit, Delete delete"),
        escape=_("cancel: nothing is written (with unsaved changes it asks first: keep editing or discard)"),
    )
    agenda = _(AGENDA_KEYS) + "\n" + _(CAMPAIGN_KEYS)
    saving = _(SAVING)
    return "\n".join([_("# Keys"), "", keys, agenda, _("## Statuses"), "", "| | |", "| --- | --- |", statuses,
                      "", saving])


class HelpScreen(ModalScreen[None]):
    """Keys, statuses and how saving works."""

    BINDINGS = [Binding("escape,question_mark,q", "close", N_("Close"))]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(help_markdown(), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
