"""malformed-row: a CSV row without the header's number of fields is quarantined, the others audited."""
from __future__ import annotations

from tests.checks.rule_harness import decisions, findings_in_file
from tests.checks.shipped import shipped

RULE = shipped("malformed-row")
HEADER = "Nom;Téléphone;Commentaire"


def flagged(tmp_path, *lines: str) -> list[tuple[int, int, str]]:
    """(row, line, detail) of each finding, on a CSV file made of the header and `lines`."""
    path = tmp_path / "prospects.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8"))
    return [(f.row, f.line, f.detail) for f in findings_in_file(RULE, path)]


def test_the_shipped_rule_quarantines_the_row():
    assert (RULE["severity"], RULE["action"]) == ("error", "quarantine")


def test_a_semicolon_typed_in_an_unquoted_comment_is_flagged(tmp_path):
    assert flagged(tmp_path, "Durand;0142685300;ok", "Martin;0142685301;rappeler; jeudi") == [
        (3, 3, "4 fields, the header has 3")]


def test_a_line_cut_short_is_flagged(tmp_path):
    assert flagged(tmp_path, "Durand;0142685300") == [(2, 2, "2 fields, the header has 3")]


def test_a_line_break_that_split_a_row_flags_both_halves(tmp_path):
    assert flagged(tmp_path, "Durand;0142685300;rappeler", "jeudi", "Martin;0142685301;ok") == [
        (3, 3, "1 field, the header has 3")]
    assert flagged(tmp_path, "Durand;0142685300", "rappeler jeudi;x") == [
        (2, 2, "2 fields, the header has 3"), (3, 3, "2 fields, the header has 3")]


def test_trailing_empty_fields_are_not_malformed(tmp_path):
    assert flagged(tmp_path, "Durand;0142685300;ok;;", "Martin;0142685301;ok") == []


def test_a_quoted_delimiter_is_one_cell(tmp_path):
    assert flagged(tmp_path, 'Durand;0142685300;"rappeler; jeudi"') == []


def test_rows_after_a_quoted_multi_line_cell_keep_their_row_and_line(tmp_path):
    assert flagged(tmp_path, 'Durand;0142685300;"ligne 1\r\nligne 2"', "Martin;0142685301;a;b") == [
        (3, 4, "4 fields, the header has 3")]


def test_a_well_formed_file_gives_nothing(tmp_path):
    assert flagged(tmp_path, "Durand;0142685300;ok", "Martin;0142685301;") == []


def test_a_table_with_no_malformed_rows_is_never_flagged():
    todo, _ = decisions(RULE, Nom=["Durand", "Martin"], Commentaire=["a;b", ""])
    assert todo.quarantine == {}
