"""phone-npv-prefix: a valid French number starting with an ARCEP NPV prefix (on its national form)
is a call platform's line, not the prospect's: the row is tagged, the detail names the prefix."""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.checks.phone_npv_prefix import PREFIXES
from fichier_check.errors import UserError
from tests.checks.rule_harness import findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("phone-npv-prefix")


def test_the_shipped_rule_lists_the_module_defaults():
    assert RULE["params"]["prefixes"] == PREFIXES
    assert (RULE["severity"], RULE["action"]) == ("warning", "tag")


@pytest.mark.parametrize("number", ["01 62 12 34 56", "0163123456", "02.70.12.34.56", "03 77 12 34 56",
                                    "04 25 12 34 56", "05 69 12 34 56", "09 48 12 34 56", "09 47 51 23 45",
                                    "09 47 91 23 45"])
def test_npv_prefixes_are_flagged(number):
    assert flagged_rows(RULE, Téléphone=[number]) == [2]


@pytest.mark.parametrize("number", ["+33 1 62 12 34 56", "0033 1 62 12 34 56", "+33 (0)1 62 12 34 56", "162123456"])
def test_any_written_form_is_compared_on_the_national_form(number):
    assert flagged_rows(RULE, Téléphone=[number]) == [2]


@pytest.mark.parametrize("number", [
    "01 61 12 34 56",   # the ordinary Paris number next door
    "01 64 12 34 56",
    "09 37 12 34 56",   # multipurpose numbers of delivery and reminder platforms: not canvassing
    "09 47 41 23 45",   # 0947 but not 09475-09479
    "06 12 34 56 78",
    "+44 162 123 4567", # a foreign number whose digits happen to start with 162
    "0162",             # invalid: phone-invalid's
    "",
])
def test_decoys_pass(number):
    assert flagged_rows(RULE, Téléphone=[number]) == []


def test_mobile_columns_are_checked_too_and_the_detail_names_the_prefix_only():
    found = findings(RULE, Nom=["Roux", "Petit"], Portable=["06 12 34 56 78", "+33 2 71 00 11 22"])
    assert [(f.row, f.detail) for f in found] == [(3, "NPV prefix 0271 (automated calling platforms)")]
    assert "00 11 22" not in found[0].detail


def test_a_file_without_phone_columns_skips_the_rule():
    assert skipped_reasons(RULE, Nom=["Roux"]) == ["no column holds the role phone or mobile"]


@pytest.mark.parametrize("prefixes", [["162"], ["01"], ["0162123"], ["O162"], []])
def test_a_prefix_that_is_not_a_national_prefix_is_refused(prefixes):
    with pytest.raises(UserError):
        flagged_rows({**RULE, "params": {"prefixes": prefixes}}, Téléphone=["0162123456"])


def test_a_custom_prefix_list():
    rule = {**RULE, "params": {"prefixes": ["0937"]}}
    assert flagged_rows(rule, Téléphone=["0937123456", "0162123456"]) == [2]
    assert "phone_npv_prefix" in CHECKS
