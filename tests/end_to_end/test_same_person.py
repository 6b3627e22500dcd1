"""The same person on several rows, end to end on a real file read in small chunks: an objection
on one row takes every row of the person out of the cleaned file, the quarantine file gives each
row's rule and reason, duplicates are tagged, and the JSON report counts it all right."""
from __future__ import annotations

import csv
import dataclasses
import io

from fichier_check.audit import run_audit
from fichier_check.runner import build_settings
from tests.conftest import read_report

HEADER = "Nom;Prénom;Code postal;Téléphone;E-mail;Opposition;Commentaire;Opt-in e-mail;Opt-in SMS;Opt-in téléphone"
CONSENT = ";Oui;Oui;Oui"  # every row consents: only the rules about the person take rows out
LINES = [line + CONSENT for line in (
    "Roux;Anne;75001;06 12 34 56 78;anne.roux@free.fr;;\"Rappeler\nmardi\"",  # row 2: Anne, by her phone
    "Petit;Paul;69003;;paul@orange.fr;;",                                      # row 3
    "Durand;Léa;13001;04 91 00 00 01;lea@durand.fr;;",                         # row 4
    "Petit;Paul;69003;07 81 22 33 44;;;",                                      # row 5: Paul again, by name
    "Martin;Marc;33000;;contact@acme.fr;;",                                    # row 6: a role address
    "Dupont;Zoé;33000;;contact@acme.fr;;",                                     # row 7: the same role address
    "ROUX;anne;75 001;;ANNE.ROUX@free.fr ;;",                                  # row 8: Anne, by e-mail and name
    "Roux;A.;75001;+33 6 12 34 56 78;a.roux@gmail.com;oui;",                    # row 9: Anne objects, by phone
)]


def audit(tmp_path, chunk_rows: int):
    source = tmp_path / "prospects.csv"
    source.write_bytes(("\r\n".join([HEADER, *LINES]) + "\r\n").encode("utf-8"))
    out = tmp_path / f"out-{chunk_rows}"
    settings = dataclasses.replace(build_settings(source, {"out_dir": out, "as_of": "2026-11-28", "lang": "en"}),
                                   chunk_rows=chunk_rows)
    run_audit(settings)
    return out


def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""), delimiter=";"))


def test_every_row_of_a_person_who_objected_leaves_the_cleaned_file(tmp_path):
    out = audit(tmp_path, chunk_rows=3)
    clean = rows_of(out / "prospects.clean.csv")
    assert [row[0] for row in clean[1:]] == ["Petit", "Durand", "Petit", "Martin", "Dupont"]
    quarantine = rows_of(out / "prospects.quarantine.csv")
    assert quarantine[0][-2:] == ["fichier_check_rules", "fichier_check_reasons"]
    assert [(row[0], row[4], row[-2], row[-1]) for row in quarantine[1:]] == [
        ("Roux", "anne.roux@free.fr", "objection-propagated",
         "Same person as a row that objected or refused: row quarantined"),
        ("ROUX", "ANNE.ROUX@free.fr ", "objection-propagated",
         "Same person as a row that objected or refused: row quarantined"),
        ("Roux", "a.roux@gmail.com", "opposition-flag", "Objection recorded in the file: row quarantined")]
    assert quarantine[1][6] == "Rappeler\nmardi"  # the original values, untouched


def test_the_kept_duplicate_is_tagged_and_the_role_address_is_not(tmp_path):
    clean = rows_of(audit(tmp_path, chunk_rows=2) / "prospects.clean.csv")
    flags = {row[0] + " " + row[1]: row[-1] for row in clean[1:]}
    assert clean[0][-1] == "fichier_check_flags"
    assert [row[-1] for row in clean[1:] if row[0] == "Petit"] == ["", "duplicate-contact"]
    assert flags["Martin Marc"] == flags["Dupont Zoé"] == ""


def test_the_report_counts_and_points_to_rows_and_lines(tmp_path):
    report = read_report(audit(tmp_path, chunk_rows=3) / "prospects.report.json")
    summary = report["summary"]
    assert (summary["rows_kept"], summary["rows_quarantined"]) == (5, 3)
    by_rule = {f["rule"]: f for f in report["findings"]}
    propagated = by_rule["objection-propagated"]
    assert propagated["count"] == 2
    assert [(e["row"], e["detail"]) for e in propagated["examples"]] == [
        (2, "same person as row 9, quarantined by opposition-flag"),
        (8, "same person as row 9, quarantined by opposition-flag")]
    assert [e["row"] for e in by_rule["duplicate-contact"]["examples"]] == [5]
    assert by_rule["duplicate-contact"]["examples"][0]["detail"] == "same name and postal code as row 3"
    # the phone of Anne was reachable on rows 2 and 9: both are in quarantine now
    assert summary["reachable"]["phone"] == 2 and summary["reachable"]["email"] == 4


def test_chunking_changes_nothing(tmp_path):
    outputs = [audit(tmp_path, size) for size in (1, 3, 50_000)]
    for name in ("prospects.clean.csv", "prospects.quarantine.csv"):
        assert len({(out / name).read_bytes() for out in outputs}) == 1, name
    reports = [read_report(out / "prospects.report.json") for out in outputs]
    assert len({str((r["summary"], r["findings"])) for r in reports}) == 1
