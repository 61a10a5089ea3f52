"""In French, the commands done so far (their --help, validate, agenda, export) print no English
sentence outside the plan's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calendar_app.cli import main
from calendar_app.storage.reader import load_plan_strict

MARKERS = re.compile(r"\b(open|slots?|weeks?|channels?|errors?|press|save|must|should|expected|invalid|"
                     r"did you mean|show|help|usage|default|folder|only|today|feeds?|rules?|posts?|key dates?|"
                     r"the|of|and|with|from)\b", re.IGNORECASE)
#: What --help shows that is the command line's own vocabulary, not a sentence: options, metavars,
#: choices, commands, file names.
CLI_WORDS = re.compile(r"--?[a-z][a-z-]*|\{[^}]*\}|\b[A-Z]{2,}\b|\./\w+|\b\w+\.(?:ics|toml|csv|pdf)\b|<[^>]*>"
                       r"|\b(?:edit|validate|agenda|export|check|serve|rule|change|publish|calendar-app|hootsuite|"
                       r"ics|csv|dmy|mdy|en|fr|day|week|month|year|lang|mon|tue)\b|«[^»]*»|`[^`]*`|/\S*")
COMMANDS = ["edit", "validate", "agenda", "export", "check", "serve", "rule", "rule change", "publish"]


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def english_left(text: str, plan_words: list[str] = ()) -> list[str]:
    for word in plan_words:
        text = text.replace(word, " ")
    return MARKERS.findall(CLI_WORDS.sub(" ", text))


def _plan_words(plans: Path) -> list[str]:
    plan = load_plan_strict(plans)
    words = [str(plans), plan.calendar.name, *(kd.title for kd in plan.key_dates)]
    for channel in plan.channels:
        words += [channel.name, channel.owner or ""]
        for post in channel.posts:
            words += [post.title or "", post.owner or "", post.pillar or "", post.format or ""]
        for rule in channel.rules:
            words += [rule.format or "", *rule.pillars]
    return sorted({w for w in words if w}, key=len, reverse=True)


def test_the_scan_sees_english():
    assert english_left("show this help message and exit") == ["show", "help", "and"]
    assert english_left("--plans DIR  dossier des plans des canaux (par défaut : ./plans)") == []


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_french(capsys, command: str):
    code, out, err = run_main(capsys, *command.split(), "--help", "--lang", "fr")
    assert code == 0, err
    assert out.startswith("utilisation : calendar-app")
    assert english_left(out) == []


def test_help_stays_english_with_english(capsys):
    code, out, _ = run_main(capsys, "agenda", "--help", "--lang", "en")
    assert out.startswith("usage: calendar-app agenda") and "show this help message and exit" in out


def test_validate_agenda_and_export_speak_french(capsys, example_plans: Path, tmp_path: Path):
    words = _plan_words(example_plans)
    code, out, err = run_main(capsys, "validate", "--plans", str(example_plans), "--lang", "fr")
    assert (code, err) == (0, "")
    assert out == f"{example_plans} : 6 canaux, 7 règles, 19 publications, 29 dates clés : tout est correct.\n"
    code, out, err = run_main(capsys, "agenda", "--plans", str(example_plans), "--lang", "fr", "--today", "2026-11-24",
                              "--weeks", "2")
    assert (code, err) == (0, "")
    assert "mardi 24 novembre 2026  (aujourd'hui)" in out and "créneau libre" in out and "[brouillon]" in out
    assert english_left(out, words) == []
    code, out, err = run_main(capsys, "export", "--plans", str(example_plans), "--out", str(tmp_path / "feeds"),
                              "--lang", "fr", "--today", "2026-11-24")
    assert (code, err) == (0, "")
    assert " flux du dim. 25 oct. 2026 au lun. 15 févr. 2027, " in out
    assert english_left(out.replace(str(tmp_path / "feeds"), " "), words) == []


def test_usage_errors_speak_french(capsys, example_plans: Path):
    code, _, err = run_main(capsys, "agenda", "--plans", str(example_plans), "--lang", "fr", "--channel", "instagramm")
    assert code == 2
    assert err == ("calendar-app agenda: --channel « instagramm » n'est pas un canal ; vouliez-vous dire "
                   "« instagram » ?\n")
    code, _, err = run_main(capsys, "agenda", "--lang", "fr", "--weeks", "0")
    assert code == 2
    assert "argument --weeks : « 0 » n'est pas un nombre entier de 1 ou plus" in err
    assert "erreur" in err and english_left(err) == []


def test_rule_change_speaks_french(capsys, bundled_plans: Path):
    words = _plan_words(bundled_plans)
    code, out, err = run_main(capsys, "rule", "change", "linkedin", "hebdo", "--from", "01/12/2026", "--days", "mar",
                              "jeu", "--times", "12h30", "--plans", str(bundled_plans), "--today", "2026-11-24",
                              "--lang", "fr")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{bundled_plans / 'linkedin.toml'} : règle « hebdo » changée à partir du mar. 1er déc. 2026."
    assert lines[2] == ("Nouvelle règle « hebdo-2026-12-01 » à partir du 2026-12-01 : toutes les semaines le tue, thu "
                        "à 12:30.")
    assert "1 publication à partir du 2026-12-01 occupait un créneau de l'ancien rythme" in out
    tokens = CLI_WORDS.sub(" ", out)  # rule ids and weekday tokens are the plan's
    assert english_left(tokens.replace("hebdo-2026-12-01", " ").replace("thu", " "), words) == []


def test_check_report_and_json_messages_speak_french(capsys, example_plans: Path):
    import json

    words = _plan_words(example_plans)
    code, out, err = run_main(capsys, "check", "--plans", str(example_plans), "--lang", "fr", "--today", "2026-11-24")
    assert code == 1 and err == ""
    assert "Tous les objectifs" in out or "code de sortie 1" in out
    assert "(0,5 par semaine)" in out  # decimal comma
    text = re.sub(r"\[[a-z_]+\]|\b\d{4}-W\d{2}\b", " ", out)  # the kinds and ISO weeks stay identifiers
    assert english_left(text, words) == []
    code, out, err = run_main(capsys, "check", "--plans", str(example_plans), "--lang", "fr", "--today", "2026-11-24",
                              "--json")
    report = json.loads(out)
    messages = [p["message"] for c in report["channels"] for p in c["problems"]]
    messages += [p["message"] for o in report["owners"] for p in o["problems"]]
    assert messages and all(p["kind"] in ("gap", "below_target", "open_due", "too_close", "blackout_post", "untitled",
                                          "pillar_share", "pillar_run", "owner_load", "missed", "blacked_out")
                            for c in report["channels"] for p in c["problems"])
    left = {m: english_left(re.sub(r"\b\d{4}-W\d{2}\b", " ", m), words) for m in messages}
    assert left == {m: [] for m in messages}
