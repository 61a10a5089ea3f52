"""One fixture per plan error: the exact message, exit 2, no traceback, nothing written.

Each file in tests/fixtures/errors/ is a channel file whose ``# expect:`` comment lines are the
exact messages (after ``plans/<file>: ``) that ``calendar-app validate`` must print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calendar_app.core.errors import PlanError
from calendar_app.storage.reader import load_plan

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "errors").glob("*.toml"))


def expected_messages(fixture: Path) -> list[str]:
    lines = fixture.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_error_has_its_exact_message(fixture: Path, tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(fixture, plans / fixture.name)
    result = load_plan(plans)
    assert [str(e) for e in result.errors] == [f"{plans / fixture.name}: {m}" for m in expected_messages(fixture)]
    assert all(isinstance(e, PlanError) for e in result.errors)
    assert result.plan.channels == ()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_cli_exits_2_without_traceback_and_writes_nothing(fixture: Path, tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(fixture, plans / fixture.name)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = cli("validate", "--plans", "plans", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    expected = [f"plans/{fixture.name}: {m}" for m in expected_messages(fixture)]
    assert result.stderr.splitlines()[: len(expected)] == expected
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_every_problem_of_a_directory_is_reported_at_once(tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("bad-weekday.toml", "bad-color.toml", "end-and-count.toml"):
        shutil.copy(FIXTURES[0].parent / name, plans / name)
    result = cli("validate", "--plans", "plans", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        'plans/bad-color.toml: channel.color: "pink" is not a color; write it as "#RRGGBB", e.g. "#E1306C"',
        'plans/bad-weekday.toml: rule[2].days[2]: "wdn" is not a weekday; did you mean "wed"?',
        "plans/end-and-count.toml: rule[1].count: give either end or count, not both",
        "3 problems found; nothing was written.",
    ]


def test_valid_channels_load_beside_invalid_ones(bundled_plans: Path):
    shutil.copy(FIXTURES[0].parent / "bad-color.toml", bundled_plans / "bad-color.toml")
    result = load_plan(bundled_plans)
    assert [e.key for e in result.errors] == ["channel.color"]
    assert "instagram" in [c.id for c in result.plan.channels]
    assert "bad-color" in result.files  # the broken file is still known to the editor


def test_calendar_file_errors(tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "_calendar.toml").write_text(
        '[calendar]\nname = "Agence"\ntimezone = "Europe/Pariss"\nics = ["absent.ics"]\n'
        '[[key_date]]\ndate = 2026-12-26\nend = 2026-12-24\ntitle = "Noël"\nblakout = true\n',
        encoding="utf-8")
    (plans / "blog.toml").write_text('[channel]\nname = "Blog"\n', encoding="utf-8")
    errors = [str(e) for e in load_plan(plans).errors]
    cal = plans / "_calendar.toml"
    assert errors == [
        f'{cal}: calendar.timezone: "Europe/Pariss" is not a known time zone; did you mean "Europe/Paris"?',
        f"{cal}: key_date[1].blakout: unknown key; did you mean \"blackout\"?",
        f"{cal}: key_date[1].end: 2026-12-24 is before date 2026-12-26",
        f'{cal}: calendar.ics[1]: cannot read "absent.ics" (No such file or directory); paths are relative to {plans}',
        f'{plans / "blog.toml"}: channel.timezone: is required (or set [calendar] timezone in _calendar.toml), e.g. "Europe/Paris"',
    ]


def test_missing_plans_directory(tmp_path: Path, cli):
    result = cli("agenda", "--plans", "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "nowhere: no such plans directory; pass --plans DIR (a folder of <channel>.toml files)"


@pytest.mark.parametrize("args, message", [
    (["agenda", "--from", "2026-13-01"], 'argument --from: "2026-13-01" is not a date; write YYYY-MM-DD, DD/MM/YYYY, DD/MM, today, '
                                             'tomorrow, a weekday or +2w, e.g. 2026-12-01'),
    (["agenda", "--from", "0001-01-01"], 'argument --from: "0001-01-01" is out of range; use a date between 1900 and 2200'),
    (["agenda", "--weeks", "99999999"], 'argument --weeks: "99999999" weeks is too many; use at most 2000 (about 38 years)'),
    (["export", "--past-days", "99999999"], 'argument --past-days: "99999999" days is too many; use at most 3660 (ten years)'),
    (["serve", "--port", "70000"], 'argument --port: "70000" is not a port; use 1 to 65535, or 0 for any free port'),
    (["agenda", "--weeks", "0"], 'argument --weeks: "0" is not a whole number of 1 or more'),
    (["agenda", "--channel", "instagramm"], 'calendar-app agenda: --channel "instagramm" is not a channel; did you mean "instagram"?'),
])
def test_bad_command_line_exits_2(args, message, cli, bundled_plans: Path):
    result = cli(*args, cwd=bundled_plans.parent)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_ics_import_must_stay_inside_the_plans_folder(tmp_path: Path, bundled_plans: Path):
    plans = bundled_plans
    (tmp_path / "secret.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    cal = plans / "_calendar.toml"
    cal.write_text(cal.read_text(encoding="utf-8").replace('ics = ["jours-feries.ics"]', 'ics = ["../secret.ics"]'),
                   encoding="utf-8")
    assert [str(e) for e in load_plan(plans).errors] == [
        f'{cal}: calendar.ics[1]: "../secret.ics" is outside {plans}; copy the file into the plans folder']


def test_export_refuses_to_write_into_the_plans_folder(cli, bundled_plans: Path):
    before = sorted(p.name for p in bundled_plans.iterdir())
    result = cli("export", "--plans", "plans", "--out", "plans/", cwd=bundled_plans.parent)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == 'calendar-app export: --out "plans/" is the plans folder; write the feeds elsewhere, e.g. --out feeds'
    assert sorted(p.name for p in bundled_plans.iterdir()) == before


def test_serve_names_a_bad_host(cli, bundled_plans: Path):
    result = cli("serve", "--plans", "plans", "--host", "nosuchhost.invalid", "--port", "0", cwd=bundled_plans.parent)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert '--host "nosuchhost.invalid" is not an address of this machine' in result.stderr


# --- hostile plans: control characters, crashes turned into problems -------------------------------


def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path: Path, cli):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "evil\x1b[2J\nname.toml").write_text('[channel]\nname = "x"\n', encoding="utf-8")
    result = cli("validate", "--plans", "plans", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line, summary] = result.stderr.splitlines()
    assert line.startswith("plans/evil\\x1b[2J\\nname.toml: ") and "\x1b" not in result.stderr
    assert summary == "1 problem found; nothing was written."


def test_every_command_refuses_an_rrule_dateutil_cannot_run(tmp_path: Path, cli, bundled_plans: Path):
    path = bundled_plans / "podcast.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("BYDAY=-1FR", "BYDAY=99MO"), encoding="utf-8")
    for command in ("validate", "agenda", "check", "export"):
        extra = {"validate": [], "export": ["--out", str(tmp_path / "feeds")]}.get(command, ["--today", "2026-11-24"])
        result = cli(command, "--plans", str(bundled_plans), *extra)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (command, result.stderr)
        assert f"{path}: rule[1].rrule: BYDAY=99MO: the ordinal must be 1 to 5" in result.stderr
    assert not (tmp_path / "feeds").exists()


def test_a_rule_that_fails_late_in_dateutil_is_a_problem_not_a_crash(monkeypatch):
    from dateutil import rrule as du

    from calendar_app.core.model import Rule
    from calendar_app.core.recurrence import rule_problem

    def broken(self, *args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(du.rrule, "after", broken)
    rule = Rule(id="x", times=(), start=__import__("datetime").date(2026, 9, 1), rrule="FREQ=MONTHLY;BYDAY=-1FR")
    assert rule_problem(rule) == "is not a valid rule (IndexError: list index out of range)"


def test_an_unexpected_failure_while_reading_a_file_is_a_problem_of_that_file(bundled_plans: Path, monkeypatch):
    from calendar_app.storage import reader

    real = reader.read_channel

    def flaky(path, stem, data, timezone):
        if stem == "blog":
            raise OverflowError("date value out of range")
        return real(path, stem, data, timezone)

    monkeypatch.setattr(reader, "read_channel", flaky)
    result = load_plan(bundled_plans)
    assert [str(e) for e in result.errors] == [
        f"{bundled_plans / 'blog.toml'}: cannot be read: a value in it is not handled (OverflowError: date value out "
        "of range); check its latest change, and please report it"]
    assert "blog" not in [c.id for c in result.plan.channels] and len(result.plan.channels) == 5
