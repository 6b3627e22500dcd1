"""formula-injection: cells a spreadsheet would run as formulas."""
from __future__ import annotations

import pytest

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


def test_neutralising_prefixes_an_apostrophe():
    todo, _ = decisions({**RULE, "action": "mask"}, Commentaire=["=1+1"])
    assert todo.edits == {(0, 0): "'=1+1"}
