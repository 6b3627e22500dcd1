"""Progress: the audit reports rows checked, then rows written; nothing is drawn off a terminal."""
from __future__ import annotations

import dataclasses

from fichier_check.audit import run_audit
from fichier_check.runtime.progress import RowProgress
from fichier_check.runner import build_settings

DATA = "Nom;Type client;Téléphone;E-mail\n" + "".join(f"N{i};B2B;01 42 68 53 {i % 100:02d};n{i}@durand.fr\n"
                                                     for i in range(250))


def test_both_passes_report_their_rows(tmp_path):
    (tmp_path / "p.csv").write_text(DATA, encoding="utf-8")
    settings = build_settings(tmp_path / "p.csv", {"out_dir": tmp_path / "out", "as_of": "2026-11-28", "lang": "en"})
    calls = []
    run_audit(dataclasses.replace(settings, chunk_rows=100), progress=lambda *args: calls.append(args))
    assert [rows for rows, _estimate in (c for c in calls if len(c) == 2)] == [100, 200, 250]
    assert [c for c in calls if len(c) == 3] == [(100, 250, "writing"), (200, 250, "writing"), (250, 250, "writing")]


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(capsys):
    progress = RowProgress()  # stderr is captured here, so not a terminal
    progress(10, 100)
    progress(100, 100, "writing")
    progress.close()
    assert capsys.readouterr().err == ""


def test_quiet_runs_print_nothing(cli, tmp_path):
    (tmp_path / "p.csv").write_text(DATA, encoding="utf-8")
    run = cli("audit", str(tmp_path / "p.csv"), "--quiet", "--as-of", "2026-11-28")
    assert run.code == 0 and run.stdout == "" and run.stderr == ""
