"""The phone and e-mail analyses of the next chunk, computed by a worker process while the run
checks the current one.

On a large file these analyses are about half of the checks' time (the vectorised paths, then
phonenumbers and email-validator for the values they cannot settle), and they depend on nothing
but the column's values, so the second core can do them ahead. The first chunk's are left to the
checks themselves: a file of one chunk never starts a worker. At most two chunks are alive at a
time (the one checked, the one read ahead), so memory stays bounded.
"""
from __future__ import annotations

from typing import Iterator

import pandas as pd

from fichier_check import processes
from fichier_check.columns import ColumnMap
from fichier_check.table import Chunk


def wanted(columns: ColumnMap) -> list[tuple[str, int]]:
    """The analyses the checks ask a chunk for (`CheckContext.phones` / `.emails`), by cache key."""
    return [("phones", p) for p in columns.phone_columns()] + [("emails", p) for p in columns.columns("email")]


def with_analyses(chunks: Iterator[Chunk], columns: ColumnMap) -> Iterator[tuple[Chunk, dict]]:
    """Each chunk with the analyses prepared for it (keyed as `CheckContext`'s cache; empty when
    the checks are to compute them: the first chunk, or a run on one core)."""
    keys = wanted(columns) if processes.JOBS > 1 else []
    current, ready = next(chunks, None), {}
    while current is not None:
        following = next(chunks, None)
        ticket = (processes.worker_pool().submit(analyse, [(k, p, following.frame[p]) for k, p in keys])
                  if following is not None and keys else None)
        yield current, ready
        current, ready = following, (processes.wait_for(ticket) if ticket is not None else {})


def analyse(columns: list[tuple[str, int, pd.Series]]) -> dict:
    """In a worker: the analyses of one chunk's columns."""
    from fichier_check.emails import analyse_emails
    from fichier_check.phones import analyse_phones
    return {(kind, position): analyse_phones(values) if kind == "phones" else analyse_emails(values)
            for kind, position, values in columns}
