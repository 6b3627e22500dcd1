"""sector-ban: with --sector, consumers may not be canvassed on the channels the sector's law bans,
from the law's date, except under a contract in progress."""
from __future__ import annotations

import datetime as dt

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("sector-ban")
MOBILE, LANDLINE = "06 12 34 56 78", "01 42 68 53 00"
ROW = dict(Type_client=["Particulier"], email=["lea.durand@free.fr"], Portable=[MOBILE], Adresse=["3 rue des Lilas"])


def test_energy_renovation_bans_every_electronic_channel_since_loi_2025_594():
    todo, _ = decisions(RULE, sector="energy-renovation", as_of="2026-11-28", **ROW)
    assert todo.blocked == {0: {"email", "sms", "phone"}}
    [found] = findings(RULE, sector="energy-renovation", as_of="2026-11-28", **ROW)
    assert found.detail == "energy renovation: consumer canvassing banned since 2025-07-02 (loi 2025-594)"


def test_energy_renovation_bans_only_the_phone_between_2020_and_2025():
    todo, _ = decisions(RULE, sector="energy-renovation", as_of="2024-03-01", **ROW)
    assert todo.blocked == {0: {"phone"}}
    [found] = findings(RULE, sector="energy-renovation", as_of="2024-03-01", **ROW)
    assert found.detail == "energy renovation: consumer phone canvassing banned since 2020-07-26 (loi 2020-901)"
    # an e-mail campaign of 2024 is not concerned
    assert flagged_rows(RULE, sector="energy-renovation", as_of="2024-03-01", channels=("email",), **ROW) == []


def test_before_the_first_law_nothing_is_banned():
    assert flagged_rows(RULE, sector="energy-renovation", as_of="2020-07-25", **ROW) == []
    assert flagged_rows(RULE, sector="training-cpf", as_of="2022-12-19", **ROW) == []
    assert flagged_rows(RULE, sector="housing-adaptation", as_of="2025-07-01", **ROW) == []


def test_cpf_training_and_housing_adaptation_ban_every_channel_from_their_law():
    [cpf] = findings(RULE, sector="training-cpf", as_of="2022-12-20", **ROW)
    assert cpf.detail == "CPF training: consumer canvassing banned since 2022-12-20 (loi 2022-1587)"
    [housing] = findings(RULE, sector="housing-adaptation", as_of="2025-07-02", **ROW)
    assert housing.detail == ("housing adaptation to age or disability: consumer canvassing banned since 2025-07-02 "
                              "(loi 2025-594)")


def test_businesses_and_contracts_in_progress_pass_unknown_type_counts_as_consumer():
    assert flagged_rows(RULE, sector="training-cpf", Type_client=["B2B", "Particulier", ""],
                        Contrat_en_cours=["", "oui", ""], email=["a@durand.fr"] * 3) == [4]


def test_a_row_only_reachable_by_post_is_not_flagged():
    assert flagged_rows(RULE, sector="training-cpf", Type_client=["Particulier"] * 2, Adresse=["3 rue X", "4 rue Y"],
                        email=["", "b@durand.fr"]) == [3]


def test_only_the_campaigns_channels_are_blocked_and_a_row_left_with_none_is_quarantined():
    no_channel = {"id": "no-usable-channel", "check": "no_usable_channel", "severity": "info", "action": "quarantine"}
    todo, _ = decisions(RULE, sector="training-cpf", channels=("phone", "post"), extra_rules=[no_channel],
                        Type_client=["Particulier"] * 2, Téléphone=[LANDLINE] * 2, Adresse=["3 rue X", ""])
    assert todo.blocked == {0: {"phone"}, 1: {"phone"}}
    assert list(todo.quarantine) == [1]  # the first row is still reachable by post


def test_skipped_without_a_sector():
    assert skipped_reasons(RULE, **ROW) == [
        "no campaign sector was given (--sector, or campaign: sector: in the config)"]


def test_the_ban_dates_are_params():
    rule = {**RULE, "params": {**RULE["params"], "energy_renovation_all_from": dt.date(2025, 9, 1)}}
    todo, _ = decisions(rule, sector="energy-renovation", as_of="2025-08-01", **ROW)
    assert todo.blocked == {0: {"phone"}}


def test_a_robot_campaign_is_banned_like_a_phone_one():
    # loi 2020-901 bans calling consumers, by a person or a machine; loi 2025-594 every channel
    todo, _ = decisions(RULE, sector="energy-renovation", as_of="2024-03-01", channels=("auto_call",), **ROW)
    assert todo.blocked == {0: {"auto_call"}}
    todo, _ = decisions(RULE, sector="training-cpf", as_of="2026-11-28", channels=("auto_call", "email"), **ROW)
    assert todo.blocked == {0: {"auto_call", "email"}}
