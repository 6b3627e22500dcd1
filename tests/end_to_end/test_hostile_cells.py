"""Cells a spreadsheet or a CRM cannot take, through the real command: control characters are
removed in the cleaned file (the quarantine file keeps the row as it was) and a cell longer than
Excel's 32,767 characters is flagged and kept whole."""
from __future__ import annotations

import csv
import io

import xlsxwriter
from python_calamine import CalamineWorkbook

csv.field_size_limit(1 << 24)  # the 1 MB comment
HEADER = "Nom;Type client;Téléphone;Opposition;Commentaire\r\n"


def rows_of(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""), delimiter=";"))


def test_control_characters_are_reported_and_removed_from_the_clean_file_only(cli, tmp_path):
    data = (HEADER + "Du\x00rand;B2B;01 42 68 53 00;;\"\x1b[31mrappeler\x1b[0m\r\nlundi\"\r\n"
            "Martin;B2B;01 42 68 53 01;;RAS\r\n"
            "Pe\x00tit;B2B;01 42 68 53 02;oui;\u202eeitnaraG\r\n")
    (tmp_path / "p.csv").write_bytes(data.encode("utf-8"))
    run = cli("audit", str(tmp_path / "p.csv"), "--lang", "en")
    assert run.code == 1, run.stderr  # the objection is an error
    side = [f for f in run.side("p") if f["rule"] == "control-characters"]
    assert sorted((f["row"], f["column"], f["detail"]) for f in side) == [
        (2, "Commentaire", "control characters: U+001B"), (2, "Nom", "control characters: U+0000"),
        (4, "Commentaire", "control characters: U+202E"), (4, "Nom", "control characters: U+0000")]
    assert "characters removed from the cell" in run.stdout
    clean = rows_of(run.out_dir / "p.clean.csv")
    assert [row[0] for row in clean] == ["Nom", "Durand", "Martin"]
    assert clean[1][4] == "[31mrappeler[0m\r\nlundi"  # the line break of the comment is kept
    assert clean[1][5] == "control-characters" and clean[2][5] == ""
    assert b"\r\nMartin;B2B;01 42 68 53 01;;RAS;\r\n" in (run.out_dir / "p.clean.csv").read_bytes()  # untouched
    quarantined = rows_of(run.out_dir / "p.quarantine.csv")[1]
    assert quarantined[:5] == ["Pe\x00tit", "B2B", "01 42 68 53 02", "oui", "\u202eeitnaraG"]


def test_a_workbook_cell_holding_control_characters_is_cleaned_too(cli, tmp_path):
    # openpyxl refuses C0 controls in a cell (IllegalCharacterError); Excel and xlsxwriter store
    # them as _x0000_ escapes, which a reader turns back into the characters
    book = xlsxwriter.Workbook(tmp_path / "w.xlsx")
    sheet = book.add_worksheet()
    for r, row in enumerate([["Nom", "Type client", "Téléphone"], ["Du\x00rand\x1b", "B2B", "01 42 68 53 00"],
                             ["Martin\x85", "B2B", "01 42 68 53 01"]]):
        sheet.write_row(r, 0, row)
    book.close()
    run = cli("audit", str(tmp_path / "w.xlsx"), "--lang", "en")
    assert run.code == 0, run.stderr
    assert sorted((f["row"], f["detail"]) for f in run.side("w") if f["rule"] == "control-characters") == [
        (2, "control characters: U+0000, U+001B"), (3, "control characters: U+0085")]
    clean = CalamineWorkbook.from_path(str(run.out_dir / "w.clean.xlsx")).get_sheet_by_index(0).to_python()
    assert [row[0] for row in clean] == ["Nom", "Durand", "Martin"]


def test_a_comment_over_excels_limit_is_flagged_and_kept_whole(cli, tmp_path):
    comment = "Appel du 12/03 : " + "x" * 1_000_000  # ~1 MB; a 50 MB one was measured by hand
    data = HEADER + f"Durand;B2B;01 42 68 53 00;;{comment}\r\nMartin;B2B;01 42 68 53 01;;RAS\r\n"
    (tmp_path / "long.csv").write_bytes(data.encode("utf-8"))
    run = cli("audit", str(tmp_path / "long.csv"), "--lang", "en")
    assert run.code == 0, run.stderr
    [found] = [f for f in run.side("long") if f["rule"] == "cell-too-long"]
    assert (found["row"], found["column"], found["detail"]) == (2, "Commentaire", "1,000,017 characters, over 32,767")
    assert "x" * 100 not in run.out_dir.joinpath("long.report.json").read_text(encoding="utf-8")
    clean = rows_of(run.out_dir / "long.clean.csv")
    assert clean[1][4] == comment and clean[1][5] == "cell-too-long"


def test_a_hidden_character_does_not_hide_a_value_from_the_rule_meant_to_catch_it(cli, tmp_path):
    """Every rule judges the cell as the cleaned file writes it: without the hidden characters."""
    import csv
    from tests.checks.test_nir import VALID
    rows = [["Nom", "Type client", "Portable", "E-mail", "Opt-in e-mail", "Opt-in SMS", "Opt-in téléphone", "Commentaire"],
            ["Dupont", "B2B", "06\x1f12 34 56 78", "", "", "oui", "oui", "ok"],
            ["Durand", "B2B", "", "b@acme.fr", "oui", "", "", f"NIR {VALID[:7]}\x00{VALID[7:]}"],
            ["Petit", "B2B", "", "c@acme.fr", "oui", "", "", "arrêt mal\x1badie ; catho\u202elique"]]
    with open(tmp_path / "cc.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
    (tmp_path / "list.txt").write_text("0612345678\n")
    run = cli("audit", str(tmp_path / "cc.csv"), "--opposition", str(tmp_path / "list.txt"), "--lang", "en")
    assert run.code == 1, run.stderr
    found = run.findings("cc")
    assert {("opposition", 2), ("nir", 3), ("sensitive-term", 4)} <= found
    clean = (run.out_dir / "cc.clean.csv").read_text(encoding="utf-8")
    assert "Dupont" not in clean and VALID not in clean and "maladie" not in clean
    details = {f["detail"] for f in run.side("cc") if f["rule"] == "control-characters"}
    assert details == {"control characters: U+001F", "control characters: U+0000", "control characters: U+001B, U+202E"}


def test_a_quarantined_workbook_row_keeps_its_control_characters(cli, tmp_path):
    """The quarantine file keeps a row as it was: an XLSX cell stores a NUL as Excel does (_x0000_)."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook
    book = xlsxwriter.Workbook(tmp_path / "q.xlsx")
    sheet = book.add_worksheet()
    for r, row in enumerate([["Nom\x07", "Type client", "Portable", "Commentaire"],
                             ["Dupont\x00", "Particulier", "06 12 34 56 78", "x_x0041_y"],
                             ["Martin", "B2B", "01 42 68 53 00", "ok"]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    run = cli("audit", str(tmp_path / "q.xlsx"), "--as-of", "2026-11-28")
    assert run.code == 1, run.stderr
    quarantine = CalamineWorkbook.from_path(run.out_dir / "q.quarantine.xlsx").get_sheet_by_index(0).to_python()
    assert quarantine[0][0] == "Nom\x07" and quarantine[1][:4] == ["Dupont\x00", "Particulier", "06 12 34 56 78", "x_x0041_y"]
    clean = CalamineWorkbook.from_path(run.out_dir / "q.clean.xlsx").get_sheet_by_index(0).to_python()
    assert clean[1][:2] == ["Martin", "B2B"]
