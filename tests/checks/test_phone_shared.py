"""phone-shared: the same valid number on the rows of 3 or more different last names, across the
whole file, is a switchboard: every row holding it is tagged with how many persons share it."""
from __future__ import annotations

import pytest

from fichier_check.errors import UserError
from tests.checks.rule_harness import findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("phone-shared")
SWITCHBOARD = "01 44 55 66 77"


def test_a_switchboard_of_three_colleagues_is_flagged_on_every_row():
    found = findings(RULE, Nom=["Roux", "Petit", "Durand", "Martin"],
                     Téléphone=[SWITCHBOARD, "+33 1 44 55 66 77", "0144556677", "06 12 34 56 78"])
    assert [(f.row, f.detail) for f in found] == [(2, "number shared by 3 persons"), (3, "number shared by 3 persons"),
                                                 (4, "number shared by 3 persons")]


def test_the_number_is_one_whichever_column_holds_it_and_across_chunks():
    assert flagged_rows(RULE, Nom=["Roux", "Petit", "Durand", "Leroy"], Téléphone=[SWITCHBOARD, "", "", ""],
                        Portable=["", SWITCHBOARD, "", ""], Ligne_directe=["", "", SWITCHBOARD, ""],
                        chunk_rows=1) == [2, 3, 4]


@pytest.mark.parametrize("names", [
    ["Roux", "Petit", "Petit"],        # two persons only
    ["Roux", "ROUX", "Roux A."],       # one family on its landline
    ["Roux", "Petit", ""],             # a row without a name is no person
])
def test_fewer_than_three_persons_pass(names):
    assert flagged_rows(RULE, Nom=names, Téléphone=[SWITCHBOARD] * 3) == []


def test_invalid_numbers_are_no_ones():
    assert flagged_rows(RULE, Nom=["Roux", "Petit", "Durand"], Téléphone=["00 00 00"] * 3) == []


def test_the_threshold_is_a_param():
    rule = {**RULE, "params": {"min_persons": 2}}
    assert flagged_rows(rule, Nom=["Roux", "Petit", "Durand"], Téléphone=[SWITCHBOARD, SWITCHBOARD, "0612345678"]) == [2, 3]
    with pytest.raises(UserError):
        flagged_rows({**RULE, "params": {"min_persons": 1}}, Nom=["Roux"], Téléphone=[SWITCHBOARD])


def test_without_a_last_name_column_the_rule_is_skipped():
    assert skipped_reasons(RULE, Téléphone=[SWITCHBOARD] * 3) == ["no column holds the role last_name"]


def test_the_detail_holds_neither_number_nor_name():
    found = findings(RULE, Nom=["Roux", "Petit", "Durand"], Téléphone=[SWITCHBOARD] * 3)
    assert all("44" not in f.detail and "Roux" not in f.detail for f in found)
