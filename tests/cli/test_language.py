"""The language of a run: --lang, else the plan's [calendar] lang, else the environment, else English."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.cli import option_value, pick_language

FRENCH_ENV = {"LANG": "fr_FR.UTF-8"}


def _plan(tmp_path: Path, lang: str | None) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    line = f'lang = "{lang}"\n' if lang else ""
    (plans / "_calendar.toml").write_text(f'[calendar]\nname = "Atelier"\n{line}', encoding="utf-8")
    return plans


def test_the_flag_wins_over_the_plan_and_the_environment(tmp_path: Path):
    plans = _plan(tmp_path, "fr")
    assert pick_language(["agenda", "--plans", str(plans), "--lang", "en"], FRENCH_ENV) == "en"
    assert pick_language(["--lang=fr", "agenda", "--plans", str(plans)], {"LANG": "en_US.UTF-8"}) == "fr"


def test_the_plan_wins_over_the_environment(tmp_path: Path):
    plans = _plan(tmp_path, "fr")
    assert pick_language(["agenda", f"--plans={plans}"], {"LC_ALL": "en_GB.UTF-8"}) == "fr"
    (tmp_path / "en").mkdir()
    plans_en = _plan(tmp_path / "en", "en")
    assert pick_language(["agenda", "--plans", str(plans_en)], FRENCH_ENV) == "en"


def test_without_flag_or_plan_the_environment_decides_in_posix_order(tmp_path: Path):
    plans = _plan(tmp_path, None)
    argv = ["agenda", "--plans", str(plans)]
    assert pick_language(argv, {"LANG": "fr_FR.UTF-8"}) == "fr"
    # LC_ALL before LC_MESSAGES before LANG, and fr_CA (not installed here) is French all the same.
    assert pick_language(argv, {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "fr_FR"}) == "en"
    assert pick_language(argv, {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US"}) == "fr"


def test_nothing_set_means_english(tmp_path: Path):
    assert pick_language(["agenda", "--plans", str(tmp_path / "absent")], {}) == "en"
    assert pick_language(["--plans", str(tmp_path)], {"LANG": "C.UTF-8"}) == "en"


def test_a_wrong_plan_value_is_skipped_before_the_plan_is_loaded(tmp_path: Path):
    plans = _plan(tmp_path, "français")
    assert pick_language(["validate", "--plans", str(plans)], FRENCH_ENV) == "fr"
    assert pick_language(["validate", "--plans", str(plans)], {}) == "en"


def test_option_value_reads_both_spellings_and_stops_at_double_dash():
    assert option_value(["--lang", "fr", "--lang=en"], "--lang") == "en"
    assert option_value(["--plans=p", "--", "--plans", "q"], "--plans") == "p"
    assert option_value(["--language", "fr"], "--lang") is None


def test_the_plan_language_makes_help_french_and_the_flag_takes_it_back(tmp_path: Path, cli):
    plans = _plan(tmp_path, "fr")
    french = cli("publish", "--help", cwd=plans.parent, env={"LANG": "C"})
    assert french.returncode == 0
    assert "dossier de sortie" in french.stdout
    english = cli("publish", "--help", "--lang", "en", cwd=plans.parent, env={"LANG": "fr_FR.UTF-8"})
    assert "output folder" in english.stdout
    assert "dossier de sortie" not in english.stdout


def test_the_environment_alone_makes_help_french(tmp_path: Path, cli):
    result = cli("publish", "--help", cwd=tmp_path, env={"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "dossier de sortie" in result.stdout


@pytest.mark.parametrize(("value", "message"), [
    ("fz", '"fz" is not a language of calendar-app; did you mean "fr"?'),
    ("fr_FR", '"fr_FR" is not a language of calendar-app; did you mean "fr"?'),
    ("Français", '"Français" is not a language of calendar-app; did you mean "fr"?'),
    ("english", '"english" is not a language of calendar-app; did you mean "en"?'),
    ("deutsch", '"deutsch" is not a language of calendar-app; use "en" or "fr"'),
])
def test_an_unknown_plan_language_is_a_plan_error(tmp_path: Path, cli, value: str, message: str):
    _plan(tmp_path, value)
    result = cli("validate", "--plans", "plans", cwd=tmp_path, env={"LANG": "C"})
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"plans/_calendar.toml: calendar.lang: {message}"
    assert "Traceback" not in result.stderr


def test_lang_is_refused_outside_its_choices(tmp_path: Path, cli):
    result = cli("validate", "--plans", str(tmp_path), "--lang", "de", env={"LANG": "C"})
    assert result.returncode == 2
    assert "--lang" in result.stderr and "'de'" in result.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ('[calendar]\nlang = "fr"\n', "fr"),
    ("[calendar]\nname = 'Atelier'\nlang='fr'   # the team's\n[[key_date]]\n", "fr"),
    ('[calendar]\nname = "A"\n[[key_date]]\nlang = "fr"\n', None),  # not the calendar table's
    ('# lang = "fr"\n[calendar]\nname = "A"\n', None),
    ('[calendar]\nlang = "de"\n', None),
    ("\ufeff[calendar]\nlang = \"en\"\n", "en"),
])
def test_the_plan_language_is_read_from_the_calendar_table_only(tmp_path: Path, text: str, expected):
    from calendar_app.storage.language import plan_language

    (tmp_path / "_calendar.toml").write_text(text, encoding="utf-8")
    assert plan_language(tmp_path) == expected
