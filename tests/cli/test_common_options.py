"""Forgiving command lines: --plans and --today before or after the command, channels by name, owners without accents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calendar_app.cli import _command_index, main

TODAY = "2026-11-24"


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.mark.parametrize("argv, index", [
    (["agenda"], 0),
    (["--plans", "DIR", "agenda"], 2),
    (["--plans=DIR", "--today", "2026-11-24", "check"], 3),
    (["--plans", "agenda", "validate"], 2),  # a folder named like a command is the value of --plans
    (["--plans", "DIR"], None),
    (["--weeks", "2", "agenda"], None),  # the default command's own option comes first
    ([], None),
])
def test_the_command_is_found_after_the_common_options(argv, index):
    assert _command_index(argv) == index


@pytest.mark.parametrize("command", [["agenda", "--weeks", "1", "--json"], ["check", "--weeks", "1", "--json"],
                                     ["validate"]])
def test_plans_and_today_before_or_after_the_command_give_the_same_output(bundled_plans, capsys, command):
    today = [] if command == ["validate"] else ["--today", TODAY]
    after = run_main(capsys, *command, "--plans", str(bundled_plans), *today)
    before = run_main(capsys, "--plans", str(bundled_plans), *today, *command)
    mixed = run_main(capsys, *today, command[0], "--plans", str(bundled_plans), *command[1:])
    assert after == before == mixed
    assert after[0] in (0, 1) and after[1]


def test_a_value_after_the_command_wins_over_one_before(bundled_plans, tmp_path, capsys):
    code, out, _ = run_main(capsys, "--plans", str(tmp_path / "nowhere"), "--today", "2026-01-01",
                            "agenda", "--plans", str(bundled_plans), "--today", TODAY, "--weeks", "1", "--json")
    assert code == 0 and json.loads(out)[0]["start"].startswith("2026-11-24")


def test_plans_alone_without_a_terminal_prints_the_agenda(cli, bundled_plans):
    result = cli("--plans", str(bundled_plans), "--today", TODAY, "--weeks", "1")
    assert result.returncode == 0, result.stderr
    assert "no terminal, so here is the agenda" in result.stderr
    assert "Tuesday 24 November 2026" in result.stdout


def test_the_readme_first_command_with_a_command_name(cli, bundled_plans):
    result = cli("--plans", str(bundled_plans), "agenda", "--today", TODAY, "--weeks", "1")
    assert result.returncode == 0 and result.stderr == "" and "Tuesday 24 November 2026" in result.stdout


def test_a_misspelt_command_after_the_common_options_gets_a_suggestion(cli, bundled_plans):
    result = cli("--plans", str(bundled_plans), "agnda")
    assert result.returncode == 2 and 'did you mean "agenda"?' in result.stderr


# --- channels by id or display name --------------------------------------------------------------


@pytest.mark.parametrize("name", ["instagram", "Instagram", "INSTAGRAM", "  instagram "])
def test_channel_takes_the_id_or_the_display_name_any_case(bundled_plans, capsys, name):
    code, out, err = run_main(capsys, "agenda", "--plans", str(bundled_plans), "--today", TODAY, "--json",
                              "--channel", name)
    assert code == 0, err
    assert {s["channel"] for s in json.loads(out)} == {"instagram"}


def test_channel_names_with_accents_and_guillemets(bundled_plans, capsys):
    code, out, _ = run_main(capsys, "check", "--plans", str(bundled_plans), "--today", TODAY, "--json",
                            "--channel", "podcast « les mains dans la terre »", "--channel", "LinkedIn")
    assert [c["channel"] for c in json.loads(out)["channels"]] == ["linkedin", "podcast"]


def test_export_and_rule_change_take_a_display_name(bundled_plans, tmp_path, capsys):
    code, _, err = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(tmp_path / "feeds"),
                            "--today", TODAY, "--channel", "Newsletter")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "feeds").glob("*.ics")) == ["all.ics", "campaigns.ics", "key-dates.ics",
                                                                            "newsletter.ics"]
    code, out, err = run_main(capsys, "rule", "change", "Podcast « Les Mains dans la Terre »", "episode",
                              "--times", "08:00", "--from", "2027-01-01", "--plans", str(bundled_plans), "--today", TODAY)
    assert code == 0, err
    assert 'times = ["08:00"]' in (bundled_plans / "podcast.toml").read_text(encoding="utf-8")


def test_an_unknown_channel_suggests_the_nearest_id_or_name(bundled_plans, capsys):
    code, out, err = run_main(capsys, "agenda", "--plans", str(bundled_plans), "--today", TODAY, "--channel", "Linkdin")
    assert code == 2 and out == ""
    assert err.strip() == 'calendar-app agenda: --channel "Linkdin" is not a channel; did you mean "linkedin"?'


# --- owners without case or accents -----------------------------------------------------------------


def feeds_of(capsys, plans: Path, out: Path, owner: str) -> dict[str, bytes]:
    code, _, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(out), "--today", TODAY,
                            "--owner", owner)
    assert code == 0, err
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.ics"))}


def test_export_owner_ignores_case_and_accents(bundled_plans, tmp_path, capsys):
    exact = feeds_of(capsys, bundled_plans, tmp_path / "a", "Inès")
    loose = feeds_of(capsys, bundled_plans, tmp_path / "b", "INES")
    def uids(feeds):
        return {name: sorted(line for line in body.split(b"\r\n") if line.startswith(b"UID:"))
                for name, body in feeds.items()}

    assert uids(exact) == uids(loose)
    assert uids(exact)["podcast.ics"] and uids(exact)["all.ics"] and not uids(exact)["instagram.ics"]


def test_export_owner_near_miss_gets_a_suggestion(bundled_plans, tmp_path, capsys):
    code, out, err = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(tmp_path / "f"),
                              "--today", TODAY, "--owner", "Innes")
    assert code == 2 and not (tmp_path / "f").exists()
    assert err.strip() == 'calendar-app export: --owner "Innes" owns nothing in the plan; did you mean "Inès"?'
