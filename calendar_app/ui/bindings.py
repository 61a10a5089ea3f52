"""Footer key descriptions in the language spoken when a screen opens.

A screen's ``BINDINGS`` are class attributes, built when the module is imported, before (in tests)
or after (from the CLI) :func:`calendar_app.i18n.set_language`; their descriptions are marked with
``N_()`` and :func:`translate_bindings` translates this screen's own copy when it is created, so
the footer speaks the language of the moment whatever the import order.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from calendar_app.i18n import _


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of ``node``'s bindings (its copy, not the class's)."""
    bindings = node._bindings
    bindings.key_to_bindings = {
        key: [replace(b, description=_(b.description) if b.description else b.description,
                      tooltip=_(b.tooltip) if b.tooltip else b.tooltip) for b in group]
        for key, group in bindings.key_to_bindings.items()
    }
