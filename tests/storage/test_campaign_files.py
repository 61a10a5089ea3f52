"""Campaign files: each problem's exact message, the steps placed as posts of their channels, stable UIDs."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from calendar_app.core.campaigns import parse_offset, place_steps
from calendar_app.core.recurrence import expand
from calendar_app.storage.reader import load_plan

CALENDAR = '[calendar]\ntimezone = "Europe/Paris"\n'
INSTAGRAM = '''[channel]
name = "Instagram"

[[rule]]
id = "feed"
every = "week"
days = ["mon", "wed", "fri"]
times = ["18:00"]
start = 2026-09-07

[[post]]
at = 2026-12-02T18:00:00
title = "Déjà là"
'''
NEWSLETTER = '''[channel]
name = "Newsletter"

[[rule]]
id = "lettre"
every = "month"
days = ["1tue"]
times = ["09:00"]
start = 2026-09-01
'''


def plans(tmp_path: Path, campaign: str, name: str = "salon") -> Path:
    (tmp_path / "_calendar.toml").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "instagram.toml").write_text(INSTAGRAM, encoding="utf-8")
    (tmp_path / "newsletter.toml").write_text(NEWSLETTER, encoding="utf-8")
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / f"{name}.toml").write_text(campaign, encoding="utf-8")
    return tmp_path


HEAD = '[campaign]\nname = "Salon des Métiers d\'Art 🎉"\nanchor = 2026-12-04\n'


def messages(tmp_path: Path, text: str, name: str = "salon") -> list[str]:
    result = load_plan(plans(tmp_path, text, name))
    return [str(e).replace(str(tmp_path) + "/", "") for e in result.errors]


def test_steps_become_posts_one_filling_a_rule_slot_one_off(tmp_path):
    text = HEAD + '''
[[step]]
channel = "instagram"
offset = "-2w"
time = "18:00"
title = "Teaser é 🎉"

[[step]]
id = "matin"
channel = "instagram"
offset = "0d"
time = "09:15"

[[step]]
id = "lettre"
channel = "newsletter"
slot = "next"
'''
    result = load_plan(plans(tmp_path, text))
    assert result.errors == []
    assert [c.id for c in result.plan.campaigns] == ["salon"]
    assert result.plan.campaign("salon").name == "Salon des Métiers d'Art 🎉"
    slots = [s for s in expand(result.plan, date(2026, 11, 16), date(2027, 1, 10)) if s.campaign]
    # 2026-11-20 is a Friday: the feed's 18:00 slot is filled; 09:15 is no rule's time: a one-off;
    # the first Tuesday on or after 2026-12-04 is 2027-01-05.
    assert [(s.uid, s.rule, s.planned.isoformat(), s.title) for s in slots] == [
        ("instagram.campaign-salon.1@calendar-app", "feed", "2026-11-20T18:00:00", "Teaser é 🎉"),
        ("instagram.campaign-salon.matin@calendar-app", None, "2026-12-04T09:15:00", None),
        ("newsletter.campaign-salon.lettre@calendar-app", "lettre", "2027-01-05T09:00:00", None),
    ]
    # the filled rule slot is not there twice
    fridays = [s for s in expand(result.plan, date(2026, 11, 20), date(2026, 11, 21)) if s.channel == "instagram"]
    assert len(fridays) == 1
    assert result.campaign_files["salon"].path == tmp_path / "campaigns" / "salon.toml"


def test_uids_do_not_change_when_the_anchor_moves(tmp_path):
    text = HEAD + '[[step]]\nid = "lettre"\nchannel = "newsletter"\nslot = "next"\n'
    first = load_plan(plans(tmp_path, text)).plan
    moved = (tmp_path / "campaigns" / "salon.toml")
    moved.write_text(text.replace("2026-12-04", "2027-01-06"), encoding="utf-8")
    second = load_plan(tmp_path).plan
    before = [s for s in expand(first, date(2026, 12, 1), date(2027, 3, 1)) if s.campaign]
    after = [s for s in expand(second, date(2026, 12, 1), date(2027, 3, 1)) if s.campaign]
    assert [(s.uid, s.planned.isoformat()) for s in before] == [
        ("newsletter.campaign-salon.lettre@calendar-app", "2027-01-05T09:00:00")]
    assert [(s.uid, s.planned.isoformat()) for s in after] == [
        ("newsletter.campaign-salon.lettre@calendar-app", "2027-02-02T09:00:00")]
    # the January rule slot the step left is an open rule slot again, with its rule UID
    january = [s for s in expand(second, date(2027, 1, 5), date(2027, 1, 6)) if s.channel == "newsletter"]
    assert [(s.uid, s.status) for s in january] == [("newsletter.lettre.20270105T0900@calendar-app", "open")]


@pytest.mark.parametrize(("step", "expected"), [
    ('channel = "instagam"\ntime = "18:00"',
     'campaigns/salon.toml: step[1].channel: "instagam" is not a channel of the plan; did you mean "instagram"?'),
    ('channel = "instagram"\ntime = "18:00"\ntitel = "Teaser"',
     'campaigns/salon.toml: step[1].titel: unknown key; did you mean "title"?'),
    ('channel = "instagram"\noffset = "-7j"\ntime = "18:00"',
     'campaigns/salon.toml: step[1].offset: "-7j" is not an offset; write days or weeks from the anchor, '
     'e.g. "-7d", "0d", "+1d" or "+2w"'),
    ('channel = "instagram"\ntime = "18h"',
     'campaigns/salon.toml: step[1].time: "18h" is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"'),
    ('channel = "instagram"\nslot = "nxt"',
     'campaigns/salon.toml: step[1].slot: "nxt" is not a slot word; did you mean "next"?'),
    ('channel = "instagram"\ntime = "18:00"\nslot = "next"',
     "campaigns/salon.toml: step[1].slot: give either time or slot, not both"),
    ('channel = "instagram"',
     'campaigns/salon.toml: step[1]: needs time = "HH:MM" or slot = "next" / "previous" (the anchor is a date, '
     'without a time)'),
    ('channel = "instagram"\ntime = "18:00"\nid = "Teaser"',
     'campaigns/salon.toml: step[1].id: "Teaser" is not a step id (a lowercase letter, then letters, digits and "-")'),
    ('channel = "instagram"\ntime = "18:00"\noffset = "-99999w"',
     "campaigns/salon.toml: step[1].offset: lands on 0110-05-30, outside the plan years "
     "(1900 to 2200); use a smaller offset"),
    ('channel = "instagram"\ntime = "18:00"\noffset = "+9999w"',
     "campaigns/salon.toml: step[1].offset: lands on 2218-07-24, outside the plan years (1900 to 2200); "
     "use a smaller offset"),
    ('channel = "instagram"\ntime = "18:00"\noffset = "-2d"',
     "campaigns/salon.toml: step[1]: lands on 2026-12-02 18:00 on instagram, the slot of the [[post]] at = "
     "2026-12-02T18:00:00 in instagram.toml; move one of them"),
])
def test_each_problem_exact_message(tmp_path, step, expected):
    assert messages(tmp_path, HEAD + "\n[[step]]\n" + step + "\n") == [expected]


def test_two_steps_on_one_slot_and_every_problem_at_once(tmp_path):
    text = HEAD + '''
[[step]]
channel = "instagram"
time = "12:00"

[[step]]
channel = "instagram"
time = "12:00"
'''
    assert messages(tmp_path, text) == [
        "campaigns/salon.toml: step[2]: lands on 2026-12-04 12:00 on instagram, like step[1]; "
        "give one of them another time or offset"]
    bad = '[campaign]\nname = "X"\nanchor = "demain"\n\n[[step]]\nchannel = "blog"\ntime = "25:00"\n'
    (tmp_path / "b").mkdir()
    assert messages(tmp_path / "b", bad, "Mon Salon") == [
        'campaigns/Mon Salon.toml: "Mon Salon" is not a campaign id (lowercase letters, digits and "-"); '
        "rename the file to mon-salon.toml"]


def test_file_problems_are_all_reported(tmp_path):
    bad = '[campaign]\nname = "X"\nanchor = "demain"\n\n[[step]]\nchannel = "blog"\ntime = "25:00"\n'
    assert messages(tmp_path, bad) == [
        'campaigns/salon.toml: campaign.anchor: expected a date (2026-12-04) or a local date-time (2026-12-04T10:00), '
        'got "demain"',
        'campaigns/salon.toml: step[1].channel: "blog" is not a channel of the plan; channels: instagram, newsletter',
        'campaigns/salon.toml: step[1].time: "25:00" is not a time; write "HH:MM" in 24-hour form, e.g. "18:00"',
    ]


def test_a_campaign_without_steps_is_valid(tmp_path):
    result = load_plan(plans(tmp_path, HEAD))
    assert result.errors == []
    assert result.plan.campaign("salon").steps == ()


def test_date_time_anchor_gives_its_time_and_bounds_previous(tmp_path):
    text = ('[campaign]\nname = "Lancement"\nanchor = 2026-12-07T17:00:00\n\n'
            '[[step]]\nid = "veille"\nchannel = "instagram"\noffset = "-1d"\n\n'
            '[[step]]\nid = "avant"\nchannel = "instagram"\nslot = "previous"\n')
    result = load_plan(plans(tmp_path, text))
    assert result.errors == []
    placed = place_steps(result.plan.campaign("salon"), result.plan)
    # 17:00 the day before; the last rule slot at or before Monday 17:00 is Friday 18:00
    assert [(p.step.key, p.at) for p in placed] == [
        ("veille", datetime(2026, 12, 6, 17, 0)), ("avant", datetime(2026, 12, 4, 18, 0))]


def test_bundled_example_reads_with_its_campaign(bundled_plans):
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "campaigns" / "salon-metiers-art-2026.toml",
                bundled_plans / "campaigns")
    result = load_plan(bundled_plans)
    assert result.errors == []
    campaign = result.plan.campaign("salon-metiers-art-2026")
    assert len(campaign.steps) == 6


def test_offsets():
    assert [parse_offset(t) for t in ("-7d", "+1d", "0d", "+0d", "+2w", "-1w", "3d")] == [-7, 1, 0, 0, 14, -7, 3]
    for bad in ("7", "+1h", "1d2", "", "+-1d"):
        with pytest.raises(ValueError):
            parse_offset(bad)
