"""`calendar-app export --format csv|hootsuite`: plan.csv read back with csv equals agenda --json field by
field; Hootsuite's per-channel files (ready and scheduled only, 350 rows a file, day or month first)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calendar_app.cli import main

TODAY = ["--today", "2026-11-24"]
TRICKY = 'Soldes, "promo" & co\nsur deux lignes — é 🎉'


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tricky_plans(bundled_plans: Path) -> Path:
    """The example with one more Instagram post whose title holds commas, quotes, a line break,
    accents and an emoji."""
    path = bundled_plans / "instagram.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[post]]\nat = 2026-11-21T11:00:00\ntitle = """'
                    + TRICKY.replace('"', '\\"') + '"""\nstatus = "ready"\nnotes = "Lien, en bio"\n',
                    encoding="utf-8")
    return bundled_plans


def test_plan_csv_is_agenda_json_field_by_field(cli, tmp_path, tricky_plans, agenda_json):
    window = ["--from", "2026-11-01", "--weeks", "8"]
    result = cli("export", "--plans", str(tricky_plans), "--out", str(tmp_path / "out"), "--format", "csv",
                 *window, *TODAY)
    assert result.returncode == 0, result.stderr
    expected = agenda_json(tricky_plans, *window, *TODAY)
    rows = read_csv(tmp_path / "out" / "plan.csv")
    header, body = rows[0], rows[1:]
    assert header == [*expected[0].keys(), "start_utc"]
    assert len(body) == len(expected) > 40
    for row, slot in zip(body, expected):
        record = dict(zip(header, row))
        for key, value in slot.items():
            assert record[key] == ("" if value is None else str(value)), (slot["uid"], key)
        utc = datetime.fromisoformat(slot["start"]).astimezone(timezone.utc)
        assert record["start_utc"] == utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    titles = [dict(zip(header, r))["title"] for r in body]
    assert TRICKY in titles and "Joyeux Noël de toute l'équipe 🎄" in titles
    assert "Lien, en bio" in [dict(zip(header, r))["notes"] for r in body]
    assert {s["status"] for s in expected} >= {"open", "draft", "ready", "published"}
    # RFC 4180 on the bytes: CRLF after each record, the tricky title quoted with its quotes doubled.
    data = (tmp_path / "out" / "plan.csv").read_bytes()
    assert data.startswith(b"channel,rule,start,") and data.endswith(b"\r\n")
    assert ('"' + TRICKY.replace('"', '""') + '"').encode("utf-8") in data
    assert not (tmp_path / "out" / ".state.json").exists()  # the feeds' bookkeeping is not touched


def test_plan_csv_takes_the_feed_filters(capsys, tmp_path, example_plans):
    out = tmp_path / "out"
    code, printed, err = run_main(capsys, "export", "--plans", str(example_plans), "--out", str(out), "--format",
                                  "csv", "--from", "2026-11-01", "--weeks", "8", "--channel", "blog", "--status",
                                  "ready", *TODAY)
    assert code == 0, err
    rows = read_csv(out / "plan.csv")
    assert len(rows) > 1 and all(r[0] == "blog" and r[6] == "ready" for r in rows[1:])
    assert f"{out / 'plan.csv'}: {len(rows) - 1} slot" in printed


def hootsuite_plan(folder: Path, write_plan, posts: int, channel: str = "ig", status: str = "ready",
                   more: dict | None = None) -> Path:
    start = datetime(2026, 12, 1, 9, 5)
    docs = {channel: {
        "channel": {"name": "Instagram", "timezone": "Europe/Paris"},
        "post": [{"at": start + timedelta(days=i), "title": f"Publication {i} é", "status": status,
                  "link": f"https://example.org/{i}"} for i in range(posts)],
    }}
    return write_plan(folder, {"calendar": {"name": "Atelier"}}, {**docs, **(more or {})})


def test_hootsuite_files_hold_ready_and_scheduled_posts_split_at_350(capsys, tmp_path, write_plan):
    plans = hootsuite_plan(tmp_path / "plans", write_plan, 720)
    out = tmp_path / "out"
    code, printed, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(out), "--format", "hootsuite",
                                  "--from", "2026-12-01", "--weeks", "110", *TODAY)
    assert code == 0, err
    names = sorted(p.name for p in (out / "hootsuite").glob("*.csv"))
    assert names == ["ig-2.csv", "ig-3.csv", "ig.csv"]
    parts = [read_csv(out / "hootsuite" / n) for n in ("ig.csv", "ig-2.csv", "ig-3.csv")]
    assert [len(p) for p in parts] == [350, 350, 20]
    rows = [r for p in parts for r in p]
    assert rows[0] == ["01/12/2026 09:05", "Publication 0 é", "https://example.org/0"]  # no header row
    assert rows[-1][1] == "Publication 719 é"
    assert [r[1] for r in rows] == [f"Publication {i} é" for i in range(720)]
    assert "3 files for 720 ready or scheduled posts" in printed


def test_hootsuite_dates_month_first_and_only_ready_or_scheduled(capsys, tmp_path, example_plans):
    out = tmp_path / "out"
    code, _, err = run_main(capsys, "export", "--plans", str(example_plans), "--out", str(out), "--format",
                            "hootsuite", "--date-format", "mdy", "--from", "2026-11-01", "--weeks", "12", *TODAY)
    assert code == 0, err
    rows = {n.name: read_csv(n) for n in (out / "hootsuite").glob("*.csv")}
    blog = rows["blog.csv"]
    assert ["11/26/2026 10:00", "Émaux au cendre : la recette maison, pas à pas",
            "https://terre-et-feu.example/blog/emaux-cendre"] in blog
    titles = {r[1] for rs in rows.values() for r in rs}
    assert "Joyeux Noël de toute l'équipe 🎄" in titles
    # Drafts, ideas and published posts are not for the scheduling tool.
    assert not titles & {"Atelier découverte du samedi : places disponibles", "La Lettre de décembre : le Salon, "
                         "les fêtes et un tuto 🎁"}


def test_hootsuite_default_window_starts_today(capsys, tmp_path, write_plan):
    plans = hootsuite_plan(tmp_path / "plans", write_plan, 10)
    out = tmp_path / "out"
    code, _, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(out), "--format", "hootsuite",
                            "--today", "2026-12-05")
    assert code == 0, err
    rows = read_csv(out / "hootsuite" / "ig.csv")
    assert rows[0][0] == "05/12/2026 09:05" and len(rows) == 6


def test_a_new_hootsuite_export_replaces_the_folder(capsys, tmp_path, write_plan):
    plans = hootsuite_plan(tmp_path / "plans", write_plan, 400)
    out = tmp_path / "out"
    args = ["export", "--plans", str(plans), "--out", str(out), "--format", "hootsuite", "--from", "2026-12-01"]
    assert run_main(capsys, *args, "--weeks", "60", *TODAY)[0] == 0
    assert (out / "hootsuite" / "ig-2.csv").exists()
    assert run_main(capsys, *args, "--weeks", "1", *TODAY)[0] == 0
    assert sorted(p.name for p in (out / "hootsuite").glob("*.csv")) == ["ig.csv"]
    assert sorted(p.name for p in out.iterdir()) == ["hootsuite"]


@pytest.mark.parametrize("argv, message", [
    (["--format", "csv", "--date-format", "dmy"], "--date-format says how Hootsuite files write their dates"),
    (["--format", "hootsuite", "--status", "draft"], "--status draft: Hootsuite files hold ready and scheduled"),
    (["--format", "xlsx"], "invalid choice: 'xlsx'"),
    (["--format", "csv", "--channel", "instagramm"], '--channel "instagramm" is not a channel; did you mean'),
    (["--format", "csv", "--from", "2026-11-01", "--past-days", "3"], "--past-days counts back from today"),
])
def test_bad_input_exits_2_and_writes_nothing(capsys, tmp_path, example_plans, argv, message):
    code, _, err = run_main(capsys, "export", "--plans", str(example_plans), "--out", str(tmp_path / "out"),
                            *argv, *TODAY)
    assert code == 2 and message in err, err
    assert not (tmp_path / "out").exists()


def test_two_channels_writing_one_hootsuite_file_is_refused(capsys, tmp_path, write_plan):
    other = {"blog-2": {"channel": {"name": "Blog 2", "timezone": "Europe/Paris"},
                        "post": [{"at": datetime(2026, 12, 2, 10), "title": "x", "status": "ready"}]}}
    plans = hootsuite_plan(tmp_path / "plans", write_plan, 351, channel="blog", more=other)
    code, _, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(tmp_path / "out"), "--format",
                            "hootsuite", "--from", "2026-12-01", "--weeks", "60", *TODAY)
    assert code == 2 and "channels blog and blog-2 would both write hootsuite/blog-2.csv" in err
    assert not (tmp_path / "out" / "hootsuite").exists()


def test_a_hootsuite_folder_export_did_not_write_is_refused(capsys, tmp_path, example_plans):
    mine = tmp_path / "out" / "hootsuite"
    mine.mkdir(parents=True)
    (mine / "mine.csv").write_text("à moi")
    code, _, err = run_main(capsys, "export", "--plans", str(example_plans), "--out", str(tmp_path / "out"),
                            "--format", "hootsuite", *TODAY)
    assert code == 2 and "holds files that export did not write" in err
    assert tree(mine) == {"mine.csv": "à moi".encode()}


def test_plan_csv_rows_parse_as_rfc_4180(tmp_path, capsys, tricky_plans):
    out = tmp_path / "out"
    assert run_main(capsys, "export", "--plans", str(tricky_plans), "--out", str(out), "--format", "csv",
                    "--from", "2026-11-16", "--weeks", "1", *TODAY)[0] == 0
    text = (out / "plan.csv").read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(r) == len(rows[0]) for r in rows)
    assert [r for r in rows if TRICKY in r]
    assert date.fromisoformat(rows[1][2][:10]) >= date(2026, 11, 16)
