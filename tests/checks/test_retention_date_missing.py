"""retention-date-missing: a row whose retention clock has no readable date to run from is tagged.

A prospect needs a collection date, a last contact date, or a call date whose result comes from
the prospect (RDV, PISTE, PROJET, MAIL, RAPP); a customer needs a relationship end or last
purchase date, unless a contract is in progress. Outbound call dates alone (NRP, OCC…) do not
count, and the details say so.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("retention-date-missing")
AS_OF = "2026-07-31"
NO_PROSPECT_DATE = "prospect: no collection date nor contact from the prospect"
OUTBOUND_ONLY = "prospect: only outbound call dates, which do not restart the clock"
NO_CUSTOMER_DATE = "customer: no relationship end nor purchase date"


def details(**columns) -> list[tuple[int, str]]:
    return [(f.row, f.detail) for f in findings(RULE, as_of=AS_OF, **columns)]


def test_a_prospect_without_any_date_is_tagged():
    assert details(Date_dernier_contact=["01/01/2026", "", "   "]) == [(3, NO_PROSPECT_DATE), (4, NO_PROSPECT_DATE)]


def test_one_readable_prospect_date_is_enough():
    assert flagged_rows(RULE, as_of=AS_OF, Date_de_collecte=["01/01/2020", "", ""],
                        Date_dernier_contact=["", "01/01/2020", ""]) == [4]


def test_an_old_date_is_still_a_date():
    # expired is prospect-retention-expired's finding, not a missing date
    assert flagged_rows(RULE, as_of=AS_OF, Date_dernier_contact=["3/02/16", "45137"]) == []


@pytest.mark.parametrize("unreadable", ["31/02/2026", "bientôt", "juil. 2026", "N/A", "20260731"])
def test_an_unreadable_date_is_no_date(unreadable):
    assert details(Date_dernier_contact=[unreadable]) == [(2, NO_PROSPECT_DATE)]


@pytest.mark.parametrize("result", ["NRP", "OCC", "REFUS", "", "code inconnu"])
def test_outbound_call_dates_alone_do_not_count_and_the_details_say_so(result):
    assert details(Date_dernier_contact=[""], Date_dernier_appel=["01/07/2026 10:30"], Resultat_appel=[result]) == [
        (2, OUTBOUND_ONLY)]


@pytest.mark.parametrize("result", ["RDV", "PISTE", "PROJET", "MAIL", "RAPP"])
def test_a_call_whose_result_comes_from_the_prospect_is_a_reference(result):
    assert details(Date_dernier_appel=["01/07/2026 10:30"], Resultat_appel=[result]) == []


def test_an_unreadable_call_date_is_no_outbound_date_either():
    assert details(Date_dernier_appel=["bientôt"], Resultat_appel=["NRP"]) == [(2, NO_PROSPECT_DATE)]


def test_a_month_first_vocabulary_reads_the_dates_month_first():
    assert details(Date_dernier_contact=["7/31/2026"]) == [(2, NO_PROSPECT_DATE)]
    assert findings(RULE, as_of=AS_OF, vocabulary={"date_order": "month-first"}, Date_dernier_contact=["7/31/2026"]) == []


def test_a_customer_needs_a_relationship_end_or_a_purchase_date():
    # a customer by status or type: its prospect dates do not run its clock
    assert details(Statut=["CLIENT", "CLIENT", "CLIENT"], Date_dernier_achat=["", "01/01/2026", ""],
                   Date_fin_de_relation=["", "", "01/01/2026"], Date_dernier_contact=["01/01/2026", "", ""]) == [
        (2, NO_CUSTOMER_DATE)]


def test_a_customer_by_type_without_a_date():
    assert details(Client_Prospect=["Client", "Prospect"], Date_dernier_contact=["", ""]) == [
        (2, NO_CUSTOMER_DATE), (3, NO_PROSPECT_DATE)]


def test_a_contract_in_progress_needs_no_date_yet():
    assert details(Contrat_en_cours=["oui", "non"], Date_dernier_achat=["", ""]) == [(3, NO_PROSPECT_DATE)]


def test_an_unreadable_purchase_date_leaves_a_prospect():
    assert details(Date_dernier_achat=["bientôt"], Date_dernier_contact=[""]) == [(2, NO_PROSPECT_DATE)]


def test_the_rule_tags_the_row_with_a_warning():
    assert (RULE["severity"], RULE["action"]) == ("warning", "tag")
    todo, _ = decisions(RULE, as_of=AS_OF, Date_dernier_contact=["", "01/01/2026"])
    assert todo.flags == {0: ["retention-date-missing"]} and todo.quarantine == {}


def test_the_shipped_rule_spells_the_same_defaults_as_the_expiry_rules():
    defaults = {name: spec.default for name, spec in CHECKS["retention_date_missing"].params.items()}
    assert RULE["params"] == defaults
    expiry = shipped("prospect-retention-expired")["params"]
    assert {name: expiry[name] for name in defaults} == RULE["params"]
    assert {name: shipped("customer-retention-expired")["params"][name] for name in defaults} == RULE["params"]


def test_bad_params_are_refused():
    with pytest.raises(UserError, match="'purchase' is not a column role"):
        flagged_rows({**RULE, "params": {"customer_date_roles": ["purchase"]}}, Date_dernier_contact=[""])


def test_the_rule_is_skipped_when_the_file_has_no_date_column_it_reads():
    assert skipped_reasons(RULE, Nom=["Durand"], Date_de_rappel=["01/08/2026"]) == [
        "no column holds the role last_contact_date or collection_date or call_datetime or relationship_end_date"
        " or last_purchase_date"]


def test_any_one_of_its_date_columns_is_enough_to_run():
    assert flagged_rows(RULE, as_of=AS_OF, Nom=["Durand"], Date_dernier_achat=[""]) == [2]
