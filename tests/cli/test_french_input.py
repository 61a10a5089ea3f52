"""French (and English) dates, times and weekdays typed on the command line; French weekday
tokens in a plan file get a did-you-mean to the canonical token."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from calendar_app.cli import main


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.mark.parametrize(("start", "expected"), [
    ("2026-12-01", "2026-12-01"),
    ("01/12/2026", "2026-12-01"),
    ("01/12", "2026-12-01"),
    ("demain", "2026-11-25"),
    ("mardi", "2026-12-01"),
    ("+1s", "2026-12-01"),
    ("+7j", "2026-12-01"),
    ("+1w", "2026-12-01"),
])
def test_from_takes_french_dates_relative_to_today(capsys, example_plans: Path, start: str, expected: str):
    # --today after --from: relative dates still count from it.
    code, out, err = run_main(capsys, "agenda", "--plans", str(example_plans), "--json", "--weeks", "1",
                            "--from", start, "--today", "2026-11-24")
    assert code == 0, err
    starts = {slot["start"][:10] for slot in json.loads(out)}
    assert min(starts) >= expected
    assert max(starts) < _plus_week(expected)


def _plus_week(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=7)).isoformat()


def test_today_itself_takes_a_french_date(capsys, example_plans: Path):
    code, out, err = run_main(capsys, "agenda", "--plans", str(example_plans), "--json", "--weeks", "1",
                              "--today", "24/11/2026")
    assert code == 0, err
    assert min(slot["start"][:10] for slot in json.loads(out)) >= "2026-11-24"


def test_a_wrong_date_names_the_option_and_the_forms(capsys, example_plans: Path):
    code, _, err = run_main(capsys, "agenda", "--plans", str(example_plans), "--from", "31/02")
    assert code == 2
    assert 'argument --from: "31/02" is not a date; write YYYY-MM-DD, DD/MM/YYYY, DD/MM' in err


def test_rule_change_takes_french_times_and_weekdays(capsys, bundled_plans: Path):
    code, out, err = run_main(capsys, "rule", "change", "linkedin", "hebdo", "--from", "01/12/2026",
                              "--days", "mar", "Jeudi", "--times", "12h30", "18h",
                              "--plans", str(bundled_plans), "--today", "2026-11-24")
    assert (code, err) == (0, "")
    rules = tomllib.loads((bundled_plans / "linkedin.toml").read_text(encoding="utf-8"))["rule"]
    new = next(r for r in rules if r["id"] == "hebdo-2026-12-01")
    assert new["days"] == ["tue", "thu"]  # the file keeps the canonical tokens
    assert [t.strftime("%H:%M") if hasattr(t, "strftime") else t for t in new["times"]] == ["12:30", "18:00"]


def test_rule_change_refuses_a_wrong_time(capsys, bundled_plans: Path):
    before = (bundled_plans / "linkedin.toml").read_bytes()
    code, _, err = run_main(capsys, "rule", "change", "linkedin", "hebdo", "--times", "18h75",
                            "--plans", str(bundled_plans), "--today", "2026-11-24")
    assert code == 2
    assert '--times "18h75" is not a time' in err
    assert (bundled_plans / "linkedin.toml").read_bytes() == before


PLAN = b'''[channel]
name = "Instagram"
timezone = "Europe/Paris"

[[rule]]
id = "feed"
every = "week"
days = ["lun", "jeudi"]
times = ["18h30"]
start = 2026-09-01
'''


def test_a_french_weekday_in_a_plan_file_gets_the_canonical_token(tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "instagram.toml").write_bytes(PLAN)
    result = cli("validate", "--plans", "plans", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[:3] == [
        'plans/instagram.toml: rule[1].days[1]: "lun" is not a weekday token of plan files; did you mean "mon"?',
        'plans/instagram.toml: rule[1].days[2]: "jeudi" is not a weekday token of plan files; did you mean "thu"?',
        'plans/instagram.toml: rule[1].times[1]: "18h30" is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"',
    ]


def test_in_french_the_did_you_mean_is_french(tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "instagram.toml").write_bytes(PLAN)
    result = cli("validate", "--plans", "plans", "--lang", "fr", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[:2] == [
        "plans/instagram.toml: rule[1].days[1]: « lun » n'est pas un jour des fichiers de plan ; "
        "vouliez-vous dire « mon » ?",
        "plans/instagram.toml: rule[1].days[2]: « jeudi » n'est pas un jour des fichiers de plan ; "
        "vouliez-vous dire « thu » ?",
    ]
