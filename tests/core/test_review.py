"""The review's figures for a fixed period, against values worked out by hand from the frozen fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from calendar_app.core.recurrence import expand
from calendar_app.core.review import review_figures
from calendar_app.storage.reader import load_plan_strict

PLANS = Path(__file__).parent.parent / "fixtures" / "review" / "plans"
#: results/posts.csv of the fixture, as (channel, at) -> metrics
METRICS = {
    ("insta", "2026-10-29T18:00"): {"reach": 9999.0},  # before the period: not shown
    ("insta", "2026-11-02T18:00"): {"reach": 1200.0, "likes": 85.0},
    ("insta", "2026-11-05T18:00"): {"reach": 3400.0, "likes": 60.0},
    ("blog", "2026-11-12T10:00"): {"reach": 500.0},
}


def figures():
    plan = load_plan_strict(PLANS)
    start, end = date(2026, 11, 2), date(2026, 11, 15)
    return review_figures(plan, expand(plan, start, date(2026, 11, 16)), start, end, METRICS)


def test_planned_published_missed_per_channel():
    review = figures()
    # insta: Mon 2 and Thu 5 published, Mon 9 cancelled (not planned), Thu 12 a draft (missed)
    # blog: Thu 5 open (missed), Thu 12 published
    assert [(c.channel, c.planned, c.published, c.missed) for c in review.channels] == [
        ("blog", 2, 1, 1), ("insta", 3, 2, 1)]
    assert [c.weekly for c in review.channels] == [
        ((date(2026, 11, 2), 0), (date(2026, 11, 9), 1)),
        ((date(2026, 11, 2), 2), (date(2026, 11, 9), 0))]


def test_posts_with_their_metrics_in_time_order():
    review = figures()
    assert [(p.channel, p.at, p.title, p.metrics) for p in review.posts] == [
        ("insta", "2026-11-02T18:00", "Bol à thé 🍵", {"reach": 1200.0, "likes": 85.0}),
        ("insta", "2026-11-05T18:00", "Reel : le four", {"reach": 3400.0, "likes": 60.0}),
        ("blog", "2026-11-12T10:00", "Émaillage, mode d'emploi", {"reach": 500.0}),
    ]


def test_best_worst_and_averages():
    review = figures()
    assert {m: p.title for m, p in review.best.items()} == {"likes": "Bol à thé 🍵", "reach": "Reel : le four"}
    assert {m: p.title for m, p in review.worst.items()} == {"likes": "Reel : le four", "reach": "Émaillage, mode d'emploi"}
    # produit: reach (1200 + 500) / 2 = 850, likes 85 (only the bowl has likes)
    assert review.by_pillar == {"coulisses": {"likes": 60.0, "reach": 3400.0},
                                "produit": {"likes": 85.0, "reach": 850.0}}
    assert review.by_format == {"article": {"reach": 500.0}, "photo": {"likes": 85.0, "reach": 1200.0},
                                "reel": {"likes": 60.0, "reach": 3400.0}}


def test_planned_is_the_regularity_reports_count():
    from calendar_app.core.regularity import check_plan

    plan = load_plan_strict(PLANS)
    start, after = date(2026, 11, 2), date(2026, 11, 16)
    slots = expand(plan, start, after)
    report = check_plan(plan, slots, start, after, today=after)
    review = review_figures(plan, slots, start, date(2026, 11, 15), METRICS)
    assert {c.channel: c.planned for c in review.channels} == {c.channel: c.slots for c in report.channels}
