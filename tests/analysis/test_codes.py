"""analysis/codes: cells matched against the vocabulary folded (accents, case and punctuation
ignored), one look-up per distinct value; a blank cell is not an unknown one."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fichier_check.analysis.codes import MEANINGS, read_codes
from fichier_check.engine.vocabulary import shipped_vocabulary

VOCABULARY = shipped_vocabulary()


def read(kind: str, cells: list[str]):
    codes, distinct = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    return read_codes(np.asarray(codes), [str(v) for v in distinct], VOCABULARY.lookup(kind))


@pytest.mark.parametrize("cell, code", [
    ("REFUS", "REFUS"), ("Refus", "REFUS"), ("refus", "REFUS"), (" refus ", "REFUS"), ("Refusé", "REFUS"),
    ("REFUSE", "REFUS"), ("refus comm.", "REFUS COMM"), ("REFUS-COMM", "REFUS COMM"), ("Refus_Comm", "REFUS COMM"),
    ("refus  comm", "REFUS COMM"), ("Hors-cible", "HORS CIBLE"), ("HORS CIBLE", "HORS CIBLE"), ("hors cible", "HORS CIBLE"),
    ("nrp", "NRP"), ("Ne répond pas", "NRP"), ("NE REPOND PAS", "NRP"), ("occupé", "OCC"), ("Occupe", "OCC"),
    ("rdv", "RDV"), ("Rendez-vous", "RDV"), ("err", "ERR"), ("Faux numéro", "ERR"), ("à rappeler", "RAPP"),
    ("A RAPPELER", "RAPP"),
])
def test_call_results_are_matched_folded(cell, code):
    assert read("call_result", [cell]).names.tolist() == [code]


@pytest.mark.parametrize("cell, code", [
    ("ARRÊTÉ", "ARRÊTÉ"), ("ARRETE", "ARRÊTÉ"), ("Arrêté", "ARRÊTÉ"), ("arrete", "ARRÊTÉ"), ("Arrêtée", "ARRÊTÉ"),
    ("Gagné", "GAGNÉ"), ("GAGNE", "GAGNÉ"), ("tiède", "TIÈDE"), ("TIEDE", "TIÈDE"), ("Hors-cible", "HORS CIBLE"),
    ("client", "CLIENT"),
])
def test_statuses_are_matched_folded(cell, code):
    assert read("status", [cell]).names.tolist() == [code]


@pytest.mark.parametrize("cell", ["", "   ", "-", "?", " / ", "\t"])
def test_blank_is_not_unknown(cell):
    column = read("call_result", [cell])
    assert column.blank.tolist() == [True] and column.unknown.tolist() == [False]
    assert not any(column.means(meaning)[0] for meaning in MEANINGS)


@pytest.mark.parametrize("cell", ["REFUSAL", "refus total", "NRP2", "N/A", "ARRÊTÉ", "CHAUD"])
def test_a_value_of_no_code_of_the_kind_is_unknown(cell):
    # statuses are not call results: each kind has its own list
    column = read("call_result", [cell])
    assert column.unknown.tolist() == [True] and column.blank.tolist() == [False] and column.names.tolist() == [None]
    assert not any(column.means(meaning)[0] for meaning in MEANINGS)


def test_meanings_come_from_the_vocabulary():
    column = read("call_result", ["REFUS", "refus comm.", "NRP", "RDV", "HC", "ERR", "", "BLAH"])
    assert column.means("refusal").tolist() == [True, True, False, False, False, False, False, False]
    assert column.means("attempt").tolist() == [True, True, True, True, True, True, False, False]
    assert column.means("from_prospect").tolist() == [False, False, False, True, False, False, False, False]
    assert column.means("out_of_target").tolist() == [False, False, False, False, True, False, False, False]
    assert column.means("wrong_number").tolist() == [False, False, False, False, False, True, False, False]
    assert read("status", ["Arrêté", "CHAUD"]).means("stopped").tolist() == [True, False]


def test_an_unknown_meaning_is_a_programming_error():
    with pytest.raises(KeyError, match="unknown code meaning 'refused'"):
        read("call_result", ["REFUS"]).means("refused")


def test_rows_map_to_their_distinct_values():
    column = read("call_result", ["REFUS", "NRP", "refus", "REFUS", "BLAH", ""])
    assert column.names.tolist() == ["REFUS", "NRP", "REFUS", "REFUS", None, ""]
    assert column.distinct_names.tolist() == ["REFUS", "NRP", "REFUS", None, ""]
    assert column.index.tolist() == [0, 1, 2, 0, 3, 4]


def test_an_empty_column():
    column = read("call_result", [])
    assert column.names.tolist() == [] and column.means("refusal").tolist() == []
