"""Findings wait on disk between the engine and the reports: nothing lost, order kept, examples
capped, and the JSON encoding of every value identical to json.dumps."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.report.json_report import _json_strings
from fichier_check.spool import KEPT_EXAMPLES, FindingStore


def test_batches_come_back_in_order_with_every_finding():
    store = FindingStore()
    store.append(np.array([2, 5]), ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"])
    store.append(np.array([], dtype=np.int64), [], [])
    store.append(np.array([9]), ["x"], ["détail"])
    store.close()
    replay = [(b.rows.tolist(), b.values.to_pylist(), b.details.to_pylist()) for b in store.batches()]
    assert replay == [([2, 5], ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"]), ([9], ["x"], ["détail"])]
    assert store.count == 3
    assert [b.rows.tolist() for b in store.batches()] == [[2, 5], [9]]  # re-readable


def test_only_the_first_findings_are_kept_in_memory_as_examples():
    store = FindingStore()
    for start in range(0, 3 * KEPT_EXAMPLES, 50):
        rows = np.arange(start, start + 50)
        store.append(rows, [str(r) for r in rows], [None] * 50)
    assert store.count == 3 * KEPT_EXAMPLES
    assert store.example_rows == list(range(KEPT_EXAMPLES))
    assert sum(len(b.rows) for b in store.batches()) == 3 * KEPT_EXAMPLES


def test_an_empty_store_has_no_batches():
    assert list(FindingStore().batches()) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), max_size=30))
def test_json_strings_are_what_json_dumps_writes(values):
    assert _json_strings(pa.array(values, type=pa.string())).to_pylist() == [
        json.dumps(v, ensure_ascii=False) for v in values]
