"""`calendar-app agenda` and `validate` as a person and a script use them, mistyped command lines included."""

from __future__ import annotations

import functools
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest


@pytest.fixture
def run(cli, bundled_plans):
    """``run(*args, env=None)``: the CLI in a folder holding a copy of the bundled example as ./plans."""
    return functools.partial(cli, cwd=bundled_plans.parent)


def test_validate_bundled_plans(run):
    result = run("validate", "--plans", "plans")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("plans: 6 channels, ")


def test_json_shape_and_values(agenda_json, example_plans):
    slots = agenda_json(example_plans, "--from", "2026-11-23", "--weeks", "2")
    keys = {"channel", "rule", "start", "end", "uid", "status", "title", "pillar", "format", "owner", "planned"}
    assert slots and all(keys <= set(s) for s in slots)
    starts = [datetime.fromisoformat(s["start"]) for s in slots]
    assert starts == sorted(starts) and all(t.utcoffset() is not None for t in starts)
    draft = next(s for s in slots if s["status"] == "draft" and s["channel"] == "instagram")
    assert draft == {**draft, "rule": "feed", "start": "2026-11-25T18:00:00+01:00", "end": "2026-11-25T18:30:00+01:00",
                     "uid": "instagram.feed.20261125T1800@calendar-app", "pillar": "produit", "owner": "Camille",
                     "title": "Black Friday : pourquoi nous ne bradons pas nos pièces"}
    reel = next(s for s in slots if s["uid"] == "instagram.reel.20261128T1100@calendar-app")
    assert reel["status"] == "open" and reel["title"] is None and reel["format"] == "reel"
    live = next(s for s in slots if s["rule"] is None and s["channel"] == "instagram")
    assert live["title"].endswith("🎥") and live["status"] == "ready"
    assert all(datetime.fromisoformat(s["start"]) < datetime.fromisoformat("2026-12-07T00:00:00+01:00") for s in slots)


def test_uids_are_the_same_across_runs_and_unaffected_by_filters(agenda_json, example_plans):
    a = agenda_json(example_plans, "--from", "2026-11-01", "--weeks", "8")
    b = agenda_json(example_plans, "--from", "2026-11-01", "--weeks", "8", "--channel", "instagram")
    assert [s["uid"] for s in a if s["channel"] == "instagram"] == [s["uid"] for s in b]
    assert {s["channel"] for s in b} == {"instagram"}


def test_default_window_starts_today(agenda_json, example_plans):
    slots = agenda_json(example_plans, "--today", "2026-11-24")
    first = datetime.fromisoformat(slots[0]["start"])
    assert first.date().isoformat() == "2026-11-24"
    assert datetime.fromisoformat(slots[-1]["start"]) < first + timedelta(weeks=4)


def test_ten_year_window_works(agenda_json, example_plans):
    slots = agenda_json(example_plans, "--from", "2027-01-01", "--weeks", "522", "--channel", "newsletter")
    assert len(slots) == 120  # one first Tuesday a month for ten years
    assert slots[-1]["start"].startswith("2036-12-02T09:00")


def test_readable_agenda_groups_by_day_with_key_dates(run):
    result = run("agenda", "--plans", "plans", "--from", "2026-11-27", "--weeks", "1", "--today", "2026-11-27")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Friday 27 November 2026  (today)" in out
    assert "◆ Black Friday 🛍️" in out
    assert "Carte cadeau atelier : offrez un cours de tournage 🎁  [scheduled]" in out
    assert "open slot" in out
    assert out.index("Friday 27 November") < out.index("Saturday 28 November") < out.index("Monday 30 November")


def test_blackout_days_are_shown_and_posts_kept(run):
    result = run("agenda", "--plans", "plans", "--from", "2026-12-24", "--weeks", "1", "--channel", "instagram")
    assert "⛔ blackout: Fermeture de l'atelier — Noël 🎄" in result.stdout
    assert "Joyeux Noël de toute l'équipe 🎄" in result.stdout


def test_accents_survive_an_ascii_locale(run):
    result = run("agenda", "--plans", "plans", "--from", "2026-11-25", "--weeks", "1", "--json",
                 env={"LC_ALL": "C", "LANG": "C"})
    assert "pièces" in result.stdout


def test_console_script_and_module_agree(cli, example_plans):
    exe = Path(sys.executable).parent / "calendar-app"
    if not exe.exists():
        pytest.fail(f"console script missing next to {sys.executable}: is the package installed (pip install -e .)?")
    via_script = subprocess.run([str(exe), "validate", "--plans", str(example_plans)], capture_output=True, text=True)
    via_module = cli("validate", "--plans", str(example_plans))
    assert via_script.returncode == via_module.returncode == 0
    assert via_script.stdout == via_module.stdout


def test_an_empty_plans_folder_is_not_an_error(cli, tmp_path: Path):
    (tmp_path / "plans").mkdir()
    result = cli("agenda", "--plans", "plans", "--from", "2026-11-24", cwd=tmp_path)
    assert result.returncode == 0 and "No slots in this window." in result.stdout


def test_editor_without_a_terminal_says_what_to_use_instead(run):
    result = run("edit", "--plans", "plans")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("calendar-app edit: the editor needs a terminal; in scripts use `calendar-app agenda`")
    assert result.stdout == ""


def test_default_command_without_a_terminal_shows_the_agenda(run):
    result = run("--plans", "plans", "--today", "2026-11-24")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "calendar-app: no terminal, so here is the agenda; run it in a terminal for the editor.\n"
    assert "Tuesday 24 November 2026  (today)" in result.stdout


# --- command lines people mistype -------------------------------------------------------------


def test_a_misspelt_command_is_named_not_turned_into_the_agenda(cli, tmp_path):
    result = cli("agnda", cwd=tmp_path)
    assert result.returncode == 2
    assert "no terminal" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        'calendar-app: error: "agnda" is not a command; did you mean "agenda"? '
        "(commands: edit, validate, agenda, export, check, fill, serve, rule, publish, campaign)")


def test_a_date_with_blanks_around_it_is_read(run):
    padded = run("agenda", "--json", "--from", " 2026-12-01 ", "--today", "2026-11-24")
    plain = run("agenda", "--json", "--from", "2026-12-01", "--today", "2026-11-24")
    assert padded.returncode == 0, padded.stderr
    assert padded.stdout == plain.stdout


def test_a_title_on_two_lines_stays_on_its_agenda_row(cli, tmp_path):
    # Multi-line titles are allowed (the feeds escape them); the agenda keeps one row per slot.
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").write_text(
        '[channel]\nname = "Chaîne\\nbis"\ntimezone = "Europe/Paris"\n'
        '[[post]]\nat = 2026-11-26T18:00:00\nstatus = "draft"\ntitle = """ligne 1\nligne 2"""\n', encoding="utf-8")
    result = cli("agenda", "--today", "2026-11-24", "--weeks", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "18:00" in line]
    assert len(rows) == 1
    assert "Chaîne bis" in rows[0] and "ligne 1 ligne 2" in rows[0]
