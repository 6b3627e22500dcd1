"""cell-too-long: a cell longer than Excel can hold (32,767 characters, counted in UTF-16 units as
Excel does) flags the row; the cell itself is kept as it is."""
from __future__ import annotations

import pytest

from fichier_check.checks.cell_too_long import EXCEL_MAX_CHARS, PARAMS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows
from tests.checks.shipped import shipped

RULE = shipped("cell-too-long")


def test_the_shipped_limit_is_excels_and_the_modules_default():
    assert RULE["params"]["max_chars"] == EXCEL_MAX_CHARS == PARAMS["max_chars"].default == 32_767


def test_a_cell_over_32767_characters_is_flagged_and_one_at_the_limit_passes():
    assert flagged_rows(RULE, Commentaire=["a" * 32_767, "a" * 32_768, "", "court"]) == [3]


def test_accented_characters_count_once_and_emoji_twice_as_in_excel():
    assert flagged_rows(RULE, Commentaire=["é" * 32_767, "€" * 32_767, "😀" * 16_383 + "a", "😀" * 16_384]) == [5]


def test_every_column_is_checked():
    assert flagged_rows(RULE, Nom=["x" * 40_000, "Martin"], Commentaire=["", "y" * 40_000]) == [2, 3]


def test_the_row_is_flagged_and_the_cell_kept():
    todo, _ = decisions(RULE, Commentaire=["a" * 40_000])
    assert todo.flags == {0: ["cell-too-long"]}
    assert todo.edits == {} and todo.quarantine == {}


def test_the_finding_gives_the_length_never_the_cell():
    [found] = findings(RULE, Commentaire=["secret " * 5_000])
    assert found.detail == "35,000 characters, over 32,767"
    assert "secret" not in found.value


def test_the_limit_is_a_parameter():
    assert flagged_rows({**RULE, "params": {"max_chars": 6}}, Nom=["Durand", "Dupont-Aignan", "Lé😀😀", "Lé😀😀a"]) == [3, 5]


@pytest.mark.parametrize("limit", [0, -1, "32767"])
def test_a_limit_that_is_not_a_positive_number_is_refused(limit):
    with pytest.raises(UserError, match="max_chars"):
        flagged_rows({**RULE, "params": {"max_chars": limit}}, Nom=["Durand"])
