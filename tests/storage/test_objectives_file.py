"""``_objectives.toml`` validation: every problem at once, with the file, the key and the fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_app.storage.objectives import read_objectives_file

#: An engagement rate for the whole plan (no channel), per post.
ENGAGEMENT = """\
[[objective]]
id = "engagement"
title = "Taux d'engagement"
metric = "engagement_rate"
per_post = true
target = 0.045
baseline = { value = 0.032, date = 2026-09-01 }
deadline = 2027-01-31
"""


@pytest.fixture
def good(objective_tables) -> str:
    """The shared Instagram objective, its title in guillemets, then :data:`ENGAGEMENT`."""
    insta = objective_tables["insta-abonnes"].replace("abonnés Instagram", "abonnés « Instagram »")
    return insta + "\n" + ENGAGEMENT


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "_objectives.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_reads_objectives_with_accents_emoji_and_a_rate(tmp_path, good):
    objectives, errors = read_objectives_file(write(tmp_path, good), ["instagram"])
    assert errors == []
    first, second = objectives
    assert (first.title, first.target, first.baseline_date, first.renew) == (
        "2 000 abonnés « Instagram » 🎉", 2000.0, date(2026, 9, 1), "+6m")
    assert (second.channel, second.per_post, second.target, second.direction) == (None, True, 0.045, "increase")


def test_no_file_no_objective(tmp_path):
    assert read_objectives_file(tmp_path, ["instagram"]) == ([], [])


def test_every_problem_at_once(tmp_path, good):
    folder = write(tmp_path, good + """
[[objective]]
id = "insta-abonnes"
title = "x"
chanel = "instagram"
channel = "instagam"
metric = "Followers"
target = "2000"
baseline = { value = 1450, dat = 2026-09-01 }
deadline = 2026-08-01
renew = "6m"
direction = "down"
""")
    objectives, errors = read_objectives_file(folder, ["instagram", "linkedin"])
    p = folder / "_objectives.toml"
    assert objectives == []
    assert [str(e) for e in errors] == [
        f'{p}: objective[3].chanel: unknown key; did you mean "channel"?',
        f'{p}: objective[3].id: "insta-abonnes" is already the id of objective[1]; objective ids must be unique',
        f'{p}: objective[3].channel: "instagam" is not a channel; did you mean "instagram"?; omit channel for the whole plan',
        f'{p}: objective[3].metric: "Followers" is not a metric name; use lowercase letters, digits and "_", '
        'as in the results files (e.g. "engagement_rate")',
        f'{p}: objective[3].target: expected a number (2000, 0.045), got a string ("2000")',
        f'{p}: objective[3].baseline.dat: unknown key; did you mean "date"?',
        f'{p}: objective[3].baseline.date: is required',
        f'{p}: objective[3].renew: "6m" is not a period; write "+6m" (months), "+2w" (weeks), "+10d" (days) or "+1y"',
        f'{p}: objective[3].direction: "down" is not a direction; write "increase" or "decrease"',
    ]


def test_a_target_short_of_the_baseline_and_a_deadline_before_it(tmp_path):
    folder = write(tmp_path, """\
[[objective]]
id = "a"
title = "a"
metric = "followers"
target = 1000
baseline = { value = 1450, date = 2026-09-01 }
deadline = 2026-09-01
""")
    _, errors = read_objectives_file(folder, [])
    p = folder / "_objectives.toml"
    assert [str(e) for e in errors] == [
        f"{p}: objective[1].deadline: 2026-09-01 is not after the baseline's date (2026-09-01); the deadline comes after the start",
        f'{p}: objective[1].target: 1000 does not go beyond the baseline (1450) for direction = "increase"; '
        "change the target, or the direction",
    ]
