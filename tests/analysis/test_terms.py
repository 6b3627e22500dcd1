"""Term search: folding once per text gives the answers of folding character by character."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from fichier_check.analysis.terms import TermMatcher, fold_with_map
from fichier_check.analysis.text import fold

TERMS = {"santé": ["maladie", "diabète", "arrêt maladie", "enceinte", "cancer"], "syndicat": ["syndiqué", "CGT"],
         "religion": ["musulman", "catholique"]}
MATCHER = TermMatcher(TERMS, {"syndicat": ["CGT"]}, ["cancer du poumon"])


def fold_by_character(text: str) -> str:
    """The definition: NFKD, combining marks off, lower case (œ→oe and friends first)."""
    special = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})
    decomposed = unicodedata.normalize("NFKD", text.translate(special))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
FRENCH = st.lists(st.sampled_from(["Maladie", "diabète", "arrêt", "maladie", "Enceinte", "CGT", "cgt", "l'hôpital",
                                   "Musulmane", "catholiques", "Σ", "ΣΑΣ", "İ", "ﬁ", "Cancer du poumon", "cancer",
                                   "Mme", "Diabète", " ", ", ", "’", "-", "Tyson Gay", "é\u0301", "syndiquée"]),
                  max_size=8).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_fold_is_the_character_by_character_definition(text):
    assert fold(text) == fold_by_character(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, FRENCH))
def test_the_automaton_finds_terms_where_the_plain_alternation_of_the_entries_does(text):
    import re

    from fichier_check.analysis.terms import _END
    edge = "(?<![a-z0-9])"  # a word starts here
    folded, origin = fold_with_map(text)
    assert len(origin) == len(folded)
    exact = [MATCHER.exact_pattern(i) for i in range(len(MATCHER._entries))]
    plain = re.compile(edge + "(?:" + "|".join(sorted(exact, key=len, reverse=True)) + ")" + _END)
    expected = plain.search(folded)
    words, spans = MATCHER._candidates(folded)
    found = next((spans[w][0] for w in words if MATCHER._entry_at(folded, spans[w][0])), None)
    assert (expected is None) == (found is None)  # the keys find every term, and the exact checks keep only terms
    assert expected is None or expected.start() <= found


def test_terms_are_found_with_accents_and_case_folded():
    assert MATCHER.search("Client en arrêt Maladie depuis lundi").category == "santé"
    assert MATCHER.search("Tyson Gay") is None and MATCHER.search("RAS") is None


def test_a_column_gets_the_same_answers_when_its_values_come_back_and_when_the_memory_is_full(monkeypatch):
    import pandas as pd

    from fichier_check.analysis import terms
    monkeypatch.setattr(terms, "_MAX_REMEMBERED", 3)
    matcher = TermMatcher(TERMS)
    chunks = [["RAS", "en arrêt maladie", "RAS"], ["en arrêt maladie", "rien", "RAS", "autre", "encore"]]
    answers = [matcher.search_column(pd.Series(values, dtype="str")) for values in chunks + chunks]
    assert [mask.tolist() for mask, _ in answers] == [[False, True, False], [True, False, False, False, False]] * 2
    assert answers[0][1].tolist() == answers[2][1].tolist() and answers[1][1].tolist() == answers[3][1].tolist()
    assert len(matcher._seen) <= 5


def test_no_character_past_the_scanned_planes_has_a_combining_class():
    import sys

    from fichier_check.analysis.text import _COMBINING_END
    assert not [c for c in range(_COMBINING_END, sys.maxunicode + 1) if unicodedata.combining(chr(c))]
