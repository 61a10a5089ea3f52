"""The results files: the canonical reader's errors, and the numbers and separators of network exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.core.errors import PlanErrors
from calendar_app.storage.results import format_number, load_results, read_results
from calendar_app.storage.results_import import (
    check_encoding,
    delimiter,
    metric_name,
    parse_mapping,
    parse_number,
    read_export,
)


def test_reads_both_files(tmp_path):
    (tmp_path / "accounts.csv").write_text("date,channel,metric,value\n2026-10-02,instagram,followers,1545\n"
                                           "2026-10-01,instagram,followers,1541\n", encoding="utf-8")
    (tmp_path / "posts.csv").write_text("channel,at,metric,value\ninstagram,2026-11-16T18:00,reach,1840\n"
                                        "instagram,2026-11-16T18:00,engagement_rate,0.045\n", encoding="utf-8")
    results = load_results(tmp_path, ["instagram"])
    assert results.accounts == {("instagram", "followers"): [("2026-10-01", 1541.0), ("2026-10-02", 1545.0)]}
    assert results.post_metrics("instagram", "2026-11-16T18:00") == {"reach": 1840.0, "engagement_rate": 0.045}


def test_no_folder_is_no_result(tmp_path):
    results = load_results(tmp_path / "absent")
    assert (dict(results.accounts), dict(results.posts)) == ({}, {})


def test_every_bad_row_named_by_line_and_column(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("date,channel,metric,value\n01/10/2026,instagram,followers,1\n2026-10-02,instagam,followers,2\n"
                    "2026-10-03,instagram,followers,1,5\n2026-10-04,instagram,followers,abc\n"
                    "2026-10-05,instagram,followers,3\n2026-10-05,instagram,followers,4\n", encoding="utf-8")
    _, errors = read_results(tmp_path, ["instagram"])
    assert [str(e) for e in errors] == [
        f'{path}: line 2, column 1: "01/10/2026" is not a date; write it YYYY-MM-DD',
        f'{path}: line 3, column 2: "instagam" is not a channel; did you mean "instagram"?',
        f"{path}: line 4, column 4: expected 4 values, got 5",
        f'{path}: line 5, column 4: "abc" is not a number; write it with a dot for decimals, e.g. 1450 or 0.045',
        f'{path}: 2026-10-05 has two values of "followers" for "instagram"; keep one',
    ]


def test_a_wrong_header_says_what_to_write(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("Date;Reach\n", encoding="utf-8")
    with pytest.raises(PlanErrors) as info:
        load_results(tmp_path)
    assert str(info.value) == (f'{path}: line 1: the header must be "channel,at,metric,value", got "Date;Reach"; '
                               "turn a network's export into this file with calendar-app results import")


@pytest.mark.parametrize(("text", "value"), [
    ("1450", 1450.0), ("1\u202f450", 1450.0), ("1\u00a0450", 1450.0), ("1 450", 1450.0), ("4,5", 4.5),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567.0), ("4,5 %", 0.045), ("0.045", 0.045),
    ("-3", -3.0), ("\u221212", -12.0), ("1,234,567", 1234567.0),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(("text", "written"), [("4,1 %", "0.041"), ("5,2 %", "0.052"), ("0,7 %", "0.007"),
                                                ("12,35 %", "0.1235"), ("4,5", "4.5"), ("1\u202f450", "1450")])
def test_percentages_are_divided_exactly_as_the_results_file_shows_them(text, written):
    # 4.1 / 100 is 0.040999999999999995 in binary floating point: a diff in git for nothing
    assert format_number(parse_number(text)) == written


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1,2,3x", "", "%", "1,2,3", "12,34,567"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_delimiter_and_metric_names():
    assert (delimiter("Date;Portée;Likes"), delimiter("Date,Reach"), delimiter("Date\tReach")) == (";", ",", "\t")
    assert metric_name("Portée (organique)") == "portee_organique"
    assert metric_name("Taux d’engagement") == metric_name("Taux d'engagement") == "taux_d_engagement"
    assert (metric_name("❤️ J’aime"), metric_name("Vues « 3 s »"), metric_name("2e vue")) == ("j_aime", "vues_3_s", "m_2e_vue")


def test_a_french_export_with_a_bom_semicolons_and_decimal_commas():
    raw = "\ufeffDate;Abonnés;Taux d'engagement\n01/10/2026;1\u202f541;4,5 %\n02/10/2026;\"1 545\";\n".encode()
    kind, rows, skipped, repeated = read_export(raw, "export.csv", "instagram", "Europe/Paris")
    assert (kind, skipped, repeated) == ("accounts", [], 0)
    assert sorted(rows) == [("2026-10-01", "instagram", "abonnes", 1541.0),
                            ("2026-10-01", "instagram", "taux_d_engagement", 0.045),
                            ("2026-10-02", "instagram", "abonnes", 1545.0)]


def test_post_rows_take_the_channels_local_time():
    raw = b"Publication,Reach\n2026-11-16T17:00:00Z,1840\n"
    got = read_export(raw, "export.csv", "instagram", "Europe/Paris", {"publication": "at", "reach": "reach"})
    assert (got.kind, got.rows) == ("posts", [("instagram", "2026-11-16T18:00", "reach", 1840.0)])


def test_a_bad_cell_is_named_by_line_column_and_header():
    raw = "Date;Portée\n01/10/2026;12a\n32/10/2026;5\n".encode()
    with pytest.raises(PlanErrors) as info:
        read_export(raw, Path("export.csv"), "instagram", "Europe/Paris")
    assert [str(e) for e in info.value.errors] == [
        'export.csv: line 2, column 2 (Portée): "12a" is not a number',
        'export.csv: line 3, column 1 (Date): "32/10/2026" is not a date; write it like 2026-10-05, 05/10/2026, '
        "or give --date-format",
    ]


def test_an_export_not_in_utf8_is_refused():
    with pytest.raises(PlanErrors) as info:
        read_export("Date;Abonnés\n01/10/2026;1541\n".encode("cp1252"), "export.csv", "instagram", "Europe/Paris")
    assert str(info.value) == ('export.csv: is not UTF-8 text (byte 10); export it as UTF-8 (CSV UTF-8), or give its '
                               'encoding: --encoding cp1252 for Excel\'s "CSV (semicolon delimited)" on Windows')


def test_an_export_in_cp1252_reads_with_its_encoding():
    raw = "Date;Abonnés;Portée moyenne\n01/10/2026;1541;12,5\n".encode("cp1252")
    got = read_export(raw, "export.csv", "instagram", "Europe/Paris", encoding="cp1252")
    assert sorted(got.rows) == [("2026-10-01", "instagram", "abonnes", 1541.0),
                                ("2026-10-01", "instagram", "portee_moyenne", 12.5)]
    with pytest.raises(PlanErrors) as info:  # a UTF-16 file is no cp1252 text either: said, not misread
        read_export("Date;Abonnés\n".encode("utf-16-le")[:-1] + b"\x81", "export.csv", "instagram", "Europe/Paris",
                    encoding="cp1252")
    assert "is not cp1252 text" in str(info.value)


@pytest.mark.parametrize("name", ["cp1252", "latin-1", "UTF8", "utf-16"])
def test_check_encoding_knows_text_codecs(name):
    assert check_encoding(name)


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64", ""])
def test_check_encoding_refuses_the_rest(name):
    with pytest.raises(ValueError):
        check_encoding(name)


def test_identifier_columns_are_left_out_without_a_map_and_read_with_one():
    raw = ("Identifiant de la publication;ID du compte;Date;Portée;Vidéo\n17912345678901234;42;01/10/2026;1 200;3\n"
           ).encode()
    got = read_export(raw, "export.csv", "instagram", "Europe/Paris")
    assert got.skipped == ["Identifiant de la publication", "ID du compte"]
    assert sorted(got.rows) == [("2026-10-01", "instagram", "portee", 1200.0), ("2026-10-01", "instagram", "video", 3.0)]
    mapped = read_export(raw, "export.csv", "instagram", "Europe/Paris", {"date": "date", "id du compte": "account_id"})
    assert (mapped.skipped, mapped.rows) == ([], [("2026-10-01", "instagram", "account_id", 42.0)])


def test_text_columns_are_left_out_without_a_map():
    raw = ("Date;Description;Permalien;Portée\n01/10/2026;Bol à thé 🍵;https://x.example/p/1;1 200\n"
           "02/10/2026;;https://x.example/p/2;980\n").encode()
    got = read_export(raw, "export.csv", "instagram", "Europe/Paris")
    assert got.skipped == ["Description", "Permalien"]
    assert sorted(got.rows) == [("2026-10-01", "instagram", "portee", 1200.0), ("2026-10-02", "instagram", "portee", 980.0)]


def test_a_column_with_numbers_and_text_is_an_error_and_a_mapped_text_column_too():
    raw = "Date;Portée;Type\n01/10/2026;1 200;Reel\n02/10/2026;beaucoup;Photo\n".encode()
    with pytest.raises(PlanErrors) as info:
        read_export(raw, Path("export.csv"), "instagram", "Europe/Paris")
    assert [str(e) for e in info.value.errors] == ['export.csv: line 3, column 2 (Portée): "beaucoup" is not a number']
    with pytest.raises(PlanErrors) as info:
        read_export(raw, Path("export.csv"), "instagram", "Europe/Paris", {"date": "date", "type": "kind"})
    assert [str(e) for e in info.value.errors] == ['export.csv: line 2, column 3 (Type): "Reel" is not a number',
                                                   'export.csv: line 3, column 3 (Type): "Photo" is not a number']


def test_a_later_row_of_the_same_key_wins_within_one_export():
    got = read_export(b"date,followers\n2026-10-01,1541\n2026-10-01,1544\n", "export.csv", "instagram", "Europe/Paris")
    assert got == ("accounts", [("2026-10-01", "instagram", "followers", 1544.0)], [], 1)


def test_an_empty_export_says_so_once():
    for raw in (b"", b"\xef\xbb\xbf", b"\n\n"):
        with pytest.raises(PlanErrors) as info:
            read_export(raw, "vide.csv", "instagram", "Europe/Paris", {"date": "date", "abonnés": "followers"})
        assert [str(e) for e in info.value.errors] == [
            "vide.csv: the file is empty, or its first line is; export the table again with its header line first"]


def test_a_semicolon_in_the_map_is_told_to_be_a_comma():
    mapping = parse_mapping("Date=date;Abonnés=followers")
    with pytest.raises(PlanErrors) as info:
        read_export("Date;Abonnés\n01/10/2026;1541\n".encode(), "export.csv", "instagram", "Europe/Paris", mapping)
    assert str(info.value) == ('export.csv: --map: "date;Abonnés=followers" is not a metric name; use lowercase letters, '
                               'digits and "_"; separate the columns with commas: "Date=date,Reach=reach"')
