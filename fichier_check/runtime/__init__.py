"""The run machinery that exists only for speed and robustness, behind one narrow interface.

Everything outside this package uses the names below, imported from `fichier_check.runtime`, and
never one of its modules: the modules are free to change. Checks, analyses and reporters use none
of them (a test says so); the engine, the readers' caller and the writers use only these.

- processes: `set_jobs`, `jobs`, `shutdown_pool` (the worker pool of `--jobs`), `ForkedSink` and
  `forked_task` (one output written by a forked child), `in_forked_child` (work committed with
  the outputs), `ChildStopped`;
- prefetch: `with_analyses` (each chunk with its phone/e-mail analyses made ahead by a worker);
- replay: `parsed_once` (a CSV file's second pass replays its first);
- spool: `FindingStore` (a rule's findings kept on disk until the reports), `StoredFindings` (a
  store's findings as plain data, from one machine to another);
- memory: `bound_memory` (allocator tuning for the run's process), `spare_the_collector`
  (the garbage collector leaves the imported modules' objects alone);
- progress: `RowProgress` (the progress bar on a terminal).

A name is looked up in its module at each use (`runtime.jobs()`), so a run that does not need
a module does not import it.
"""
from __future__ import annotations

import importlib

_HOMES = {
    "set_jobs": "processes", "jobs": "processes", "shutdown_pool": "processes", "ForkedSink": "processes",
    "forked_task": "processes", "ChildStopped": "processes", "in_forked_child": "processes",
    "with_analyses": "prefetch",
    "parsed_once": "replay",
    "FindingStore": "spool", "StoredFindings": "spool",
    "bound_memory": "memory", "spare_the_collector": "memory",
    "RowProgress": "progress",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


def __dir__() -> list[str]:
    return __all__
