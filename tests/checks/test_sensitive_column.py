"""sensitive-column (and origin-column): headers that name a sensitive category."""
from __future__ import annotations

import pytest

from tests.checks.shipped import shipped as rule
from tests.checks.rule_harness import decisions, findings

COLUMN = rule("sensitive-column")


def flagged_headers(rule_entry, headers: list[str]) -> dict[str, str]:
    columns = {f"c{i}": ["x"] for i in range(len(headers))}
    found = findings(rule_entry, headers={f"c{i}": h for i, h in enumerate(headers)}, **columns)
    return {f.column: f.detail for f in found}


@pytest.mark.parametrize("header, category", [
    ("Religion", "religion"), ("RELIGION", "religion"), ("État de santé", "health"), ("Handicap", "health"),
    ("Casier judiciaire", "criminal"), ("N° SS", "nir"), ("Numéro de sécurité sociale", "nir"),
    ("Carte Vitale", "nir"), ("Orientation sexuelle", "sexual"), ("Appartenance syndicale", "union"),
    ("Health status", "health"),
])
def test_sensitive_headers_are_flagged(header, category):
    assert flagged_headers(COLUMN, ["Nom", header]) == {header: category}


@pytest.mark.parametrize("header", ["Code INSEE", "Secteur santé", "Nom", "Téléphone", "Activité", "Code NAF"])
def test_harmless_headers_pass(header):
    assert flagged_headers(COLUMN, [header]) == {}


def test_finding_is_on_the_header_row_and_the_column_is_dropped():
    [finding] = findings(COLUMN, headers={"a": "Nom", "b": "Religion"}, a=["Durand", "Martin"], b=["x", "y"])
    assert finding.row == 1 and finding.value == "Religion"
    _, whole = decisions(COLUMN, headers={"a": "Nom", "b": "Religion"}, a=["Durand"], b=["x"])
    assert whole.dropped_columns == {1}


def test_origin_column_is_reported_not_dropped():
    assert flagged_headers(rule("origin-column"), ["Nationalité", "Lieu de naissance"]) == {
        "Nationalité": "origin", "Lieu de naissance": "origin"}
    _, whole = decisions(rule("origin-column"), headers={"a": "Nationalité"}, a=["x"])
    assert whole.dropped_columns == set()
