"""The Jinja2 environment of the HTML pages: templates shipped in the package, autoescaped."""

from __future__ import annotations

from functools import cache

import jinja2

#: calendar_app/templates/<folder>/: one folder per kind of page (site/, review/...).
TEMPLATES = "templates"


@cache
def environment() -> jinja2.Environment:
    """One environment for every template of the package (``site/month.html``, ``review/...``).

    Autoescaped whatever the file's extension (a title from a plan file may hold ``<`` or ``&``),
    strict about undefined names (a typo in a template fails a test instead of printing nothing),
    blocks trimmed so the output stays readable."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("calendar_app", TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context) -> str:
    """The template ``name`` (``site/month.html``) rendered with ``context``."""
    return environment().get_template(name).render(**context)
