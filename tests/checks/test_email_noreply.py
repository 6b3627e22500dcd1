"""email-noreply: a valid address whose local part is a no-reply word (case ignored) is emptied.

The word must be a whole piece of the local part before any `+tag`: it starts the local part or
follows `.`, `-`, `_`; it ends it or is followed by `.`, `-`, `_`, `+` or a digit.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("email-noreply")


@pytest.mark.parametrize("address", [
    "noreply@exemple.fr", "no-reply@exemple.fr", "no_reply@exemple.fr", "donotreply@exemple.fr",
    "do-not-reply@exemple.fr", "ne-pas-repondre@exemple.fr", "nepasrepondre@exemple.fr",
    "ne-pas-répondre@exemple.fr",
])
def test_the_shipped_words_are_flagged(address):
    assert flagged_rows(RULE, email=[address]) == [2]


@pytest.mark.parametrize("address", ["NoReply@Exemple.FR", "NO-REPLY@exemple.fr", "NE-PAS-RÉPONDRE@exemple.fr",
                                     "  noreply@exemple.fr "])
def test_letter_case_and_surrounding_spaces_are_ignored(address):
    assert flagged_rows(RULE, email=[address]) == [2]


@pytest.mark.parametrize("address", ["noreply+abc@exemple.fr", "no-reply.fr@exemple.fr", "NoReply2@exemple.fr",
                                     "noreply-factures@exemple.fr", "donotreply_shop@exemple.fr"])
def test_word_followed_by_a_separator_a_digit_or_a_tag_is_flagged(address):
    assert flagged_rows(RULE, email=[address]) == [2]


@pytest.mark.parametrize("address", ["calendar-noreply@google.com", "boutique.no-reply@exemple.fr",
                                     "shop_noreply2@exemple.fr"])
def test_word_after_a_separator_is_flagged(address):
    assert flagged_rows(RULE, email=[address]) == [2]


@pytest.mark.parametrize("address", [
    "noreplyteam@exemple.fr",   # glued to another word
    "snoreply@exemple.fr",      # inside a word
    "noreplies@exemple.fr",
    "reply@exemple.fr",
    "jean+noreply@gmail.com",   # Jean's own address, tagged: he reads it
    "marie@noreply.fr",         # the domain is not the local part
    "marie.noreply@",           # invalid: email-invalid's finding
])
def test_near_misses_pass(address):
    assert flagged_rows(RULE, email=[address]) == []


def test_blank_cells_pass():
    assert flagged_rows(RULE, email=["", "   ", "marie@exemple.fr"]) == []


def test_invalid_no_reply_address_is_reported_by_email_invalid_only():
    rows = ["noreply@", "noreply@@exemple.fr", "noreply@exemple.fr"]
    found = findings(RULE, email=rows, extra_rules=[shipped("email-invalid")])
    assert sorted((f.rule, f.row) for f in found) == [("email-invalid", 2), ("email-invalid", 3),
                                                      ("email-noreply", 4)]


def test_every_email_column_is_checked():
    assert flagged_rows(RULE, Courriel=["marie@exemple.fr", "noreply@exemple.fr"],
                        Email_pro=["no-reply@societe.fr", "marie@societe.fr"]) == [2, 3]


def test_the_report_names_the_word_and_masks_the_address():
    [finding] = findings(RULE, email=["No-Reply.Boutique@Exemple.fr"])
    assert finding.value == "N•••@E•••.fr"
    assert "Boutique" not in finding.value and finding.detail == "no-reply local part: no-reply"


def test_blank_action_empties_the_cell():
    todo, _ = decisions(RULE, email=["marie@exemple.fr", "noreply@exemple.fr"], Nom=["Durand", "Petit"])
    assert todo.edits == {(1, 0): ""}


def test_the_words_can_be_tuned():
    rule = {**RULE, "params": {"words": ["sans-reponse"]}}
    assert flagged_rows(rule, email=["sans-reponse@exemple.fr", "noreply@exemple.fr"]) == [2]


def test_the_shipped_rule_spells_the_default_words():
    # the YAML rule shows users the list they can tune; a rule that leaves `words` out gets the same one
    assert RULE["params"]["words"] == CHECKS["email_noreply"].params["words"].default


def test_an_empty_word_list_is_refused():
    with pytest.raises(UserError, match="at least one word"):
        flagged_rows({**RULE, "params": {"words": []}}, email=["marie@exemple.fr"])


def test_rule_is_skipped_without_an_email_column():
    assert skipped_reasons(RULE, Nom=["Durand"]) == ["no column holds the role email"]


def test_rule_is_skipped_when_the_campaign_sends_no_email():
    assert skipped_reasons(RULE, channels=("phone",), email=["noreply@exemple.fr"]) == [
        "the campaign does not use its channels (email)"]
