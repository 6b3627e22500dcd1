"""control-characters: a cell holding an invisible control character is flagged and written
without it in the cleaned file (`remove-characters`).

Flagged: C0 controls but TAB, LF and CR; DEL; C1 controls U+0080–U+009F; the bidi embeddings,
overrides and isolates U+202A–U+202E and U+2066–U+2069. The finding names the characters as code
points, never the cell.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows
from tests.checks.shipped import shipped

RULE = shipped("control-characters")


@pytest.mark.parametrize("cell", ["Du\x00rand", "\x1b[31mrouge\x1b[0m", "a\x07", "a\x0bb", "a\x0cb", "a\x1fb",
                                  "a\x7fb", "a\x80b", "ligne\x85suivante", "a\x9fb",
                                  "\u202eaxelor", "a\u202ab", "\u2066test\u2069", "a\u2068b"])
def test_control_characters_and_bidi_overrides_are_flagged(cell):
    assert flagged_rows(RULE, Nom=[cell]) == [2]


@pytest.mark.parametrize("cell", ["Durand", "", "a\tb", "ligne 1\nligne 2", "ligne 1\r\nligne 2", "a\rb",
                                  "é à ’ € « »\u00a0", "\u200fعربي\u200e", "a\u061cb", "\u2028", "😀",
                                  "a\u2029b", "a\u200bb"])
def test_tab_line_breaks_text_and_right_to_left_marks_pass(cell):
    assert flagged_rows(RULE, Nom=[cell]) == []


def test_every_column_is_checked():
    assert flagged_rows(RULE, Nom=["Durand", "Martin"], Commentaire=["ok", "\x1b[2J"], Ville=["Pa\x00ris"]) == [2, 3]


def test_the_cleaned_cell_loses_only_the_control_characters():
    todo, _ = decisions(RULE, Nom=["Du\x00rand", "Martin"], Commentaire=["\x1b[31mrouge\x1b[0m\nsuite", "\u202eabc"])
    assert todo.edits == {(0, 0): "Durand", (0, 1): "[31mrouge[0m\nsuite", (1, 1): "abc"}
    assert todo.flags == {0: ["control-characters"], 1: ["control-characters"]}
    assert todo.quarantine == {}


def test_the_finding_names_the_code_points_never_the_cell():
    [found] = findings(RULE, Nom=["Secret\x00\x1b\x00Durand"])
    assert found.detail == "control characters: U+0000, U+001B"
    assert "Secret" not in found.value and "Durand" not in found.value


def test_a_cell_with_many_kinds_lists_ten_and_counts_the_rest():
    [found] = findings(RULE, Nom=["".join(map(chr, range(0x01, 0x09))) + "\x0e\x0f\x10\x11\x12"])
    assert found.detail.startswith("control characters: U+0001, U+0002")
    assert found.detail.endswith("U+000E, U+000F and 3 more")


def test_remove_characters_is_refused_on_a_check_that_does_not_find_characters():
    with pytest.raises(UserError, match="remove-characters needs a check"):
        flagged_rows({**shipped("formula-injection"), "action": "remove-characters"}, Nom=["=1"])


# each range's ends and their neighbours, and characters sharing their first UTF-8 bytes
BOUNDARIES = ("\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1b\x1f \x7e\x7f\x80\x85\x9f\xa0\xbf\xc0é"
              "\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a\u200e’€😀a;")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(BOUNDARIES), max_size=10), min_size=1, max_size=20))
def test_the_vectorised_verdict_and_cleaning_are_the_definition(cells):
    from fichier_check.checks.control_characters import RANGES

    def bad(c):
        return any(a <= ord(c) <= b for a, b in RANGES)

    todo, _ = decisions(RULE, Nom=cells)
    assert sorted(row for row, _ in todo.edits) == [i for i, cell in enumerate(cells) if any(map(bad, cell))]
    assert all(value == "".join(c for c in cells[row] if not bad(c)) for (row, _), value in todo.edits.items())


def test_a_cell_an_earlier_rule_masked_or_emptied_keeps_that_edit_without_the_characters():
    todo, _ = decisions(RULE, extra_rules=[shipped("nir"), shipped("sensitive-term")], extra_rules_first=True,
                        Nom=["Durand\x00"], Commentaire=["NIR 185057800608491\x1b", "malade\x1b"])
    assert "185057800608491" not in todo.edits[(0, 1)] and "\x1b" not in todo.edits[(0, 1)]
    assert todo.edits[(1, 1)] == "" and todo.edits[(0, 0)] == "Durand"
