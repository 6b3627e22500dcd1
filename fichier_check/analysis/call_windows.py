"""Counting calls in windows of days, per person (`analysis/calls.CallHistory`'s answers), whole
arrays at a time: calls sorted by (person, day, minute, line) in, one value per person out.

- `pressure_per_group`: the most calls in any window of `window` calendar days (first and last day
  included) and that window's first and last day; the calls in the window ending on `as_of`; the
  first day a new call keeps within `max_calls` (the `max_calls`-th latest call up to `as_of` leaves
  the window `window` days after its day). One binary search per call on `person << 32 | day`.
- `attempts_per_group`: the length of the latest run of calls without contact, and its last day.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fichier_check.analysis.dates import NO_DAY

NONE = -1  # no count
_SHIFT = 32  # person << 32 | day offset: one sortable int64 per call


@dataclass
class Pressure:
    """Per person (or per row, once matched): calls in the busiest window and its first and last
    day, calls in the window ending on `as_of`, and the first day a new call is within the limit
    (`as_of` when it already is). NONE / NO_DAY where there is no call."""

    busiest: np.ndarray
    busiest_from: np.ndarray
    busiest_to: np.ndarray
    recent: np.ndarray
    next_callable: np.ndarray

    def take(self, index: np.ndarray) -> "Pressure":
        """Rows of these arrays (index -1: no call)."""
        return Pressure(*(_take(a, index, 0 if name in ("busiest", "recent") else NO_DAY)
                          for name, a in vars(self).items()))


@dataclass
class Attempts:
    """Per person (or row): the latest calls in a row whose result is an attempt without contact,
    and the day of the last one (0 / NO_DAY when none)."""

    run: np.ndarray
    last_day: np.ndarray

    def take(self, index: np.ndarray) -> "Attempts":
        return Attempts(_take(self.run, index, 0), _take(self.last_day, index, NO_DAY))


def _take(array: np.ndarray, index: np.ndarray, missing) -> np.ndarray:
    out = np.full(len(index), missing, dtype=array.dtype)
    found = index >= 0
    out[found] = array[index[found]]
    return out



def pressure_per_group(person: np.ndarray, day: np.ndarray, persons: int, window: int, max_calls: int, as_of: int) -> Pressure:
    """`Pressure` per person of calls sorted by (person, day)."""
    n = len(day)
    busiest = np.full(persons, NONE, dtype=np.int64)
    busiest_from = np.full(persons, NO_DAY, dtype=np.int64)
    busiest_to = np.full(persons, NO_DAY, dtype=np.int64)
    recent = np.zeros(persons, dtype=np.int64)
    next_callable = np.full(persons, NO_DAY, dtype=np.int64)
    if not n:
        return Pressure(busiest, busiest_from, busiest_to, recent, next_callable)
    base = int(min(day.min(), as_of)) - window - 1
    composite = (person << _SHIFT) | (day - base)
    # the calls of each window ending on a call's day: from the first call on or after day - window + 1
    first = np.searchsorted(composite, (person << _SHIFT) | (day - window + 1 - base), side="left")
    count = np.arange(n) - first + 1
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
    owners = person[starts]
    busiest[owners] = np.maximum.reduceat(count, starts)
    # the first call closing a busiest window, per person
    at_max = np.flatnonzero(count == busiest[person])
    _, first_max = np.unique(person[at_max], return_index=True)
    ends = at_max[first_max]
    busiest_from[owners] = day[first[ends]]
    busiest_to[owners] = day[ends]
    # the window ending on as_of, and the day a new call fits in the limit again
    everyone = np.arange(persons, dtype=np.int64)
    last = np.searchsorted(composite, (everyone << _SHIFT) | (as_of - base), side="right") - 1
    opening = np.searchsorted(composite, (everyone << _SHIFT) | (as_of - window + 1 - base), side="left")
    recent[:] = np.maximum(last - opening + 1, 0)
    next_callable[:] = as_of
    full = np.flatnonzero(recent >= max_calls)
    # the max_calls-th latest call up to as_of leaves the window on its day + window
    next_callable[full] = np.maximum(day[last[full] - max_calls + 1] + window, as_of)
    return Pressure(busiest, busiest_from, busiest_to, recent, next_callable)


def attempts_per_group(person: np.ndarray, day: np.ndarray, without_contact: np.ndarray, persons: int) -> Attempts:
    """`Attempts` per person of calls sorted by (person, day, minute, line)."""
    run = np.zeros(persons, dtype=np.int64)
    last_day = np.full(persons, NO_DAY, dtype=np.int64)
    n = len(day)
    if not n:
        return Attempts(run, last_day)
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
    ends = np.r_[starts[1:], n] - 1
    owners = person[starts]
    breaker = np.where(~without_contact, np.arange(n), -1)
    last_breaker = np.maximum.reduceat(breaker, starts)
    run[owners] = ends - np.maximum(last_breaker, starts - 1)
    counted = run[owners] > 0
    last_day[owners[counted]] = day[ends[counted]]
    return Attempts(run, last_day)
