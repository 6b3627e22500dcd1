"""Streaming: a file read in many small chunks gives exactly the outputs of a one-chunk run."""
from __future__ import annotations

import dataclasses
import json

from fichier_check.audit import run_audit
from fichier_check.runner import build_settings

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
    reports = [json.loads((d / "p.report.json").read_text(encoding="utf-8")) for d in (whole, chunked)]
    for report in reports:
        report["options"].pop("run_at")
        report["outputs"] = {}
    assert reports[0]["findings"] == reports[1]["findings"]
    assert reports[0]["summary"] == reports[1]["summary"]
    rows = sorted({f["row"] for f in reports[1]["findings"]})
    assert rows[-1] > 160  # multi-line cells keep the spreadsheet numbering across chunks
