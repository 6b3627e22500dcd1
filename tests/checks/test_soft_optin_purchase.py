"""soft-optin-without-purchase: a consumer said to be a customer, written to by e-mail or SMS
without an opt-in, needs a recorded purchase for the customer exception of CPCE L34-5."""
from __future__ import annotations

from tests.checks.rule_harness import decisions, findings, flagged_rows, run_rule, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("soft-optin-without-purchase")
CUSTOMER = dict(Statut=["Client"], email=["lea.durand@gmail.com"])


def test_a_customer_without_a_purchase_date_is_flagged():
    found = findings(RULE, Date_dernier_achat=["", "14/09/2025"], Statut=["CLIENT", "Client"],
                     email=["lea.durand@gmail.com", "marc.petit@free.fr"])
    assert [(f.row, f.detail) for f in found] == [(2, "no purchase date (soft opt-in for e-mail)")]


def test_an_unreadable_purchase_date_is_no_purchase():
    found = findings(RULE, Date_dernier_achat=["à vérifier"], **CUSTOMER)
    assert [f.detail for f in found] == ["unreadable purchase date (soft opt-in for e-mail)"]


def test_a_customer_type_cell_saying_client_counts_as_a_customer():
    assert flagged_rows(RULE, Type_client=["Cliente", "Prospect"], Date_dernier_achat=["", ""],
                        email=["a.roux@orange.fr", "b.roux@orange.fr"]) == [2]


def test_won_is_a_meeting_not_a_sale_and_a_prospect_is_not_concerned():
    assert flagged_rows(RULE, Statut=["GAGNÉ", "Prospect", "CHAUD"], Date_dernier_achat=[""] * 3,
                        email=["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"]) == []


def test_a_customer_with_an_opt_in_does_not_rely_on_the_exception():
    assert flagged_rows(RULE, Opt_in_email=["Oui"], Date_dernier_achat=[""], **CUSTOMER) == []


def test_sms_relies_on_it_for_a_mobile_without_an_sms_opt_in():
    found = findings(RULE, Statut=["Client", "Client"], Date_dernier_achat=["", ""],
                     Téléphone=["06 12 34 56 78", "01 61 23 45 67"], Opt_in_SMS=["", ""])
    assert [(f.row, f.detail) for f in found] == [(2, "no purchase date (soft opt-in for SMS)")]


def test_both_channels_are_named():
    found = findings(RULE, Statut=["Client"], Date_dernier_achat=[""], email=["lea@gmail.com"],
                     Mobile=["07 81 22 33 44"])
    assert [f.detail for f in found] == ["no purchase date (soft opt-in for e-mail and SMS)"]


def test_only_the_campaigns_channels_count():
    row = dict(Statut=["Client"], Date_dernier_achat=[""], Mobile=["07 81 22 33 44"])
    assert flagged_rows(RULE, channels=("email", "phone"), email=["lea@gmail.com"], **row) == [2]
    assert flagged_rows(RULE, channels=("sms",), email=["lea@gmail.com"], **row) == [2]
    assert flagged_rows(RULE, channels=("email",), email=[""], **row) == []


def test_a_contract_in_progress_is_evidence_of_a_sale():
    assert flagged_rows(RULE, Contrat_en_cours=["Oui"], Date_dernier_achat=[""], **CUSTOMER) == []


def test_a_role_address_relies_on_nothing():
    assert flagged_rows(RULE, Statut=["Client"], Date_dernier_achat=[""], email=["contact@boulangerie-lefevre.fr"]) == []


def test_a_business_customer_is_not_concerned():
    assert flagged_rows(RULE, Type_client=["Professionnel"], Date_dernier_achat=[""], **CUSTOMER) == []


def test_no_purchase_date_column_is_one_finding_about_the_file():
    found = findings(RULE, Statut=["Client"] * 40, email=[f"client{i}@gmail.com" for i in range(40)])
    assert [(f.row, f.column, f.detail) for f in found] == [
        (1, None, "customers rely on the soft opt-in but the file has no purchase date column")]


def test_no_file_finding_without_a_customer_relying_on_it():
    assert findings(RULE, Statut=["Prospect", "Client"], email=["a@gmail.com", ""]) == []


def test_the_row_is_tagged_and_the_consent_rule_still_decides():
    todo, _ = decisions(RULE, extra_rules=[shipped("email-optin-missing")], Date_dernier_achat=[""], **CUSTOMER)
    assert todo.flags and todo.edits == {(0, 2): ""}  # email-optin-missing empties the e-mail


def test_a_file_without_status_or_customer_type_skips_the_rule():
    assert len(skipped_reasons(RULE, email=["a@gmail.com"], Date_dernier_achat=[""])) == 1


def test_the_detail_never_holds_the_cells():
    engine, _ = run_rule(RULE, Statut=["Client"], Date_dernier_achat=["voir M. Martin"], email=["jean.martin@gmail.com"])
    found = [f for o in engine.outcomes() for f in o.findings()]
    assert "martin" not in found[0].detail.lower() and "martin" not in str(found[0].value).lower()
