"""duplicate-contact: a row that repeats a person of an earlier row (same personal e-mail, same
phone, or same last name + first name + postal code) is tagged, with the earlier row's number.

The first row of a person is not flagged, only the later ones; keys are compared in normal form
across the whole file, every chunk; quarantined rows do not count; the detail never shows a value.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, run_rule, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("duplicate-contact")
OPPOSED = {"id": "opposition-flag", **{k: v for k, v in shipped("opposition-flag").items() if k != "id"}}


def details(rule=RULE, **columns) -> list[tuple[int, str]]:
    return sorted((f.row, f.detail) for f in findings(rule, **columns))


def test_the_shipped_rule_is_an_info_tag_on_every_key():
    assert (RULE["severity"], RULE["action"]) == ("info", "tag")
    assert RULE["params"] == {"keys": ["email", "phone", "name"]} == {
        name: param.default for name, param in CHECKS["duplicate_contact"].params.items()}


def test_the_later_rows_are_flagged_with_the_first_rows_number_and_the_first_is_not():
    assert details(email=["anne@free.fr", "paul@free.fr", "anne@free.fr", "anne@free.fr"]) == [
        (4, "same e-mail as row 2"), (5, "same e-mail as row 2")]


def test_e_mails_are_compared_trimmed_and_in_lower_case():
    assert details(email=[" Anne.Martin@Free.FR", "anne.martin@free.fr  "]) == [(3, "same e-mail as row 2")]


@pytest.mark.parametrize("address", ["contact@acme.fr", "info@acme.fr", "Contact+salon@acme.fr"])
def test_a_role_address_is_a_company_s_and_links_nobody(address):
    assert flagged_rows(RULE, email=[address, address]) == []


@pytest.mark.parametrize("address", ["anne@", "n/a", "-"])
def test_an_invalid_address_is_no_key(address):
    assert flagged_rows(RULE, email=[address, address]) == []


def test_phones_are_compared_as_e164_whatever_the_format_and_the_column():
    assert details(Téléphone=["06 12 34 56 78", "", "01 42 68 53 00"],
                   Portable=["", "+33 6 12 34 56 78", ""]) == [(3, "same phone as row 2")]
    assert details(phone=["0612345678", "0033612345678", "612345678"]) == [
        (3, "same phone as row 2"), (4, "same phone as row 2")]


@pytest.mark.parametrize("number", ["00 00 00 00 00", "06 12", "0000"])
def test_an_invalid_number_is_no_key(number):
    assert flagged_rows(RULE, phone=[number, number]) == []


def test_a_phone_and_a_mobile_of_one_row_do_not_make_it_its_own_duplicate():
    assert flagged_rows(RULE, Téléphone=["06 12 34 56 78"], Portable=["0612345678"]) == []


def test_name_and_postal_code_ignore_accents_case_spaces_and_punctuation():
    assert details(Nom=["Lefèvre", "LEFEVRE", "Lefèvre"], Prénom=["Jean-Luc", "jean luc", "Jean-Luc"],
                   Code_postal=["75001", "75 001", "75002"]) == [(3, "same name and postal code as row 2")]


def test_a_postal_code_whose_leading_zero_was_lost_is_the_same():
    assert details(Nom=["Roux", "Roux"], Prénom=["Anne", "Anne"], Code_postal=["01000", "1000"]) == [
        (3, "same name and postal code as row 2")]


def test_a_name_key_needs_every_part():
    assert flagged_rows(RULE, Nom=["Roux", "Roux"], Prénom=["", ""], Code_postal=["75001", "75001"]) == []
    assert flagged_rows(RULE, Nom=["Roux", "Roux"], Prénom=["Anne", "Anne"], Code_postal=["", ""]) == []
    assert flagged_rows(RULE, Nom=["Roux", "Roux"], Prénom=["Anne", "Paul"], Code_postal=["75001", "75001"]) == []


def test_a_file_without_a_first_name_column_compares_its_name_column():
    assert details(Nom_prénom=["Anne Roux", "ANNE ROUX"], CP=["69003", "69003"],
                   headers={"Nom_prénom": "Nom prénom"}) == [(3, "same name and postal code as row 2")]


def test_a_name_without_a_postal_code_column_is_no_key():
    assert flagged_rows(RULE, Nom=["Roux", "Roux"], Prénom=["Anne", "Anne"], email=["a@free.fr", "b@free.fr"]) == []


def test_duplicates_are_found_across_chunks():
    rows = ["anne@free.fr", "paul@free.fr", "lea@free.fr", "marc@free.fr", "anne@free.fr"]
    assert details(email=rows, chunk_rows=2) == [(6, "same e-mail as row 2")]
    assert details(email=rows, chunk_rows=1) == details(email=rows)


def test_the_detail_prefers_the_first_kind_of_keys_then_the_earliest_row():
    columns = {"email": ["anne@free.fr", "paul@free.fr", "paul@free.fr"],
               "phone": ["0612345678", "0698765432", "0612345678"]}
    assert details(**columns) == [(4, "same e-mail as row 3")]
    by_phone = {**RULE, "params": {"keys": ["phone", "email"]}}
    assert details(by_phone, **columns) == [(4, "same phone as row 2")]


def test_only_the_kinds_of_keys_listed_are_compared():
    email_only = {**RULE, "params": {"keys": ["email"]}}
    assert flagged_rows(email_only, email=["a@free.fr", "b@free.fr"], phone=["0612345678", "0612345678"]) == []


def test_quarantined_rows_do_not_count():
    found = findings(RULE, extra_rules=[OPPOSED], email=["anne@free.fr", "anne@free.fr", "anne@free.fr"],
                     opposition=["oui", "", ""])
    assert sorted((f.rule, f.row, f.detail) for f in found) == [
        ("duplicate-contact", 4, "same e-mail as row 3"), ("opposition-flag", 2, None)]


def test_the_row_is_tagged_and_the_report_shows_no_value():
    todo, _ = decisions(RULE, email=["Anne@free.fr", "anne@free.fr"], phone=["0612345678", "0612345678"])
    assert todo.flags == {1: ["duplicate-contact"]} and todo.quarantine == {}
    [finding] = findings(RULE, email=["Anne@free.fr", "anne@free.fr"])
    assert (finding.column, finding.value) == (None, "")
    assert "anne" not in finding.detail.lower()


def test_counts_stay_those_of_the_rows():
    engine, _ = run_rule(RULE, email=["anne@free.fr", "anne@free.fr", "paul@free.fr"], chunk_rows=2)
    assert engine.decisions.rows_quarantined() == 0 and engine.reachable["email"] == 3


def test_a_file_without_any_key_column_skips_the_rule():
    assert skipped_reasons(RULE, Société=["ACME"]) == [
        "no column holds the role email or phone or mobile or last_name or first_name"]


@pytest.mark.parametrize("params", [{"keys": []}, {"keys": ["fax"]}, {"keys": ["email", "email"]}])
def test_bad_keys_are_refused(params):
    with pytest.raises(UserError):
        flagged_rows({**RULE, "params": params}, email=["a@free.fr"])


@pytest.mark.parametrize("action", ["blank", "mask", "remove-characters", "drop-column"])
def test_an_action_on_cells_is_refused_for_a_whole_file_rule(action):
    with pytest.raises(UserError, match=f"rule duplicate-contact: action {action}"):
        flagged_rows({**RULE, "action": action}, email=["a@free.fr"])


def test_colleagues_sharing_a_switchboard_are_not_duplicates_but_one_e_mail_is_one_person():
    assert flagged_rows(RULE, Nom=["Durand", "Martin", "Durand"], phone=["01 42 68 53 00"] * 3) == []
    # a personal address links whatever the names say: a misspelt or a married name
    assert flagged_rows(RULE, Nom=["Lefèvre", "Lefebvre"], email=["c.lefevre@free.fr"] * 2) == [3]


def test_a_phone_the_cleaned_file_will_not_hold_makes_no_duplicate():
    # ERR: phone-known-wrong empties the second row's number, so auditing the cleaned file agrees
    rows = dict(Nom=["Durand", "Durand"], phone=["01 42 68 53 00", "01 42 68 53 00"], Résultat_appel=["RAPP", "ERR"])
    def duplicates(**extra) -> list[int]:
        return [f.row for f in findings(RULE, **extra, **rows) if f.rule == "duplicate-contact"]
    assert duplicates() == [3]
    assert duplicates(extra_rules=[shipped("phone-known-wrong")]) == []
