"""Messages the app sends to its screens (widget messages live inside their widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class PlanChanged(Message):
    """The plan changed: an edit was saved, undone, or files were reloaded from disk.

    ``channels`` names the channels whose data changed; None means anything may have.
    """

    channels: frozenset[str] | None = None
