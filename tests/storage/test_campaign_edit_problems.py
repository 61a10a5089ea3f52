"""A campaign file edit checked with the reader's validation before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from calendar_app.storage.campaign_files import edit_problems
from calendar_app.storage.campaign_steps import step_appended
from calendar_app.storage.reader import load_plan

CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml"


def _plans(bundled_plans: Path) -> Path:
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    return bundled_plans / "campaigns" / "salon-b12.toml"


def test_a_step_of_an_unknown_channel_is_named_with_its_key(bundled_plans):
    path = _plans(bundled_plans)
    before = path.read_bytes()
    plan = load_plan(bundled_plans).plan
    step = {"channel": "instagrm", "offset": "+1d", "time": "18:00", "title": "Merci à tous 🎉 é"}
    assert edit_problems(path, lambda text: step_appended(text, step), plan) == [
        'salon-b12.toml: step[5].channel: "instagrm" is not a channel of the plan; did you mean "instagram"?']
    assert path.read_bytes() == before


def test_a_good_step_has_no_problem(bundled_plans):
    path = _plans(bundled_plans)
    plan = load_plan(bundled_plans).plan
    step = {"channel": "instagram", "offset": "+1d", "time": "18:00", "title": "Merci à tous 🎉 é"}
    assert edit_problems(path, lambda text: step_appended(text, step), plan) == []


def test_a_step_out_of_the_plan_years_is_refused_with_the_placement_problem(bundled_plans):
    path = _plans(bundled_plans)
    plan = load_plan(bundled_plans).plan
    # Friday 4 December 2026 + 99999 days: 99739 to 1 January 2300, then 260 more: 18 September 2300.
    step = {"channel": "instagram", "offset": "+99999d", "time": "18:00"}
    problems = edit_problems(path, lambda text: step_appended(text, step), plan)
    assert problems == ["salon-b12.toml: step[5].offset: lands on 2300-09-18, outside the plan years "
                        "(1900 to 2200); use a smaller offset"]
