"""Findings wait on disk between the engine and the reports: nothing lost, order kept, examples
capped, and the JSON encoding of every value identical to json.dumps."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.report.json_report import _json_strings
from fichier_check.runtime.spool import KEPT_EXAMPLES, FindingStore


def test_batches_come_back_in_order_with_every_finding():
    store = FindingStore()
    store.append(np.array([2, 5]), ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"])
    store.append(np.array([], dtype=np.int64), [], [])
    store.append(np.array([9]), ["x"], ["détail"])
    store.close()
    replay = [(rows.tolist(), values.to_pylist(), details.to_pylist()) for rows, values, details in store.batches()]
    assert replay == [([2, 5], ["06 •• •• •• 78", "a•••@b•••.fr"], [None, "on the list"]), ([9], ["x"], ["détail"])]
    assert store.count == 3
    assert [rows.tolist() for rows, _, _ in store.batches()] == [[2, 5], [9]]  # re-readable


def test_only_the_first_findings_are_kept_in_memory_as_examples():
    store = FindingStore()
    for start in range(0, 3 * KEPT_EXAMPLES, 50):
        rows = np.arange(start, start + 50)
        store.append(rows, [str(r) for r in rows], [None] * 50)
    assert store.count == 3 * KEPT_EXAMPLES
    assert store.example_rows == list(range(KEPT_EXAMPLES))
    assert sum(len(rows) for rows, _, _ in store.batches()) == 3 * KEPT_EXAMPLES


def test_an_empty_store_has_no_batches():
    assert list(FindingStore().batches()) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), max_size=30))
def test_json_strings_are_what_json_dumps_writes(values):
    assert _json_strings(pa.array(values, type=pa.string())).to_pylist() == [
        json.dumps(v, ensure_ascii=False) for v in values]


FINDING_TEXTS = st.one_of(st.none(), st.text(), st.sampled_from(["06 •• •• •• 78", "", "a\"b", "c\\d", "e\nf", "g\x1fh"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FINDING_TEXTS, FINDING_TEXTS), min_size=1, max_size=20),
       st.sampled_from(["all", "no-null", "none"]))
def test_each_finding_line_is_json_dumps_of_the_finding(pairs, shape):
    from fichier_check.engine.findings import RuleOutcome, Severity
    from fichier_check.report.json_report import _finding_lines

    values = [v if shape != "no-null" or v is not None else "x" for v, _ in pairs]
    details = [None if shape == "none" else d for _, d in pairs]
    outcome = RuleOutcome("r-1", "fam", Severity.ERROR, "block", "Message « é »", 'loi "x"', "Téléphone", 6,
                          np.arange(2, 2 + len(pairs), dtype=np.int64), values, details)
    text = "".join("".join(batch.to_pylist()) for batch in _finding_lines(outcome))
    assert text.split(",\n")[1:] == [json.dumps(f.as_json(), ensure_ascii=False) for f in outcome.findings()]
