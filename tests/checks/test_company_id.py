"""siret-invalid and siren-invalid: a company number whose check digits or length are wrong (info, row tagged).

A SIRET is 14 digits (the SIREN, then 5 for the establishment) and passes the Luhn key, its first 9
digits a valid SIREN; La Poste's establishments (SIREN 356000000) instead have digits adding up to a
multiple of 5, except its head office (35600000000048), which follows the Luhn key. A SIREN is 9
digits passing the Luhn key. Spaces, dots and dashes are ignored; a cell without a digit passes.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

SIRET = shipped("siret-invalid")
SIREN = shipped("siren-invalid")
GOOGLE_FRANCE = "44306184100047"  # a real SIRET, valid
VALID_SIRETS = ["44306184100047", "73282932000074", "380 321 430 00023", "775.563.232.00104", "05781313100026"]


def details(rule, **columns) -> list[tuple[int, str]]:
    return [(f.row, f.detail) for f in findings(rule, **columns)]


# --- SIRET ---------------------------------------------------------------------------------------

def test_valid_sirets_pass():
    assert flagged_rows(SIRET, SIRET=VALID_SIRETS) == []


@pytest.mark.parametrize("written", ["443 061 841 00047", "443.061.841.00047", "443-061-841-00047",
                                     " 44306184100047 ", "443\u00a0061\u00a0841\u00a000047",
                                     "443\u202f061\u202f841\u202f00047"])
def test_spaces_dots_and_dashes_are_ignored(written):
    assert flagged_rows(SIRET, SIRET=[written]) == []


def test_a_wrong_check_digit_is_flagged():
    assert details(SIRET, SIRET=[GOOGLE_FRANCE, "44306184100048", "443 061 841 00074"]) == [
        (3, "checksum (Luhn key) fails"), (4, "checksum (Luhn key) fails")]


def test_a_siret_whose_siren_part_is_wrong_is_one_finding_about_the_siren():
    # 44306184200003 passes the Luhn key on its 14 digits, but 443061842 is not a valid SIREN
    assert details(SIRET, SIRET=["44306184200047", "44306184200003"]) == [
        (2, "SIREN part (first 9 digits) fails its checksum"), (3, "SIREN part (first 9 digits) fails its checksum")]


@pytest.mark.parametrize("written", [
    "5781313100026",     # 13 digits: the leading 0 of 05781313100026 lost in a spreadsheet
    "443061841000470",   # 15 digits
    "44306184100047.0",  # a number written by a float export
    "443061841",         # a SIREN in the SIRET column
    "4430618410004A",    # a letter
    "FR44306184100047",  # a prefix
])
def test_wrong_length_or_letters_are_flagged_14_digits_expected(written):
    assert details(SIRET, SIRET=[written]) == [(2, "14 digits expected")]


@pytest.mark.parametrize("placeholder", ["", "   ", "-", "N/A", "néant", "en cours", "."])
def test_a_cell_without_a_digit_holds_no_number_and_passes(placeholder):
    assert flagged_rows(SIRET, SIRET=[placeholder]) == []


def test_la_poste_establishments_follow_the_digit_sum_not_the_luhn_key():
    # real La Poste SIRETs (stdnum's tests): digit sums 30 and 35, the Luhn key fails on both
    assert flagged_rows(SIRET, SIRET=["356 000 000 09075", "35600000049837"]) == []
    # 35600000000055 passes the Luhn key, but its digits add up to 24: not a La Poste SIRET
    assert details(SIRET, SIRET=["35600000049838", "35600000000055"]) == [
        (2, "La Poste establishment: digit sum not a multiple of 5"),
        (3, "La Poste establishment: digit sum not a multiple of 5")]


def test_la_poste_head_office_follows_the_luhn_key_and_its_neighbours_the_digit_sum():
    assert flagged_rows(SIRET, SIRET=["35600000000048"]) == []  # head office: Luhn ok, digit sum 26
    assert flagged_rows(SIRET, SIRET=["35600000000047"]) == []  # an establishment: digit sum 25
    assert details(SIRET, SIRET=["35600000000049"]) == [(2, "La Poste establishment: digit sum not a multiple of 5")]


def test_every_row_holding_a_wrong_number_is_flagged():
    assert flagged_rows(SIRET, SIRET=["44306184100048", GOOGLE_FRANCE, "44306184100048", "44306184100048"]) == [2, 4, 5]


def test_rows_of_every_customer_type_are_checked_by_default():
    assert flagged_rows(SIRET, Type=["Pro", "Particulier", ""], SIRET=["44306184100048"] * 3) == [2, 3, 4]


def test_the_rows_checked_can_be_restricted_to_business_rows():
    rule = {**SIRET, "params": {**SIRET["params"], "customer_type": "B2B"}}
    assert flagged_rows(rule, Type=["Pro", "Particulier", ""], SIRET=["44306184100048"] * 3) == [2]


def test_the_report_masks_the_number_and_names_the_problem():
    [finding] = findings(SIRET, SIRET=["443 061 841 00048"])
    assert "061" not in finding.value and finding.detail == "checksum (Luhn key) fails"


def test_the_row_is_tagged_and_the_number_kept():
    todo, _ = decisions(SIRET, Société=["ACME", "Durand SARL"], SIRET=[GOOGLE_FRANCE, "44306184100048"])
    assert todo.flags == {1: ["siret-invalid"]} and todo.edits == {}


def test_rule_is_skipped_without_a_siret_column():
    assert skipped_reasons(SIRET, Société=["ACME"]) == ["no column holds the role siret"]


# --- SIREN ---------------------------------------------------------------------------------------

def test_valid_sirens_pass_however_written():
    assert flagged_rows(SIREN, SIREN=["443061841", "443 061 841", "732.829.320", "356000000", "", "N/A"]) == []


def test_a_wrong_siren_is_flagged():
    assert details(SIREN, SIREN=["443061841", "443061842", "44306184", "4430618410", "44306184A"]) == [
        (3, "checksum (Luhn key) fails"), (4, "9 digits expected"), (5, "9 digits expected"),
        (6, "9 digits expected")]


def test_a_wrong_siren_that_starts_the_rows_siret_is_reported_once_by_siret_invalid():
    found = findings(SIREN, extra_rules=[SIRET], SIREN=["443061842", "443 061 842"],
                     SIRET=["44306184200047", "443.061.842.00003"])
    assert sorted((f.rule, f.row, f.detail) for f in found) == [
        ("siret-invalid", 2, "SIREN part (first 9 digits) fails its checksum"),
        ("siret-invalid", 3, "SIREN part (first 9 digits) fails its checksum")]


def test_a_wrong_siren_beside_another_sirets_number_is_reported_by_both_rules():
    found = findings(SIREN, extra_rules=[SIRET], SIREN=["443061842", "443061842"], SIRET=[GOOGLE_FRANCE, ""])
    assert sorted((f.rule, f.row) for f in found) == [("siren-invalid", 2), ("siren-invalid", 3)]


def test_without_siret_role_every_wrong_siren_is_reported():
    rule = {**SIREN, "params": {**SIREN["params"], "siret_role": None}}
    assert flagged_rows(rule, SIREN=["443061842"], SIRET=["44306184200047"]) == [2]


def test_siret_role_belongs_to_the_siren_rule_only():
    with pytest.raises(UserError, match="siret_role is for kind siren only"):
        flagged_rows({**SIRET, "params": {"kind": "siret", "siret_role": "siret"}}, SIRET=[GOOGLE_FRANCE])


def test_an_unknown_kind_is_refused():
    with pytest.raises(UserError, match="kind"):
        flagged_rows({**SIRET, "params": {"kind": "tva"}}, SIRET=[GOOGLE_FRANCE])


def test_the_shipped_rules_spell_the_defaults_they_keep():
    defaults = CHECKS["company_id"].params
    assert SIRET["params"]["customer_type"] == SIREN["params"]["customer_type"] == defaults["customer_type"].default
