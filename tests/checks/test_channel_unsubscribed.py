"""channel-unsubscribed: an "unsubscribed" column blocks the row's e-mail, a "STOP SMS" column its SMS,
each its own channel only."""
from __future__ import annotations

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("channel-unsubscribed")
MOBILE = "06 12 34 56 78"


def test_an_unsubscribed_yes_blocks_the_email_only():
    todo, _ = decisions(RULE, Désabonné=["Oui", "Non", "", "x"], email=["a@durand.fr", "b@durand.fr", "c@durand.fr", "d@durand.fr"],
                        Portable=[MOBILE] * 4)
    assert todo.blocked == {0: {"email"}, 3: {"email"}}
    assert not todo.quarantine


def test_a_stop_sms_yes_blocks_sms_only():
    todo, _ = decisions(RULE, STOP_SMS=["STOP", "1", "non", ""], Portable=[MOBILE] * 4, email=["a@durand.fr"] * 4)
    assert todo.blocked == {0: {"sms"}, 1: {"sms"}}


def test_each_column_blocks_its_own_channel_on_the_same_row():
    todo, _ = decisions(RULE, Désinscrit=["", "oui"], STOP_SMS=["oui", "oui"], email=["a@durand.fr"] * 2,
                        Portable=[MOBILE] * 2)
    assert todo.blocked == {0: {"sms"}, 1: {"email", "sms"}}


def test_opt_out_words_and_a_date_are_a_yes_in_these_columns():
    assert flagged_rows(RULE, Unsubscribed=["désabonné", "Désinscrite", "unsubscribed", "12/03/2025", "2025-03-12"],
                        email=["a@durand.fr"] * 5) == [2, 3, 4, 5, 6]


def test_subscription_words_no_and_blank_are_not_an_opt_out():
    # in an opt-out column, "abonné" or "inscrit" says the person still receives the messages
    assert flagged_rows(RULE, Désabonné=["abonné", "Inscrit", "non", "0", "", "opt-in", "?"],
                        email=["a@durand.fr"] * 7) == []


def test_a_row_without_an_email_or_a_mobile_is_not_flagged():
    # an unsubscribed flag on a row without an address changes nothing; a landline takes no SMS
    assert flagged_rows(RULE, Désabonné=["oui", "oui"], email=["", "b@durand.fr"]) == [3]
    assert flagged_rows(RULE, STOP_SMS=["oui", "oui"], Téléphone=["01 42 68 53 00", MOBILE]) == [3]


def test_a_channel_the_campaign_does_not_use_is_not_reported():
    assert flagged_rows(RULE, channels=("email", "phone"), STOP_SMS=["oui"], Désabonné=["non"], Portable=[MOBILE],
                        email=["a@durand.fr"]) == []


def test_the_rule_is_skipped_without_an_unsubscribed_or_stop_column():
    [reason] = skipped_reasons(RULE, email=["a@durand.fr"])
    assert reason.startswith("no column holds the role") and "unsubscribed_email" in reason and "sms_stop" in reason


def test_the_rule_is_skipped_when_the_campaign_uses_neither_email_nor_sms():
    reasons = skipped_reasons(RULE, channels=("phone",), Désabonné=["oui"], email=["a@durand.fr"])
    assert reasons == ["the campaign does not use its channels (email, sms)"]


def test_the_detail_says_which_opt_out_never_the_cell():
    found = findings(RULE, Désabonné=["Oui"], STOP_SMS=["STOP"], email=["lea.durand@free.fr"], Portable=[MOBILE])
    assert sorted(f.detail for f in found) == ["STOP SMS received", "unsubscribed from e-mail"]
    assert all("durand" not in str(f.value) and "06 12" not in str(f.value) for f in found)
