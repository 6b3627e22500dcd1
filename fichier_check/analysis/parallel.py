"""How an analysis spreads its slowest work over the run's processes without knowing them.

The analyses never start a process or a thread pool of their own. The run's machinery (`runtime`)
installs a mapper here when it has worker processes (`use_workers`), and marks each worker as one
(`as_worker`). An analysis then asks `spread` to map a pure function over many values, and
`threads_allowed` whether it may call a library that starts threads (polars): only in a worker,
which forks nothing. In the run's own process, a child forked later would inherit the locks of
those threads but not the threads, and hang the first time it used them.
"""
from __future__ import annotations

from typing import Callable

# The processes the run spreads work over (1: the analysis does it all in its own process), and
# how: `mapper(function, items, chunksize)` gives `[function(item) for item in items]`, in order.
JOBS = 1
_MAPPER: Callable | None = None
_IN_WORKER = False


def use_workers(mapper: Callable | None, jobs: int) -> None:
    """Called by the run: from now on `spread` hands its work to `mapper` when `jobs` > 1."""
    global JOBS, _MAPPER
    JOBS, _MAPPER = (jobs, mapper) if mapper is not None and jobs > 1 else (1, None)


def as_worker() -> None:
    """Called in a worker process: it does its share itself (it has no workers of its own), and
    may use threads."""
    global _IN_WORKER
    use_workers(None, 1)
    _IN_WORKER = True


def threads_allowed() -> bool:
    return _IN_WORKER


def spread(function: Callable, items: list, chunksize: int) -> list:
    """`[function(item) for item in items]`, on the run's workers when it has some."""
    if _MAPPER is None:
        return [function(item) for item in items]
    return _MAPPER(function, items, chunksize)
