"""sensitive-term (and insulting-comment, subjective-comment): sensitive words in free-text columns."""
from __future__ import annotations

import pytest

from fichier_check.analysis.text import fold
from tests.checks.shipped import shipped as rule
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons

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


def test_each_category_of_article_9_is_covered():
    comments = ["catholique pratiquant", "militant communiste", "homosexuel", "empreintes digitales",
                "porte le voile", "gens du voyage"]
    assert flagged_rows(TERM, Commentaire=comments) == list(range(2, 8))


def test_offences_are_not_sensitive_term_but_criminal_terms_in_comment():
    # art. 10 apart from art. 9: a criminal note makes one finding, of criminal-terms-in-comment
    notes = ["sorti de prison", "casier judiciaire chargé", "en garde à vue"]
    assert flagged_rows(TERM, Commentaire=notes) == []
    assert flagged_rows(rule("criminal-terms-in-comment"), Commentaire=notes) == [2, 3, 4]


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


# --- comment-subjective (issue #18 item 8): judgements of the person in a note ---------------------
# The CNIL's "zones bloc-notes": notes stay factual, never a judgement of the person ("assistante
# désagréable", "client très agressif"). The rule is subjective-comment, which answers to
# comment-subjective too; insults ("folle", "n'a pas de cerveau") are insulting-comment's, which
# empties the comment. Warning, row tagged; the report names the word, never the comment.

SUBJECTIVE = rule("subjective-comment")
INSULT = rule("insulting-comment")


@pytest.mark.parametrize("note", [
    "assistante désagréable", "client très agressif", "cliente agressive au téléphone", "un peu hystérique",
    "vraiment pénible", "relou", "radin comme pas deux", "pingre", "menteur", "menteuse", "de mauvaise foi",
    "bon pigeon", "facile à convaincre", "ne comprend rien", "ne parle pas français", "fort accent",
    "arrogant et méprisant", "impolie", "odieux avec la standardiste", "insupportable",
])
def test_judgements_of_the_person_are_flagged(note):
    assert flagged_rows(SUBJECTIVE, Commentaire=[note]) == [2]


@pytest.mark.parametrize("note", ["rude on the phone", "very annoying", "unpleasant receptionist", "stingy",
                                  "a liar", "gullible", "obnoxious", "acted in bad faith", "strong accent"])
def test_english_judgements_are_flagged(note):
    assert flagged_rows(SUBJECTIVE, Notes=[note]) == [2]


@pytest.mark.parametrize("note", ["clients agressifs", "gérantes désagréables", "assistants pénibles",
                                  "des menteurs", "radines"])
def test_plural_and_feminine_forms_are_flagged(note):
    assert flagged_rows(SUBJECTIVE, Commentaire=[note]) == [2]


@pytest.mark.parametrize("note", ["DESAGREABLE", "Désagréable au téléphone", "desagreable", "AGRESSIF",
                                  "l'agressive du 2e", "qu'hystérique", "MAUVAISE FOI", "mauvaise-foi"])
def test_case_accents_and_elision_do_not_matter(note):
    assert flagged_rows(SUBJECTIVE, Commentaire=[note]) == [2]


def test_the_report_names_the_word_never_the_note():
    [finding] = findings(SUBJECTIVE, Commentaire=["Mme Durand, assistante désagréable, rappeler lundi"])
    assert finding.detail == "desagreable (judgement)"  # the word as matched: accents and case folded
    assert "Durand" not in finding.value and "lundi" not in finding.value


def test_the_row_is_tagged_and_the_note_kept():
    todo, _ = decisions(SUBJECTIVE, Commentaire=["RAS", "assistante désagréable"])
    assert todo.flags == {1: ["subjective-comment"]} and todo.edits == {}


@pytest.mark.parametrize("note", [
    "Prix agressifs chez le concurrent", "offre très agressive du concurrent", "tarifs agressifs",
    "aggressive pricing from the competitor",                           # a price, not a person
    "travaux pénibles : intéressé par la retraite", "métier pénible",  # a job's hardship
    "mettre l'accent sur le SAV", "nom sans accent", "accent aigu sur le e",  # an accent mark, an emphasis
    "erreur grossière sur la facture", "la concurrence est rude", "rude concurrence",
    "RDV pris, intéressé, rappeler le 12", "Agréable, a demandé une brochure", "pénibilité au travail",
    "hystérésis du capteur", "Radinville (ville)",
])
def test_factual_notes_and_decoys_pass(note):
    assert flagged_rows(SUBJECTIVE, Commentaire=[note]) == []


def test_a_judgement_beside_a_decoy_is_still_found():
    assert flagged_rows(SUBJECTIVE, Commentaire=["prix agressifs mais client agressif"]) == [2]


def test_insults_are_insulting_comment_and_judgements_subjective_comment():
    notes = ["folle", "n'a pas de cerveau", "désagréable", "agressif"]
    assert flagged_rows(INSULT, Commentaire=notes) == [2, 3]
    assert flagged_rows(SUBJECTIVE, Commentaire=notes) == [4, 5]


def test_each_word_has_one_owner():
    def folded(entry):
        return {fold(word) for words in entry["params"]["terms"].values() for word in words}
    assert folded(SUBJECTIVE) & folded(INSULT) == set()


def test_comment_subjective_is_the_same_rule():
    from fichier_check.engine.rulepack import load_rules
    ruleset = load_rules(["default"])
    assert ruleset.aliases["comment-subjective"] == "subjective-comment"
    assert "comment-subjective" in ruleset.known  # a waiver may name it


def test_users_can_add_a_decoy_phrase():
    custom = {**TERM, "params": {**TERM["params"], "decoys": ["devant l'église"]}}
    assert flagged_rows(custom, Commentaire=["RDV devant l'église", "pratiquant, va à l'église"]) == [3]


# --- criminal-terms-in-comment (GDPR art. 10): offences and convictions in a note -----------------
CRIMINAL = rule("criminal-terms-in-comment")


@pytest.mark.parametrize("note", [
    "Sorti de prison en mars", "A un casier judiciaire", "Condamné pour escroquerie", "condamnée en 2019",
    "mis en examen", "placé en garde à vue", "interdit de gérer depuis 2021", "bracelet électronique",
    "fiché S", "ancien détenu", "escroc notoire", "criminal record", "was in jail", "convicted fraudster",
    "a fait de la prison", "en détention provisoire",
])
def test_offences_and_convictions_are_flagged(note):
    assert flagged_rows(CRIMINAL, Commentaire=["RAS", note]) == [3]


@pytest.mark.parametrize("note", [
    "Vol annulé, rappeler au retour", "Prévenu de notre passage", "RDV au tribunal de commerce pour le Kbis",
    "Directeur juridique", "Amende de stationnement de la flotte : non", "sursis à statuer du permis de construire",
    "demande un sursis de paiement", "Condamnation de la porte d'entrée à prévoir",
    "Filiale détenue à 100 % par Vinci", "Capital détenu par la famille Martin", "Accès condamné pendant les travaux",
    "Strong conviction that our offer fits", "Habite près de la prison de Fresnes",
])
def test_ordinary_notes_pass(note):
    # "sursis à statuer" (planning law), "sursis de paiement" (a deferral) and a condemned door are no sentences
    assert flagged_rows(CRIMINAL, Commentaire=[note]) == []


def test_a_criminal_note_is_one_finding_and_the_comment_emptied():
    notes = ["Sorti de prison, très gentil"]
    assert flagged_rows(TERM, Commentaire=notes) == []
    [finding] = findings(CRIMINAL, Commentaire=notes)
    assert finding.detail == "sorti de prison (criminal)" and "gentil" not in finding.value
    todo, _ = decisions(CRIMINAL, Commentaire=notes)
    assert todo.edits == {(0, 0): ""}


def test_no_comment_column_skips_the_rule():
    assert skipped_reasons(CRIMINAL, Nom=["Durand"])


# --- union-mandate-in-job-title (GDPR art. 9(1)): a union mandate in the job title -----------------
UNION = rule("union-mandate-in-job-title")


@pytest.mark.parametrize("title", [
    "Délégué syndical", "Déléguée Syndicale Centrale", "Représentant syndical au CSE", "DS CGT", "Élu CFDT",
    "secrétaire du syndicat", "Technicien, élu FO", "Syndicaliste", "Responsable maintenance - CGT",
    "délégué syndical cfdt", "Secrétaire général du syndicat SUD Rail", "Shop steward", "Union representative",
    "DELEGUE SYNDICAL",
])
def test_union_mandates_are_flagged(title):
    assert flagged_rows(UNION, Fonction=["Directeur commercial", title]) == [3]


@pytest.mark.parametrize("title", [
    "Délégué commercial", "Délégué médical", "Délégué régional", "Délégué Sud-Ouest", "Représentant commercial",
    "Représentante commerciale", "Délégué à la protection des données", "Élu CSE", "Gestionnaire de syndic",
    "Président du syndicat intercommunal des eaux", "Président du syndicat départemental d'énergie",
    "Trésorière du syndicat mixte de rivière", "Secrétaire du syndicat de copropriété",
    "Analyste FO", "Responsable FO / BO", "Directeur SUD-EST", "Credit union representative",
    "European Union representative", "Chargé de clientèle", "Gérant", "",
])
def test_ordinary_job_titles_pass(title):
    assert flagged_rows(UNION, Fonction=[title]) == []


def test_only_the_job_title_is_read_and_the_row_tagged():
    todo, _ = decisions(UNION, Fonction=["Délégué syndical"], Société=["Syndicat CGT Métallurgie"],
                        Commentaire=["délégué syndical"])
    assert todo.flags == {0: ["union-mandate-in-job-title"]} and todo.edits == {}
    [finding] = findings(UNION, Fonction=["Délégué syndical"], Société=["Syndicat CGT Métallurgie"])
    assert finding.detail == "delegue syndical (union)" and finding.value == "D•••"


def test_no_job_title_column_skips_the_rule():
    assert skipped_reasons(UNION, Nom=["Durand"], Commentaire=["délégué syndical"])
