"""Objectives' progress on hand-computed results: the straight line, each status, the renewal."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.core.objectives import Objective, Results, add_period, expected_value, progress, progress_json

#: 100 on Jan 1st to 200 on Jan 11th: 10 a day on the straight line.
FOLLOWERS = Objective("abonnes", "200 abonnés 🎉", "followers", 200.0, 100.0, date(2026, 1, 1), date(2026, 1, 11),
                      channel="instagram", renew="+1m")


def accounts(*rows: tuple[str, float], channel="instagram", metric="followers") -> Results:
    return Results({(channel, metric): list(rows)}, {})


def test_expected_value_is_on_the_straight_line():
    assert expected_value(FOLLOWERS, date(2026, 1, 5)) == 140.0  # 4 days of 10
    assert expected_value(FOLLOWERS, date(2025, 12, 20)) == 100.0  # before the baseline: the baseline
    assert expected_value(FOLLOWERS, date(2026, 2, 1)) == 200.0  # after the deadline: the target


def test_on_track_when_the_latest_value_reaches_the_expected_one():
    p = progress(FOLLOWERS, accounts(("2026-01-03", 120.0), ("2026-01-05", 141.0)), date(2026, 1, 5))
    assert (p.status, p.latest, p.latest_date, p.expected, p.days_left, p.next) == (
        "on_track", 141.0, date(2026, 1, 5), 140.0, 6, None)


def test_behind_when_short_of_the_expected_value_and_the_latest_row_counts_not_a_later_one():
    results = accounts(("2026-01-04", 125.0), ("2026-01-06", 190.0))
    p = progress(FOLLOWERS, results, date(2026, 1, 5))
    assert (p.status, p.latest, p.expected) == ("behind", 125.0, 140.0)
    assert p.history == ((date(2026, 1, 4), 125.0),)


def test_behind_when_nothing_is_recorded():
    p = progress(FOLLOWERS, Results(), date(2026, 1, 5))
    assert (p.status, p.latest, p.latest_date) == ("behind", None, None)
    assert progress_json(p)["latest"] is None


def test_overdue_once_the_deadline_has_passed_unmet():
    p = progress(FOLLOWERS, accounts(("2026-01-10", 180.0)), date(2026, 1, 12))
    assert (p.status, p.days_left) == ("overdue", -1)


def test_met_with_the_renewal_proposed_the_same_increase_again():
    p = progress(FOLLOWERS, accounts(("2026-01-09", 205.0)), date(2026, 1, 12))
    assert p.status == "met"
    # 205 + (200 - 100) = 305, due a month after the day it was met.
    assert (p.next.target, p.next.deadline) == (305.0, date(2026, 2, 9))
    assert progress_json(p)["next"] == {"target": 305, "deadline": "2026-02-09"}


def test_the_renewal_is_proposed_from_the_day_the_target_was_met_for_good():
    # met on the 7th (201), short again on the 8th (198), met since the 9th (205): from 205 on the 9th
    rows = [("2026-01-06", 190.0), ("2026-01-07", 201.0), ("2026-01-08", 198.0), ("2026-01-09", 205.0)]
    p = progress(FOLLOWERS, accounts(*rows), date(2026, 1, 12))
    assert (p.status, p.latest, p.next.target, p.next.deadline) == ("met", 205.0, 305.0, date(2026, 2, 9))
    # later results, still met: the same proposal (it used to follow the latest value and date)
    later = progress(FOLLOWERS, accounts(*rows, ("2026-01-15", 230.0), ("2026-01-20", 240.0)), date(2026, 1, 21))
    assert (later.latest, later.next) == (240.0, p.next)
    # a decrease is met by falling to the target: from the first day of the run at or below it
    churn = Objective("churn", "Désabonnements", "unfollows", 10.0, 30.0, date(2026, 1, 1), date(2026, 3, 1),
                      channel="instagram", direction="decrease", renew="+10d")
    q = progress(churn, accounts(("2026-01-10", 12.0), ("2026-01-20", 9.0), ("2026-01-25", 8.0), metric="unfollows"),
                 date(2026, 1, 26))
    assert (q.status, q.next.target, q.next.deadline) == ("met", 0.0, date(2026, 1, 30))  # 9 - 20 stops at 0


def test_a_rate_met_by_the_mean_of_the_posts_of_the_last_30_days():
    rate = Objective("engagement", "Engagement à 4,5 %", "engagement_rate", 0.045, 0.03, date(2026, 1, 1), date(2026, 6, 30),
                     channel="instagram", per_post=True, renew="+2w")
    posts = {("instagram", "engagement_rate"): [("2026-02-01T18:00", 0.02),  # 31 days before today: not counted
                                                 ("2026-02-10T18:00", 0.05), ("2026-03-01T11:00", 0.046)],
             ("instagram", "reach"): [("2026-02-10T18:00", 1200.0)],
             ("facebook", "engagement_rate"): [("2026-03-01T11:00", 0.001)]}
    p = progress(rate, Results({}, posts), date(2026, 3, 3))
    assert p.latest == pytest.approx(0.048)  # (0.05 + 0.046) / 2
    assert (p.status, p.latest_date) == ("met", date(2026, 3, 1))
    assert (p.next.target, p.next.deadline) == (0.063, date(2026, 3, 15))  # 0.048 + 0.015


def test_the_by_post_view_of_the_results():
    results = Results({}, {("instagram", "reach"): [("2026-02-10T18:00", 1200.0)],
                           ("instagram", "likes"): [("2026-02-10T18:00", 48.0)]})
    assert results.post_metrics("instagram", "2026-02-10T18:00") == {"reach": 1200.0, "likes": 48.0}
    assert results.post_metrics("instagram", "2026-02-11T18:00") == {}
    assert results.metrics() == {"reach", "likes"}


def test_decrease_is_met_when_the_value_falls_to_the_target():
    unsubscribes = Objective("desabo", "Moins de 10 désabonnements", "unsubscribes", 10.0, 30.0, date(2026, 1, 1),
                             date(2026, 1, 21), channel="newsletter", direction="decrease", renew="+10d")
    results = accounts(("2026-01-11", 19.0), channel="newsletter", metric="unsubscribes")
    assert progress(unsubscribes, results, date(2026, 1, 11)).status == "on_track"  # expected 20, 19 is below
    behind = accounts(("2026-01-11", 21.0), channel="newsletter", metric="unsubscribes")
    assert progress(unsubscribes, behind, date(2026, 1, 11)).status == "behind"
    met = progress(unsubscribes, accounts(("2026-01-15", 8.0), channel="newsletter", metric="unsubscribes"), date(2026, 1, 16))
    assert (met.status, met.next.target, met.next.deadline) == ("met", 0.0, date(2026, 1, 25))  # 8 - 20 stops at 0


def test_the_whole_plan_adds_up_each_channels_latest_value():
    whole = Objective("audience", "Audience totale", "followers", 1000.0, 500.0, date(2026, 1, 1), date(2026, 12, 31))
    results = Results({("instagram", "followers"): [("2026-01-02", 300.0), ("2026-01-09", 320.0)],
                       ("linkedin", "followers"): [("2026-01-05", 250.0)]}, {})
    p = progress(whole, results, date(2026, 1, 10))
    assert (p.latest, p.latest_date) == (570.0, date(2026, 1, 9))
    assert p.history == ((date(2026, 1, 2), 300.0), (date(2026, 1, 5), 550.0), (date(2026, 1, 9), 570.0))


@pytest.mark.parametrize(("day", "renew", "expected"), [
    (date(2026, 8, 31), "+6m", date(2027, 2, 28)),
    (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
    (date(2026, 12, 2), "+2w", date(2026, 12, 16)),
    (date(2026, 12, 25), "+10d", date(2027, 1, 4)),
    (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
])
def test_add_period(day, renew, expected):
    assert add_period(day, renew) == expected


def test_add_period_refuses_a_malformed_period():
    with pytest.raises(ValueError):
        add_period(date(2026, 1, 1), "6m")
