"""date-unreadable: a date cell that is not blank yet holds no readable date is tagged, in every
date column the retention rules read, even when another date of the row is readable. The tool
never guesses a date."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, findings_in_file, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("date-unreadable")


def found(**columns) -> list[tuple[int, str, str]]:
    return [(f.row, f.column, f.detail) for f in findings(RULE, **columns)]


@pytest.mark.parametrize("cell", [
    "31/02/2026", "29/02/2025", "31/04/2026", "bientôt", "juil. 2026", "07/2026", "2026", "20260731", "N/A",
    "?", "31/07/2026 25:00", "31/07/2026 14", "lundi 31 juillet 2026", "31 juilet 2026",
])
def test_these_cells_are_unreadable(cell):
    assert flagged_rows(RULE, Date_dernier_contact=[cell]) == [2]


@pytest.mark.parametrize("cell", [
    "31/07/2026", "2026-07-31", "3/02/16", "46234", "2026-07-31 14:30:00", "31.07.2026 14h30", "31 juillet 2026",
    "31/07/2026 à 14h30", "31-Jul-26", "", "   ",
])
def test_these_cells_are_dates_or_blank(cell):
    assert flagged_rows(RULE, Date_dernier_contact=[cell]) == []


def test_month_first_is_read_when_the_vocabulary_says_so():
    assert flagged_rows(RULE, Date_dernier_contact=["7/31/2026", "31/07/2026"]) == [2]
    assert flagged_rows(RULE, vocabulary={"date_order": "month-first"}, Date_dernier_contact=["7/31/2026", "31/07/2026"]) == [3]


def test_every_retention_date_column_is_checked_and_named():
    assert found(Date_de_collecte=["bientôt"], Date_dernier_contact=["31/02/2026"], Date_dernier_appel=["hier"],
                 Date_dernier_achat=["?"], Date_fin_de_relation=["2026"]) == [
        (2, "Date de collecte", "unreadable date in collection date"),
        (2, "Date dernier contact", "unreadable date in last contact date"),
        (2, "Date dernier appel", "unreadable date in call date"),
        (2, "Date dernier achat", "unreadable date in last purchase date"),
        (2, "Date fin de relation", "unreadable date in relationship end date"),
    ]


def test_a_row_with_a_readable_recent_date_still_reports_its_unreadable_one():
    assert found(Date_dernier_contact=["01/07/2026"], Date_de_collecte=["31/02/2026"]) == [
        (2, "Date de collecte", "unreadable date in collection date")]


def test_the_report_masks_the_cell():
    [finding] = findings(RULE, Date_dernier_contact=["rappeler Mme Durand"])
    assert "Durand" not in finding.value and "Durand" not in finding.detail


def test_a_callback_nobody_can_read_is_reported_and_other_date_columns_only_when_listed():
    assert flagged_rows(RULE, Date_dernier_contact=["01/07/2026"], Date_de_rappel=["demain 11h"]) == [2]
    assert flagged_rows(RULE, Date_dernier_contact=["01/07/2026"], Date_de_naissance=["bientôt"]) == []
    rule = {**RULE, "params": {"roles": [*RULE["params"]["roles"], "birth_date"]}}
    assert flagged_rows(rule, Date_dernier_contact=["01/07/2026"], Date_de_naissance=["bientôt"]) == [2]


def test_a_workbook_text_cell_among_real_dates(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", "Date dernier contact"])
    sheet.append(["Durand", dt.datetime(2026, 7, 31, 14, 30)])
    sheet.append(["Martin", "31/02/2026"])
    sheet.append(["Petit", 46234])
    book.save(tmp_path / "p.xlsx")
    assert [(f.row, f.detail) for f in findings_in_file(RULE, tmp_path / "p.xlsx")] == [
        (3, "unreadable date in last contact date")]


def test_the_row_is_tagged_with_a_warning():
    assert (RULE["severity"], RULE["action"]) == ("warning", "tag")
    todo, _ = decisions(RULE, Date_dernier_contact=["bientôt", "01/07/2026"])
    assert todo.flags == {0: ["date-unreadable"]} and todo.edits == {}


def test_the_shipped_rule_spells_the_default_roles():
    assert RULE["params"]["roles"] == CHECKS["date_unreadable"].params["roles"].default


@pytest.mark.parametrize("roles, message", [([], "at least one date role"), (["date_contact"], "not a column role")])
def test_bad_roles_are_refused(roles, message):
    with pytest.raises(UserError, match=message):
        flagged_rows({**RULE, "params": {"roles": roles}}, Date_dernier_contact=["bientôt"])


def test_the_rule_is_skipped_without_a_date_column():
    assert skipped_reasons(RULE, Nom=["Durand"]) == [
        "no column holds the role last_contact_date or collection_date or call_datetime or last_purchase_date"
        " or relationship_end_date or callback_datetime or first_call_date"]
