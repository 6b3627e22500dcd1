"""The whole-file rules on a cluster: the person keys grouped where the parts were checked.

A one-machine run sorts every person key of a kind (e-mail, phone, name + postal code) to find
the keys that several rows hold (`analysis/persons.shared`): the only whole-file work that grows
with the file. Here each part's keys stay on its worker: every worker counts its distinct keys and
sends each count to the bucket its key hashes to (a shuffle: `key % buckets`); each bucket's task
sums the counts of its keys and keeps those held more than once; every part then receives the
repeated keys (a broadcast) and returns its own entries (its rows holding one, with their key,
and their last-name key). The driver sorts these entries, far fewer than the rows, into exactly
what `persons.every_shared` would have made, and the whole-file rules conclude on it unchanged
(duplicates, objections followed to the same person, shared phones).
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis import persons
from fichier_check.engine import partitions

MAX_BUCKETS = 256


def kinds_of(states: list) -> tuple[list[str], bool]:
    """The kinds of key a part's whole-file states hold (per rule, per chunk), and whether they
    hold last names."""
    kinds, who = [], False
    for rule_states in states:
        for state in rule_states[:1]:
            kinds += [kind for kind in state if kind != "who" and kind not in kinds]
            who = who or bool(state.get("who"))
    return kinds, who


def _keys(states: list, kind: str) -> list[list[np.ndarray]]:
    """Per chunk, the kind's key arrays (one per column), from the first rule that collected them."""
    for rule_states in states:
        if rule_states and kind in rule_states[0]:
            return [state[kind] for state in rule_states]
    return []


def bucketed(states: list, kind: str, buckets: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The part's distinct keys of a kind and how many entries hold each, split into `buckets`."""
    every = [column for columns in _keys(states, kind) for column in columns]
    keys = np.concatenate(every) if every else np.zeros(0, np.uint64)
    keys, counts = np.unique(keys[keys != 0], return_counts=True)
    bucket = keys % np.uint64(buckets)
    return [(keys[bucket == b], counts[bucket == b]) for b in range(buckets)]


def pick(bucketed_keys: list, bucket: int) -> tuple[np.ndarray, np.ndarray]:
    return bucketed_keys[bucket]


def repeated(*parts: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The keys of one bucket that several entries hold, over every part (sorted)."""
    keys = np.concatenate([keys for keys, _ in parts]) if parts else np.zeros(0, np.uint64)
    counts = np.concatenate([counts for _, counts in parts]) if parts else np.zeros(0, np.int64)
    distinct, inverse = np.unique(keys, return_inverse=True)
    totals = np.bincount(inverse.reshape(-1), weights=counts, minlength=len(distinct))
    return distinct[totals > 1]


def part_entries(states: list, kind: str, *repeated_keys: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The part's entries of a kind whose key is repeated: (row index in the part, key, the
    row's last-name key or None), chunk after chunk, column after column."""
    import pandas as pd
    wanted = pd.Index(np.concatenate(repeated_keys) if repeated_keys else np.zeros(0, np.uint64))
    rows, keys, offset = [], [], 0
    for columns in _keys(states, kind):
        size = len(columns[0]) if columns else 0
        for column in columns:
            where = np.flatnonzero(wanted.get_indexer(column) >= 0) if len(wanted) else np.zeros(0, np.int64)
            rows.append(where + offset)
            keys.append(column[where])
        offset += size
    rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    keys = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
    return rows, keys, _who_at(states, rows)


def _who_at(states: list, rows: np.ndarray) -> np.ndarray | None:
    for rule_states in states:
        if rule_states and rule_states[0].get("who"):
            return np.concatenate([state["who"][0] for state in rule_states])[rows]
    return None


def conclude_keys(client, states: list, index_offsets: list[int], engine, named) -> None:
    """Group the person keys on the cluster and hand the result to the run's engine, whose
    whole-file rules then conclude as on one machine. `named(futures)`: gather, an error naming
    its part."""
    if not engine.file:
        return
    kinds, has_who = [], False
    for part_kinds, part_who in named([client.submit(kinds_of, part, pure=False) for part in states]):
        kinds += [kind for kind in part_kinds if kind not in kinds]  # a part without rows has none
        has_who = has_who or part_who
    buckets = max(1, min(len(states), MAX_BUCKETS))
    who = np.zeros(engine.rows, dtype=np.uint64)  # only the rows of shared keys are ever read
    view = partitions.file_view(engine)
    for kind in kinds:
        split = [client.submit(bucketed, part, kind, buckets, pure=False) for part in states]
        groups = [client.submit(repeated, *[client.submit(pick, each, b, pure=False) for each in split],
                                pure=False) for b in range(buckets)]
        found = named([client.submit(part_entries, part, kind, *groups, pure=False) for part in states])
        rows = np.concatenate([part_rows + offset for (part_rows, _, _), offset in zip(found, index_offsets)])
        keys = np.concatenate([part_keys for _, part_keys, _ in found])
        for (part_rows, _, part_who), offset in zip(found, index_offsets):
            if part_who is not None:
                who[part_rows + offset] = part_who
        order = np.lexsort((rows, keys))
        persons.preset_every_shared(view, kind, rows[order], keys[order])
    state = {"who": [who] if has_who else []}
    partitions.preset_states(engine, [[state] for _ in engine.file])
