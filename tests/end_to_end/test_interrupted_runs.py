"""An interrupted run (Ctrl-C, a full disk) leaves no output file behind and says it did not finish."""
from __future__ import annotations

import errno

import pytest

from fichier_check.write import writers as write_module
from fichier_check.audit import run_audit
from fichier_check.cli import user_errors
from fichier_check.runner import build_settings

DATA = "Nom;Type client;Téléphone;E-mail\r\n" + "Durand;B2B;01 42 68 53 00;lea@durand.fr\r\n" * 50


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(DATA.encode("utf-8"))
    return build_settings(path, {"out_dir": tmp_path / "out", "as_of": "2026-11-28", "lang": "en"})


def test_ctrl_c_while_writing_leaves_no_file(settings, monkeypatch, capsys):
    def interrupted(self, frame, typed=None):
        raise KeyboardInterrupt
    monkeypatch.setattr(write_module.CsvWriter, "write", interrupted)
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    assert "did not finish" in capsys.readouterr().err
    assert not any(settings.out_dir.iterdir())
    assert settings.input.read_bytes() == DATA.encode("utf-8")


def test_disk_full_leaves_no_file(settings, monkeypatch, capsys):
    from fichier_check.write import output
    original = output.PendingFile.write

    def full_disk(self, data):
        if self.final_path.name.endswith(".report.json"):  # the clean file is already written by then
            raise self.owner.fail(self.final_path, OSError(errno.ENOSPC, "No space left on device"))
        return original(self, data)

    monkeypatch.setattr(output.PendingFile, "write", full_disk)
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    assert "No space left" in capsys.readouterr().err
    assert not any(settings.out_dir.iterdir())


def test_ctrl_c_while_worker_processes_run_says_so_and_leaves_nothing(tmp_path):
    """A real SIGINT to a real run, sent once its phone workers have started."""
    import os
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "gros.csv"
    lines = ["Nom;Type client;Téléphone"] + [f"N{i};B2B;+44 7700 9{i:05d}" for i in range(60_000)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "fichier_check", "audit", str(source), "--out-dir", str(out),
                                "--jobs", "2", "--quiet"], stderr=subprocess.PIPE, text=True)
    children = f"/proc/{process.pid}/task/{process.pid}/children"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if os.path.exists(children) and open(children).read().strip():
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before its workers started"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 3
    assert "did not finish" in err and "Traceback" not in err, err
    assert not out.exists() or not any(out.iterdir())
    time.sleep(0.5)
    assert not _processes_mentioning(str(out)), "a worker process outlived the run"


def _processes_mentioning(text: str) -> list[str]:
    from pathlib import Path
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes().decode(errors="replace"):
                found.append(cmdline.parent.name)
        except OSError:
            pass
    return found


def test_full_temporary_folder_says_where_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    from fichier_check.runtime import spool
    path = tmp_path / "p.csv"
    path.write_text("Nom;Type client;E-mail\n" + "Roux;B2C;anne.roux@orange.fr\n" * 5, encoding="utf-8")
    settings = build_settings(path, {"out_dir": tmp_path / "out", "as_of": "2026-11-28", "lang": "en"})

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.tempfile, "TemporaryFile", full)
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "temporary folder" in err and "No space left" in err and "TMPDIR" in err
    assert not settings.out_dir.exists() or not any(settings.out_dir.iterdir())


@pytest.mark.parametrize("cells_for_a_second_process", [0, 10**9], ids=["two-processes", "one-process"])
def test_ctrl_c_while_writing_a_workbook_leaves_no_file_anywhere(tmp_path, monkeypatch, capsys,
                                                                 cells_for_a_second_process):
    import dataclasses
    import multiprocessing
    import tempfile

    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["Nom", "Type client", "Téléphone", "E-mail"])
    for i in range(30):
        book.active.append([f"Durand {i}", "B2B", "01 42 68 53 00", f"lea{i}@durand.fr"])
    book.save(tmp_path / "p.xlsx")
    settings = dataclasses.replace(build_settings(tmp_path / "p.xlsx", {"out_dir": tmp_path / "out", "lang": "en"}),
                                   chunk_rows=10, jobs=2)
    monkeypatch.setattr(write_module, "BACKGROUND_MIN_CELLS", cells_for_a_second_process)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where xlsxwriter keeps its rows
    original, calls = write_module.XlsxWriter.write, []

    def interrupted(self, frame, typed=None):
        calls.append(1)
        if len(calls) == 3:  # both workbooks have rows by then, one of them in the second process
            raise KeyboardInterrupt
        original(self, frame, typed)
    monkeypatch.setattr(write_module.XlsxWriter, "write", interrupted)
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    assert "did not finish" in capsys.readouterr().err
    assert not any((tmp_path / "out").iterdir())
    assert not multiprocessing.active_children()
    assert not any((tmp_path / "tmp").iterdir())  # no row of personal data left in the temporary folder


def test_a_full_disk_in_the_process_writing_the_reports_fails_the_run_and_leaves_no_file(settings, monkeypatch, capsys):
    from fichier_check.write import output
    from fichier_check import audit
    from fichier_check.runtime import processes
    monkeypatch.setattr(audit, "BACKGROUND_MIN_FINDINGS", 0)
    monkeypatch.setattr(processes, "JOBS", 2)
    monkeypatch.setattr(processes, "set_jobs", lambda jobs: None)  # the run keeps the 2 set here

    def full_disk(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(output.ChildFile, "write", lambda self, data: self._named(full_disk, self, data))
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "No space left" in err and "p.report.json" in err
    assert not any(settings.out_dir.iterdir())


def test_an_error_of_the_side_file_that_names_no_file_names_the_reports_folder(settings, monkeypatch, capsys):
    from fichier_check import audit
    from fichier_check.report import findings_parquet
    from fichier_check.runtime import processes
    monkeypatch.setattr(audit, "BACKGROUND_MIN_FINDINGS", 0)
    monkeypatch.setattr(processes, "JOBS", 2)
    monkeypatch.setattr(processes, "set_jobs", lambda jobs: None)

    def nameless(result, handle):  # as pyarrow reports a failed write of its own
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(findings_parquet, "write", nameless)
    with pytest.raises(SystemExit) as exit_info, user_errors():
        run_audit(settings)
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "No space left" in err and f"{settings.out_dir}:" in err and "report.json" not in err
    assert not any(settings.out_dir.iterdir())
