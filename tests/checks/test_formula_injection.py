"""formula-injection: cells a spreadsheet would run as formulas."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from tests.checks.rule_harness import decisions, flagged_rows
from tests.checks.shipped import shipped

RULE = shipped("formula-injection")


@pytest.mark.parametrize("cell", ["=1+1", "=HYPERLINK(\"https://x.invalid\")", "@SUM(1)", "+SUM(1)", "-2+3x",
                                  "\t=1", "\r=1", "=SOMME(1;2)"])
def test_formula_cells_are_flagged(cell):
    assert flagged_rows(RULE, Commentaire=[cell]) == [2]


@pytest.mark.parametrize("cell", ["+33 6 12 34 56 78", "-12,5", "Rappeler", "a=b", ""])
def test_phone_numbers_and_plain_text_pass(cell):
    assert flagged_rows(RULE, Commentaire=[cell]) == []


@pytest.mark.parametrize("cell", ["\x1f=1+1", "\x00@SUM(1)", "\u202e=1", "\x85+SUM(1)"])
def test_a_formula_behind_control_characters_is_flagged_as_the_cleaned_file_writes_it(cell):
    assert flagged_rows(RULE, Commentaire=[cell]) == [2]


def test_neutralising_prefixes_an_apostrophe():
    todo, _ = decisions({**RULE, "action": "mask"}, Commentaire=["=1+1"])
    assert todo.edits == {(0, 0): "'=1+1"}


@settings(max_examples=400, deadline=None)
@example(["+33 6 12\n", "-12,5\n", "+1\n\n", "=1\n", "\n+1"])  # Python's `$` matches before a final newline
@given(st.lists(st.text(alphabet=st.sampled_from("=+-@\t\r\n 0123456789.,()/aZ;'\"é\x00\x1f\x85\u202e’"), max_size=12),
                max_size=30))
def test_the_vectorised_verdict_is_the_definition(cells):
    import pyarrow as pa

    from fichier_check.checks.formula_injection import formulas, is_formula
    assert formulas(pa.array(cells, type=pa.string())).tolist() == [is_formula(c) for c in cells]
