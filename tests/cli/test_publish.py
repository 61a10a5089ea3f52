"""`calendar-app publish`: the pages of the window, the folder replaced at once, bad input exits 2 and
changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.cli import main

TODAY = ["--today", "2026-11-24"]


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_default_window_is_three_months_from_the_first_of_this_month(capsys, tmp_path, example_plans):
    code, out, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(tmp_path / "site"), *TODAY)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert [n for n in names if len(n) == len("2026-11.html")] == ["2026-11.html", "2026-12.html", "2027-01.html"]
    assert "2026-W44.html" in names and "2027-W04.html" in names and "2027-W05.html" not in names
    assert {"index.html", "style.css", ".calendar-app-site"} <= set(names)
    assert "3 month pages, 14 week pages" in out and "Sun 01 Nov 2026 to Sun 31 Jan 2027" in out


def test_weeks_start_this_monday_by_default(capsys, tmp_path, example_plans):
    code, out, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(tmp_path / "s"),
                              "--weeks", "2", *TODAY)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "s").glob("*.html"))
    assert names == ["2026-11.html", "2026-12.html", "2026-W48.html", "2026-W49.html", "index.html"]
    assert "Mon 23 Nov 2026 to Sun 06 Dec 2026" in out


def test_a_new_publish_replaces_the_whole_folder_and_leaves_no_temporary_folder(capsys, tmp_path, example_plans):
    out = tmp_path / "site"
    assert run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(out), "--months", "3", *TODAY)[0] == 0
    (out / "2026-12.html").write_text("stale")
    code, printed, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(out), "--months",
                                  "1", "--client", *TODAY)
    assert code == 0, err
    assert not (out / "2026-12.html").exists() and (out / "2026-11.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert "(client edition)" in printed


@pytest.mark.parametrize("argv, message", [
    (["--weeks", "2", "--months", "2"], "not allowed with argument"),
    (["--months", "0"], '"0" is not a whole number of 1 or more'),
    (["--months", "461"], "months is too many"),
    (["--feeds-url", "javascript:alert(1)"], '--feeds-url "javascript:alert(1)" is not an address of the feeds'),
    (["--from", "2026-13-01"], '"2026-13-01" is not a date'),
])
def test_bad_arguments_exit_2_and_write_nothing(capsys, tmp_path, example_plans, argv, message):
    code, out, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(tmp_path / "site"),
                              *argv, *TODAY)
    assert code == 2 and message in err, err
    assert "Traceback" not in err and not (tmp_path / "site").exists()
    assert sorted(tmp_path.iterdir()) == []


def test_a_folder_publish_did_not_write_is_refused(capsys, tmp_path, example_plans):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("à moi")
    code, _, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(out), *TODAY)
    assert code == 2 and f'--out "{out}" is not empty and was not written by publish' in err
    assert tree(out) == {"notes.txt": "à moi".encode()}
    (tmp_path / "file").write_text("x")
    code, _, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(tmp_path / "file"), *TODAY)
    assert code == 2 and "was not written by publish" in err


def test_the_plans_folder_is_never_the_output(capsys, bundled_plans):
    before = tree(bundled_plans)
    for out in (bundled_plans, bundled_plans.parent):
        code, _, err = run_main(capsys, "publish", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
        assert code == 2 and "holds the plans folder" in err
    assert tree(bundled_plans) == before


def test_an_invalid_plan_exits_2_and_keeps_the_previous_site(capsys, tmp_path, bundled_plans):
    out = tmp_path / "site"
    assert run_main(capsys, "publish", "--plans", str(bundled_plans), "--out", str(out), *TODAY)[0] == 0
    before = tree(out)
    (bundled_plans / "instagram.toml").write_text('[channel]\nname = "Instagram"\ncolor = "rose"\n', encoding="utf-8")
    code, _, err = run_main(capsys, "publish", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 2 and "instagram.toml: channel.color" in err and "nothing was written" in err
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["plans", "site"]


def test_pdf_without_chromium_exits_2_before_writing(capsys, tmp_path, example_plans, monkeypatch):
    monkeypatch.setenv("CALENDAR_APP_CHROMIUM", str(tmp_path / "no-such-browser"))
    code, _, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(tmp_path / "site"),
                            "--pdf", *TODAY)
    assert code == 2 and "--pdf prints the months with Chromium, which is not installed" in err
    assert not (tmp_path / "site").exists()


def test_a_browser_that_fails_leaves_the_previous_site(capsys, tmp_path, example_plans, monkeypatch):
    out = tmp_path / "site"
    assert run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(out), *TODAY)[0] == 0
    before = tree(out)
    monkeypatch.setenv("CALENDAR_APP_CHROMIUM", "/bin/false")
    code, _, err = run_main(capsys, "publish", "--plans", str(example_plans), "--out", str(out), "--pdf",
                            "--months", "1", *TODAY)
    assert code == 2 and "Chromium could not print the months (the browser stopped" in err and "nothing was written" in err
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_is_listed_in_help(cli):
    result = cli("--help")
    assert "publish" in result.stdout
    result = cli("publish", "--help")
    assert result.returncode == 0 and "--client" in result.stdout and "--pdf" in result.stdout
