"""Footer texts in the language spoken: binding descriptions are marked with ``N_`` (class
attributes are read at import time, before the language is chosen) and translated here, per
instance, when a screen, widget or the app is created."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from calendar_app.i18n import _


def translate_bindings(node: DOMNode) -> None:
    """Show ``node``'s binding descriptions, tooltips and group names translated (in its footer).

    ``node._bindings`` is the instance's own copy of the class's keymap (its lists shared with the
    class), so each list is replaced, never changed in place: the class keeps the English marks.
    """
    groups: dict[int, Binding.Group] = {}

    def group(g: Binding.Group | None) -> Binding.Group | None:
        if g is None:
            return None
        if id(g) not in groups:  # one translated group per group, so the footer still groups them
            groups[id(g)] = Binding.Group(_(g.description) if g.description else "", compact=g.compact)
        return groups[id(g)]

    keys = node._bindings.key_to_bindings
    for key, bindings in keys.items():
        keys[key] = [
            replace(b, description=_(b.description) if b.description else "",
                    tooltip=_(b.tooltip) if b.tooltip else "", group=group(b.group))
            for b in bindings
        ]
