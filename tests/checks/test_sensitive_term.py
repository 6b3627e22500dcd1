"""sensitive-term (and insulting-comment, subjective-comment): sensitive words in free-text columns."""
from __future__ import annotations

from tests.checks.shipped import shipped as rule
from tests.checks.rule_harness import decisions, findings, flagged_rows

TERM = rule("sensitive-term")


def test_health_word_in_comment_is_flagged():
    assert flagged_rows(TERM, Commentaire=["Rappeler jeudi", "En arrêt maladie jusqu'en mars"]) == [3]


def test_accents_and_case_do_not_matter():
    assert flagged_rows(TERM, Commentaire=["ARRET MALADIE", "arrêt-maladie", "Sortie de l'HÔPITAL"]) == [2, 3, 4]


def test_a_word_inside_another_word_is_not_flagged():
    assert flagged_rows(TERM, Commentaire=["Contrat signé", "Fromage de Rome", "Irish pub"]) == []


def test_french_elision_is_handled():
    assert flagged_rows(TERM, Commentaire=["client d'origine maghrébine", "qu'il est malade"]) == [2, 3]


def test_plural_and_feminine_endings():
    assert flagged_rows(TERM, Commentaire=["Parents diabétiques", "Syndiquée"]) == [2, 3]


def test_upper_case_only_tokens_match_in_capitals_only():
    assert flagged_rows(TERM, Commentaire=["Adhérent CGT", "la sud-ouest", "rn 7"]) == [2]


def test_each_category_of_article_9_and_10_is_covered():
    comments = ["catholique pratiquant", "militant communiste", "homosexuel", "empreintes digitales",
                "sorti de prison", "porte le voile", "gens du voyage"]
    assert flagged_rows(TERM, Commentaire=comments) == list(range(2, 9))


def test_english_words_are_found():
    assert flagged_rows(TERM, Notes=["On sick leave until May", "pregnant"]) == [2, 3]


def test_address_and_company_columns_are_not_scanned():
    assert flagged_rows(TERM, Adresse=["1 rue de l'Église"], Société=["Clinique Santé Plus"],
                        Commentaire=[""]) == []


def test_the_report_names_the_term_never_the_comment():
    [finding] = findings(TERM, Commentaire=["Très gentil mais en arrêt maladie depuis mars"])
    assert "arret maladie" in finding.detail and "(health)" in finding.detail
    assert "mars" not in finding.value and finding.value.startswith("T")


def test_blank_action_empties_the_comment():
    todo, _ = decisions(TERM, Nom=["Durand"], Commentaire=["malade"])
    assert todo.edits == {(0, 1): ""}


def test_every_comment_column_is_scanned():
    assert flagged_rows(TERM, Commentaire=["", ""], Remarques=["", "enceinte"]) == [3]


def test_users_can_exclude_a_word():
    custom = {**TERM, "params": {**TERM["params"], "exclude": ["église"]}}
    assert flagged_rows(custom, Commentaire=["Rendez-vous devant l'église"]) == []


def test_insulting_comment_is_flagged_and_emptied():
    assert flagged_rows(rule("insulting-comment"), Commentaire=["Quel abruti", "Très aimable"]) == [2]


def test_subjective_comment_is_only_tagged():
    todo, _ = decisions(rule("subjective-comment"), Commentaire=["Client radin"])
    assert todo.flags == {0: ["subjective-comment"]} and todo.edits == {}
