"""How a term written in a pack finds the forms notes use (analysis/term_patterns)."""
from __future__ import annotations

import pytest

from fichier_check.analysis.term_patterns import problem
from fichier_check.analysis.terms import TermMatcher

SETS = {"country": ["maroc", "côte d'ivoire"], "party": ["rn", "france insoumise"]}


def found(term: str, text: str) -> bool:
    return TermMatcher({"x": [term]}, names=False, sets=SETS).search(text) is not None


@pytest.mark.parametrize("term, text", [
    ("malade", "Ses parents sont MALADES"),                      # plural, case
    ("syndiqué", "syndiquée depuis 2019"),                       # feminine, accent
    ("hôpital", "deux séjours en hopitaux"),                     # -al / -aux
    ("dépressif", "elle est dépressive"),                        # -if / -ive
    ("chimio*", "en chimiothérapie"),                            # a prefix
    ("arrêt maladie", "en arrêt-maladie"),                       # any separator
    ("suivi ... oncologue", "suivie depuis deux ans par un oncologue"),   # a gap
    ("M. ... son mari", "M. Roux vit avec son mari"),             # a title's dot ends no sentence
    ("vient du|de|d @country", "vient de Côte d'Ivoire"),         # alternatives and a set phrase
    ("vote @party", "vote France insoumise"),
])
def test_a_term_finds_its_forms(term, text):
    assert found(term, text)


@pytest.mark.parametrize("term, text", [
    ("rom", "un week-end à Rome"),              # a short word takes no ending
    ("malade", "maladroit au téléphone"),        # whole words only
    ("suivi ... oncologue", "suivi du dossier. Son oncologue"),   # a gap stays within its sentence
    ("suivi ... oncologue", "suivi un deux trois quatre cinq six sept oncologue"),   # at most `gap` words
    ("vient du|de|d @country", "vient de Lyon"),  # a set holds its words only
])
def test_a_term_finds_nothing_else(term, text):
    assert not found(term, text)


@pytest.mark.parametrize("item, message", [
    ("... malade", "needs a word on each side"),
    ("?!", "no letter or digit"),
    ("origine @nowhere", "no set named 'nowhere'"),
    ({"lemma": "opérer", "forms": "opéré"}, "forms must be a list"),
])
def test_a_term_that_cannot_be_one_is_refused_with_why(item, message):
    assert message in problem(item, SETS)


def test_a_choice_of_several_words_is_refused_rather_than_misread():
    assert "a|b choices are single words" in problem("oncle|grands-parents ... @country", SETS)
