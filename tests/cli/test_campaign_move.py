"""`calendar-app campaign move` (UIDs kept, only the anchor line rewritten, a blackout landing refused with
the file byte for byte) and check's passed anchor with unpublished steps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from calendar_app.cli import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "campaigns" / "salon-b12.toml"
TODAY = ["--today", "2026-11-24"]


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def plans(bundled_plans: Path) -> Path:
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(FIXTURE, bundled_plans / "campaigns" / "salon-b12.toml")
    return bundled_plans


def agenda(capsys, plans: Path) -> dict[str, dict]:
    code, out, err = run_main(capsys, "agenda", "--json", "--plans", str(plans), "--from", "2026-11-30",
                              "--weeks", "4", *TODAY)
    assert code == 0, err
    return {s["uid"]: s for s in json.loads(out)}


def test_move_keeps_the_uids_and_rewrites_only_the_anchor_line(plans, capsys):
    path = plans / "campaigns" / "salon-b12.toml"
    before_text = path.read_text(encoding="utf-8")
    before = agenda(capsys, plans)
    assert before["linkedin.campaign-salon-b12.4@calendar-app"]["rule"] == "hebdo"  # fills the rule slot
    assert before["instagram.campaign-salon-b12.1@calendar-app"]["start"] == "2026-12-02T18:00:00+01:00"
    code, out, err = run_main(capsys, "campaign", "move", "salon-b12", "--to", "2026-12-18", "--plans", str(plans), *TODAY)
    assert code == 0, err
    assert out.splitlines()[0] == f"{path}: anchor moved to 2026-12-18."
    assert path.read_text(encoding="utf-8") == before_text.replace("anchor = 2026-12-04", "anchor = 2026-12-18")
    after = agenda(capsys, plans)
    # Every step 14 days later; the LinkedIn step takes the next Tuesday slot from 12-22 (+4d).
    moved = {uid: s["start"] for uid, s in after.items() if s["campaign"] == "salon-b12"}
    assert moved == {
        "instagram.campaign-salon-b12.1@calendar-app": "2026-12-16T18:00:00+01:00",
        "blog.campaign-salon-b12.2@calendar-app": "2026-12-17T10:00:00+01:00",
        "facebook.campaign-salon-b12.3@calendar-app": "2026-12-18T17:00:00+01:00",
        "linkedin.campaign-salon-b12.4@calendar-app": "2026-12-22T08:30:00+01:00",
    }


def test_move_refuses_a_blackout_landing_without_writing(plans, capsys):
    path = plans / "campaigns" / "salon-b12.toml"
    raw = path.read_bytes()
    # Anchor 12-24: the +0d facebook step is on 12-24, the first day of the Christmas closing.
    code, out, err = run_main(capsys, "campaign", "move", "salon-b12", "--to", "2026-12-24", "--plans", str(plans), *TODAY)
    assert code == 2 and out == ""
    assert err == (f"{path}: step[3] (facebook, 2026-12-24 17:00): blackout day: Fermeture de l'atelier — Noël 🎄\n"
                   "1 step cannot land there; nothing was written.\n")
    assert path.read_bytes() == raw


def test_move_refuses_a_slot_a_channel_post_takes(plans, capsys):
    path = plans / "campaigns" / "salon-b12.toml"
    raw = path.read_bytes()
    # Anchor 12-11: the blog step (-1d 10:00) lands on 12-10 10:00, where blog.toml has a post.
    code, _, err = run_main(capsys, "campaign", "move", "salon-b12", "--to", "2026-12-11", "--plans", str(plans), *TODAY)
    assert code == 2
    assert err == (f"{path}: step[2] (blog, 2026-12-10 10:00): slot taken by « Idées cadeaux faits main : notre "
                   "sélection 2026 »\n1 step cannot land there; nothing was written.\n")
    assert path.read_bytes() == raw


def test_move_an_unknown_campaign(plans, capsys):
    code, _, err = run_main(capsys, "campaign", "move", "salon", "--to", "2026-12-18", "--plans", str(plans), *TODAY)
    assert code == 2
    assert err == 'calendar-app campaign: "salon" is not a campaign; did you mean "salon-b12"?\n'


def test_check_reports_a_passed_anchor_with_unpublished_steps(plans, capsys):
    code, out, err = run_main(capsys, "check", "--json", "--plans", str(plans), "--today", "2026-12-10")
    assert code == 1, err
    data = json.loads(out)
    assert data["campaigns"] == [{
        "campaign": "salon-b12", "kind": "anchor_passed", "anchor": "2026-12-04", "unpublished": 4,
        "message": "campaign « Salon B12 🎉 » (salon-b12): its anchor 2026-12-04 has passed with 4 steps not published"}]
    missed = sorted((c["channel"], p["at"]) for c in data["channels"] for p in c["problems"]
                    if p["kind"] == "missed" and p.get("campaign") == "salon-b12")
    # Every step is before 2026-12-10 and none is published.
    assert missed == [("blog", "2026-12-03T10:00:00+01:00"), ("facebook", "2026-12-04T17:00:00+01:00"),
                      ("instagram", "2026-12-02T18:00:00+01:00"), ("linkedin", "2026-12-08T08:30:00+01:00")]
    code, out, _ = run_main(capsys, "check", "--plans", str(plans), "--today", "2026-12-10")
    assert code == 1
    assert out.splitlines()[-1] == ("campaign « Salon B12 🎉 » (salon-b12): its anchor 2026-12-04 has passed "
                                    "with 4 steps not published")
    code, out, _ = run_main(capsys, "check", "--json", "--plans", str(plans), "--today", "2026-12-04")
    assert json.loads(out)["campaigns"] == []  # the anchor day itself has not passed
