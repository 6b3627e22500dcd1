"""optin-without-proof: an opt-in saying yes must come with its date and its source (RGPD art.
7(1): the controller proves the consent). Missing proof columns are one finding about the file."""
from __future__ import annotations

from fichier_check.checks import optin_proof
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("optin-without-proof")
PROVED = dict(Date_opt_in=["12/03/2025"], Source_opt_in=["Formulaire site web"])


def test_a_yes_with_its_date_and_source_passes():
    assert flagged_rows(RULE, Opt_in_email=["Oui"], **PROVED) == []


def test_a_yes_without_a_date_is_flagged_and_says_so():
    found = findings(RULE, Opt_in_email=["Oui", "Oui"], Date_opt_in=["", "2025-03-12"],
                     Source_opt_in=["Salon Batimat 2025", "Formulaire"])
    assert [(f.row, f.detail) for f in found] == [(2, "no opt-in date")]


def test_an_unreadable_date_is_no_date():
    found = findings(RULE, Opt_in_sms=["oui", "oui"], Date_opt_in=["bientôt", "31/02/2026"],
                     Source_opt_in=["Jeu concours", "Jeu concours"])
    assert [(f.row, f.detail) for f in found] == [(2, "unreadable opt-in date"), (3, "unreadable opt-in date")]


def test_a_blank_or_placeholder_source_is_no_source():
    found = findings(RULE, Opt_in_email=["x"] * 4, Date_opt_in=["01/06/2025"] * 4,
                     Source_opt_in=["", "?", "Inconnue", "Import CRM 2024"])
    assert [(f.row, f.detail) for f in found] == [(2, "no opt-in source"), (3, "no opt-in source"),
                                                   (4, "no opt-in source")]


def test_both_missing_are_said_together():
    found = findings(RULE, Opt_in_email=["1"], Date_opt_in=["n/a"], Source_opt_in=["N/A"])
    assert [f.detail for f in found] == ["unreadable opt-in date and no opt-in source"]


def test_no_blank_and_ambiguous_opt_ins_are_not_concerned():
    assert flagged_rows(RULE, Opt_in_email=["Non", "", "CGV", "implicite"], Date_opt_in=[""] * 4,
                        Source_opt_in=[""] * 4) == []


def test_every_opt_in_role_needs_its_proof():
    rows = dict(Opt_in_email=["", "", "", ""], Opt_in_SMS=["Oui", "", "", ""], Consentement_téléphone=["", "Oui", "", ""],
                Opt_in_automate=["", "", "Oui", ""], Offres_partenaires=["", "", "", "Oui"],
                Date_opt_in=[""] * 4, Source_opt_in=["Site"] * 4)
    found = findings(RULE, **rows)
    assert sorted((f.row, f.column) for f in found) == [(2, "Opt in SMS"), (3, "Consentement téléphone"),
                                                       (4, "Opt in automate"), (5, "Offres partenaires")]


def test_a_row_with_two_opt_ins_is_flagged_in_each_column():
    found = findings(RULE, Opt_in_email=["Oui"], Opt_in_SMS=["Oui"], Date_opt_in=[""], Source_opt_in=["Site"])
    assert sorted(f.column for f in found) == ["Opt in SMS", "Opt in email"]


def test_no_date_column_is_one_finding_about_the_file_not_one_per_row():
    found = findings(RULE, Opt_in_email=["Oui"] * 50, Source_opt_in=["Site"] * 50)
    assert [(f.row, f.column, f.detail) for f in found] == [
        (1, None, "opt-in columns but no column for the opt-in date: the file cannot prove its consents")]


def test_no_proof_column_at_all_names_both():
    found = findings(RULE, Opt_in_email=["Oui", "Non"])
    assert [(f.row, f.detail) for f in found] == [
        (1, "opt-in columns but no column for the opt-in date nor for where consent was given (opt-in source): the file cannot prove its consents")]


def test_the_file_finding_also_comes_from_a_later_chunk():
    found = findings(RULE, chunk_rows=2, Opt_in_email=["Non", "", "Oui"], Date_opt_in=["", "", "01/01/2025"])
    assert [(f.row, f.column) for f in found] == [(1, None)]


def test_a_file_whose_opt_ins_all_say_no_gets_nothing():
    assert findings(RULE, Opt_in_email=["Non", ""]) == []


def test_with_the_source_column_missing_rows_are_still_judged_on_their_date():
    found = findings(RULE, Opt_in_email=["Oui", "Oui"], Date_opt_in=["", "01/01/2025"])
    assert sorted((f.row, f.detail) for f in found)[0][0] == 1
    assert [(f.row, f.detail) for f in found if f.row > 1] == [(2, "no opt-in date")]


def test_the_detail_never_holds_the_cells():
    found = findings(RULE, Opt_in_email=["Oui"], Date_opt_in=["le jour de la visite de M. Martin"],
                     Source_opt_in=["appel de jean.martin@gmail.com"])
    assert [f.detail for f in found] == ["unreadable opt-in date"]
    assert "Martin" not in str(found[0].value) and "martin" not in found[0].detail


def test_the_row_is_tagged_not_emptied():
    todo, _ = decisions(RULE, Opt_in_email=["Oui"], Date_opt_in=[""], Source_opt_in=["Site"])
    assert todo.edits == {} and todo.quarantine == {} and todo.blocked == {} and todo.flags


def test_a_file_without_opt_in_columns_skips_the_rule():
    reasons = skipped_reasons(RULE, email=["a@exemple.fr"])
    assert len(reasons) == 1 and "optin_email" in reasons[0]


def test_the_shipped_placeholders_are_the_modules_defaults():
    assert RULE["params"]["placeholders"] == optin_proof.PLACEHOLDERS
    assert RULE["params"]["optin_roles"] == optin_proof.OPTIN_ROLES
