"""no-usable-channel: a row whose last contact point for the campaign was removed goes to quarantine."""
from __future__ import annotations

from tests.checks.rule_harness import run_rule

BLANK_BAD_EMAIL = {"id": "email-invalid", "check": "email_invalid", "severity": "warning", "action": "blank"}
NO_CHANNEL = {"id": "no-usable-channel", "check": "no_usable_channel", "severity": "info", "action": "quarantine"}


def quarantined(channels, **columns) -> list[int]:
    engine, _ = run_rule(BLANK_BAD_EMAIL, channels=channels, extra_rules=[NO_CHANNEL], **columns)
    return sorted(r + 2 for r in engine.decisions.chunks[0].quarantine)


def test_row_whose_only_email_was_removed_is_quarantined():
    assert quarantined(("email",), Nom=["Durand", "Martin"], email=["faux@", "ok@exemple.fr"]) == [2]


def test_row_keeps_another_channel_of_the_campaign():
    assert quarantined(("email", "phone"), email=["faux@"], Téléphone=["01 42 68 53 00"]) == []


def test_a_channel_outside_the_campaign_does_not_keep_the_row():
    assert quarantined(("email",), email=["faux@"], Téléphone=["01 42 68 53 00"]) == [2]


def test_row_without_any_contact_point_from_the_start_is_left_alone():
    assert quarantined(("email",), Nom=["Durand"], email=[""]) == []
