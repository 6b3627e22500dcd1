"""Findings wait on disk between the engine and the reports: nothing lost, order kept, examples
capped, and the counts the JSON report gives (distinct rows, first and last row) kept on the way."""
from __future__ import annotations

import numpy as np

from fichier_check.runtime.spool import KEPT_EXAMPLES, FindingStore


def replayed(store):
    return [(rows.tolist(), lines.to_pylist(), values.to_pylist(), details.to_pylist())
            for rows, lines, values, details, _ in store.batches()]


def test_batches_come_back_in_order_with_every_finding():
    store = FindingStore()
    store.append(np.array([2, 5]), ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"], np.array([2, 6]))
    store.append(np.array([], dtype=np.int64), [], [])
    store.append(np.array([9]), ["x"], ["détail"])
    store.close()
    assert replayed(store) == [([2, 5], [2, 6], ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"]),
                               ([9], [None], ["x"], ["détail"])]
    assert store.count == 3
    assert replayed(store) == replayed(store)  # re-readable


def test_only_the_first_findings_are_kept_in_memory_as_examples():
    store = FindingStore()
    for start in range(0, 3 * KEPT_EXAMPLES, 50):
        rows = np.arange(start, start + 50)
        store.append(rows, [str(r) for r in rows], [None] * 50, rows + 1)
    assert store.count == 3 * KEPT_EXAMPLES
    assert store.example_rows == list(range(KEPT_EXAMPLES))
    assert store.example_lines == list(range(1, KEPT_EXAMPLES + 1))
    assert sum(len(rows) for rows, *_ in store.batches()) == 3 * KEPT_EXAMPLES


def test_the_number_of_examples_kept_is_the_runs_choice():
    store = FindingStore(examples=3)
    store.append(np.arange(2, 12), ["v"] * 10, [None] * 10)
    assert store.example_rows == [2, 3, 4] and store.count == 10
    assert FindingStore(examples=0).example_rows == []


def test_first_and_last_row_and_distinct_rows_are_counted():
    store = FindingStore()
    store.append(np.array([4, 7, 9]), ["a", "b", "c"], [None] * 3, chunk=0)
    store.append(np.array([12, 15]), ["d", "e"], [None] * 2, chunk=1)
    assert (store.first_row, store.last_row, store.rows_affected) == (4, 15, 5)


def test_a_row_found_twice_in_one_chunk_is_one_row_affected():
    store = FindingStore()
    store.append(np.array([20, 21]), ["a", "b"], [None] * 2, chunk=3)
    store.append(np.array([30, 40]), ["a", "c"], [None] * 2, chunk=3)  # a second hit of the same chunk
    store.append(np.array([23, 21, 40, 20]), ["d", "b", "d", "a"], [None] * 4, chunk=3)  # unsorted, repeated
    assert store.count == 8 and store.rows_affected == 5
    assert (store.first_row, store.last_row) == (20, 40)
    store.append(np.array([50, 50]), ["e", "e"], [None] * 2, chunk=4)
    assert store.rows_affected == 6


def test_without_chunk_numbers_every_row_is_remembered():
    store = FindingStore()
    for rows in ([10, 20], [30, 40], [10, 50]):
        store.append(np.array(rows), ["v"] * 2, [None] * 2)
    assert store.rows_affected == 5


def test_an_empty_store_has_no_batches_and_no_rows():
    store = FindingStore()
    assert list(store.batches()) == []
    assert (store.count, store.rows_affected, store.first_row, store.last_row) == (0, 0, None, None)


def test_a_store_made_elsewhere_is_absorbed_after_the_findings_held_its_rows_and_lines_moved():
    here, there = FindingStore(examples=3), FindingStore(examples=3)
    here.append(np.array([2, 3]), ["a", "b"], ["d1", None], np.array([2, 3]), chunk=0)
    there.append(np.array([2, 2, 5]), ["c", "c2", "d"], ["x", "y", "z"], np.array([2, 2, 6]), chunk=0)
    here.absorb(there.export(), row_offset=10, line_offset=20)
    found = [(row, line, value) for rows, lines, values, _ in replayed(here) for row, line, value in zip(rows, lines, values)]
    assert found == [(2, 2, "a"), (3, 3, "b"), (12, 22, "c"), (12, 22, "c2"), (15, 26, "d")]
    assert (here.count, here.rows_affected, here.first_row, here.last_row) == (5, 4, 2, 15)
    assert here.example_rows == [2, 3, 12] and here.example_details == ["d1", None, "x"]


def test_an_empty_store_absorbed_changes_nothing():
    here = FindingStore()
    here.absorb(FindingStore().export(), row_offset=5)
    assert here.count == 0 and replayed(here) == []
