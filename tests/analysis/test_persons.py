"""Person keys and the grouping of rows by them, against a plain Python reference."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings, strategies as st

from fichier_check.analysis import persons

# a small file: each row holds up to three keys (of one kind here), among few values, 0 = none
FILES = st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=1, max_size=30)


def entries_of(table: list[list[int]], chunk: int = 4):
    """`shared` entries of a table of key values, cut in chunks of `chunk` rows."""
    columns = [np.array([row[c] for row in table], dtype=np.uint64) for c in range(3)]
    chunks = [[column[start:start + chunk] for column in columns] for start in range(0, len(table), chunk)]
    return persons.shared(chunks, [len(part[0]) for part in chunks])


def reference_groups(table: list[list[int]], max_rows: int | None = None) -> dict[int, int]:
    """row -> first row of its group, for the rows that share a key with another row (union-find)."""
    holders: dict[int, set[int]] = {}
    for row, keys in enumerate(table):
        for key in keys:
            if key:
                holders.setdefault(key, set()).add(row)
    parent = list(range(len(table)))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x
    linked = set()
    for rows in holders.values():
        if len(rows) > 1 and (max_rows is None or len(rows) <= max_rows):
            linked |= rows
            first = min(rows)
            for row in rows:
                a, b = root(first), root(row)
                parent[max(a, b)] = min(a, b)
    return {row: min(r for r in linked if root(r) == root(row)) for row in linked}


@settings(max_examples=300, deadline=None)
@given(FILES, st.sampled_from([None, 2, 3]))
def test_components_are_the_groups_of_a_union_find(table, max_rows):
    nodes, group = persons.components(*persons.links(*entries_of(table), max_rows))
    assert dict(zip(nodes.tolist(), group.tolist())) == reference_groups(table, max_rows)


@settings(max_examples=200, deadline=None)
@given(FILES)
def test_shared_and_earliest_give_each_entry_the_first_row_of_its_key(table):
    rows, keys = entries_of(table)
    first = persons.earliest(rows, keys)
    expected = sorted((key, row, min(r for r, ks in enumerate(table) if key in ks))
                      for row, ks in enumerate(table) for key in ks
                      if key and sum(k == key for other in table for k in other) > 1)
    assert sorted(zip(keys.tolist(), rows.tolist(), first.tolist())) == expected


def test_kinds_never_share_a_key():
    values = np.array([0, 1, 2, 2**63], dtype=np.uint64)
    email, phone = persons.mix(values, "email"), persons.mix(values, "phone")
    assert email[0] == phone[0] == 0 and not set(email[1:].tolist()) & set(phone[1:].tolist())
    assert (email[1:] != 0).all()


def test_names_and_postal_codes_are_folded():
    assert persons.folded(pa.array(["Lefèvre-Œuvrard", "LEFEVRE oeuvrard", "Jean Luc"])).to_pylist() == [
        "lefevreoeuvrard", "lefevreoeuvrard", "jeanluc"]
    assert persons.postal_codes(pa.array(["1000", "01 000", "75001", "2A004"])).to_pylist() == [
        "01000", "01000", "75001", "2A004"]


def test_a_name_key_needs_every_part():
    codes = np.arange(3)
    last = (codes, pa.array(["Roux", "ROUX", ""]))
    first = (codes, pa.array(["Anne", "anne", "Anne"]))
    keys = persons.name_keys([last, first], (codes, pa.array(["75001", "75 001", "75001"])))
    assert keys[0] == keys[1] != 0 and keys[2] == 0
