"""`calendar-app review` on the frozen review fixture: JSON figures by hand, HTML5 with its charts, Markdown, French."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import html5lib

FIXTURE = Path(__file__).parent.parent / "fixtures" / "review"
PLANS = str(FIXTURE / "plans")
SVG = "{http://www.w3.org/2000/svg}svg"


def review(cli, *args: str) -> str:
    result = cli("review", "--plans", PLANS, "--today", "2026-11-16", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fixture_copy(tmp_path: Path) -> Path:
    """A copy of the fixture's plans (returned) and results, for a test that edits them."""
    shutil.copytree(FIXTURE / "results", tmp_path / "results")
    return Path(shutil.copytree(FIXTURE / "plans", tmp_path / "plans"))


def test_json_figures_equal_those_worked_out_by_hand(cli):
    data = json.loads(review(cli, "--since", "2026-11-02", "--format", "json"))
    assert (data["start"], data["end"]) == ("2026-11-02", "2026-11-15")
    assert [{k: c[k] for k in ("channel", "planned", "published", "missed")} for c in data["channels"]] == [
        {"channel": "blog", "planned": 2, "published": 1, "missed": 1},
        {"channel": "insta", "planned": 3, "published": 2, "missed": 1}]
    assert data["channels"][1]["weekly"] == [{"week": "2026-11-02", "published": 2}, {"week": "2026-11-09", "published": 0}]
    assert data["posts"] == [
        {"channel": "insta", "at": "2026-11-02T18:00", "title": "Bol à thé 🍵", "metrics": {"likes": 85, "reach": 1200}},
        {"channel": "insta", "at": "2026-11-05T18:00", "title": "Reel : le four", "metrics": {"likes": 60, "reach": 3400}},
        {"channel": "blog", "at": "2026-11-12T10:00", "title": "Émaillage, mode d'emploi", "metrics": {"reach": 500}},
    ]
    assert data["best"]["reach"] == {"channel": "insta", "at": "2026-11-05T18:00", "title": "Reel : le four", "value": 3400}
    assert data["worst"]["reach"]["value"] == 500
    assert data["by_pillar"] == {"coulisses": {"likes": 60, "reach": 3400}, "produit": {"likes": 85, "reach": 850}}
    # followers: 1700 on 2026-11-15; expected on 2026-11-16 = 1450 + 550 x 46 / 181 days = 1589.779...
    (objective,) = data["objectives"]
    assert {k: objective[k] for k in ("id", "status", "latest", "target", "deadline", "days_left", "next")} == {
        "id": "insta-abonnes", "status": "on_track", "latest": 1700, "target": 2000, "deadline": "2027-03-31",
        "days_left": 135, "next": None}
    assert round(objective["expected"], 3) == 1589.779


def test_default_period_starts_at_the_previous_review_meeting(cli):
    # first Mondays at 10:00: the one before 2026-11-16 is 2026-11-02
    data = json.loads(review(cli, "--format", "json"))
    assert (data["start"], data["end"]) == ("2026-11-02", "2026-11-15")
    month = json.loads(review(cli, "--period", "2026-10", "--format", "json"))
    assert (month["start"], month["end"]) == ("2026-10-01", "2026-10-31")
    assert month["posts"] == []


def test_html_parses_as_html5_with_one_chart_per_channel_and_no_script(cli):
    page = review(cli, "--format", "html", "--lang", "en")
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    charts = doc.findall(f".//{SVG}")
    assert [c.get("class") for c in charts] == ["chart weekly", "chart weekly", "chart trajectory"]
    # one per channel, one per objective: the trajectory has its results (2026-10-01..11-15: 3 points)
    assert len(charts[2].findall("{http://www.w3.org/2000/svg}circle")) == 3
    assert doc.findall(".//script") == []
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "Bol à thé 🍵" in page


def test_markdown_in_french(cli):
    text = review(cli, "--lang", "fr")
    assert "**Bilan du lundi 2 novembre 2026 au dimanche 15 novembre 2026**" in text
    assert "| Canal | Prévus | Publiés | Manqués |" in text
    assert "| Insta é | 3 | 2 | 1 |" in text
    # 1 200 with a narrow no-break space, as Babel writes French
    assert "- lun. 2 nov. 2026, 18:00 · Insta é · Bol à thé 🍵 — likes 85, reach 1\u202f200" in text


def test_bad_period_exits_2(cli):
    result = cli("review", "--plans", PLANS, "--today", "2026-11-16", "--period", "2026-13", "--lang", "en")
    assert result.returncode == 2
    assert '"2026-13" is not a month; write it YYYY-MM, e.g. 2026-11' in result.stderr
    assert "Traceback" not in result.stderr


def test_without_review_meetings_the_period_is_the_four_weeks_before_today(cli, example_plans):
    result = cli("review", "--plans", str(example_plans), "--today", "2026-11-24", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["start"], data["end"]) == ("2026-10-27", "2026-11-23")


def test_since_today_is_refused(cli):
    result = cli("review", "--plans", PLANS, "--today", "2026-11-16", "--since", "2026-11-16", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr == ("calendar-app review: --since 2026-11-16 is not before today (2026-11-16); "
                             "the review covers the days before today\n")


def test_markdown_is_sane(cli):
    text = review(cli, "--lang", "en", "--since", "2026-11-02")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Atelier « test » 🎉", "## Planned and published, per channel", "## Objectives",
                        "## Published posts", "## Best and worst posts", "## Averages by pillar",
                        "## Averages by format", "## Coming weeks: open problems"]
    assert "| reach | Reel : le four (3,400) | Émaillage, mode d'emploi (500) |" in text
    # 1450 + 550 x 46 / 181 = 1589.8, shown as `objectives` shows it (a decimal at most, four for a rate)
    assert "| 2 000 abonnés Insta 🎉 | on track | 1,700 | 1,589.8 | 2,000 | Wed 31 Mar 2027 |" in text


def test_results_folder_option(cli, tmp_path):
    empty = tmp_path / "no-results"
    empty.mkdir()  # a folder without its files: nothing recorded yet
    data = json.loads(review(cli, "--format", "json", "--results", str(empty)))
    assert [p["metrics"] for p in data["posts"]] == [{}, {}, {}]
    assert data["best"] == {} and data["objectives"][0]["latest"] is None


def test_html_escapes_plan_text(cli, tmp_path):
    plans = fixture_copy(tmp_path)
    toml = (plans / "blog.toml").read_text(encoding="utf-8")
    (plans / "blog.toml").write_text(toml.replace("Émaillage, mode d'emploi", "<script>alert(1)</script> & é"),
                                     encoding="utf-8")
    result = cli("review", "--plans", str(plans), "--today", "2026-11-16", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; é" in result.stdout


def test_the_campaigns_of_the_period_are_listed_with_their_steps(cli, tmp_path):
    plans = fixture_copy(tmp_path)
    (plans / "campaigns").mkdir()
    (plans / "campaigns" / "portes-ouvertes.toml").write_text(
        '[campaign]\nname = "Portes ouvertes 🎉"\nanchor = 2026-11-19\n\n'
        '[[step]]\nchannel = "insta"\noffset = "-8d"\ntime = "12:00"\ntitle = "Teaser é"\nstatus = "published"\n\n'
        '[[step]]\nchannel = "blog"\noffset = "+0d"\ntime = "10:00"\ntitle = "Le programme"\nstatus = "draft"\n',
        encoding="utf-8")
    # anchored after the period with no step in it: not listed
    (plans / "campaigns" / "noel.toml").write_text(
        '[campaign]\nname = "Noël"\nanchor = 2026-12-10\n\n'
        '[[step]]\nchannel = "insta"\noffset = "-2d"\ntime = "12:00"\ntitle = "Bientôt"\n', encoding="utf-8")
    result = cli("review", "--plans", str(plans), "--today", "2026-11-16", "--since", "2026-11-02", "--format", "json")
    assert result.returncode == 0, result.stderr
    (campaign,) = json.loads(result.stdout)["campaigns"]
    assert (campaign["id"], campaign["name"], campaign["anchor"]) == ("portes-ouvertes", "Portes ouvertes 🎉", "2026-11-19")
    assert [(s["channel"], s["start"], s["status"], s["ready"]) for s in campaign["steps"]] == [
        ("insta", "2026-11-11T12:00:00+01:00", "published", True), ("blog", "2026-11-19T10:00:00+01:00", "draft", False)]
    md = cli("review", "--plans", str(plans), "--today", "2026-11-16", "--since", "2026-11-02", "--lang", "en")
    assert "Portes ouvertes 🎉 · anchor" in md.stdout and "steps published: 1 of 2, ready: 1" in md.stdout
    assert "Noël" not in md.stdout
    page = cli("review", "--plans", str(plans), "--today", "2026-11-16", "--since", "2026-11-02", "--format", "html",
               "--lang", "fr")
    assert "Portes ouvertes 🎉" in page.stdout and "étapes publiées : 1 sur 2, prêtes : 1" in page.stdout


def test_a_met_objective_shows_its_proposed_successor_in_markdown_and_html(cli, tmp_path):
    plans = fixture_copy(tmp_path)
    with open(plans / "_objectives.toml", "a", encoding="utf-8") as f:
        f.write('\n[[objective]]\nid = "insta-1600"\ntitle = "1 600 abonnés"\nchannel = "insta"\nmetric = "followers"\n'
                'target = 1600\nbaseline = { value = 1450, date = 2026-10-01 }\ndeadline = 2026-12-31\nrenew = "+3m"\n')
    # met on 2026-11-01 at 1600, and still met on the 15th (1700): the same +150 again from 1600, due
    # 3 months after the 1st; later results do not move it
    args = ("review", "--plans", str(plans), "--today", "2026-11-16", "--lang", "en")
    text = cli(*args).stdout
    assert "| ↳ next: 1,750 by Mon 01 Feb 2027 |  |  |  |  |  |" in text
    page = cli(*args, "--format", "html").stdout
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    rows = ["".join(tr.itertext()).strip() for tr in doc.findall(".//tr[@class='next']")]
    assert rows == ["↳ next: 1,750 by Mon 01 Feb 2027"]


def test_a_month_not_begun_is_refused_and_the_current_one_stops_at_yesterday(cli):
    result = cli("review", "--plans", PLANS, "--today", "2026-11-16", "--period", "2026-12", "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--period 2026-12 has not begun before today (2026-11-16); the review covers the days before today" in result.stderr
    data = json.loads(review(cli, "--period", "2026-11", "--format", "json"))
    # 1-15 November: the slots of the 16th onwards are not due yet, so not missed
    assert (data["start"], data["end"]) == ("2026-11-01", "2026-11-15")
    assert data["channels"] == json.loads(review(cli, "--since", "2026-11-01", "--format", "json"))["channels"]


def test_a_results_folder_that_does_not_exist_is_an_error(cli, tmp_path):
    for command in (("review",), ("objectives",), ("check", "--objectives")):
        result = cli(*command, "--plans", PLANS, "--today", "2026-11-16", "--results", str(tmp_path / "nowhere"),
                     "--lang", "en")
        assert result.returncode == 2, command
        assert (f"{tmp_path / 'nowhere'}: no such folder; --results names the folder of accounts.csv and posts.csv "
                "(default: results/ beside the plans folder)") in result.stderr
