"""Every plan error in French: no English sentence outside the plan's own words (keys, values)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from calendar_app.i18n import set_language
from calendar_app.storage.reader import load_plan

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "errors").glob("*.toml"))
#: English words a French message must not hold (issue 12's list), as whole words.
MARKERS = re.compile(r"\b(open|slots?|weeks?|channels?|errors?|press|save[sd]?|must|should|expected|invalid|"
                     r"did you mean|is not|got)\b", re.IGNORECASE)
#: The plan's own words: quoted values (« », "", ``), TOML tables, keys and key paths, assignments.
PLAN_WORDS = re.compile(r"«[^»]*»|\"[^\"]*\"|`[^`]*`|\[\[?\w+\]\]?|\b\w+\s*=|\b\w+(?:\[\d+\])?(?:\.\w+(?:\[\d+\])?)+"
                        r"|\b\w*_\w*\b")
CALENDAR = ('[calendar]\nname = "Agence"\ntimezone = "Europe/Pariss"\nics = ["absent.ics", "../outside.ics", '
            '"broken.ics"]\nlang = "fz"\nowner_weak_max = 2\n'
            '[[key_date]]\ndate = 2026-12-26\nend = 2026-12-24\ntitle = " "\nblakout = true\n')


def english_left(message: str) -> list[str]:
    return MARKERS.findall(PLAN_WORDS.sub(" ", message))


def test_the_marker_scan_finds_english():
    assert english_left('"pink" is not a color; did you mean "pine"?') == ["is not", "did you mean"]
    assert english_left("must be more than 0 slots a week, got nan") == ["must", "slots", "week", "got"]
    assert english_left("per_week: [channel] channel.per_week « open slot » every = 2") == []


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def _messages(plans: Path) -> list[str]:
    return [error.message for error in load_plan(plans).errors]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_error_fixture_speaks_french(fixture: Path, tmp_path: Path, french):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(fixture, plans / fixture.name)
    messages = _messages(plans)
    assert messages
    assert {m: english_left(m) for m in messages} == {m: [] for m in messages}


def test_calendar_file_and_import_errors_speak_french(tmp_path: Path, french):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "_calendar.toml").write_text(CALENDAR, encoding="utf-8")
    (plans / "broken.ics").write_text("BEGIN:VCALENDAR\nnot ical\n", encoding="utf-8")
    (plans / "blog.toml").write_text('[channel]\nname = "Blog"\n[[rule]]\nid = "a b"\nevery = "weak"\n'
                                     'days = ["lun"]\ntimes = ["18h30", 1]\nstart = 2026-09-01\n', encoding="utf-8")
    messages = _messages(plans)
    assert len(messages) >= 10
    assert {m: english_left(m) for m in messages} == {m: [] for m in messages}
    assert "impossible de lire « absent.ics » (Fichier ou dossier introuvable)" in " ".join(messages)
    assert " ; vouliez-vous dire « fr » ?" in " ".join(messages)


def test_a_missing_plans_folder_speaks_french(tmp_path: Path, french):
    messages = _messages(tmp_path / "nowhere")
    assert messages == ["ce dossier de plans n'existe pas ; donnez --plans DOSSIER (un dossier de fichiers <canal>.toml)"]


def test_validate_in_french_counts_the_problems_in_french(tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    for fixture in FIXTURES:
        shutil.copy(fixture, plans / fixture.name)
    result = cli("validate", "--plans", "plans", "--lang", "fr", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problèmes trouvés ; rien n'a été écrit."
    messages = [line.split(": ", 2)[-1] if line.count(": ") >= 2 else line.split(": ", 1)[-1] for line in lines[:-1]]
    assert {m: english_left(m) for m in messages} == {m: [] for m in messages}


def test_english_stays_as_it_was(tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(FIXTURES[0].parent / "bad-weekday.toml", plans / "bad-weekday.toml")
    assert _messages(plans) == ['"wdn" is not a weekday; did you mean "wed"?']
