"""phone-foreign: a valid number whose country code is neither France's nor an overseas area's is
tagged (French call hours and time zone may not fit); the detail gives the code, not the number."""
from __future__ import annotations

import pytest

from fichier_check.checks.phone_foreign import HOME_CODES
from fichier_check.errors import UserError
from tests.checks.rule_harness import findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("phone-foreign")


def test_the_shipped_rule_lists_the_module_defaults():
    assert RULE["params"]["home_codes"] == HOME_CODES
    assert "269" not in HOME_CODES  # the Comoros: Mayotte is +262 since 2007


@pytest.mark.parametrize("number, detail", [
    ("+44 20 7946 0958", "country code +44 (GB…): not France or its overseas areas"),
    ("0032 2 555 12 12", "country code +32 (BE): not France or its overseas areas"),
    ("+41 79 123 45 67", "country code +41 (CH): not France or its overseas areas"),
    ("+1 212 555 0199", "country code +1 (US…): not France or its overseas areas"),
    ("+269 321 23 45", "country code +269 (KM): not France or its overseas areas"),
])
def test_foreign_numbers_are_flagged_with_their_country_code(number, detail):
    found = findings(RULE, Téléphone=[number])
    assert [(f.row, f.detail) for f in found] == [(2, detail)]


@pytest.mark.parametrize("number", [
    "06 12 34 56 78", "+33 1 61 12 34 56",
    "0690 12 34 56", "+590 690 12 34 56",   # Guadeloupe, national or international form
    "0262 12 34 56", "+262 639 12 34 56",   # Réunion; Mayotte's mobile
    "0269 61 23 45",                         # Mayotte's landline, national form
    "+594 594 12 34 56", "+596 696 12 34 56", "+508 55 12 34", "+687 75 12 34", "+689 87 12 34 56",
    "+44 12",                                # invalid: phone-invalid's
    "",
])
def test_france_and_its_overseas_areas_pass(number):
    assert flagged_rows(RULE, Téléphone=[number]) == []


def test_home_codes_are_a_param():
    rule = {**RULE, "params": {"home_codes": ["33", "32"]}}
    assert flagged_rows(rule, Téléphone=["+32 2 555 12 12", "+590 690 12 34 56", "0612345678"]) == [3]


@pytest.mark.parametrize("codes", [["+33"], ["999"], ["FR"]])
def test_a_code_that_is_not_a_country_code_is_refused(codes):
    with pytest.raises(UserError):
        flagged_rows({**RULE, "params": {"home_codes": codes}}, Téléphone=["0612345678"])


def test_a_file_without_phone_columns_skips_the_rule():
    assert skipped_reasons(RULE, Nom=["Roux"]) == ["no column holds the role phone or mobile"]
