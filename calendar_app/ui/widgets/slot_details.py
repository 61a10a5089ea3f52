"""The line under the week grid telling everything about the slot under the cursor."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from calendar_app.core.model import Slot
from calendar_app.i18n import _
from calendar_app.i18n.dates import format_date, format_time
from calendar_app.site.words import status_name
from calendar_app.ui.widgets.status import STATUS_ICONS
from calendar_app.ui.widgets.week_grid import WeekData


class SlotDetails(Static):
    """Channel, rule, status, pillar, format, owner and notes of the highlighted slot."""

    slot: reactive[Slot | None] = reactive(None)
    day: reactive[date | None] = reactive(None)
    data: reactive[WeekData | None] = reactive(None)

    def _describe(self) -> Text:
        slot, data = self.slot, self.data
        if slot is None:
            when = format_date(self.day, "long") if self.day else ""
            if data is not None and data.filters:
                shown = _("  no slot shown this day ({filters}) · w, F: change the filter").format(
                    filters=", ".join(data.filters))
                return Text.assemble((when, "bold"), shown)
            return Text.assemble((when, "bold"), _("  no slot this day · n: new one-off post · e: edit a channel's rules"))
        channel = data.channels.get(slot.channel) if data else None
        name = channel.name if channel else slot.channel
        rule = None
        if channel and slot.rule:
            rule = next((r for r in channel.rules if r.id == slot.rule), None)
        text = Text()
        text.append(f"{format_date(slot.start.date(), 'short')} {format_time(slot.start)}", style="bold")
        text.append(f" {slot.start.tzname()}")
        text.append(f"  {name}", style="bold")
        text.append("  " + (_("rule {rule}").format(rule=rule.label or rule.id) if rule else _("one-off post")))
        text.append(f"\n{STATUS_ICONS[slot.status]} {status_name(slot.status)}")
        if slot.post is not None:
            text.append("  " + _("« {title} »").format(title=slot.title or _("(untitled)")))
        details = [x for x in (slot.format, slot.pillar) if x]
        if slot.owner:
            details.append(f"@{slot.owner}")
        if details:
            text.append("  " + " · ".join(details))
        if slot.post is not None and slot.post.notes:
            text.append("  — " + slot.post.notes.splitlines()[0])
        return text

    def _show(self) -> None:
        # The height is fixed by the stylesheet: no layout of the whole screen (and no full
        # repaint of the sidebar, header and footer) for each cursor move.
        self.update(self._describe(), layout=False)

    def watch_slot(self) -> None:
        self._show()

    def watch_data(self) -> None:
        self._show()

    def watch_day(self) -> None:
        self._show()
