"""The language the tool speaks: gettext catalogs (``locale/<lang>/LC_MESSAGES/calendar_app.po``),
the choice of language, and CLDR dates, numbers and plurals through Babel.

Every text meant for people goes through :func:`_` (or :func:`ngettext`, :func:`pgettext`); texts
defined before the language is known (class attributes, module constants) are marked with
:func:`N_` and translated where they are shown. The language is process-wide, set once by the CLI
or the editor with :func:`set_language`; the rest of the code never decides it.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

#: The languages the catalogs cover, the first one the default.
LANGUAGES = ("en", "fr")
DEFAULT = "en"
DOMAIN = "calendar_app"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_current = DEFAULT


def set_language(lang: str) -> None:
    """Speak ``lang`` (one of :data:`LANGUAGES`) from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages: {', '.join(LANGUAGES)}")
    _current = lang


def current() -> str:
    """The language spoken now: ``en`` or ``fr``."""
    return _current


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def translation(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` itself, for text whose language is not the process's: a feed speaks
    its plan's language whoever exports it (``_ = translation(lang).gettext`` where it is built)."""
    return _catalog(lang if lang in LANGUAGES else DEFAULT)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of the message for ``n``, by the current language's plural rule (French: 0 and 1
    are singular)."""
    return _catalog(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart by ``context`` from the same English word
    meant otherwise (``open`` a slot's status, ``open`` the verb)."""
    return _catalog(_current).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _catalog(_current).npgettext(context, singular, plural, n)


def library_text(detail: object) -> str:
    """A reason another library gave, in its own words (English): shown as is in English, quoted
    in French (« ... ») so that it reads as a quotation rather than as the tool's sentence."""
    return pgettext("library text", "{detail}").format(detail=detail)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it (it is translated where shown)."""
    return message


# --- choosing the language ---------------------------------------------------------------------

#: Environment variables read for the language, first set one wins (as POSIX locales do).
ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")


def language_of_locale(value: str | None) -> str | None:
    """``fr`` for ``fr_FR.UTF-8``, ``fr_CA``, ``fr``; ``en`` for ``en_GB.UTF-8``; None for anything
    else (``C``, ``POSIX``, another language), read from the text itself, installed or not."""
    if not value:
        return None
    code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    return code if code in LANGUAGES else None


def choose_language(flag: str | None, plan: str | None, environ: Mapping[str, str] | None = None) -> str:
    """First match wins: ``--lang``; else ``[calendar] lang`` of the plan; else the environment
    (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``: the first one set decides, even when it names
    a language we do not speak, which then means English); else English."""
    for choice in (flag, plan):
        if choice in LANGUAGES:
            return choice
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = env.get(name)
        if value:
            return language_of_locale(value) or DEFAULT
    return DEFAULT
