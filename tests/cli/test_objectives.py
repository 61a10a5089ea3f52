"""`calendar-app objectives`, `results import` and `check --objectives` on a copy of the example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from calendar_app.cli import main


@pytest.fixture
def plans(objectives_plans) -> Path:
    return objectives_plans(accounts="2026-11-30,instagram,followers,1700\n",
                            posts="linkedin,2026-11-24T08:30,reach,1180\n")


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_objectives_json(plans, capsys):
    code, out, _ = run_cli(capsys, "objectives", "--plans", str(plans), "--today", "2026-12-02", "--json")
    assert code == 0
    first, second = json.loads(out)["objectives"]
    # 1450 + 550 × 92 / 211 days from 2026-09-01 to 2027-03-31.
    assert {k: first[k] for k in ("id", "title", "status", "latest", "expected", "target", "deadline", "days_left", "next")} == {
        "id": "insta-abonnes", "title": "2 000 abonnés Instagram 🎉", "status": "on_track", "latest": 1700,
        "expected": 1689.810427, "target": 2000, "deadline": "2027-03-31", "days_left": 119, "next": None}
    assert (second["status"], second["latest"], second["expected"], second["days_left"]) == ("overdue", 1180, 1500, -2)


def test_objectives_text_in_french(plans, capsys):
    code, out, _ = run_cli(capsys, "objectives", "--plans", str(plans), "--today", "2026-12-02", "--lang", "fr")
    assert code == 0
    assert out.splitlines()[0] == "✔ 2 000 abonnés Instagram 🎉 · en bonne voie"
    assert "✗ Portée LinkedIn « par publication » · échu" in out


def test_check_objectives_fails_on_an_overdue_objective(plans, capsys):
    code, out, _ = run_cli(capsys, "check", "--plans", str(plans), "--today", "2026-12-02", "--objectives", "--json")
    data = json.loads(out)
    assert (code, data["ok"], [o["status"] for o in data["objectives"]]) == (1, False, ["on_track", "overdue"])


def test_a_bad_objectives_file_exits_2(plans, capsys, objectives_toml):
    (plans / "_objectives.toml").write_text(objectives_toml.replace('metric = "followers"', 'metrik = "followers"'), encoding="utf-8")
    code, out, err = run_cli(capsys, "objectives", "--plans", str(plans), "--today", "2026-12-02", "--lang", "en")
    path = plans / "_objectives.toml"
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f'{path}: objective[1].metrik: unknown key; did you mean "metric"?',
        f'{path}: objective[1].metric: is required (a metric of the results files, e.g. metric = "followers")',
        "2 problems found; nothing was written.",
    ]


FRENCH_EXPORT = "\ufeffDate;Abonnés\n30/11/2026;1\u202f720\n01/12/2026;\"1 726,0\"\n".encode()


def test_import_a_french_export_then_reimport_without_duplicates(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT)
    accounts = tmp_path / "results" / "accounts.csv"
    argv = ("results", "import", str(export), "--channel", "Instagram", "--map", "Date=date,Abonnés=followers",
            "--plans", str(plans), "--lang", "en")
    code, out, _ = run_cli(capsys, *argv)
    assert (code, out) == (0, f"{accounts}: 1 row added, 1 row replaced.\n")  # 2026-11-30 replaced: the import wins
    expected = "date,channel,metric,value\n2026-11-30,instagram,followers,1720\n2026-12-01,instagram,followers,1726\n"
    assert accounts.read_text(encoding="utf-8") == expected
    code, out, _ = run_cli(capsys, *argv)
    assert (code, out) == (0, f"{accounts}: 0 rows added, 2 rows replaced.\n")
    assert accounts.read_text(encoding="utf-8") == expected


def test_import_says_when_a_value_is_given_twice(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT + b"01/12/2026;1 731\n")
    code, out, _ = run_cli(capsys, "results", "import", str(export), "--channel", "instagram", "--map",
                           "Date=date,Abonnés=followers", "--plans", str(plans), "--lang", "en")
    assert code == 0
    assert out.splitlines()[1] == "1 value repeats a date and metric given earlier in the file: the later one was kept."
    assert "2026-12-01,instagram,followers,1731\n" in (tmp_path / "results" / "accounts.csv").read_text(encoding="utf-8")


def test_import_post_metrics_into_posts_csv(plans, capsys, tmp_path):
    export = tmp_path / "posts-export.csv"
    export.write_text("Heure de publication,Portée,J'aime\n16/11/2026 18:00,1840,72\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "results", "import", str(export), "--channel", "instagram",
                           "--map", "Heure de publication=at,Portée=reach,J'aime=likes", "--plans", str(plans), "--lang", "en")
    posts = tmp_path / "results" / "posts.csv"
    assert (code, out) == (0, f"{posts}: 2 rows added, 0 rows replaced.\n")
    assert posts.read_text(encoding="utf-8") == ("channel,at,metric,value\ninstagram,2026-11-16T18:00,likes,72\n"
                                                 "instagram,2026-11-16T18:00,reach,1840\nlinkedin,2026-11-24T08:30,reach,1180\n")


def test_import_says_which_posts_with_results_are_not_marked_published(plans, capsys, tmp_path):
    export = tmp_path / "posts-export.csv"
    # 16/11 is published in the example; 25/11 is a draft and 27/11 scheduled: they went out all the same
    export.write_text("Heure de publication;Portée\n16/11/2026 18:00;1840\n25/11/2026 18:00;1 210\n"
                      "27/11/2026 18:00;990\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "results", "import", str(export), "--channel", "instagram",
                           "--map", "Heure de publication=at,Portée=reach", "--plans", str(plans), "--lang", "en")
    assert code == 0
    assert out.splitlines()[1:] == ["2 posts with results are not marked published in instagram (2026-11-25T18:00, "
                                    "2026-11-27T18:00): mark them published, or the review leaves them out."]


def test_a_new_metric_close_to_a_known_one_is_pointed_out(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT)
    argv = ("results", "import", str(export), "--channel", "instagram", "--plans", str(plans), "--lang", "en", "--map")
    code, out, _ = run_cli(capsys, *argv, "Date=date,Abonnés=folowers")
    assert code == 0
    assert out.splitlines()[1] == ('New metric "folowers": nothing was recorded under it before; did you mean "followers"? '
                                   "If it is a typo, restore the file (git checkout) and import again with --map.")
    for fine in ("followers", "saves"):  # recorded already; new and close to nothing
        code, out, _ = run_cli(capsys, *argv, f"Date=date,Abonnés={fine}")
        assert (code, len(out.splitlines())) == (0, 1), out


def test_a_bad_row_writes_nothing(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT + b"02/12/2026;beaucoup\n")
    results = tmp_path / "results"
    before = {p.name: p.read_bytes() for p in results.iterdir()}
    code, out, err = run_cli(capsys, "results", "import", str(export), "--channel", "instagram", "--map", "Date=date,Abonnés=followers",
                             "--plans", str(plans), "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines() == [f'{export}: line 4, column 2 (Abonnés): "beaucoup" is not a number',
                                "1 problem found; nothing was written."]
    assert {p.name: p.read_bytes() for p in results.iterdir()} == before


def test_import_an_excel_export_in_cp1252_leaving_its_text_columns_out(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes("Date;Légende;Abonnés\r\n30/11/2026;Bol à thé;1\xa0720\r\n".encode("cp1252"))
    accounts = tmp_path / "results" / "accounts.csv"
    before = accounts.read_bytes()
    argv = ("results", "import", str(export), "--channel", "instagram", "--plans", str(plans))
    code, out, err = run_cli(capsys, *argv, "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (f"{export}: is not UTF-8 text (byte 6); export it as UTF-8 (CSV UTF-8), or give its "
                                   'encoding: --encoding cp1252 for Excel\'s "CSV (semicolon delimited)" on Windows')
    assert accounts.read_bytes() == before
    code, out, err = run_cli(capsys, *argv, "--encoding", "cp1252", "--lang", "fr")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "Colonne laissée de côté, ce n'est pas un indicateur (du texte, ou un identifiant) : « Légende »."
    assert "2026-11-30,instagram,abonnes,1720\n" in accounts.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["klingon", "rot13"])
def test_import_refuses_an_unknown_encoding(plans, capsys, tmp_path, name):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT)
    code, out, err = run_cli(capsys, "results", "import", str(export), "--channel", "instagram", "--encoding", name,
                             "--plans", str(plans), "--lang", "en")
    assert (code, out) == (2, "")
    assert f'--encoding: "{name}" is not an encoding Python knows; use e.g. utf-8, cp1252 or latin-1' in err
    assert "Traceback" not in err


def test_an_unknown_column_in_the_map(plans, capsys, tmp_path):
    export = tmp_path / "export.csv"
    export.write_bytes(FRENCH_EXPORT)
    code, _, err = run_cli(capsys, "results", "import", str(export), "--channel", "instagram", "--map", "Dat=date,Abonnés=followers",
                           "--plans", str(plans), "--lang", "en")
    assert (code, err.splitlines()[0]) == (2, f'{export}: --map: no column "dat" in the file; did you mean "date"?')


def test_validate_reads_the_objectives(plans, capsys, objectives_toml):
    code, _, err = run_cli(capsys, "validate", "--plans", str(plans), "--lang", "en")
    assert code == 0
    (plans / "_objectives.toml").write_text(objectives_toml.replace('channel = "linkedin"', 'channel = "linkdin"'), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", "--plans", str(plans), "--lang", "en")
    assert (code, err.splitlines()[0]) == (2, f'{plans / "_objectives.toml"}: objective[2].channel: "linkdin" is not a channel; '
                                              'did you mean "linkedin"?; omit channel for the whole plan')


def test_validate_counts_the_objectives_campaigns_and_review_meetings(plans, capsys):
    code, out, _ = run_cli(capsys, "validate", "--plans", str(plans), "--lang", "en")
    assert (code, out) == (0, f"{plans}: 6 channels, 7 rules, 19 posts, 2 objectives, 29 key dates: all valid.\n")
    (plans / "campaigns").mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml", plans / "campaigns")
    with open(plans / "_calendar.toml", "a", encoding="utf-8") as f:
        f.write('\n[[review]]\nevery = "month"\ndays = ["1mon"]\ntime = "10:00"\nduration = "1h"\ntitle = "Bilan"\n')
    code, out, _ = run_cli(capsys, "validate", "--plans", str(plans), "--lang", "fr")
    assert (code, out) == (0, f"{plans} : 6 canaux, 7 règles, 19 publications, 1 campagne, 2 objectifs, 29 dates clés, "
                              "1 série de points d'équipe : tout est correct.\n")


def test_check_objectives_text_names_the_overdue_objective(plans, capsys):
    code, out, _ = run_cli(capsys, "check", "--plans", str(plans), "--today", "2026-12-02", "--objectives", "--lang", "fr")
    assert code == 1
    assert out.splitlines()[-1] == "✗ objectif échu : Portée LinkedIn « par publication » (1\u202f500 pour le lun. 30 nov. 2026)"


def test_a_misspelt_metric_gets_a_did_you_mean(plans, capsys, objectives_toml):
    (plans / "_objectives.toml").write_text(objectives_toml.replace('metric = "followers"', 'metric = "folowers"'), encoding="utf-8")
    code, out, _ = run_cli(capsys, "objectives", "--plans", str(plans), "--today", "2026-12-02", "--lang", "en")
    assert code == 0
    assert out.splitlines()[:3] == [
        "⚠ 2 000 abonnés Instagram 🎉 · behind",
        "  latest: no result recorded · expected today: 1,689.8 · target: 2,000 by Wed 31 Mar 2027 (119 days left)",
        '  no "folowers" in the results; did you mean "followers"?',
    ]
