"""Streaming: a file read in many small chunks gives exactly the outputs of a one-chunk run."""
from __future__ import annotations

import dataclasses
import json

from fichier_check.audit import run_audit
from fichier_check.runtime.processes import ForkedSink
from fichier_check.runner import build_settings
from tests.conftest import read_report

ROWS = [
    "Durand;B2B;01 42 68 53 00;lea@durand.fr;Oui;RDV",
    "Martin;B2C;06 12 34 56 78;paul@free.fr;Non;\"En arrêt maladie\nrappeler\"",
    "Petit;;01 23;faux@;;=1+1",
    "Roux;Particulier;;anne@orange.fr;;",
]


def audit(tmp_path, name: str, chunk_rows: int):
    source = tmp_path / "p.csv"
    if not source.exists():
        lines = ["Nom;Type client;Téléphone;E-mail;Opt-in e-mail;Commentaire"] + ROWS * 40
        source.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    settings = dataclasses.replace(build_settings(source, {"out_dir": tmp_path / name, "as_of": "2026-11-28",
                                                          "lang": "en"}), chunk_rows=chunk_rows)
    run_audit(settings)
    return tmp_path / name


def test_small_chunks_give_the_same_outputs_as_one_chunk(tmp_path):
    whole, chunked = audit(tmp_path, "whole", 200_000), audit(tmp_path, "chunked", 7)
    for name in ("p.clean.csv", "p.quarantine.csv"):
        assert (whole / name).read_bytes() == (chunked / name).read_bytes(), name
    reports = [read_report(d / "p.report.json") for d in (whole, chunked)]
    for report in reports:
        report["options"].pop("run_at")
        report["outputs"] = {}
    assert reports[0]["findings"] == reports[1]["findings"]
    assert reports[0]["summary"] == reports[1]["summary"]
    sides = [side_file(d) for d in (whole, chunked)]
    assert sides[0] == sides[1] and len(sides[0]) == sum(e["count"] for e in reports[0]["findings"])
    rows = sorted({f["row"] for f in sides[1]})
    assert rows[-1] > 160  # multi-line cells keep the spreadsheet numbering across chunks
    # ... and each row's physical line counts the line break of every earlier comment (one in the
    # second row of every four: row 3, 7, 11...)
    assert all(f["line"] == f["row"] + f["row"] // 4 for f in sides[1])


def side_file(folder):
    import pyarrow.parquet as pq
    return pq.read_table(folder / "p.findings.parquet").to_pylist()


def audit_xlsx(tmp_path, name: str, chunk_rows: int, jobs: int):
    import datetime as dt

    import openpyxl
    source = tmp_path / "p.xlsx"
    if not source.exists():
        book = openpyxl.Workbook()
        book.active.append(["Nom", "Type client", "Téléphone", "E-mail", "Opt-in e-mail", "Dernier contact", "Commentaire"])
        for i in range(40):
            book.active.append([f"Durand {i}", "B2B", 142685300 + i, f"lea{i}@durand.fr", "Oui", dt.date(2026, 10, 2), "RDV"])
            book.active.append([f"Martin {i}", "B2C", "06 12 34 56 78", "paul@free.fr", "Non", None, "En arrêt maladie"])
            book.active.append([f"Petit {i}", None, "01 23", "faux@", 1.5, dt.datetime(2026, 1, 2, 8, 30), "=1+1"])
            book.active.append([f"Roux {i}", "Particulier", None, "anne@orange.fr", True, None, None])
        book.save(source)
    settings = dataclasses.replace(build_settings(source, {"out_dir": tmp_path / name, "as_of": "2026-11-28",
                                                          "lang": "en"}), chunk_rows=chunk_rows, jobs=jobs)
    run_audit(settings)
    return tmp_path / name


def test_xlsx_in_chunks_and_in_a_second_process_gives_the_same_workbooks(tmp_path, monkeypatch):
    import python_calamine

    from fichier_check.write import writers as write
    whole = audit_xlsx(tmp_path, "whole", 200_000, jobs=1)
    monkeypatch.setattr(write, "BACKGROUND_MIN_CELLS", 0)  # the larger workbook goes to a second process
    forked = []
    monkeypatch.setattr(write, "ForkedSink", lambda make: forked.append(1) or ForkedSink(make))
    chunked = audit_xlsx(tmp_path, "chunked", 7, jobs=2)
    assert forked == [1]
    for name in ("p.clean.xlsx", "p.quarantine.xlsx"):
        sheets = [python_calamine.CalamineWorkbook.from_path(str(d / name)).get_sheet_by_index(0).to_python()
                  for d in (whole, chunked)]
        assert sheets[0] == sheets[1], name
        assert len(sheets[0]) > 40
    reports = [read_report(d / "p.report.json") for d in (whole, chunked)]
    assert reports[0]["findings"] == reports[1]["findings"]
    sides = [side_file(d) for d in (whole, chunked)]
    assert sides[0] == sides[1] and {f["line"] for f in sides[0]} == {None}  # a sheet has no lines


def test_reports_written_by_a_second_process_are_those_written_here(tmp_path, monkeypatch):
    from fichier_check import audit as audit_module
    from fichier_check.runtime import processes
    here = audit(tmp_path, "here", 200_000)
    monkeypatch.setattr(audit_module, "BACKGROUND_MIN_FINDINGS", 0)
    forked = []
    real = processes.forked_task
    monkeypatch.setattr(processes, "forked_task", lambda task: forked.append(1) or real(task))
    there = audit(tmp_path, "there", 7)
    assert forked == [1]
    reports = [read_report(d / "p.report.json") for d in (here, there)]
    assert reports[0]["findings"] == reports[1]["findings"] and reports[0]["summary"] == reports[1]["summary"]
    assert side_file(here) == side_file(there)
    html = [(d / "p.report.html").read_text(encoding="utf-8") for d in (here, there)]
    assert len(html[1]) > 1000 and html[0].count("<tr") == html[1].count("<tr")


def test_a_short_last_chunk_after_a_long_one_keeps_the_file_in_order(tmp_path):
    """The long chunk is rendered by polars in a thread, the short one by Python at once."""
    from fichier_check.write.writers import POLARS_MIN_ROWS
    source = tmp_path / "u.csv"
    lines = ["Nom;Type client;Téléphone;E-mail;Opt-in e-mail;Commentaire"]
    # a phone of its own on each row: no rule touches a row, so the cleaned file is the input
    lines += [f"N{i:05d};B2B;01 42 {i // 100:02d} {i % 100:02d} 00;n{i}@durand.fr;Oui;ok"
              for i in range(POLARS_MIN_ROWS + 60)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for name, chunk_rows in (("whole", 200_000), ("chunked", POLARS_MIN_ROWS + 10)):
        settings = build_settings(source, {"out_dir": tmp_path / name, "as_of": "2026-11-28", "lang": "en"})
        run_audit(dataclasses.replace(settings, chunk_rows=chunk_rows))
        outputs.append((tmp_path / name / "u.clean.csv").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[1].decode().splitlines()[1:] == lines[1:]
