"""postal-code-invalid: a French postal code is 5 digits; Corsica's 20xxx, the overseas 97xxx and
98xxx are valid. Flagged (info, tag): 4 digits (a leading zero lost by a spreadsheet), fewer or
more digits, letters (2A/2B), 00xxx. Blank passes; a row of another country passes.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("postal-code-invalid")


@pytest.mark.parametrize("code", ["75008", "01000", "20000", "20200", "20090", "97110", "97400", "97600", "98000",
                                  "98800", " 69003 ", "75008 CEDEX", "92042 Cedex 08", "", "  "])
def test_valid_codes_and_blanks_pass(code):
    assert flagged_rows(RULE, Code_postal=[code]) == []


@pytest.mark.parametrize("code, detail", [
    ("1000", "4 digits: a leading zero lost by a spreadsheet? (keep the column as text)"),
    ("00123", "no French postal code starts with 00"),
    ("750", "fewer than 4 digits"),
    ("750080", "more than 5 digits"),
    ("2A000", "2A/2B is a department code: Corsica's postal codes start with 20"),
    ("PARIS", "letters in a postal code"),
    ("F-75008", "letters in a postal code"),
    ("75-008", "not 5 digits"),
])
def test_what_cannot_be_a_french_code_is_flagged_with_its_reason(code, detail):
    [finding] = findings(RULE, CP=[code])
    assert finding.row == 2 and finding.detail == detail and code not in finding.detail


def test_a_row_of_another_country_is_not_checked():
    assert flagged_rows(RULE, CP=["1000", "1000", "1000", "1000"], Pays=["Belgique", "France", "", "Martinique"]) == [
        3, 4, 5]


def test_without_a_country_column_every_row_is_read_as_french():
    assert flagged_rows(RULE, CP=["1000", "75008"], Ville=["Bruxelles", "Paris"]) == [2]


def test_a_birth_country_is_no_country_of_the_address():
    assert flagged_rows(RULE, CP=["1000"], Pays_de_naissance=["Belgique"]) == [2]


def test_the_row_is_tagged_and_nothing_changed():
    todo, _ = decisions(RULE, CP=["75008", "7508"])
    assert todo.flags == {1: ["postal-code-invalid"]} and todo.edits == {}


def test_rule_is_skipped_without_a_postal_code():
    assert skipped_reasons(RULE, Ville=["Paris"]) == ["no column holds the role postal_code"]


def test_the_shipped_rule_spells_the_default_france_words():
    assert RULE["params"]["france_words"] == CHECKS["postal_code"].params["france_words"].default
