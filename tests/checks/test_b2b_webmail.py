"""b2b-webmail-address: a professional written to at a consumer webmail may not be covered by the
B2B exemption of CPCE L34-5 (CNIL 2005: a professional address, a message about the job)."""
from __future__ import annotations

from fichier_check.checks import b2b_webmail
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("b2b-webmail-address")


def test_a_business_row_on_gmail_is_flagged_with_the_domain():
    found = findings(RULE, Type_client=["Professionnel"], Société=["Plomberie Girard"],
                     email=["plomberie.girard@gmail.com"])
    assert [(f.row, f.detail) for f in found] == [(2, "consumer webmail domain: gmail.com")]


def test_the_domain_is_read_whatever_its_case_and_spaces():
    found = findings(RULE, Type_client=["B2B", "B2B"], email=[" Jean.Morel@Orange.FR ", "paul@LaPoste.net"])
    assert [f.detail for f in found] == ["consumer webmail domain: orange.fr", "consumer webmail domain: laposte.net"]


def test_an_address_at_the_companys_own_domain_passes():
    assert flagged_rows(RULE, Type_client=["Professionnel"] * 3, Société=["Boulangerie Lefèvre"] * 3,
                        email=["jean@boulangerie-lefevre.fr", "jean@gmail.com.boulangerie.fr", "contact@acme.fr"]) == []


def test_a_consumer_or_an_unknown_type_on_gmail_is_not_this_rules_business():
    assert flagged_rows(RULE, Type_client=["Particulier", "", "?"], email=["a@gmail.com", "b@gmail.com", "c@gmail.com"]) == []


def test_an_invalid_address_is_email_invalids():
    assert flagged_rows(RULE, Type_client=["Pro", "Pro"], email=["jean@@gmail.com", "jean gmail.com"]) == []


def test_the_operators_own_staff_pass_but_not_a_lookalike_name():
    assert flagged_rows(RULE, Type_client=["B2B"] * 4,
                        Société=["Orange Business Services", "La Poste", "Freelance Conseil", "SFR"],
                        email=["a@orange.fr", "b@laposte.net", "c@free.fr", "d@sfr.fr"]) == [4]
    # a company merely named like the operator (a town, a word, a title) is no operator
    assert flagged_rows(RULE, Type_client=["B2B"] * 3, Société=["Boulangerie d'Orange", "Free Style", "Cabinet Me Martin"],
                        email=["a@orange.fr", "b@free.fr", "c@me.com"]) == [2, 3, 4]


def test_every_email_column_is_checked():
    found = findings(RULE, Type_client=["Entreprise"], headers={"e1": "E-mail", "e2": "E-mail perso"},
                     e1=["j.morel@morel-sa.fr"], e2=["j.morel@hotmail.fr"])
    assert [(f.column, f.detail) for f in found] == [("E-mail perso", "consumer webmail domain: hotmail.fr")]


def test_the_address_is_masked_and_the_row_only_tagged():
    found = findings(RULE, Type_client=["Pro"], email=["jean.morel@gmail.com"])
    assert "jean.morel" not in str(found[0].value)
    todo, _ = decisions(RULE, Type_client=["Pro"], email=["jean.morel@gmail.com"])
    assert todo.flags and todo.edits == {} and todo.blocked == {}


def test_without_a_customer_type_column_the_rule_is_skipped():
    assert len(skipped_reasons(RULE, email=["a@gmail.com"])) == 1


def test_a_domain_that_is_not_one_is_refused():
    import pytest
    from fichier_check.errors import UserError
    with pytest.raises(UserError, match="gmail"):
        flagged_rows({**RULE, "params": {"domains": ["@gmail"]}}, Type_client=["Pro"], email=["a@gmail.com"])


def test_the_shipped_list_is_the_modules_default():
    assert RULE["params"]["domains"] == b2b_webmail.DOMAINS
