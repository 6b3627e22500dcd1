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
    assert "arret" in finding.detail and "(health)" in finding.detail
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
    assert finding.detail == "sorti … prison (criminal)" and "gentil" not in finding.value  # a gap's words are never shown
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


# What notes say, and what the rule makes of it (issue #19): a representative subset of the labelled
# corpus tests/data/sensitive_terms/notes_fr.csv, which bench/term_corpus.py measures whole.
CRIMINAL = rule("criminal-terms-in-comment")
CAUGHT = [  # (note, the rule that empties it, the category its detail names)
    ("Mme Petit en ALD depuis 2019, horaires réduits", TERM, "health"),
    ("a fait un avc en mars, parle lentement", TERM, "health"),
    ("suivie depuis 2 ans par un oncologue, dispo limitée", TERM, "health"),
    ("reconnu RQTH l'an dernier, poste aménagé", TERM, "health"),
    ("en chimio jusqu'en juin, rappeler après", TERM, "health"),
    ("sous antidépresseurs depuis son burn out", TERM, "health"),
    ("Hospitalisée la semaine dernière, reporter le RDV", TERM, "health"),
    ("va à la mosquée le vendredi midi, appeler avant 12h", TERM, "religion"),
    ("Ne travaille pas pendant Yom Kippour, décaler la signature", TERM, "religion"),
    ("ne mange pas de porc, prévoir le plateau repas", TERM, "religion"),
    ("famille marocaine, parle peu français", TERM, "ethnic"),
    ("vient du Mali, arrivé il y a 20 ans", TERM, "ethnic"),
    ("élu sur la liste RN aux municipales", TERM, "politics"),
    ("vote Mélenchon, en parle à chaque appel", TERM, "politics"),
    ("délégué CGT dans sa boîte, négo difficile", TERM, "union"),
    ("a un mandat à la CFDT, dispo le jeudi", TERM, "union"),
    ("M. Roux vit depuis 10 ans avec son mari", TERM, "sexual"),
    ("ouvertement gay, très sympa", TERM, "sexual"),
    ("a fait un test ADN pour une maladie génétique", TERM, "biometric_genetic"),
    ("a fait 2 ans de taule, à éviter", CRIMINAL, "criminal"),
    ("placé sous contrôle judiciaire depuis mars", CRIMINAL, "criminal"),
    ("sorti de Fleury en janvier, cherche un fournisseur", CRIMINAL, "criminal"),
]
LEFT = [  # (note, where the listed word stands): no finding from either rule
    ("RDV place de l'Église à 10h", "address"),
    ("bureaux 12 rue de l'Hôpital, 2e étage", "address"),
    ("Eglise Saint-Pierre, 75007", "address or name"),
    ("près de la mosquée de Lyon, parking derrière", "landmark"),
    ("en face de l'hôpital, entrée B", "landmark"),
    ("Clinique vétérinaire des Lilas, 3 associés", "company"),
    ("vend de l'assurance santé aux TPE", "company"),
    ("boucherie halal, 2 magasins", "company"),
    ("cherche une mutuelle santé pour ses 12 salariés", "company"),
    ("directeur de l'hôpital, appel d'offres en cours", "job"),
    ("M. Gay, responsable achats", "proper name"),
    ("Hôpital Foch, service achats", "proper name"),
    ("test à l'aveugle du produit concluant", "other sense"),
    ("l'ADN de la marque, c'est la proximité", "other sense"),
    ("opération commerciale de printemps validée", "other sense"),
    ("filiale détenue à 100 % par le groupe", "other sense"),
    ("porte condamnée, passer par le quai", "other sense"),
    ("d'origine : salon Batimat 2026", "other sense"),
]


@pytest.mark.parametrize("note, rule_entry, category", CAUGHT, ids=[n for n, _, _ in CAUGHT])
def test_what_notes_say_is_caught_by_its_rule_under_its_category(note, rule_entry, category):
    [finding] = findings(rule_entry, Commentaire=[note])
    assert finding.detail.endswith(f"({category})")
    other = TERM if rule_entry is CRIMINAL else CRIMINAL
    assert flagged_rows(other, Commentaire=[note]) == []  # one note, one finding


@pytest.mark.parametrize("note, where", LEFT, ids=[n for n, _ in LEFT])
def test_a_listed_word_in_an_address_a_name_a_trade_or_another_sense_is_left(note, where):
    assert flagged_rows(TERM, Commentaire=[note]) == [] and flagged_rows(CRIMINAL, Commentaire=[note]) == []


def test_a_cleared_word_does_not_hide_the_rest_of_the_note():
    assert flagged_rows(TERM, Commentaire=["RDV rue de l'Hôpital, sa femme est enceinte"]) == [2]


def test_a_gap_never_shows_its_words_in_the_detail():
    [finding] = findings(TERM, Commentaire=["suivie depuis deux ans par un oncologue"])
    assert finding.detail == "suivie … oncologue (health)"


def test_the_labelled_corpus_meets_the_targets_in_every_category():
    from bench.term_corpus import CORPUS, matchers, predictions, report
    import csv
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        notes = list(csv.DictReader(handle))
    assert len([n for n in notes if n["label"] != "none"]) >= 300 and len([n for n in notes if n["label"] == "none"]) >= 300
    assert len([n for n in notes if n["label"] == "none" and n["trap"]]) >= len([n for n in notes if n["label"] == "none"]) / 2
    assert report(notes, predictions(notes, matchers([], ("sensitive-term", "criminal-terms-in-comment"))), 0.95)


@pytest.mark.parametrize("params, error", [
    ({"terms": {"health": {"fr": ["origine @nowhere"]}}}, "no set named 'nowhere'"),
    ({"terms": {"health": ["... malade"]}}, "needs a word on each side"),
    ({"terms": {"health": [{"lemma": "opérer", "form": ["opéré"]}]}}, "an entry is a word"),
    ({"terms": {"health": ["malade"]}, "contexts": {"address": {"befor": ["rue"]}}}, "unknown key 'befor'"),
    ({"terms": {"health": ["malade"]}, "contexts": {"address": {"before": "rue"}}}, "must be a list"),
    ({"terms": {"health": ["malade"]}, "contexts": {"address": {"window": 40}}}, "window must be"),
])
def test_a_pack_mistake_in_terms_or_contexts_is_named(params, error):
    from fichier_check.checks import sensitive_term
    full = {name: p.default for name, p in sensitive_term.PARAMS.items()} | params
    assert error in sensitive_term.validate(full)
