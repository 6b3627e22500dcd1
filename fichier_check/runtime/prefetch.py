"""The phone and e-mail analyses of the next chunk, and its suppression-list lookups, computed by
a worker process while the run checks the current one.

On a large file these analyses are about half of the checks' time (the vectorised paths, then
phonenumbers and email-validator for the values they cannot settle), and they depend on nothing
but the column's values, so the second core can do them ahead. The first chunk's are made by the
workers too, once a second chunk is known to exist: a file of one chunk never starts a worker. At
most two chunks are alive at a time (the one checked, the one read ahead), so memory stays
bounded. The lookups (a hash join, and a SHA-256 of every distinct value when a list holds
fingerprints) need the lists: the workers inherit them (`processes.share`), and send back one
boolean per row.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import pandas as pd

from fichier_check.runtime import processes
from fichier_check.read.columns import ColumnMap
from fichier_check.analysis.lists import compared_as
from fichier_check.table import Chunk


def wanted(columns: ColumnMap, lookups: Iterable[tuple[str, str]] = ()) -> tuple[list[tuple[str, int]], list[tuple]]:
    """What the checks ask a chunk for, by `CheckContext` cache key: the analyses (`.phones` /
    `.emails`), and the list lookups (`.on_list`) of the (list, role) pairs given."""
    analyses = [("phones", p) for p in columns.phone_columns()] + [("emails", p) for p in columns.columns("email")]
    listed = []
    for name, role in dict.fromkeys(lookups):
        kind = compared_as(role)
        for position in columns.columns(role):
            listed.append(("listed", name, kind, position))
            if (kind, position) not in analyses:
                analyses.append((kind, position))
    return analyses, listed


def with_analyses(chunks: Iterator[Chunk], columns: ColumnMap, lists: dict | None = None,
                  lookups: Iterable[tuple[str, str]] = ()) -> Iterator[tuple[Chunk, dict]]:
    """Each chunk with the analyses and list lookups prepared for it (keyed as `CheckContext`'s
    cache; empty when the checks are to compute them: a file of one chunk, or a run on one core).
    `lists`: the run's suppression lists by name, read by the workers."""
    analyses, listed = wanted(columns, lookups) if processes.JOBS > 1 else ([], [])
    if listed:
        processes.share("lists", lists)
    # one task per column: the workers share them out, so a core the checks leave idle takes one
    tasks = [((kind, position), [key for key in listed if key[2:] == (kind, position)]) for kind, position in analyses]

    def submitted(chunk: Chunk) -> list:
        return [processes.worker_pool().submit(analyse, [(*key, chunk.frame[key[1]])], keys) for key, keys in tasks]

    current = next(chunks, None)
    following = next(chunks, None) if current is not None else None
    # with a second chunk, the workers start on the first one's analyses while the second is read;
    # a file of one chunk (or a run on one core) leaves them to the checks
    tickets = submitted(current) if tasks and following is not None else []
    while current is not None:
        ahead = submitted(following) if tickets and following is not None else []
        ready = {}
        for ticket in tickets:
            ready.update(processes.wait_for(ticket))
        yield current, ready
        current, tickets = following, ahead
        following = next(chunks, None) if current is not None else None


def analyse(columns: list[tuple[str, int, pd.Series]], listed: list[tuple] = ()) -> dict:
    """In a worker: the analyses of one chunk's columns, then its list lookups."""
    from fichier_check.analysis.emails import analyse_emails
    from fichier_check.analysis.phones import analyse_phones
    made = {(kind, position): analyse_phones(values) if kind == "phones" else analyse_emails(values)
            for kind, position, values in columns}
    if listed:
        lists = processes.shared("lists")
        for key in listed:
            _, name, kind, position = key
            made[key] = lists[name].contains(made[(kind, position)])
    return made
