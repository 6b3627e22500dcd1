"""call-result-unknown: a call-result or status cell the vocabulary does not know is reported
(warning, row tagged), one finding per column and row; a blank cell is not unknown. The detail
names the column's kind, never the cell; the value is masked as any cell's (--show-values shows it)."""
from __future__ import annotations

import pytest

from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("call-result-unknown")


@pytest.mark.parametrize("cell", ["REFUS", "refus comm.", "Hors-cible", "nrp", "Ne répond pas", "OCCUPÉ", "rdv fixé",
                                  "Err", "à rappeler"])
def test_known_call_results_pass(cell):
    assert flagged_rows(RULE, Résultat_appel=[cell]) == []


@pytest.mark.parametrize("cell", ["ARRÊTÉ", "Arrêté", "ARRETE", "tiède", "Gagne", "HORS CIBLE", "prospect"])
def test_known_statuses_pass(cell):
    assert flagged_rows(RULE, Statut=[cell]) == []


@pytest.mark.parametrize("cell", ["", "   ", "-", "?", "/"])
def test_blank_is_not_unknown(cell):
    assert flagged_rows(RULE, Résultat_appel=[cell], Statut=[cell]) == []


@pytest.mark.parametrize("cell", ["PAS DISPO", "REFUSAL", "refus total", "NRP2", "N/A", "ARRÊTÉ"])
def test_unknown_call_results_are_flagged(cell):
    # ARRÊTÉ is a status, not a call result: each column is read against its own list
    assert flagged_rows(RULE, Résultat_appel=[cell]) == [2]


@pytest.mark.parametrize("cell", ["NRP", "ERR", "en attente", "GAGNANT"])
def test_unknown_statuses_are_flagged(cell):
    assert flagged_rows(RULE, Statut=[cell]) == [2]


def test_one_finding_per_column_and_row_and_the_detail_names_the_kind():
    found = findings(RULE, Résultat_appel=["PAS DISPO", "NRP", "PAS DISPO"], Statut=["en attente", "CHAUD", ""])
    assert sorted((f.row, f.column, f.detail) for f in found) == [
        (2, "Résultat appel", "call result not in the vocabulary"), (2, "Statut", "status not in the vocabulary"),
        (4, "Résultat appel", "call result not in the vocabulary")]


@pytest.mark.parametrize("cell", ["PAS DISPO", "Malade", "Rappeler Mme Lefèvre", "voir marie.durand@exemple.fr"])
def test_the_value_is_masked_as_any_cell_a_status_may_hold_a_note_or_a_name(cell):
    [finding] = findings(RULE, Résultat_appel=[cell])
    assert finding.value == cell[0] + "•••" and cell not in (finding.detail or "")


def test_a_code_added_to_the_vocabulary_is_no_longer_unknown():
    vocabulary = {"call_result": {"PAS DISPO": {"means": ["attempt"]}}}
    assert flagged_rows(RULE, vocabulary=vocabulary, Résultat_appel=["pas dispo", "Pas-Dispo", "BLAH"]) == [4]


def test_a_spelling_no_longer_listed_becomes_unknown_never_silent():
    # a layer's `spellings` replaces the code's list: a spelling left out is reported
    vocabulary = {"call_result": {"REFUS": {"spellings": ["ne plus appeler"]}}}
    assert flagged_rows(RULE, vocabulary=vocabulary, Résultat_appel=["Refusé", "REFUS", "ne plus appeler"]) == [2]


def test_the_row_is_tagged_and_kept():
    todo, _ = decisions(RULE, Résultat_appel=["BLAH", "NRP"])
    assert todo.flags == {0: ["call-result-unknown"]} and todo.quarantine == {} and todo.edits == {}


def test_roles_can_be_narrowed():
    rule = {**RULE, "params": {"roles": ["status"]}}
    assert flagged_rows(rule, Résultat_appel=["BLAH", ""], Statut=["", "BLAH"]) == [3]


def test_bad_roles_are_refused():
    with pytest.raises(UserError, match="roles must list"):
        flagged_rows({**RULE, "params": {"roles": []}}, Statut=["BLAH"])
    with pytest.raises(UserError, match="'comment' is not one of"):
        flagged_rows({**RULE, "params": {"roles": ["comment"]}}, Statut=["BLAH"])


def test_rule_is_skipped_without_a_code_column():
    assert skipped_reasons(RULE, Nom=["Durand"]) == ["no column holds the role call_result or status"]
