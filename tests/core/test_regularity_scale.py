"""check_plan's work grows with the plan, not with its square: the channel list is walked a fixed
number of times however many channels there are (each channel's hours once looked every channel up)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import check_plan
from calendar_app.storage.reader import load_plan_strict


class Walks(tuple):
    """A tuple that counts how many times it is iterated."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def walks_for(plan, copies: int, today) -> int:
    channels = tuple(replace(c, id=f"{c.id}-{i}") for i in range(copies) for c in plan.channels)
    counted = type("Counted", (Walks,), {"walks": 0})(channels)
    scaled = replace(plan, channels=counted)
    end = today + timedelta(weeks=6)
    slots = expand(scaled, today, end)
    type(counted).walks = 0
    report = check_plan(scaled, slots, today, end, today=today, past_days=14)
    assert len(report.channels) == len(channels)
    return type(counted).walks


def test_check_plan_walks_the_channels_as_often_for_3x_the_channels(example_plans, today):
    plan = load_plan_strict(example_plans)
    once, thrice = walks_for(plan, 1, today), walks_for(plan, 3, today)
    assert once == thrice
    assert once <= 3
