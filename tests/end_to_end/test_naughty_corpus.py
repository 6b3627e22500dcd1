"""Public hostile corpora through the real command: the Big List of Naughty Strings and injection
payloads in a compliant B2B file must produce no compliance finding and come back unchanged, but
for the invisible control characters the output-safety rule removes."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

csv.field_size_limit(1 << 24)  # the corpus holds a 140,000-character field
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # control-characters' set
COMPLIANCE_FAMILIES = {"sensitive-data", "consent", "opposition", "phone-quality", "email-quality", "channels"}
# The corpus' files have opt-in columns but no opt-in date or source column, and no Source column:
# findings about the file (row 1, its header), which are no findings about the hostile strings of its rows.
ABOUT_THE_FILE = {"optin-without-proof", "source-missing", "unmapped-column", "customer-type-missing",
                  "civility-collected", "birthdate-collected"}


def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""), delimiter=";"))


def test_naughty_prospects_give_no_compliance_finding_and_come_back_unchanged(cli, tmp_path, shared):
    source = shared / "testdata" / "naughty" / "naughty_prospects.csv"
    expected = json.loads((shared / "testdata" / "naughty" / "naughty_expected.json").read_text(encoding="utf-8"))
    shutil.copy(source, tmp_path / "naughty.csv")
    run = cli("audit", str(tmp_path / "naughty.csv"), "--lang", "en", "--keep-formulas")
    assert run.code == 0, run.stdout[-2000:] + run.stderr
    report = run.report("naughty")
    row_findings = [f for f in run.side("naughty") if f["row"] != 1]
    assert [f for f in row_findings if f["family"] in COMPLIANCE_FAMILIES] == []
    assert {f["rule"] for f in row_findings} <= {"formula-injection", "control-characters"}
    assert {f["rule"] for f in run.side("naughty") if f["row"] == 1} <= ABOUT_THE_FILE
    original, clean = rows_of(source), rows_of(run.out_dir / "naughty.clean.csv")
    assert len(clean) == len(original) == expected["data_rows"] + 1
    header = original[0]
    for name in expected["columns_carrying_the_string"]:
        i, j = header.index(name), clean[0].index(name)
        assert [r[j] for r in clean[1:]] == [CONTROL.sub("", r[i]) for r in original[1:]], name
    for record in expected["records"]:
        assert original[record["row"]][header.index("Nom")] == record["string"]
    # Unlike the corpus' expectation (every string back byte for byte), the strings holding control
    # characters or bidi overrides come back without them: the control-characters rule's job
    holding = {record["row"] + 1 for record in expected["records"] if CONTROL.search(record["string"])}
    assert len(holding) == 14
    assert {f["row"] for f in run.side("naughty") if f["rule"] == "control-characters"} == holding


def test_by_default_every_csv_output_cell_a_spreadsheet_would_run_gets_an_apostrophe(cli, tmp_path, shared):
    source = shared / "testdata" / "naughty" / "naughty_prospects.csv"
    shutil.copy(source, tmp_path / "naughty.csv")
    run = cli("audit", str(tmp_path / "naughty.csv"))
    original = rows_of(source)
    by_key = {tuple(r[:2]): r for r in original[1:]}
    written = rows_of(run.out_dir / "naughty.clean.csv")[1:] + rows_of(run.out_dir / "naughty.quarantine.csv")[1:]
    i = original[0].index("Commentaire")
    prefixed = 0
    for after in written:
        cell = after[i]
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell[1:].replace(",", "").replace(".", "").isdigit(), cell
        prefixed += cell.startswith("'") and not by_key.get(tuple(after[:2]), [""] * (i + 1))[i].startswith("'")
    assert prefixed >= 3


def test_keep_formulas_writes_the_cells_as_they_are(cli, tmp_path, shared):
    source = shared / "testdata" / "naughty" / "naughty_prospects.csv"
    shutil.copy(source, tmp_path / "naughty.csv")
    run = cli("audit", str(tmp_path / "naughty.csv"), "--keep-formulas")
    original = rows_of(source)
    i = original[0].index("Commentaire")
    kept = {r[i] for r in rows_of(run.out_dir / "naughty.clean.csv")[1:] + rows_of(
        run.out_dir / "naughty.quarantine.csv")[1:]}
    assert {r[i] for r in original[1:] if r[i].startswith("=")} <= kept


def test_a_140000_character_comment_is_kept_whole(cli, tmp_path, shared):
    source = shared / "testdata" / "naughty" / "naughty_long_field.csv"
    shutil.copy(source, tmp_path / "long.csv")
    run = cli("audit", str(tmp_path / "long.csv"))
    assert run.code in (0, 1), run.stderr
    longest = max(len(cell) for row in rows_of(run.out_dir / "long.clean.csv") for cell in row)
    assert longest >= 140_000
    # the corpus expects no finding; over Excel's 32,767 characters, cell-too-long flags the row
    found = {(f["rule"], f["row"]) for f in run.side("long")}
    assert {(rule, row) for rule, row in found if row != 1} == {("cell-too-long", 3)}
    assert {rule for rule, row in found if row == 1} <= ABOUT_THE_FILE


def test_nul_byte_file_is_processed_or_refused_cleanly(cli, tmp_path, shared):
    shutil.copy(shared / "testdata" / "naughty" / "naughty_nul_byte.csv", tmp_path / "nul.csv")
    run = cli("audit", str(tmp_path / "nul.csv"))
    assert "Traceback" not in run.stderr
    if run.code == 2:
        assert "nul.csv:" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    else:
        assert run.report("nul")["input"]["rows"] == 5
        assert {(f["rule"], f["row"], f["detail"]) for f in run.side("nul") if f["row"] != 1} == {
            ("control-characters", 4, "control characters: U+0000")}
        assert b"\x00" not in (run.out_dir / "nul.clean.csv").read_bytes()
