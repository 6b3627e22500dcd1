"""customer-type-missing: a row whose customer type is blank or says neither consumer nor
professional is tagged (warning): the consumer rules were applied to it, the strictest default.
A file without any customer-type column makes one file-level finding, never one per row.
"""
from __future__ import annotations

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("customer-type-missing")


def details(**columns) -> list[tuple[int, str]]:
    return [(f.row, f.detail) for f in findings(RULE, **columns)]


def test_a_blank_or_unrecognised_type_is_flagged_and_says_the_consumer_rules_applied():
    assert details(Type_client=["", "Prospect", "  ", "Premium"], Nom=["a", "b", "c", "d"]) == [
        (2, "blank customer type: consumer (B2C) rules applied"),
        (3, "customer type neither consumer nor professional: consumer (B2C) rules applied"),
        (4, "blank customer type: consumer (B2C) rules applied"),
        (5, "customer type neither consumer nor professional: consumer (B2C) rules applied")]


def test_recognised_types_pass():
    assert flagged_rows(RULE, Type_client=["Particulier", "B2B", "Pro", "part.", "Société", "consommateur",
                                           "PME", "B2C"]) == []


def test_a_file_without_a_customer_type_column_makes_one_file_level_finding():
    found = findings(RULE, Nom=["Durand"] * 50, E_mail=["a@b.fr"] * 50)
    assert len(found) == 1
    [finding] = found
    assert finding.row == 1 and finding.column is None
    assert finding.detail == "no customer-type column: every row treated as a consumer (B2C rules applied)"


def test_it_is_never_skipped_for_a_missing_column():
    assert skipped_reasons(RULE, Nom=["Durand"]) == []


def test_the_row_is_tagged_and_the_value_is_not_in_the_detail():
    todo, _ = decisions(RULE, Type_client=["Pro", "Marie Durand"])
    assert todo.flags == {1: ["customer-type-missing"]} and todo.edits == {}
    [finding] = findings(RULE, Type_client=["Marie Durand"])
    assert "Durand" not in finding.detail
