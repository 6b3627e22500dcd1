"""phone-special-number: toll-free, shared-cost, premium-rate and short numbers reach a service,
not a person: the row is tagged, the detail names the kind."""
from __future__ import annotations

import pytest

from tests.checks.rule_harness import findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("phone-special-number")


@pytest.mark.parametrize("number, kind", [
    ("0 800 12 34 56", "toll-free number"),
    ("+33 805 12 34 56", "toll-free number"),
    ("08 06 12 34 56", "special-rate number"),
    ("08 10 12 34 56", "shared-cost number"),
    ("08 92 12 34 56", "premium-rate number"),
    ("0899123456", "premium-rate number"),
    ("3949", "short number"),
    ("36 31", "short number"),
    ("118 218", "short number"),
    ("15", "short number"),
])
def test_special_numbers_are_flagged_with_their_kind(number, kind):
    found = findings(RULE, Téléphone=[number])
    assert [(f.row, f.detail) for f in found] == [(2, f"{kind}: not a personal line")]


@pytest.mark.parametrize("number", [
    "01 61 12 34 56", "06 12 34 56 78", "09 51 12 34 56",  # a box line is a personal line
    "0690 12 34 56", "+44 20 7946 0958", "+1 800 555 0199",  # only France's plan: a US toll-free passes
    "75001",           # five digits: a postal code or a truncated number, not a short number
    "06 12 34",        # truncated: phone-invalid's
    "0800 12 34",      # an 08 number too short: phone-invalid's
    "", "N/A",
])
def test_decoys_pass(number):
    assert flagged_rows(RULE, Téléphone=[number]) == []


def test_every_phone_column_is_checked():
    assert flagged_rows(RULE, Téléphone=["0612345678", "0800123456"], Portable=["3949", ""]) == [2, 3]


def test_a_file_without_phone_columns_skips_the_rule():
    assert skipped_reasons(RULE, Nom=["Roux"]) == ["no column holds the role phone or mobile"]
