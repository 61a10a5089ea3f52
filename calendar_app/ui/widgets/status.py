"""How a slot's status reads at a glance: one icon per status (styles live in app.tcss)."""

from __future__ import annotations

from calendar_app.core.model import STATUS_ICONS  # noqa: F401  (re-exported for the widgets)

STATUS_LABELS = {
    "open": "open slot, nothing planned yet",
    "idea": "idea: a topic, nothing written",
    "draft": "draft: being written",
    "ready": "ready: content done, waiting for its slot",
    "scheduled": "scheduled: loaded in the publishing tool",
    "published": "published",
    "cancelled": "cancelled: the slot stays empty on purpose",
}

def status_class(status: str) -> str:
    """The component-class suffix styling a status (``status-draft``)."""
    return f"status-{status}"
