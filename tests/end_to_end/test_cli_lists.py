"""A suppression list that would protect nothing stops the run (exit 2, one line naming the file,
the line and the fix); a list with a few rejected lines is used, and the terminal, the JSON report
and the HTML report say what every list held and which lines were rejected — never their content."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES
from tests.end_to_end.test_cli_broken_input import refused, write

KINDS = ["opposition", "bloctel"]
GOOD_WITH_TWO_BAD = "06 11 22 33 44\nDurand Pierre\n+33 6 33 44 55 66\n0699887766\nappeler après 18h\n0142685300\n"


@pytest.fixture
def prospects(tmp_path):
    return str(shutil.copy(EXAMPLES / "prospects.csv", tmp_path / "prospects.csv"))


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_list_is_refused(cli, tmp_path, prospects, kind):
    refused(cli("audit", prospects, f"--{kind}", str(write(tmp_path, "vide.txt", b""))),
            "vide.txt", f"the {kind} list is empty", f"leave out --{kind}")


@pytest.mark.parametrize("kind", KINDS)
def test_a_program_given_as_the_list_is_refused_as_binary(cli, prospects, kind):
    refused(cli("audit", prospects, f"--{kind}", "/bin/ls"), "/bin/ls:", "binary content", f"--{kind} expects")


@pytest.mark.parametrize("kind", KINDS)
def test_a_mostly_garbage_list_is_refused_at_its_first_rejected_line(cli, tmp_path, prospects, kind):
    text = "Notes de la réunion\n0612345678\n" + "".join(f"point {i} à voir avec Léa\n" for i in range(8))
    refused(cli("audit", prospects, f"--{kind}", str(write(tmp_path, "notes.txt", text))),
            "notes.txt:3:", f"8 of the 9 lines of the {kind} list are rejected", "lines 3, 4, 5")


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_with_two_bad_lines_is_used_with_a_warning_naming_them(cli, tmp_path, prospects, kind):
    path = write(tmp_path, "liste.txt", GOOD_WITH_TWO_BAD)
    run = cli("audit", prospects, f"--{kind}", str(path), "--lang", "en", "--as-of", "2026-05-01")
    assert run.code == 1, run.stderr
    name = "opposition list" if kind == "opposition" else "Bloctel list"
    assert f"! {name} {path}: 6 lines, 0 e-mails, 4 phones, 0 hashes, 2 rejected (lines 2, 5)" in run.stdout
    assert "Durand" not in run.stdout and "18h" not in run.stdout
    (entry,) = run.report()["lists"]
    assert entry == {"kind": kind, "path": str(path), "sha256": entry["sha256"], "lines": 6, "header": False,
                     "entries": 6, "emails": 0, "phones": 4, "hashes": 0, "rejected": 2, "rejected_lines": [2, 5]}
    html = (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert "Suppression lists read" in html and entry["sha256"][:16] in html and "(lines 2, 5)" in html
    assert "Durand" not in html.split('id="lists"')[1].split("</table>")[0]
    assert run.findings() >= {(kind, 8)}  # the list is used: 06 11 22 33 44 is on row 8


def test_the_examples_lists_are_reported_in_french_too(cli, prospects):
    run = cli("audit", prospects, "--bloctel", str(EXAMPLES / "bloctel.txt"), "--opposition",
              str(EXAMPLES / "opposition.csv"), "--lang", "fr")
    assert run.code == 1, run.stderr
    assert (f"liste d'opposition {EXAMPLES / 'opposition.csv'} : 4 lignes, 2 e-mails, 0 téléphone, 1 empreinte, "
            f"0 rejetée") in run.stdout
    assert f"liste Bloctel {EXAMPLES / 'bloctel.txt'} : 3 lignes, 0 e-mail, 3 téléphones, 0 empreinte, 0 rejetée" in run.stdout
    report = run.report()
    assert [(e["kind"], e["emails"], e["phones"], e["hashes"], e["rejected"]) for e in report["lists"]] == [
        ("opposition", 2, 0, 1, 0), ("bloctel", 0, 3, 0, 0)]
    html = (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert "Listes de suppression lues" in html


def test_a_run_without_lists_reports_none(cli, prospects):
    run = cli("audit", prospects, "--lang", "en")
    assert run.report()["lists"] == [] and " list " not in run.stdout.split("Rule")[0]
