"""Keeps the garbage collector's full passes off key presses: they run while the person pauses."""

from __future__ import annotations

import gc
from collections import deque
from time import perf_counter

from textual import events
from textual.app import App

#: Input that means the person is at the keyboard (mouse moves do not: reading with the mouse still).
ACTIVE = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class IdleCollector:
    """Runs CPython's full collections when the person pauses instead of in the middle of a redraw.

    On an agency plan a full pass over every object takes 80-120 ms on a small machine, and
    CPython starts one whenever enough new objects have survived (the slot cache filling a
    block does that), in whichever thread allocates next: often while a key press is being
    redrawn. From ``start`` (once the first view is shown) until ``stop``:

    - the objects alive then (modules, the plan, the screens) are frozen: full passes no
      longer scan them, so they take a fraction of the time. Frozen objects are still freed by
      reference counting; the few cycles among them that die meanwhile wait for ``stop``;
    - automatic full passes are ``RARER`` times rarer (they still bound memory if nobody
      ever pauses);
    - a full pass runs once nothing was pressed for ``IDLE`` seconds and CPython would have
      run one by now;
    - for someone paging without a pause, a pass ``OVERDUE`` times overdue runs right after a
      redraw (``after_redraw``): the new week is on screen, the person is reading it.

    ``stop`` restores the thresholds, unfreezes and collects once: the process is left as the
    app found it.
    """

    IDLE = 0.5
    """Seconds without a key press or click before a due full pass runs."""
    RARER = 10
    OVERDUE = 2

    def __init__(self, app: App) -> None:
        self.app = app
        self.passes: deque[tuple[float, float]] = deque(maxlen=100)
        """(start, duration) of the last full passes it ran, in perf_counter seconds."""
        self._threshold: tuple[int, int, int] | None = None
        self._last_input = perf_counter()

    def start(self) -> None:
        if self._threshold is not None:
            return
        self._threshold = gc.get_threshold()
        first, second, full = self._threshold
        gc.set_threshold(first, second, full * self.RARER)
        gc.freeze()
        self._last_input = perf_counter()
        self.app.set_interval(self.IDLE / 5, self._tick)

    def stop(self) -> None:
        if self._threshold is None:
            return
        gc.set_threshold(*self._threshold)
        self._threshold = None
        gc.unfreeze()
        gc.collect()

    def saw(self, event: events.Event) -> None:
        """Note the person's input (called for every event the app receives)."""
        if isinstance(event, ACTIVE):
            self._last_input = perf_counter()

    def due(self, times: int = 1) -> bool:
        """A full pass is due (``times`` over): as many young collections since the last one as
        CPython's own threshold asks for (times ``times``)."""
        return self._threshold is not None and gc.get_count()[2] >= self._threshold[2] * times

    def after_redraw(self) -> None:
        """Called once a redraw the person asked for is on screen: run an overdue pass now."""
        if self.due(self.OVERDUE):
            self._collect()

    def _tick(self) -> None:
        if perf_counter() - self._last_input >= self.IDLE and self.due():
            self._collect()

    def _collect(self) -> None:
        began = perf_counter()
        gc.collect()
        self.passes.append((began, perf_counter() - began))
