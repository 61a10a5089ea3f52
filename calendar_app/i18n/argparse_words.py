"""argparse's own words (usage, options, its error messages) through our catalogs, so that
``--help`` and a bad option speak the language of the run as the rest of the command line does."""

from __future__ import annotations

import argparse

from calendar_app.i18n import N_, _, ngettext

#: The messages of argparse (Python 3.11 to 3.13) a user can see, for the catalogs.
MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


def install() -> None:
    """Make argparse translate with the current language (argparse looks its gettext up by name
    when it formats, so this holds for parsers built before or after)."""
    argparse._ = _
    argparse.ngettext = ngettext
