"""birthdate-collected and civility-collected (check column_collected): a column the prospecting
purpose does not need makes ONE column-level finding on its header when it holds values (info,
nothing removed). Civility counts only civility words on consumer (or unknown-type) rows.
"""
from __future__ import annotations

import pytest

from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, skipped_reasons
from tests.checks.shipped import shipped

BIRTH = shipped("birthdate-collected")
CIVILITY = shipped("civility-collected")


def header_findings(rule: dict, **columns) -> list[tuple[int, str, str]]:
    return [(f.row, f.column, f.detail) for f in findings(rule, **columns)]


# --- birthdate-collected ----------------------------------------------------------------------------

def test_a_filled_birth_date_column_is_one_finding_on_its_header():
    assert header_findings(BIRTH, Nom=["Durand", "Martin", "Roux"],
                           Date_de_naissance=["12/03/1980", "", "01/01/1975"]) == [
        (1, "Date de naissance", "birth_date column filled")]


def test_an_empty_birth_date_column_passes():
    assert findings(BIRTH, Nom=["Durand"], Date_de_naissance=["  "]) == []


def test_the_finding_shows_no_birth_date_and_changes_nothing():
    [finding] = findings(BIRTH, Date_naissance=["12/03/1980"])
    assert "1980" not in finding.detail and "1980" not in finding.value
    todo, whole = decisions(BIRTH, Date_naissance=["12/03/1980"])
    assert todo.edits == {} and todo.flags == {} and whole.dropped_columns == set()


def test_birthdate_rule_is_skipped_without_the_column():
    assert skipped_reasons(BIRTH, Nom=["Durand"]) == ["no column holds the role birth_date"]


# --- civility-collected -----------------------------------------------------------------------------

def test_a_civility_column_on_consumer_rows_is_one_finding():
    assert header_findings(CIVILITY, Civilité=["M.", "Mme", "Mlle"], Type=["Particulier", "B2C", "part."]) == [
        (1, "Civilité", "civility column filled on consumer rows")]


def test_a_row_of_unknown_type_counts_as_a_consumer():
    assert len(findings(CIVILITY, Civilité=["Madame"], Nom=["Durand"])) == 1


def test_civilities_held_by_business_rows_only_pass():
    assert findings(CIVILITY, Civilité=["M.", "Mme", ""], Type=["B2B", "Pro", "Particulier"]) == []


@pytest.mark.parametrize("values", [["Directeur commercial", "DAF"], ["", " "], ["Dr"]])
def test_a_titre_column_without_civilities_passes(values):
    assert findings(CIVILITY, Titre=values, Type=["Particulier"] * len(values)) == []


def test_the_job_title_header_is_no_civility():
    assert skipped_reasons(CIVILITY, Job_title=["Mr"]) == ["no column holds the role civility"]


def test_a_wrong_customer_type_is_refused():
    with pytest.raises(UserError, match="customer_type"):
        findings({**CIVILITY, "params": {**CIVILITY["params"], "customer_type": "consumers"}}, Civilité=["M."])
