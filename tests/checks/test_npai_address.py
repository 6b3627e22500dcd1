"""npai-address: La Poste returned the letter NPAI (« n'habite pas à l'adresse indiquée ») or PND:
the mention is in the address, city, status, call result or a comment, or an NPAI column says yes.
The address cell is emptied (warning) and the row is no longer reachable by post.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from tests.checks.rule_harness import decisions, findings, flagged_rows, run_rule, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("npai-address")
NO_CHANNEL = {"id": "no-usable-channel", "check": "no_usable_channel", "severity": "info", "action": "quarantine"}


@pytest.mark.parametrize("comment", ["NPAI", "npai le 12/03", "Retour N.P.A.I.", "Courrier revenu : n'habite plus à "
                                     "l'adresse indiquée", "N'HABITE PAS A L'ADRESSE INDIQUEE", "Pli non distribuable",
                                     "PND", "destinataire inconnu à l'adresse"])
def test_the_mention_in_a_comment_is_flagged(comment):
    assert flagged_rows(RULE, Adresse=["3 rue des Lilas"], Commentaire=[comment]) == [2]


@pytest.mark.parametrize("comment", ["", "RDV fixé avec la DAF", "Rappeler après 18h", "a déménagé ? à vérifier",
                                     "pnd", "Rue de l'Inconnu", "adresse indiquée sur le site"])
def test_ordinary_comments_pass(comment):
    assert flagged_rows(RULE, Adresse=["3 rue des Lilas"], Commentaire=[comment]) == []


def test_the_mention_in_the_address_city_or_status_is_flagged_and_the_detail_says_where():
    found = findings(RULE, Adresse=["12 rue de l'Inconnu NPAI", "4 place Carnot", "1 rue Haute", "8 rue Basse"],
                     Ville=["Lyon", "Lyon (PND)", "Lyon", "Lyon"], Statut=["", "", "NPAI", ""])
    assert [(f.row, f.detail) for f in found] == [
        (2, "NPAI mention in the address"), (3, "NPAI mention in the city"), (4, "NPAI mention in the status")]
    assert {f.column for f in found} == {"Adresse"} and all("rue" not in f.value.lower() for f in found)


@pytest.mark.parametrize("flag, flagged", [("Oui", True), ("X", True), ("1", True), ("12/03/2025", True),
                                           ("NPAI", True), ("Non", False), ("0", False), ("", False), ("-", False)])
def test_an_npai_column_says_yes_with_a_yes_a_date_or_the_mention(flag, flagged):
    assert flagged_rows(RULE, Adresse=["3 rue des Lilas"], NPAI=[flag]) == ([2] if flagged else [])


def test_the_address_is_emptied_and_the_row_no_longer_reachable_by_post():
    todo, _ = decisions(RULE, Adresse=["3 rue des Lilas", "5 rue Neuve"], Code_postal=["69003", "69003"],
                        Ville=["Lyon", "Lyon"], Retour_courrier=["oui", ""], channels=("post",))
    assert todo.edits == {(0, 0): ""} and todo.flags == {0: ["npai-address"]}
    engine, _ = run_rule(RULE, Adresse=["3 rue des Lilas", "5 rue Neuve"], Code_postal=["69003", "69003"],
                         Ville=["Lyon", "Lyon"], NPAI=["oui", ""], channels=("post",), extra_rules=[NO_CHANNEL])
    assert engine.reachable["post"] == 1
    assert sorted(f.row for o in engine.outcomes() if o.rule_id == "no-usable-channel" for f in o.findings()) == [2]


def test_without_an_address_column_the_postal_code_is_emptied():
    todo, _ = decisions(RULE, Code_postal=["69003"], Ville=["Lyon"], Commentaire=["NPAI"], channels=("post",))
    assert todo.edits == {(0, 0): ""}


def test_rule_is_skipped_without_any_address_field_or_without_the_post_channel():
    assert skipped_reasons(RULE, Commentaire=["NPAI"]) == ["no column holds the role address or postal_code or city"]
    assert flagged_rows(RULE, Adresse=["1 rue Haute"], Commentaire=["NPAI"], channels=("email",)) == []


def test_the_shipped_rule_spells_the_default_terms():
    params = CHECKS["npai_address"].params
    assert RULE["params"]["terms"] == params["terms"].default
    assert RULE["params"]["upper_terms"] == params["upper_terms"].default
    assert RULE["params"]["roles"] == params["roles"].default
