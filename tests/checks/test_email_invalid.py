"""email-invalid: addresses email-validator rejects (offline), blank cells pass."""
from __future__ import annotations

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons

RULE = {"id": "email-invalid", "check": "email_invalid", "severity": "warning", "action": "blank"}


def test_address_without_domain_is_flagged():
    assert flagged_rows(RULE, email=["marie@exemple.fr", "marie@"]) == [3]  # header is row 1


def test_double_at_sign_is_flagged():
    assert flagged_rows(RULE, email=["jean.petit@@petit.fr"]) == [2]


def test_blank_cell_passes():
    assert flagged_rows(RULE, email=["", "  "]) == []


def test_upper_case_and_accents_are_valid():
    assert flagged_rows(RULE, email=["Ines.Gris@Gris.fr", "éloïse@exemple.fr"]) == []


def test_every_email_column_is_checked():
    assert flagged_rows(RULE, Courriel=["ok@exemple.fr"], Email_pro=["pas-une-adresse"]) == [2]


def test_reason_is_given_and_value_is_masked():
    [finding] = findings(RULE, email=["jean.dupont@exemple"])
    assert finding.value == "j•••@e•••"
    assert "domain" in finding.detail or "period" in finding.detail


def test_blank_action_empties_the_cell():
    todo, _ = decisions(RULE, email=["ok@exemple.fr", "faux@"])
    assert todo.edits == {(1, 0): ""}


def test_rule_is_skipped_without_an_email_column():
    assert skipped_reasons(RULE, Nom=["Durand"]) == ["no column holds the role email"]
