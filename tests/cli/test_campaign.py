"""`calendar-app campaign list | show | move`: JSON shapes, the agenda's campaign key, a move that keeps
UIDs, a move refused on a blackout landing with the file left byte for byte."""

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


def test_list_json(plans, capsys):
    code, out, err = run_main(capsys, "campaign", "list", "--json", "--plans", str(plans), *TODAY)
    assert code == 0, err
    (campaign,) = json.loads(out)
    assert (campaign["id"], campaign["name"], campaign["anchor"]) == ("salon-b12", "Salon B12 🎉", "2026-12-04")
    # -2d 18:00, -1d 10:00, +0d 17:00, +4d next LinkedIn rule slot (Tuesday 08:30); Paris is UTC+1 in December.
    assert [(s["channel"], s["start"], s["uid"], s["status"], s["ready"]) for s in campaign["steps"]] == [
        ("instagram", "2026-12-02T18:00:00+01:00", "instagram.campaign-salon-b12.0@calendar-app", "draft", False),
        ("blog", "2026-12-03T10:00:00+01:00", "blog.campaign-salon-b12.1@calendar-app", "ready", True),
        ("facebook", "2026-12-04T17:00:00+01:00", "facebook.campaign-salon-b12.2@calendar-app", "idea", False),
        ("linkedin", "2026-12-08T08:30:00+01:00", "linkedin.campaign-salon-b12.3@calendar-app", "idea", False),
    ]
    assert campaign["steps"][0]["title"] == "Teaser : on prépare le stand"


def test_show_text_and_unknown_id(plans, capsys):
    code, out, _ = run_main(capsys, "campaign", "show", "salon-b12", "--plans", str(plans), *TODAY)
    assert code == 0
    assert out.splitlines()[0] == "salon-b12  Salon B12 🎉  anchor 2026-12-04  1/4 ready"
    assert out.splitlines()[4] == "  2026-12-08 08:30  linkedin     idea       Retour sur le salon"
    code, _, err = run_main(capsys, "campaign", "show", "salon", "--plans", str(plans), *TODAY)
    assert code == 2
    assert err == 'calendar-app campaign: "salon" is not a campaign; did you mean "salon-b12"?\n'


def agenda(capsys, plans: Path) -> dict[str, dict]:
    code, out, err = run_main(capsys, "agenda", "--json", "--plans", str(plans), "--from", "2026-11-30",
                              "--weeks", "4", *TODAY)
    assert code == 0, err
    return {s["uid"]: s for s in json.loads(out)}


def test_move_keeps_the_uids_and_rewrites_only_the_anchor_line(plans, capsys):
    path = plans / "campaigns" / "salon-b12.toml"
    before_text = path.read_text(encoding="utf-8")
    before = agenda(capsys, plans)
    assert before["linkedin.campaign-salon-b12.3@calendar-app"]["rule"] == "hebdo"  # fills the rule slot
    assert sum(1 for s in before.values() if s["campaign"] == "salon-b12") == 4
    assert before["instagram.campaign-salon-b12.0@calendar-app"]["start"] == "2026-12-02T18:00:00+01:00"
    code, out, err = run_main(capsys, "campaign", "move", "salon-b12", "--to", "2026-12-18", "--plans", str(plans), *TODAY)
    assert code == 0, err
    assert out.splitlines()[0] == f"{path}: anchor moved to 2026-12-18."
    assert path.read_text(encoding="utf-8") == before_text.replace("anchor = 2026-12-04", "anchor = 2026-12-18")
    after = agenda(capsys, plans)
    moved = {uid: s["start"] for uid, s in after.items() if s["campaign"] == "salon-b12"}
    assert moved == {
        "instagram.campaign-salon-b12.0@calendar-app": "2026-12-16T18:00:00+01:00",
        "blog.campaign-salon-b12.1@calendar-app": "2026-12-17T10:00:00+01:00",
        "facebook.campaign-salon-b12.2@calendar-app": "2026-12-18T17:00:00+01:00",
        "linkedin.campaign-salon-b12.3@calendar-app": "2026-12-22T08:30:00+01:00",
    }
    assert all(s["campaign"] is None for uid, s in after.items() if uid not in moved)


def test_move_refuses_a_blackout_landing_without_writing(plans, capsys):
    path = plans / "campaigns" / "salon-b12.toml"
    raw = path.read_bytes()
    # Anchor 12-24: the +0d facebook step is on 12-24, the first day of the Christmas closing.
    code, out, err = run_main(capsys, "campaign", "move", "salon-b12", "--to", "2026-12-24", "--plans", str(plans), *TODAY)
    assert code == 2 and out == ""
    assert err == (f"{path}: step[3] (facebook, 2026-12-24 17:00): blackout day: Fermeture de l'atelier — Noël 🎄\n"
                   "1 step cannot land there; nothing was written.\n")
    assert path.read_bytes() == raw


def test_feeds_carry_the_campaign_in_categories_and_description(plans, tmp_path, capsys):
    import icalendar

    out = tmp_path / "feeds"
    code, _, err = run_main(capsys, "export", "--plans", str(plans), "--out", str(out), *TODAY)
    assert code == 0, err
    cal = icalendar.Calendar.from_ical((out / "linkedin.ics").read_bytes())
    (event,) = [e for e in cal.walk("VEVENT") if str(e["UID"]) == "linkedin.campaign-salon-b12.3@calendar-app"]
    assert str(event["SUMMARY"]) == "LinkedIn · Retour sur le salon"
    assert event["DTSTART"].dt.isoformat() == "2026-12-08T08:30:00+01:00"
    categories = [str(c) for c in event["CATEGORIES"].cats]
    assert categories[0] == "LinkedIn" and categories[-1] == "Salon B12 🎉"
    assert "Campaign: Salon B12 🎉" in str(event["DESCRIPTION"]).splitlines()


def test_check_reports_step_problems_with_their_campaign_and_a_passed_anchor(plans, capsys):
    code, out, err = run_main(capsys, "check", "--json", "--plans", str(plans), "--today", "2026-12-10")
    assert code == 1, err
    data = json.loads(out)
    assert data["campaigns"] == [{
        "campaign": "salon-b12", "kind": "anchor_passed", "anchor": "2026-12-04", "unpublished": 4,
        "message": "campaign « Salon B12 🎉 » (salon-b12): its anchor 2026-12-04 has passed with 4 steps not published"}]
    missed = {(c["channel"], p["at"]): p for c in data["channels"] for p in c["problems"]
              if p["kind"] == "missed" and p.get("campaign")}
    # Every step is before 2026-12-10 and none is published.
    assert sorted(missed) == [("blog", "2026-12-03T10:00:00+01:00"), ("facebook", "2026-12-04T17:00:00+01:00"),
                              ("instagram", "2026-12-02T18:00:00+01:00"), ("linkedin", "2026-12-08T08:30:00+01:00")]
    step = missed[("instagram", "2026-12-02T18:00:00+01:00")]
    assert step == {"kind": "missed", "campaign": "salon-b12", "uid": "instagram.campaign-salon-b12.0@calendar-app",
                    "at": "2026-12-02T18:00:00+01:00",
                    "message": "Wed 2 Dec 2026, 18:00: « Teaser : on prépare le stand » is still a draft and the day "
                               "has passed; mark it published, or cancel it."}
    assert all("campaign" not in p for c in data["channels"] for p in c["problems"] if ".campaign-" not in (p["uid"] or ""))
