"""Plan files in unusual shapes: a BOM, odd channel ids, post times to the second, control characters."""

from __future__ import annotations

from pathlib import Path

from calendar_app.storage.plans import load_plan

CHANNEL = '[channel]\nname = "Blog"\ntimezone = "Europe/Paris"\n'


def plans_with(tmp_path: Path, name: str, data: bytes) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / name).write_bytes(data)
    return plans


def test_a_channel_id_may_not_start_with_a_dash(tmp_path):
    # `--channel -x` would be read as an option by every command.
    result = load_plan(plans_with(tmp_path, "-x.toml", CHANNEL.encode()))
    assert [str(e) for e in result.errors] == [
        (f'{tmp_path / "plans" / "-x.toml"}: "-x" is not a channel id (lowercase letters, digits and "-", '
         'starting with a letter or digit); rename the file to x.toml')
    ]


def test_a_utf8_bom_is_accepted(tmp_path):
    # Windows Notepad saves "UTF-8" with a byte order mark; tomllib alone says "Invalid statement".
    result = load_plan(plans_with(tmp_path, "blog.toml", b"\xef\xbb\xbf" + CHANNEL.encode()))
    assert result.errors == []
    assert [c.name for c in result.plan.channels] == ["Blog"]


def test_tabs_and_newlines_stay_allowed_in_notes(tmp_path):
    text = CHANNEL + '[[post]]\nat = 2026-12-01T18:00:00\nnotes = """a\tb\r\nc"""\n'
    result = load_plan(plans_with(tmp_path, "blog.toml", text.encode()))
    assert result.errors == []
    assert result.plan.channels[0].posts[0].notes == "a\tb\nc"


def test_a_named_pipe_is_reported_not_waited_on(tmp_path):
    import os

    plans = plans_with(tmp_path, "blog.toml", CHANNEL.encode())
    os.mkfifo(plans / "pipe.toml")
    (plans / "_calendar.toml").write_text('[calendar]\nics = ["feed.ics"]\n', encoding="utf-8")
    os.mkfifo(plans / "feed.ics")
    result = load_plan(plans)  # used to block forever on open()
    assert sorted((Path(e.path).name, e.key) for e in result.errors) == [
        ("_calendar.toml", "calendar.ics[1]"), ("pipe.toml", "")]
    assert all("not a regular file" in e.message for e in result.errors)


def test_a_broken_calendar_link_is_named(tmp_path):
    plans = plans_with(tmp_path, "blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").symlink_to(tmp_path / "gone.toml")
    result = load_plan(plans)
    assert [(Path(e.path).name, e.message) for e in result.errors] == [
        ("_calendar.toml", f"cannot read the file (a symbolic link to {tmp_path / 'gone.toml'}, which does not exist)")]


def test_imported_titles_lose_their_control_characters():
    from calendar_app.storage.plans import import_key_dates

    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
            "DTSTART;VALUE=DATE:20261210\r\nSUMMARY:F\x1b[31mête\\nici 👨‍👩‍👧\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    assert [k.title for k in import_key_dates(data, "x.ics")] == ["F [31mête ici 👨‍👩‍👧"]


def test_key_dates_out_of_range_are_named(tmp_path):
    plans = plans_with(tmp_path, "blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").write_text(
        '[[key_date]]\ndate = 2026-01-01\nend = 9999-12-31\ntitle = "Toujours"\n'
        '[[key_date]]\ndate = 0001-01-01\ntitle = "Jamais"\n', encoding="utf-8")
    result = load_plan(plans)
    assert [(e.key, e.message) for e in result.errors] == [
        ("key_date[1].end", "9999-12-31 is out of range (years 1900 to 2200)"),
        ("key_date[2].date", "0001-01-01 is out of range (years 1900 to 2200)"),
    ]


def test_imported_key_dates_stay_in_the_plan_years():
    from datetime import date

    from calendar_app.storage.plans import import_key_dates

    def event(*lines: str) -> str:
        return "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:E\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"

    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
            + event("DTSTART;VALUE=DATE:00010101")
            + event("DTSTART:20261210T100000", "DTEND:99991231T100000")
            + event("DTSTART;VALUE=DATE:18990101", "RRULE:FREQ=YEARLY;COUNT=3")
            + "END:VCALENDAR\r\n").encode()
    got = [(k.date, k.last) for k in import_key_dates(data, "x.ics")]
    assert got == [(date(2026, 12, 10), date(2200, 12, 31)), (date(1900, 1, 1), date(1900, 1, 1)),
                   (date(1901, 1, 1), date(1901, 1, 1))]


def test_a_blank_key_date_title_is_named(tmp_path):
    plans = plans_with(tmp_path, "blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").write_text('[[key_date]]\ndate = 2026-01-01\ntitle = ""\n', encoding="utf-8")
    assert [e.key for e in load_plan(plans).errors] == ["key_date[1].title"]


def test_localtime_is_not_a_plan_zone(tmp_path):
    # It is whatever zone the machine reading the plan has, and a TZID no calendar app knows.
    text = CHANNEL.replace("Europe/Paris", "localtime")
    errors = load_plan(plans_with(tmp_path, "blog.toml", text.encode())).errors
    assert [(e.key, e.message) for e in errors] == [
        ("channel.timezone", '"localtime" is the zone of the machine reading the plan, not a zone name; '
                             'use an IANA name like "Europe/Paris"')]


def test_a_symlink_loop_is_named(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").symlink_to("x.toml")
    assert [e.message for e in load_plan(plans).errors] == ["cannot read the file (Too many levels of symbolic links)"]
