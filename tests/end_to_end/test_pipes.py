"""Pipes (issue #17, point 6): `fichier-check … | head` ends quietly. The command keeps its own
exit status (never a silent 1 for a reader that went away, never a traceback or Python's
"Exception ignored" at exit), and an audit's output files are complete: the same as a run
without the pipe writes.

Each pipeline is a real one, in bash with `set -o pipefail`, the command's status read from
PIPESTATUS. Two ways for the reader to go away:
- `head` stops reading in the middle of the output: the JSON is made larger than the pipe's
  buffer (64 KiB) so that the writer is still writing when head exits;
- the reader is gone before the first byte (`head -c 0`, as `grep -q` or a pager quit early):
  the first write fails, every time, which is what runner.to_stdout is there for.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, read_report

PIPE_BUFFER = 64 * 1024
NOISE = ("BrokenPipeError", "Broken pipe", "Exception ignored", "Traceback", "internal error")
CLEAN = ("Civilité;Nom;Prénom;Société;Type client;Tél. fixe;E-mail;Opt-in e-mail;Commentaire\n"
         "M.;Durand;Léa;Durand SA;B2B;01 42 68 53 00;lea.durand@durand-sa.fr;Oui;RDV fixé le 12/12\n"
         "Mme;Gris;Inès;Gris Immobilier;B2B;01 40 50 60 70;ines.gris@gris-immo.fr;Oui;Budget voté\n")


@dataclass
class Piped:
    status: int  # the command's own, from PIPESTATUS
    reader_got: bytes  # what the reader printed
    stderr: str


def environment() -> dict:
    return {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "fichier_check", *args]


def pipe(args: list[str], reader: str, cwd: Path) -> Piped:
    """`fichier-check ARGS | READER` in bash, with pipefail; the command's status from PIPESTATUS."""
    err, out = cwd / "pipe.stderr", cwd / "pipe.stdout"
    script = (f'set -o pipefail\n"$@" 2>{shlex.quote(str(err))} | {reader} >{shlex.quote(str(out))}\n'
              'echo "${PIPESTATUS[0]} ${PIPESTATUS[1]}"')
    done = subprocess.run(["bash", "--noprofile", "--norc", "-c", script, "bash", *args], cwd=cwd,
                          env=environment(), capture_output=True, text=True, timeout=300)
    statuses = done.stdout.split()
    assert len(statuses) == 2, done.stdout + done.stderr
    assert statuses[1] == "0", f"the reader itself failed: {done.stderr}"
    return Piped(int(statuses[0]), out.read_bytes(), err.read_text(encoding="utf-8", errors="replace"))


def unpiped(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The same command with stdout read to the end: the reference."""
    return subprocess.run(args, cwd=cwd, env=environment(), capture_output=True, timeout=300)


def assert_quiet(piped: Piped) -> None:
    heard = [word for word in NOISE if word in piped.stderr]
    assert not heard, f"the closed pipe was heard on stderr: {piped.stderr}"


def outputs(folder: Path, stem: str) -> dict:
    """An audit's output files, as far as two runs of it must agree."""
    report = read_report(folder / f"{stem}.report.json")
    import pyarrow.parquet as pq
    return {"clean": (folder / f"{stem}.clean.csv").read_bytes(),
            "quarantine": (folder / f"{stem}.quarantine.csv").read_bytes(),
            "summary": report["summary"], "findings": report["findings"],
            "side file rows": pq.read_metadata(folder / f"{stem}.findings.parquet").num_rows,
            "html": (folder / f"{stem}.report.html").stat().st_size > 0}


@pytest.fixture
def files(tmp_path) -> Path:
    """prospects.csv (the shipped example, which fails), clean.csv (passes), and big.csv: the
    example's rows 200 times, whose JSON report is larger than a pipe holds."""
    shutil.copy2(EXAMPLES / "prospects.csv", tmp_path / "prospects.csv")
    (tmp_path / "clean.csv").write_text(CLEAN, encoding="utf-8")
    lines = (EXAMPLES / "prospects.csv").read_bytes().split(b"\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    (tmp_path / "big.csv").write_bytes(b"\r\n".join([header, *rows * 200]) + b"\r\n")
    return tmp_path


def audit_through(files: Path, stem: str, output_format: str, reader: str, *extra: str) -> tuple[Piped, bytes]:
    """The audit of STEM.csv into READER, and unpiped: (the piped run, the reference's stdout),
    their output files compared."""
    args = ["audit", f"{stem}.csv", "--format", output_format, *extra]
    reference = unpiped(command(*args, "--out-dir", "reference"), files)
    piped = pipe(command(*args, "--out-dir", "piped"), reader, files)
    assert piped.status == reference.returncode, (piped.status, reference.returncode, piped.stderr)
    assert outputs(files / "piped", stem) == outputs(files / "reference", stem), "the outputs are complete"
    return piped, reference.stdout


def test_audit_json_into_head_that_stops_in_the_middle(files):
    piped, full = audit_through(files, "big", "json", "head -c 100", "--examples", "10000")
    assert len(full) > 2 * PIPE_BUFFER, "the report must outgrow the pipe for head to close it early"
    assert piped.status == 1  # the example's errors
    assert piped.reader_got == full[:100]
    assert_quiet(piped)


def test_audit_text_into_head_one_line(files):
    piped, full = audit_through(files, "prospects", "text", "head -1")
    assert piped.status == 1
    assert piped.reader_got == full.splitlines(keepends=True)[0]
    assert_quiet(piped)


def test_check_json_into_head_that_stops_in_the_middle(files):
    shutil.copytree(EXAMPLES, files / "examples")
    shutil.copy2(files / "big.csv", files / "examples" / "big.csv")
    before = sorted(p.name for p in (files / "examples").iterdir())
    args = command("check", "examples/", "--format", "json")
    full = unpiped(args, files)
    assert full.returncode == 1 and len(full.stdout) > 2 * PIPE_BUFFER
    piped = pipe(args, "head -c 10", files)
    assert piped.status == 1 and piped.reader_got == full.stdout[:10]
    assert_quiet(piped)
    assert sorted(p.name for p in (files / "examples").iterdir()) == before, "check writes no file"


# --- the reader gone before the first byte -------------------------------------------------------

@pytest.mark.parametrize("stem, output_format, status", [
    ("prospects", "json", 1),
    ("clean", "json", 0),
    ("prospects", "text", 1),
    ("clean", "text", 0),
])
def test_audit_into_a_reader_already_gone(files, stem, output_format, status):
    piped, full = audit_through(files, stem, output_format, "head -c 0")
    assert full and piped.reader_got == b""
    assert piped.status == status
    assert_quiet(piped)


@pytest.mark.parametrize("stem, output_format, status", [
    ("prospects", "json", 1),
    ("clean", "json", 0),
    ("clean", "text", 0),
])
def test_check_into_a_reader_already_gone(files, stem, output_format, status):
    args = command("check", f"{stem}.csv", "--format", output_format)
    assert unpiped(args, files).returncode == status
    piped = pipe(args, "head -c 0", files)
    assert piped.status == status
    assert_quiet(piped)
