"""Keep the message catalogs in step with the code: extract, update, compile, check (Babel).

    python tools/catalogs.py update    # extract the messages, merge them into every .po
    python tools/catalogs.py compile   # .po -> .mo (the compiled catalogs shipped in the wheel)
    python tools/catalogs.py check     # exit 1 if a catalog is out of date, untranslated or not compiled
    python tools/catalogs.py merge fr FILE.po ...   # take the translations of FILE.po into fr's catalog

A translator runs ``update``, edits ``calendar_app/locale/fr/LC_MESSAGES/calendar_app.po`` (Poedit,
Weblate, a text editor), then ``compile``; the test suite runs ``check``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "calendar_app"
LOCALE = PACKAGE / "locale"
DOMAIN = "calendar_app"
LANGUAGES = ("en", "fr")
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {**DEFAULT_KEYWORDS}
METHODS = [("**.py", "python")]
HEADER = "Messages of calendar-app, the editorial publication calendar."


def extract() -> Catalog:
    """Every message of the code, with the places it is used."""
    catalog = Catalog(project="calendar-app", header_comment=f"# {HEADER}", charset="utf-8",
                      msgid_bugs_address="", copyright_holder="", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"calendar_app/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, sort_by_file=True, omit_header=False,
             include_previous=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _read(path: Path, lang: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def updated(lang: str, template: Catalog) -> Catalog:
    """The language's catalog merged with ``template``: new messages added, gone ones dropped."""
    path = po_path(lang)
    catalog = _read(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN, project="calendar-app",
                                                              header_comment=f"# {HEADER}", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.revision_date = catalog.creation_date = template.creation_date
    return catalog


def _stable(catalog: Catalog) -> Catalog:
    """Dates in the header change on every run: pin them so an unchanged catalog is the same bytes."""
    from datetime import datetime, timezone

    catalog.creation_date = catalog.revision_date = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return catalog


def update() -> None:
    template = _stable(extract())
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(_po_bytes(template))
    for lang in LANGUAGES:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(_stable(updated(lang, template))))


def merge(lang: str, fragments: list[Path]) -> list[str]:
    """Copy the translations of ``fragments`` (partial .po files, one per piece of work) into the
    language's catalog, for the messages the code has; returns the ids the code does not have."""
    update()
    path = po_path(lang)
    catalog = _read(path, lang)
    unknown = []
    for fragment in fragments:
        for message in _read(fragment, lang):
            if not message.id:
                continue
            target = catalog.get(message.id, context=message.context)
            if target is None:
                unknown.append(message.id if isinstance(message.id, str) else message.id[0])
                continue
            target.string = message.string
            target.flags.discard("fuzzy")
    path.write_bytes(_po_bytes(_stable(catalog)))
    update()  # the same bytes an update gives (a message used in two files keeps its place)
    compile_all()
    return unknown


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(_mo_bytes(_read(po_path(lang), lang)))


def problems() -> list[str]:
    """Why the catalogs are not in step with the code (empty when they are)."""
    out = []
    template = _stable(extract())
    if not TEMPLATE.exists() or TEMPLATE.read_bytes() != _po_bytes(template):
        out.append(f"{TEMPLATE.relative_to(ROOT)} is out of date with the code: run python tools/catalogs.py update")
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            out.append(f"{path.relative_to(ROOT)} is missing: run python tools/catalogs.py update")
            continue
        if path.read_bytes() != _po_bytes(_stable(updated(lang, template))):
            out.append(f"{path.relative_to(ROOT)} is out of date with the code: run python tools/catalogs.py update")
        catalog = _read(path, lang)
        if lang != "en":
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
                if message.fuzzy or not all(strings):
                    shown = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                    where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
                    out.append(f"{path.relative_to(ROOT)}: no {lang} translation for {shown!r} ({where})")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            out.append(f"{mo.relative_to(ROOT)} is not compiled from its .po: run python tools/catalogs.py compile")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        return 0
    if command == "compile":
        compile_all()
        return 0
    if command == "merge" and len(argv) >= 3:
        for message in merge(argv[1], [Path(a) for a in argv[2:]]):
            print(f"not in the code, left out: {message!r}", file=sys.stderr)
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
