"""Decisions kept as row masks: the combinations of rules that touched each row."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from fichier_check.engine.decisions import _Masks


def masks_of(table: list[list[bool]], packed: bool) -> _Masks:
    masks = _Masks(len(table))
    for j in range(len(table[0]) if table else 0):
        rows = np.flatnonzero([row[j] for row in table])
        masks.add(f"rule-{j}", rows)
        if not len(rows):
            masks.add(f"rule-{j}", np.array([], dtype=np.int64))
    if packed:
        masks.pack()
    return masks


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.lists(st.lists(st.booleans(), min_size=k, max_size=k), min_size=1,
                                                    max_size=40)), st.booleans())
def test_each_row_gets_the_combination_of_the_rules_that_touched_it(table, packed):
    masks = masks_of(table, packed)
    rows = np.arange(len(table))[::-1]  # any subset, in any order
    codes, combos = masks.combinations(rows)
    for row, code in zip(rows, codes):
        assert combos[code] == [f"rule-{j}" for j, on in enumerate(table[row]) if on]
    assert len(combos) == len({tuple(r) for r in table})  # each distinct combination once


def test_more_rules_than_bits_in_an_integer_still_combine():
    table = [[(i + j) % 3 == 0 for j in range(70)] for i in range(6)]
    codes, combos = masks_of(table, packed=True).combinations(np.arange(6))
    for row, code in enumerate(codes):
        assert combos[code] == [f"rule-{j}" for j in range(70) if table[row][j]]
