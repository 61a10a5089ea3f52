"""How a slot's status reads at a glance: one icon per status (styles live in app.tcss)."""

from __future__ import annotations

from calendar_app.core.model import STATUS_ICONS  # noqa: F401  (re-exported for the widgets)
from calendar_app.i18n import N_

#: Marked with N_: translate with _() where shown.

STATUS_LABELS = {
    "open": N_("open slot, nothing planned yet"),
    "idea": N_("idea: a topic, nothing written"),
    "draft": N_("draft: being written"),
    "ready": N_("ready: content done, waiting for its slot"),
    "scheduled": N_("scheduled: loaded in the publishing tool"),
    "published": N_("published"),
    "cancelled": N_("cancelled: the slot stays empty on purpose"),
}

def status_class(status: str) -> str:
    """The component-class suffix styling a status (``status-draft``)."""
    return f"status-{status}"
