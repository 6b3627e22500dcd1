"""Contexts that clear a listed word (analysis/term_contexts): around the match, in one clause."""
from __future__ import annotations

import pytest

from fichier_check.analysis.term_contexts import Context, problem
from fichier_check.analysis.terms import TermMatcher

CONTEXTS = [Context("address", before=["rue", "place de|du"], postcode=True),
            Context("landmark", before=["en face de"], only=["église"]),
            Context("other_sense", phrases=["enceinte connectée", "syndicat des eaux"])]
MATCHER = TermMatcher({"health": ["enceinte", "malade"], "religion": ["église"], "union": ["syndicat"]},
                      contexts=CONTEXTS)


@pytest.mark.parametrize("text, context", [
    ("RDV place de l'Église", "address"),
    ("12 rue de la Maladière, malade", None),         # the comma ends the address: "malade" stands
    ("Eglise, 75004 Paris", "address"),
    ("en face de l'église, parking", "landmark"),
    ("deux enceintes connectées", "other_sense"),       # plural and feminine endings aside
    ("président du syndicat des eaux", "other_sense"),  # a phrase holding the match
])
def test_a_context_clears_the_word_it_holds(text, context):
    answer = MATCHER.examine(text)
    if context is None:
        assert answer.hit is not None
    else:
        assert answer.hit is None and answer.cleared == (context,)


def test_a_landmark_is_a_building_only():
    assert MATCHER.search("en face de lui, malade") is not None


def test_an_amount_is_no_postcode():
    assert MATCHER.search("malade, 15000 €") is not None and MATCHER.search("église 15000 eur") is not None


def test_a_cleared_word_does_not_hide_the_rest():
    answer = MATCHER.examine("rue de l'Église, sa femme est enceinte")
    assert answer.hit.term == "enceinte" and answer.cleared == ("address",)


@pytest.mark.parametrize("spec, message", [
    ({"befor": ["rue"]}, "unknown key 'befor'"),
    ({"before": "rue"}, "must be a list"),
    ({"window": 11}, "window must be"),
    ({"postcode": "yes"}, "true or false"),
])
def test_a_context_written_wrong_is_refused_with_why(spec, message):
    assert message in problem("address", spec)


@pytest.mark.parametrize("note", ["RDV place de l'Église, ", "en face de l'église ", "M. Gay, ", "rue du Temple "])
def test_a_cell_repeating_a_cleared_note_is_judged_as_the_note(note):
    # a long cell is looked at once per distinct stretch of words: the answer must not change
    assert MATCHER.examine(note * 2000).hit is None
    assert MATCHER.examine(note * 2000 + "sa femme est enceinte").hit.term == "enceinte"
