"""code_meaning: the rows whose call result or status has a meaning of the vocabulary.

- refusal-result-code: REFUS, REFUS COMM (meaning `refusal`), in the call result or the status,
  any customer type: error, row quarantined, the code in the detail.
- status-stopped: ARRÊTÉ (meaning `stopped`), consumers and businesses: warning, phone blocked.
- out-of-target-kept: HORS CIBLE (meaning `out_of_target`): warning, row quarantined.
- phone-known-wrong: ERR (meaning `wrong_number`) in the call result: warning, the row's phones
  emptied, unless one of them is invalid (phone-invalid's row: kept for correction).
The meanings come from the vocabulary: a spelling or a code added there is read without code.
"""
from __future__ import annotations

import numpy as np
import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

REFUSAL = shipped("refusal-result-code")
STOPPED = shipped("status-stopped")
OUT = shipped("out-of-target-kept")
WRONG = shipped("phone-known-wrong")
PHONE = "06 12 34 56 78"
OTHER_PHONE = "01 42 68 53 00"


# --- refusal-result-code -------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["REFUS", "Refus", "refus", "REFUS COMM", "refus comm.", "Refus-Comm", "Refusé",
                                  "refuse", "pas intéressé", "Pas interesse", "refus de communiquer", "Raccroché",
                                  "Refusée", "Pas intéressée", "Ne plus appeler", "ne souhaite plus être contactée"])
def test_refusal_codes_and_their_spellings_are_flagged(cell):
    assert flagged_rows(REFUSAL, Résultat_appel=[cell]) == [2]


@pytest.mark.parametrize("cell", ["NRP", "OCC", "RAPP", "RDV", "PISTE", "PROJET", "MAIL", "HORS CIBLE", "ERR", "",
                                  "   ", "-", "REFUSAL", "refus total", "BLAH"])
def test_other_codes_blank_and_unknown_values_pass(cell):
    # an unknown value ("refus total", "REFUSAL") is call-result-unknown's finding, not this rule's
    assert flagged_rows(REFUSAL, Résultat_appel=[cell]) == []


def test_the_detail_names_the_canonical_code():
    found = findings(REFUSAL, Résultat_appel=["refus comm.", "Refusé", "NRP"])
    assert [(f.row, f.value, f.detail) for f in found] == [
        (2, "refus comm.", "call result: REFUS COMM"), (3, "Refusé", "call result: REFUS")]


def test_the_row_is_quarantined_whatever_the_customer_type():
    todo, _ = decisions(REFUSAL, Type_client=["Professionnel", "Particulier", "", "Particulier"],
                        Résultat_appel=["REFUS", "REFUS COMM", "refus", "RDV"], Téléphone=[PHONE] * 4)
    assert sorted(todo.quarantine) == [0, 1, 2]
    assert [rule for rule, _ in todo.quarantine[0]] == ["refusal-result-code"]  # the id other rules read


def test_a_status_meaning_refusal_counts_too():
    vocabulary = {"status": {"REFUS DEFINITIF": {"means": ["refusal"]}}}
    assert flagged_rows(REFUSAL, vocabulary=vocabulary, Statut=["Refus définitif", "CHAUD"]) == [2]


def test_a_spelling_added_to_the_vocabulary_is_read():
    assert flagged_rows(REFUSAL, Résultat_appel=["Pas disponible pour nous"]) == []
    spellings = ["refusé", "refus client", "pas intéressé", "pas disponible pour nous"]
    assert flagged_rows(REFUSAL, vocabulary={"call_result": {"REFUS": {"spellings": spellings}}},
                        Résultat_appel=["Pas disponible pour nous", "PAS DISPONIBLE POUR NOUS", "Refusé"]) == [2, 3, 4]


def test_a_new_code_meaning_refusal_is_read():
    vocabulary = {"call_result": {"STOP APPEL": {"means": ["attempt", "reached", "refusal"], "spellings": ["dnc"]}}}
    found = findings(REFUSAL, vocabulary=vocabulary, Résultat_appel=["DNC", "stop appel", "NRP"])
    assert [(f.row, f.detail) for f in found] == [(2, "call result: STOP APPEL"), (3, "call result: STOP APPEL")]


def test_refus_comm_stops_being_a_refusal_when_the_vocabulary_says_so():
    # the catalogue: REFUS COMM is treated like REFUS by default, configurable
    vocabulary = {"call_result": {"REFUS COMM": {"means": ["attempt", "reached"]}}}
    assert flagged_rows(REFUSAL, vocabulary=vocabulary, Résultat_appel=["REFUS COMM", "REFUS"]) == [3]


def test_a_code_removed_from_the_vocabulary_is_no_longer_read():
    assert flagged_rows(REFUSAL, vocabulary={"call_result": {"REFUS COMM": None}},
                        Résultat_appel=["REFUS COMM", "REFUS"]) == [3]


def test_each_code_column_holding_the_meaning_is_reported():
    vocabulary = {"status": {"REFUSÉ": {"means": ["refusal"]}}}
    found = findings(REFUSAL, vocabulary=vocabulary, Résultat_appel=["REFUS", "NRP"], Statut=["refusé", "refusé"])
    assert sorted((f.row, f.column, f.detail) for f in found) == [
        (2, "Résultat appel", "call result: REFUS"), (2, "Statut", "status: REFUSÉ"), (3, "Statut", "status: REFUSÉ")]


def test_rule_is_skipped_without_a_code_column():
    assert skipped_reasons(REFUSAL, Nom=["Durand"]) == ["no column holds the role call_result or status"]


# --- status-stopped ------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["ARRÊTÉ", "Arrêté", "ARRETE", "arrete", "arrêtée", "Stoppé", "en pause"])
def test_stopped_status_and_its_spellings_are_flagged(cell):
    assert flagged_rows(STOPPED, Statut=[cell]) == [2]


@pytest.mark.parametrize("cell", ["CHAUD", "TIÈDE", "tiede", "FROID", "PERDU", "GAGNÉ", "CLIENT", "", "arrêt maladie"])
def test_other_statuses_pass(cell):
    assert flagged_rows(STOPPED, Statut=[cell]) == []


def test_stopped_blocks_the_phone_for_consumers_and_businesses():
    todo, _ = decisions(STOPPED, Type_client=["Professionnel", "Particulier", "Particulier"],
                        Statut=["ARRÊTÉ", "Arrêté", "CHAUD"], Téléphone=[PHONE] * 3, email=["a@exemple.fr"] * 3)
    assert todo.blocked == {0: {"phone"}, 1: {"phone"}} and todo.quarantine == {}


def test_stopped_gives_the_status_in_the_detail():
    [finding] = findings(STOPPED, Statut=["arretee"])
    assert (finding.column, finding.detail) == ("Statut", "status: ARRÊTÉ")


def test_stopped_concerns_phone_campaigns_only():
    assert skipped_reasons(STOPPED, channels=("email",), Statut=["ARRÊTÉ"]) == [
        "the campaign does not use its channels (phone)"]


# --- out-of-target-kept --------------------------------------------------------------------------

@pytest.mark.parametrize("column", ["Résultat_appel", "Statut"])
@pytest.mark.parametrize("cell", ["HORS CIBLE", "Hors-cible", "hors cible", "HC", "hors  cible."])
def test_out_of_target_in_the_call_result_or_the_status_is_flagged(column, cell):
    assert flagged_rows(OUT, **{column: [cell]}) == [2]


def test_out_of_target_quarantines_the_row():
    todo, _ = decisions(OUT, Résultat_appel=["NRP", "Hors-cible"], Statut=["CHAUD", "FROID"])
    assert list(todo.quarantine) == [1]
    assert todo.quarantine[1][0][0] == "out-of-target-kept"


def test_out_of_target_in_both_columns_is_one_row_quarantined_twice_reported():
    found = findings(OUT, Résultat_appel=["HORS CIBLE"], Statut=["hors-cible"])
    assert sorted((f.column, f.detail) for f in found) == [("Résultat appel", "call result: HORS CIBLE"),
                                                          ("Statut", "status: HORS CIBLE")]


# --- phone-known-wrong ---------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["ERR", "err", "Erreur", "faux numéro", "Faux numero", "wrong number"])
def test_wrong_number_codes_empty_the_phone(cell):
    todo, _ = decisions(WRONG, Résultat_appel=[cell, "NRP"], Téléphone=[PHONE, PHONE])
    assert todo.edits == {(0, 1): ""}


def test_every_phone_of_the_row_is_emptied_and_reported_masked():
    found = findings(WRONG, Résultat_appel=["ERR"], Téléphone=[PHONE], Portable=["07 98 76 54 32"])
    assert sorted((f.column, f.value, f.detail) for f in found) == [
        ("Portable", "07 •• •• •• 32", "call result: ERR"), ("Téléphone", "06 •• •• •• 78", "call result: ERR")]
    todo, _ = decisions(WRONG, Résultat_appel=["ERR"], Téléphone=[PHONE], Portable=["07 98 76 54 32"])
    assert todo.edits == {(0, 1): "", (0, 2): ""}


def test_a_blank_phone_is_not_reported():
    assert findings(WRONG, Résultat_appel=["ERR"], Téléphone=[""], Portable=[PHONE])[0].column == "Portable"
    assert flagged_rows(WRONG, Résultat_appel=["ERR"], Téléphone=["  "]) == []


def test_err_in_the_status_is_not_read():
    # ERR is a call result; a status column holding it is call-result-unknown's
    assert flagged_rows(WRONG, Statut=["ERR"], Résultat_appel=[""], Téléphone=[PHONE]) == []


def test_a_row_with_an_invalid_number_is_left_to_phone_invalid():
    # phone-invalid keeps an invalid number for correction and writes ERR itself: auditing the
    # cleaned file again must not empty it, nor the row's other (valid) phone
    rows = dict(Résultat_appel=["ERR", "ERR", "ERR"], Téléphone=["06 12", PHONE, "01 23"],
                Portable=["07 98 76 54 32", "", ""])
    assert flagged_rows(WRONG, **rows) == [3]
    found = findings(WRONG, extra_rules=[shipped("phone-invalid")], **rows)
    assert sorted((f.rule, f.row) for f in found) == [("phone-invalid", 2), ("phone-invalid", 4),
                                                      ("phone-known-wrong", 3)]
    todo, _ = decisions(WRONG, extra_rules=[shipped("phone-invalid")], **rows)
    assert todo.edits == {(1, 1): ""}
    assert todo.set_cells == {(0, "call_result"): ("ERR", "Résultat appel"), (2, "call_result"): ("ERR", "Résultat appel")}


def test_phone_invalid_writing_err_does_not_feed_phone_known_wrong_in_the_same_run():
    # checks read the input: the ERR phone-invalid writes reaches the cleaned file only
    rows = dict(Résultat_appel=["", "NRP"], Téléphone=["06 12", PHONE])
    found = findings(WRONG, extra_rules=[shipped("phone-invalid")], extra_rules_first=True, **rows)
    assert [(f.rule, f.row) for f in found] == [("phone-invalid", 2)]


def test_wrong_number_rule_is_skipped_without_a_phone_column():
    assert skipped_reasons(WRONG, Résultat_appel=["ERR"], email=["a@exemple.fr"]) == [
        "no column holds the role phone or mobile"]


# --- the check's params --------------------------------------------------------------------------

def test_customer_type_restricts_the_rows():
    rule = {**REFUSAL, "params": {**REFUSAL["params"], "customer_type": "B2C"}}
    assert flagged_rows(rule, Type_client=["Professionnel", "Particulier", ""], Résultat_appel=["REFUS"] * 3) == [3, 4]


def test_the_shipped_rules_spell_their_params():
    for rule in (REFUSAL, STOPPED, OUT, WRONG):
        assert set(rule["params"]) >= {"meaning", "roles", "customer_type"}
    assert (REFUSAL["params"]["meaning"], STOPPED["params"]["meaning"], OUT["params"]["meaning"],
            WRONG["params"]["meaning"]) == ("refusal", "stopped", "out_of_target", "wrong_number")
    assert CHECKS["code_meaning"].params["customer_type"].default == "all"


@pytest.mark.parametrize("params, message", [
    ({"meaning": "refused"}, "'refused' is not one of"),
    ({"meaning": "refusal", "roles": ["phone"]}, "'phone' is not one of call_result, status"),
    ({"meaning": "refusal", "roles": []}, "roles must list"),
    ({"meaning": "refusal", "unless_invalid": True}, "unless_invalid needs report_roles"),
    ({"meaning": "refusal", "unless_invalid": True, "report_roles": ["comment"]}, "unless_invalid needs report_roles"),
    ({}, "param meaning is required"),
])
def test_bad_params_are_refused(params, message):
    with pytest.raises(UserError, match=message):
        flagged_rows({"id": "x", "check": "code_meaning", "params": params}, Résultat_appel=["REFUS"])


def test_report_roles_other_than_phones_report_filled_cells():
    rule = {"id": "x", "check": "code_meaning", "params": {"meaning": "out_of_target", "report_roles": ["comment"]}}
    found = findings(rule, Résultat_appel=["HC", "HC", "NRP"], Commentaire=["vu au salon", "", "ok"])
    assert [(f.row, f.column, f.detail) for f in found] == [(2, "Commentaire", "call result: HORS CIBLE")]


def test_many_rows_are_read_once_per_distinct_value():
    codes = np.array(["REFUS", "NRP", "Arrêté", "refus comm.", ""] * 2000)
    assert len(flagged_rows(REFUSAL, Résultat_appel=list(codes))) == 4000
