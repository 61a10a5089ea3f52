"""HTML pages from Jinja2 templates shipped in ``calendar_app/templates/``: one shared environment.

Autoescaped (every ``{{ value }}`` is escaped unless marked safe), strict about undefined names, and
speaking the current language: templates call ``_()``, ``ngettext()`` and ``pgettext()`` exactly
as Python code does (``{{ _("{count} posts").format(count=n) }}``), and ``tools/catalogs.py``
extracts their messages with the code's. Filters: ``date(style)``, ``decimal(digits)``, ``percent``
(:mod:`calendar_app.i18n.dates`). Jinja2 is imported on first use.
"""

from __future__ import annotations

from functools import cache


@cache
def environment():
    """The shared :class:`jinja2.Environment` (templates by path under ``calendar_app/templates/``)."""
    import jinja2

    from calendar_app import i18n
    from calendar_app.i18n import dates

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("calendar_app", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(_=i18n._, ngettext=i18n.ngettext, pgettext=i18n.pgettext, lang=i18n.current)
    env.filters.update(date=dates.format_date, decimal=dates.format_decimal, percent=dates.format_percent)
    return env


def render(template: str, **context) -> str:
    """The page ``template`` (``review/review.html``) rendered with ``context``."""
    return environment().get_template(template).render(**context)
