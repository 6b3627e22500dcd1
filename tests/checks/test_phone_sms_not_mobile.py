"""phone-sms-not-mobile: in an SMS campaign, a valid number that is not a mobile in the mobile
column blocks SMS for the row; a landline in the Téléphone column is in order."""
from __future__ import annotations

import pytest

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("phone-sms-not-mobile")


def test_the_rule_is_for_sms_campaigns_and_blocks_sms():
    assert (RULE["channels"], RULE["severity"], RULE["action"]) == (["sms"], "warning", "block")


@pytest.mark.parametrize("number", ["01 61 12 34 56", "09 51 12 34 56", "0800 12 34 56", "+33 4 91 00 00 01",
                                    "0590 12 34 56", "+44 20 7946 0958"])
def test_a_landline_in_the_mobile_column_is_flagged(number):
    assert flagged_rows(RULE, Portable=[number]) == [2]


@pytest.mark.parametrize("number", [
    "06 12 34 56 78", "07 81 22 33 44", "+33 7 81 22 33 44",
    "0690 12 34 56", "0694 12 34 56", "0696 12 34 56", "+262 639 12 34 56",  # overseas mobiles
    "+41 79 123 45 67",
    "06 12 34",   # invalid: phone-invalid's
    "",
])
def test_mobiles_blanks_and_invalid_numbers_pass(number):
    assert flagged_rows(RULE, Portable=[number]) == []


def test_a_landline_in_the_phone_column_is_in_order():
    assert flagged_rows(RULE, Téléphone=["01 61 12 34 56"], Portable=[""]) == []


def test_sms_is_blocked_for_the_row():
    first, _ = decisions(RULE, Portable=["01 61 12 34 56", "06 12 34 56 78"])
    assert first.blocked == {0: {"sms"}}


def test_the_detail_says_when_another_column_holds_a_mobile_and_never_the_number():
    found = findings(RULE, Téléphone=["06 12 34 56 78", "01 44 55 66 77"], Portable=["01 61 12 34 56", "01 61 12 34 57"])
    assert [(f.row, f.detail) for f in found] == [
        (2, "not a mobile number: cannot receive SMS; another phone column of the row holds a mobile (columns swapped?)"),
        (3, "not a mobile number: cannot receive SMS")]


def test_a_campaign_without_sms_skips_the_rule():
    assert flagged_rows(RULE, Portable=["01 61 12 34 56"], channels=("email", "phone")) == []


def test_a_file_without_a_mobile_column_skips_the_rule():
    assert skipped_reasons(RULE, Téléphone=["01 61 12 34 56"]) == ["no column holds the role mobile"]


def test_phone_columns_can_be_added():
    rule = {**RULE, "params": {"roles": ["mobile", "phone"]}}
    assert flagged_rows(rule, Téléphone=["01 61 12 34 56"]) == [2]
