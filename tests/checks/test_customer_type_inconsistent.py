"""customer-type-inconsistent: a consumer row (particulier, B2C) holding a SIRET, a SIREN or a company
name, or a professional row (pro, B2B) with none of them, is tagged for a person to check (warning).

A row of unknown or missing type is not concerned. A number cell counts when it holds a digit; a
company cell counts unless blank or a placeholder ("Particulier", "N/A", "néant"…). The finding is
on the customer-type column and says what is there or missing, never the value.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("customer-type-inconsistent")
SIRET = "44306184100047"


def details(**columns) -> list[tuple[int, str]]:
    return [(f.row, f.detail) for f in findings(RULE, **columns)]


# --- a consumer with company fields ---------------------------------------------------------------

def test_a_consumer_with_a_siret_is_flagged():
    assert details(Type=["Particulier", "Particulier"], Société=["", ""], SIRET=[SIRET, ""]) == [
        (2, "consumer row with a SIRET")]


def test_a_consumer_with_a_siren_or_a_company_name_is_flagged():
    assert details(Type=["B2C", "particulier"], Société=["", "Boulangerie Martin"], SIREN=["443 061 841", ""]) == [
        (2, "consumer row with a SIREN"), (3, "consumer row with a company name")]


def test_the_detail_lists_every_company_field_the_consumer_row_holds():
    assert details(Type=["Part."], Raison_sociale=["ACME"], SIRET=[SIRET], SIREN=["443061841"]) == [
        (2, "consumer row with a company name, a SIRET and a SIREN")]


def test_an_invalid_number_still_counts_as_a_number():
    # whether it is valid is siret-invalid's question; a consumer row holding one is inconsistent
    assert flagged_rows(RULE, Type=["Particulier"], SIRET=["12345"]) == [2]


@pytest.mark.parametrize("company", ["", "  ", "Particulier", "PARTICULIER", "N/A", "n.a.",
                                     "Néant", "neant", "-", "Aucune", "Sans société", "NC", "?", "0"])
def test_a_company_cell_saying_no_company_is_no_company(company):
    assert flagged_rows(RULE, Type=["Particulier"], Société=[company]) == []


@pytest.mark.parametrize("number", ["", "-", "N/A", "néant", "en cours"])
def test_a_number_cell_without_a_digit_is_no_number(number):
    assert flagged_rows(RULE, Type=["Particulier"], SIRET=[number], Société=[""]) == []


def test_a_consumer_without_company_fields_passes():
    assert flagged_rows(RULE, Type=["Particulier", "B2C", "consommateur"], Société=["", "", ""], SIRET=["", "", ""]) == []


# --- a professional without company fields ---------------------------------------------------------

def test_a_professional_without_any_company_field_is_flagged():
    assert details(Type=["Pro", "B2B", "Entreprise"], Société=["", "ACME", "N/A"], SIRET=["", "", ""]) == [
        (2, "business row without a company name or a SIRET"), (4, "business row without a company name or a SIRET")]


def test_one_company_field_is_enough_for_a_professional():
    assert flagged_rows(RULE, Type=["Pro", "Pro", "Pro"], Société=["ACME", "", ""], SIRET=["", SIRET, ""],
                        SIREN=["", "", "443061841"]) == []


def test_the_business_detail_names_only_the_fields_the_file_has():
    assert details(Type=["Professionnel"], Société=[""]) == [(2, "business row without a company name")]
    assert details(Type=["Professionnel"], SIRET=[""], SIREN=[""]) == [(2, "business row without a SIRET or a SIREN")]


# --- what is not this rule's business --------------------------------------------------------------

@pytest.mark.parametrize("kind", ["", "Prospect", "Client", "?"])
def test_a_row_of_unknown_type_is_not_concerned(kind):
    assert flagged_rows(RULE, Type=[kind, kind], Société=["ACME", ""], SIRET=[SIRET, ""]) == []


def test_rule_is_skipped_without_a_customer_type_or_without_any_company_field():
    assert skipped_reasons(RULE, Société=["ACME"]) == ["no column holds the role customer_type"]
    assert skipped_reasons(RULE, Type=["Pro"], Nom=["Durand"]) == [
        "no column holds the role company or siret or siren"]


# --- what the report and the cleaned file show ------------------------------------------------------

def test_the_finding_is_on_the_type_column_and_shows_no_company_data():
    [finding] = findings(RULE, Type=["Particulier"], Société=["Durand Plomberie"], SIRET=[SIRET])
    assert finding.column == "Type" and finding.value == "Particulier"
    assert "Durand" not in finding.detail and SIRET not in finding.detail


def test_the_row_is_tagged_and_nothing_changed():
    todo, _ = decisions(RULE, Type=["Pro", "Particulier"], Société=["ACME", "ACME"])
    assert todo.flags == {1: ["customer-type-inconsistent"]} and todo.edits == {}


def test_placeholders_can_be_tuned():
    rule = {**RULE, "params": {**RULE["params"], "placeholders": ["pas de société"]}}
    assert flagged_rows(rule, Type=["Particulier", "Particulier"], Société=["Pas de société", "N/A"]) == [3]


def test_the_shipped_rule_spells_the_default_placeholders():
    assert RULE["params"]["placeholders"] == CHECKS["customer_type_inconsistent"].params["placeholders"].default


def test_no_field_to_read_is_refused():
    with pytest.raises(UserError, match="cannot both be empty"):
        flagged_rows({**RULE, "params": {"identifier_roles": [], "company_roles": []}}, Type=["Pro"], Société=["ACME"])


# --- the two cases (issue #24) ----------------------------------------------------------------

def test_a_particulier_with_a_siret_and_a_company_is_flagged():
    assert details(Type_client=["Particulier"], Société=["Plomberie Roux"], SIRET=[SIRET]) == [
        (2, "consumer row with a company name and a SIRET")]


def test_a_particulier_whose_company_cell_says_particulier_passes():
    assert flagged_rows(RULE, Type_client=["Particulier"], Société=["Particulier"], SIRET=[""]) == []
