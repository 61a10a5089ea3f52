"""The editor's garbage-collector policy: full passes wait for a pause, and the process is left as found."""

from __future__ import annotations

import gc

import pytest
from textual import events

from calendar_app.ui.idle_gc import IdleCollector

SIZE = (120, 36)


class FakeApp:
    """Just enough of an App for the collector: the timers it asks for."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, object]] = []

    def set_interval(self, interval, callback):
        self.timers.append((interval, callback))


@pytest.fixture
def gc_state():
    """Whatever a test does to the collector, the process gets its settings back."""
    threshold = gc.get_threshold()
    yield threshold
    gc.set_threshold(*threshold)
    gc.unfreeze()


def test_start_freezes_and_makes_automatic_full_passes_rarer_stop_undoes_it(gc_state):
    collector = IdleCollector(FakeApp())
    collector.start()
    first, second, full = gc_state
    assert gc.get_threshold() == (first, second, full * IdleCollector.RARER)
    assert gc.get_freeze_count() > 0
    assert len(collector.app.timers) == 1
    collector.stop()
    assert gc.get_threshold() == gc_state
    assert gc.get_freeze_count() == 0


def test_stop_without_start_changes_nothing(gc_state):
    IdleCollector(FakeApp()).stop()
    assert gc.get_threshold() == gc_state


def test_a_due_full_pass_waits_until_nothing_was_pressed_for_idle_seconds(gc_state):
    gc.set_threshold(gc_state[0], gc_state[1], 0)  # a full pass is always due
    collector = IdleCollector(FakeApp())
    collector.start()
    assert collector.due()
    collector.saw(events.Key("j", "j"))
    collector._tick()
    assert not collector.passes  # just pressed: no pass
    collector._last_input -= IdleCollector.IDLE
    collector._tick()
    assert len(collector.passes) == 1
    collector.stop()


def test_after_a_redraw_an_overdue_pass_runs_even_while_keys_are_pressed(gc_state):
    gc.set_threshold(gc_state[0], gc_state[1], 0)  # a full pass is always overdue
    collector = IdleCollector(FakeApp())
    collector.start()
    collector.saw(events.Key("right_square_bracket", None))
    collector.after_redraw()
    assert len(collector.passes) == 1
    collector.stop()


def test_after_a_redraw_no_pass_when_none_is_overdue(gc_state):
    collector = IdleCollector(FakeApp())
    collector.start()
    gc.collect()  # nothing pending
    assert not collector.due(IdleCollector.OVERDUE)
    collector.after_redraw()
    assert not collector.passes
    collector.stop()


def test_a_mouse_move_is_not_a_key_press(gc_state):
    collector = IdleCollector(FakeApp())
    collector._last_input -= 10
    before = collector._last_input
    collector.saw(events.MouseMove(None, 1, 1, 0, 0, 0, False, False, False))
    assert collector._last_input == before
    collector.saw(events.Key("right_square_bracket", None))
    assert collector._last_input > before


def test_no_pass_when_none_is_due(gc_state):
    collector = IdleCollector(FakeApp())
    collector.start()
    gc.collect()  # nothing pending now
    collector._last_input -= 10
    assert not collector.due()
    collector._tick()
    assert not collector.passes
    collector.stop()


@pytest.mark.asyncio
async def test_the_editor_runs_the_policy_while_open_and_restores_the_collector_on_exit(
    gc_state, bundled_plans, today, make_app, settle
):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == gc_state[2] * IdleCollector.RARER
        assert gc.get_freeze_count() > 0
        await pilot.press("right_square_bracket")
        await settle(pilot)
    assert gc.get_threshold() == gc_state
    assert gc.get_freeze_count() == 0
