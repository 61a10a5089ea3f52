"""`calendar-app rule change`: the timing changes from a date, the past (agenda, feeds) stays as it was,
and bad input exits 2 leaving the file byte for byte."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from calendar_app.cli import main

TODAY = ["--today", "2026-11-24"]
NOON = ["--days", "tue", "thu", "--times", "12:30"]


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process (fast); returns exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def change(capsys, plans: Path, *args: str) -> tuple[int, str, str]:
    return run_main(capsys, "rule", "change", *args, "--plans", str(plans), *TODAY)


def agenda(capsys, plans: Path) -> list[dict]:
    code, out, err = run_main(capsys, "agenda", "--plans", str(plans), "--json", "--from", "2026-10-25", "--weeks", "10")
    assert code == 0, err
    return json.loads(out)


def feed_events(capsys, plans: Path, out: Path, ics) -> dict[str, list[str]]:
    code, _, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(out), *TODAY)
    assert code == 0, err
    text = (out / "linkedin.ics").read_bytes().decode("utf-8")
    return {ics.prop(block, "UID")[0]: block for block in ics.blocks(text)}


def test_change_from_a_date_keeps_the_past_in_the_agenda_and_the_feed(bundled_plans, tmp_path, capsys, ics):
    path = bundled_plans / "linkedin.toml"
    feeds = tmp_path / "feeds"
    before_agenda = agenda(capsys, bundled_plans)
    before_feed = feed_events(capsys, bundled_plans, feeds, ics)

    code, out, err = change(capsys, bundled_plans, "linkedin", "hebdo", "--from", "2026-12-01", *NOON)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f'{path}: rule "hebdo" changed from Tue 1 Dec 2026.',
        'Rule "hebdo" keeps its slots before 2026-12-01 (same UIDs); it now ends on 2026-11-30.',
        'New rule "hebdo-2026-12-01" from 2026-12-01: every week on tue, thu at 12:30.',
        "  Pillars continue the rotation: entreprise, savoir-faire.",
        "1 post from 2026-12-01 on filled a slot of the old timing and is a one-off post now (its slot's "
        "pillar and format written into it); move it onto a new slot to follow the new rhythm:",
        "  Tue 1 Dec 2026, 08:30 « Retour sur 10 ans d'atelier à la Croix-Rousse » (ready)",
    ]
    rules = tomllib.loads(path.read_text(encoding="utf-8"))["rule"]
    assert [(r["id"], r["start"], r.get("end"), r["days"], r["times"]) for r in rules] == [
        ("hebdo", date(2026, 9, 1), date(2026, 11, 30), ["tue"], ["08:30"]),
        ("hebdo-2026-12-01", date(2026, 12, 1), None, ["tue", "thu"], ["12:30"]),
    ]

    after_agenda = agenda(capsys, bundled_plans)
    cut = "2026-12-01"
    assert [s for s in after_agenda if s["start"] < cut] == [s for s in before_agenda if s["start"] < cut]
    linkedin = [(s["planned"], s["uid"], s["pillar"]) for s in after_agenda
                if s["channel"] == "linkedin" and s["start"] >= cut][:3]
    assert linkedin == [
        ("2026-12-01T08:30", "linkedin.post.20261201T0830@calendar-app", "entreprise"),
        ("2026-12-01T12:30", "linkedin.hebdo-2026-12-01.20261201T1230@calendar-app", "entreprise"),
        ("2026-12-03T12:30", "linkedin.hebdo-2026-12-01.20261203T1230@calendar-app", "savoir-faire"),
    ]
    # No 12:30 slot before the date, in the agenda or the feed's 30 past days.
    assert not [s for s in after_agenda if s["channel"] == "linkedin" and s["start"] < cut and "12:30" in s["planned"]]
    after_feed = feed_events(capsys, bundled_plans, feeds, ics)
    past = {uid for uid, block in before_feed.items() if ics.prop(block, "DTSTART")[0] < "20261201"}
    assert past and {uid: after_feed.get(uid) for uid in past} == {uid: before_feed[uid] for uid in past}
    assert {uid for uid, block in after_feed.items() if ics.prop(block, "DTSTART")[0] < "20261201"} == past
    assert "linkedin.hebdo.20261208T0830@calendar-app" in before_feed
    assert "linkedin.hebdo.20261208T0830@calendar-app" not in after_feed


def test_the_default_date_is_the_day_after_the_last_published_post(bundled_plans, capsys):
    code, out, _ = change(capsys, bundled_plans, "linkedin", "hebdo", "--times", "12:30")
    assert code == 0
    assert out.splitlines()[0].endswith('rule "hebdo" changed from Wed 25 Nov 2026.')


def test_an_rrule_rule_changed_to_another_rrule(bundled_plans, capsys):
    path = bundled_plans / "podcast.toml"
    rule = tomllib.loads(path.read_text(encoding="utf-8"))["rule"][0]
    code, out, err = change(capsys, bundled_plans, "podcast", rule["id"], "--from", "2027-01-01",
                            "--rrule", "FREQ=MONTHLY;BYDAY=2TU")
    assert code == 0, err
    rules = tomllib.loads(path.read_text(encoding="utf-8"))["rule"]
    assert [r["id"] for r in rules] == [rule["id"], f"{rule['id']}-2027-01-01"]
    assert rules[1]["rrule"] == "FREQ=MONTHLY;BYDAY=2TU" and "every" not in rules[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linkdin", "hebdo", "--from", "2026-12-01", "--times", "12:30"],
         'calendar-app rule: "linkdin" is not a channel; did you mean "linkedin"?'),
        (["linkedin", "hebd", "--from", "2026-12-01", "--times", "12:30"],
         'calendar-app rule: "hebd" is not a rule of linkedin; did you mean "hebdo"?'),
        (["linkedin", "weekly", "--from", "2026-12-01", "--times", "12:30"],
         'calendar-app rule: "weekly" is not a rule of linkedin; rules of linkedin: hebdo'),
        (["linkedin", "hebdo", "--from", "2026-08-31", "--times", "12:30"],
         'calendar-app rule: --from 2026-08-31 is before the start of rule "hebdo" (2026-09-01); '
         "give a date on or after it"),
        (["linkedin", "hebdo", "--from", "2026-12-01"],
         "calendar-app rule: nothing to change; give at least one of --every, --interval, --days, "
         "--monthdays, --months, --times, --rrule"),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--days", "tue"],
         'calendar-app rule: linkedin: rule "hebdo" already has this timing; nothing to change'),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--times", "25:00"],
         'calendar-app rule: --times "25:00" is not a time; write HH:MM in 24-hour form, e.g. 12:30'),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--rrule", "FREQ=WEEKLY", "--days", "mon"],
         "calendar-app rule: give either --rrule or --days, not both"),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--days", "tus"],
         '{path}: rule "hebdo" (--days, value 1): "tus" is not a weekday; did you mean "tue"?\n'
         "1 problem found; nothing was written."),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--monthdays", "40"],
         '{path}: rule "hebdo" (--monthdays, value 1): 40 is not a day of the month (1 to 31, or -1 for the last)\n'
         "1 problem found; nothing was written."),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--rrule", "FREQ=WEEKLY;COUNT=3"],
         '{path}: rule "hebdo" (--rrule): COUNT is not allowed here; use the rule\'s `count` key\n'
         "1 problem found; nothing was written."),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--every", "day", "--days", "1tue"],
         '{path}: rule "hebdo" (--days, value 1): "1tue": ordinal weekdays like "1tue" need every = "month" or "year"\n'
         "1 problem found; nothing was written."),
        (["linkedin", "hebdo", "--from", "2026-12-01", "--monthdays", "31", "--months", "2"],
         '{path}: rule "hebdo": never produces a slot (no date matches all of days, monthdays and months)\n'
         "1 problem found; nothing was written."),
    ],
)
def test_bad_input_exits_2_and_leaves_the_file_byte_for_byte(bundled_plans, capsys, args, message):
    path = bundled_plans / "linkedin.toml"
    before = {p.name: p.read_bytes() for p in bundled_plans.iterdir()}
    code, out, err = change(capsys, bundled_plans, *args)
    assert (code, out) == (2, "")
    assert err == message.format(path=path) + "\n"
    assert {p.name: p.read_bytes() for p in bundled_plans.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "fortnight"], "argument --every: invalid choice: 'fortnight'"),
        (["--interval", "0"], 'argument --interval: "0" is not a whole number of 1 or more'),
        (["--monthdays", "last"], "argument --monthdays: invalid int value: 'last'"),
        (["--from", "2026-13-01"], 'argument --from: "2026-13-01" is not a date'),
    ],
)
def test_malformed_options_exit_2(bundled_plans, capsys, args, message):
    before = (bundled_plans / "linkedin.toml").read_bytes()
    code, out, err = change(capsys, bundled_plans, "linkedin", "hebdo", *args)
    assert (code, out) == (2, "") and message in err and "Traceback" not in err
    assert (bundled_plans / "linkedin.toml").read_bytes() == before


def test_a_rule_that_has_ended_or_an_invalid_plan(bundled_plans, capsys):
    path = bundled_plans / "linkedin.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("start = 2026-09-01", "start = 2026-09-01\nend = 2026-11-30"),
                    encoding="utf-8")
    before = path.read_bytes()
    code, _, err = change(capsys, bundled_plans, "linkedin", "hebdo", "--from", "2026-12-01", "--times", "12:30")
    assert code == 2
    assert err == ('calendar-app rule: linkedin: rule "hebdo" ends on 2026-11-30, before 2026-12-01; '
                   "nothing of it is left to change\n")
    assert path.read_bytes() == before
    (bundled_plans / "blog.toml").write_text("[channel]\n", encoding="utf-8")
    code, _, err = change(capsys, bundled_plans, "linkedin", "hebdo", "--from", "2026-11-01", "--times", "12:30")
    assert code == 2 and "blog.toml: channel.name: is required" in err and "nothing was written" in err
    assert path.read_bytes() == before


def test_a_file_changed_meanwhile_is_not_overwritten(bundled_plans, capsys, monkeypatch):
    import calendar_app.commands.rule as rule_command

    path = bundled_plans / "linkedin.toml"
    theirs = path.read_text(encoding="utf-8").replace('owner = "Julien"', 'owner = "Inès"')
    real = rule_command.change_rule_from

    def meanwhile(*args, **kwargs):
        path.write_text(theirs, encoding="utf-8")  # someone saves while the change is computed
        return real(*args, **kwargs)

    monkeypatch.setattr(rule_command, "change_rule_from", meanwhile)
    code, out, err = change(capsys, bundled_plans, "linkedin", "hebdo", "--from", "2026-12-01", "--times", "12:30")
    assert (code, out) == (2, "")
    assert err == (f"calendar-app rule: {path} changed on disk while the change was computed; nothing was "
                   "written, run the command again\n")
    assert path.read_text(encoding="utf-8") == theirs


def test_the_change_keeps_the_files_comments_and_other_lines(bundled_plans, capsys):
    path = bundled_plans / "instagram.toml"
    before = path.read_text(encoding="utf-8").replace('[[rule]]\nid = "reel"', '# le reel : à garder\n[[rule]]\nid = "reel"')
    path.write_text(before, encoding="utf-8")
    code, _, err = change(capsys, bundled_plans, "instagram", "feed", "--from", "2027-01-04", "--times", "17:30")
    assert (code, err) == (0, "")  # no note about lost comments: none are lost
    after = path.read_text(encoding="utf-8")
    new_rule = ('\n[[rule]]\nid = "feed-2027-01-04"\nlabel = "Post feed (lun/mer/ven)"\nevery = "week"\n'
                'days = ["mon", "wed", "fri"]\ntimes = ["17:30"]\nstart = 2027-01-04\nformat = "photo"\n'
                'pillars = ["coulisses", "produit", "conseils"]\n')
    # The old rule ends the day before; the new one follows it; every other byte is as it was.
    assert after.startswith("# Instagram : trois posts feed par semaine")
    assert after == before.replace('pillars = ["coulisses", "produit", "conseils"]\n',
                                   'pillars = ["coulisses", "produit", "conseils"]\nend = 2027-01-03\n' + new_rule, 1)
