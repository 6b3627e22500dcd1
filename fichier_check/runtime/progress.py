"""A progress bar on stderr for long runs (rows/s and ETA), only when stderr is a terminal, and
only once the run has lasted more than a second: silent in CI, in pipes and with --quiet."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

DELAY_SECONDS = 1.0


class RowProgress:
    """Call with (rows_done, estimated_total, phase); draws after DELAY_SECONDS; `close()` at the
    end. Each phase ("checking", then "writing" for a file read twice) has its own bar and ETA."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task = None
        self._phase, self._phase_started = "checking", self.started

    def __call__(self, rows: int, total: int | None = None, phase: str = "checking") -> None:
        if phase != self._phase:
            self._phase, self._phase_started = phase, time.monotonic()
            if self._task is not None:
                self._progress.remove_task(self._task)
                self._task = None
        if not self.enabled or time.monotonic() - self.started < DELAY_SECONDS:
            return
        if self._progress is None:
            console = Console(stderr=True, markup=False, highlight=False)
            self._progress = Progress(TextColumn("fichier-check {task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("{task.fields[rate]} rows/s"), TimeRemainingColumn(),
                                      console=console, transient=True)
            self._progress.start()
        if self._task is None:
            self._task = self._progress.add_task(phase, total=total, rate="-")
        elapsed = max(time.monotonic() - self._phase_started, 1e-6)
        self._progress.update(self._task, completed=rows, total=max(total or rows, rows),
                              rate=f"{rows / elapsed:,.0f}")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
