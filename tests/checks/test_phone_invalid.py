"""phone-invalid: numbers phonenumbers says are invalid; the row is tagged ERR."""
from __future__ import annotations

import pytest

from tests.checks.rule_harness import decisions, findings, flagged_rows
from tests.checks.shipped import shipped

RULE = shipped("phone-invalid")


@pytest.mark.parametrize("number", ["06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678", "01.42.68.53.00",
                                    "0690 12 34 56", "+590 690 12 34 56", "+262 692 12 34 56", "0596 61 23 45"])
def test_valid_french_and_overseas_numbers_pass(number):
    assert flagged_rows(RULE, Téléphone=[number]) == []


@pytest.mark.parametrize("number", ["01 23", "06 12 34 56", "+33 690 12 34 56", "abc", "00 00 00 00 00"])
def test_invalid_numbers_are_flagged(number):
    assert flagged_rows(RULE, Téléphone=[number]) == [2]


def test_blank_cell_passes():
    assert flagged_rows(RULE, Téléphone=["", " "]) == []


def test_every_phone_column_is_checked():
    assert flagged_rows(RULE, Tél_fixe=["01 42 68 53 00", ""], Portable=["", "07 1"]) == [3]


def test_invalid_phone_gets_err_in_call_result():
    todo, _ = decisions(RULE, Téléphone=["01 23"], Résultat_appel=["NRP"])
    assert todo.set_cells == {(0, "call_result"): ("ERR", "Résultat appel")}


def test_the_reason_is_given_and_the_number_masked():
    [finding] = findings(RULE, Téléphone=["01 23 45"])
    assert finding.detail and finding.value == "01 •• 45"
