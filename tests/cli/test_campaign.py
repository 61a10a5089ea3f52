"""`calendar-app campaign list|show`: the bundled trade fair's steps, as JSON and text."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

FAIR = Path(__file__).parents[1] / "fixtures" / "campaigns" / "salon-metiers-art-2026.toml"


@pytest.fixture
def run(cli, bundled_plans):
    """The CLI on a copy of the frozen example plus the frozen trade-fair campaign."""
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(FAIR, bundled_plans / "campaigns")
    return functools.partial(cli, cwd=bundled_plans.parent)


def test_list_json_shape_and_hand_checked_places(run):
    result = run("campaign", "list", "--plans", "plans", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data] == ["salon-metiers-art-2026"]
    salon = data[0]
    assert salon["name"] == "Salon des Métiers d'Art 🎉" and salon["anchor"] == "2026-12-04"
    got = [(s["channel"], s["start"], s["status"], s["ready"]) for s in salon["steps"]]
    # -1d 12:00; 0d 09:00; 0d 10:00; +1d next = Saturday's 11:00 reel; +4d next = Tuesday 8 December
    # 08:30; 0d next on the newsletter = first Tuesday on or after 4 December = 5 January 09:00
    assert got == [
        ("instagram", "2026-12-03T12:00:00+01:00", "ready", True),
        ("facebook", "2026-12-04T09:00:00+01:00", "scheduled", True),
        ("blog", "2026-12-04T10:00:00+01:00", "draft", False),
        ("instagram", "2026-12-05T11:00:00+01:00", "idea", False),
        ("linkedin", "2026-12-08T08:30:00+01:00", "idea", False),
        ("newsletter", "2027-01-05T09:00:00+01:00", "idea", False),
    ]
    assert salon["steps"][0]["uid"] == "instagram.campaign-salon-metiers-art-2026.teaser@calendar-app"
    assert set(salon["steps"][0]) == {"channel", "start", "end", "uid", "status", "title", "ready"}


def test_agenda_json_has_a_campaign_key_on_every_slot(run):
    result = run("agenda", "--plans", "plans", "--from", "2026-12-03", "--weeks", "1", "--json")
    slots = json.loads(result.stdout)
    assert all("campaign" in s for s in slots)
    assert [s["uid"] for s in slots if s["campaign"] == "salon-metiers-art-2026"] == [
        "instagram.campaign-salon-metiers-art-2026.teaser@calendar-app",
        "facebook.campaign-salon-metiers-art-2026.ouverture@calendar-app",
        "blog.campaign-salon-metiers-art-2026.article@calendar-app",
        "instagram.campaign-salon-metiers-art-2026.reel-salon@calendar-app",
        "linkedin.campaign-salon-metiers-art-2026.bilan-linkedin@calendar-app",
    ]


def test_show_text_and_unknown_id(run):
    result = run("campaign", "show", "salon-metiers-art-2026", "--plans", "plans", "--lang", "en")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Salon des Métiers d'Art 🎉 (salon-metiers-art-2026), anchor Fri 04 Dec 2026"
    assert lines[1] == "  ✔ Thu 03 Dec 2026, 12:00  Instagram  ready  Teaser : on prépare le stand B12 ✨"
    assert len(lines) == 7  # the heading and the six steps
    french = run("campaign", "show", "salon-metiers-art-2026", "--plans", "plans", "--lang", "fr").stdout.splitlines()
    assert french[0] == "Salon des Métiers d'Art 🎉 (salon-metiers-art-2026), ancrage le ven. 4 déc. 2026"
    assert french[3] == "  · ven. 4 déc. 2026, 10:00  Blog  brouillon  Salon des Métiers d'Art : ce que nous exposons cette année"
    bad = run("campaign", "show", "salon-metiers-art-2025", "--plans", "plans", "--lang", "en")
    assert bad.returncode == 2
    assert 'calendar-app campaign: "salon-metiers-art-2025" is not a campaign; did you mean "salon-metiers-art-2026"?' \
        in bad.stderr


def test_check_json_names_the_campaign_of_a_step_problem(run):
    # today 2026-12-03: the blog's draft step of 4 December 10:00 is within the blog's lead time
    result = run("check", "--plans", "plans", "--json", "--today", "2026-12-03", "--weeks", "1")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    found = [(c["channel"], p["kind"], p["campaign"]) for c in report["channels"] for p in c["problems"]
             if "campaign" in p]
    assert ("blog", "open_due", "salon-metiers-art-2026") in found
    assert all(p.get("campaign") is None for c in report["channels"] for p in c["problems"]
               if ".campaign-" not in (p["uid"] or ""))


def test_check_text_gathers_a_campaigns_step_problems_under_it(run):
    result = run("check", "--plans", "plans", "--today", "2026-12-03", "--weeks", "1", "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    head = lines.index("Campaign « Salon des Métiers d'Art 🎉 »: 2 to fix")
    section = "\n".join(lines[head + 1:head + 7])
    # the blog's draft of Fri 4 December (5-day lead time) and the Instagram reel idea of Sat 5 (2 days), in time order
    assert section.index("Fri 4 Dec 2026, 10:00") < section.index("Sat 5 Dec 2026, 11:00")
    assert section.count("[open_due]") == 2
    french = run("check", "--plans", "plans", "--today", "2026-12-03", "--weeks", "1", "--lang", "fr")
    assert "Campagne « Salon des Métiers d'Art 🎉 » : 2 à corriger" in french.stdout.splitlines()
