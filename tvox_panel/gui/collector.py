"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs wherever an allocation happens to cross its threshold: on the worker
thread in the middle of a request, or on a simulator thread. A Qt object caught in a
reference cycle is then destroyed on that thread, and Qt kills its timers from the wrong
thread ("Timers cannot be stopped from another thread"), which later crashes the panel.
With automatic collection off and this timer calling it, every collection happens on the
GUI thread, between events, with the same thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, Qt, QTimer


class GuiThreadCollector(QObject):
    """Turns automatic garbage collection off and collects from a timer on this thread.

    Args:
        interval_ms: How often to look at the allocation counts.
    """

    def __init__(self, interval_ms: int = 2000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        # Coarse and every 2 s: an idle panel allocates nothing, and a cycle waiting a
        # moment longer costs nothing, but a wake-up costs battery.
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold, as Python would."""
        counts = gc.get_count()
        generation = -1
        for gen, (count, threshold) in enumerate(zip(counts, self._thresholds, strict=True)):
            if threshold and count > threshold:
                generation = gen
        if generation >= 0:
            gc.collect(generation)

    def stop(self) -> None:
        """Collect once more and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        gc.enable()
