"""optin-value-unrecognised: consent cells that are neither yes nor no."""
from __future__ import annotations

from tests.checks.rule_harness import findings, flagged_rows
from tests.checks.shipped import shipped

RULE = shipped("optin-value-unrecognised")


def test_ambiguous_values_are_flagged():
    assert flagged_rows(RULE, Opt_in_email=["Oui", "CGV", "", "implicite", "Non", "?"]) == [3, 5, 7]


def test_every_optin_column_is_read():
    assert flagged_rows(RULE, Opt_in_SMS=["par défaut"], Consentement_téléphone=["oui"]) == [2]


def test_the_value_itself_is_shown_it_is_not_personal():
    [finding] = findings(RULE, Opt_in_email=["CGV"])
    assert finding.value == "CGV"
