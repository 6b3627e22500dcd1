"""The example the tests of the CI formats share: a repository holding the shipped example file, a
clean file and a config with waivers, checked by the real command; the same file checked against a
baseline after an edit; and every personal value of the example, which no format may print.

The waivers cover every case the formats must tell apart: one accepts one finding of two
(email-invalid, row 10), one accepts every finding of a rule (nir), one has expired (its
sensitive-term findings fail again), one names another file (it applies to nothing here).
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

CONFIG = """\
lang: en
waivers:
  - rule: email-invalid
    file: prospects.csv
    column: E-mail
    rows: [10]
    reason: adresse de démonstration, corrigée à la source
    owner: dpo@example.fr
    expires: 2099-12-31
  - rule: nir
    file: leads/prospects.csv
    reason: numéro fictif du jeu d'essai
    owner: dpo@example.fr
    expires: 2099-12-31
  - rule: sensitive-term
    file: "*.csv"
    reason: revue juridique de 2019
    owner: juriste@example.fr
    expires: 2020-01-31
  - rule: sms-optin-missing
    file: other/*.csv
    reason: un autre fichier
    owner: dpo@example.fr
    expires: 2099-12-31
"""
CLEAN = ("Nom;Prénom;Société;Type client;Tél. fixe;E-mail;Opt-in e-mail;Date opt-in;Source opt-in;Source\r\n"
         "Durand;Léa;Durand SA;B2B;01 42 68 53 00;lea.durand@durand-sa.fr;Oui;2026-03-01;formulaire site;Salon\r\n")
# A file whose name every format must escape, whose first row spans two lines (a comment with a
# line break): its findings, all on row 3, stand on line 4.
NOTES_NAME = "notes & co, 2026: 100%.csv"
NOTES = ("Nom;Type client;Portable;Commentaire\r\nMartin;B2B;06 12 34 56 78;\"ligne un\r\nligne deux\"\r\n"
         "Roux;Particulier;06 98 76 54 32;\r\n")
# The baseline case: row 5 (Roux, an e-mail without consent) is removed, a consumer with a mobile
# and no consent at all is added at the end.
REMOVED = "anne.roux@free.fr"
ADDED = ("Mme;Nouvelle;Zoé;;;Particulier;;06 55 44 33 22;zoe.nouvelle@exemple.fr;;;2026-11-25;;RAPP;Rappeler lundi;"
         "25/11/2026;;1;2026-11-25;;75010;Paris;Formulaire site;;;Non\r\n")
PERSONAL = ("Nom", "Prénom", "Tél. fixe", "Portable", "E-mail", "Commentaire")
# The details some rules give (the sensitive word a comment holds): never in a CI format either.
DETAILS = ("arret maladie", "arrêt maladie", "croyante", "syndiquee", "Syndiquée")


def workspace(folder: Path) -> Path:
    """A repository root holding leads/prospects.csv (the example), leads/clean.csv, the notes
    file and the config."""
    (folder / "leads").mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "prospects.csv", folder / "leads" / "prospects.csv")
    (folder / "leads" / "clean.csv").write_text(CLEAN, encoding="utf-8", newline="")
    (folder / "leads" / NOTES_NAME).write_text(NOTES, encoding="utf-8", newline="")
    (folder / "fichier-check.yaml").write_text(CONFIG, encoding="utf-8")
    return folder


def check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`fichier-check check ARGS` run in `folder` as a CI job runs it."""
    environment = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    environment.pop("FICHIER_CHECK_FINGERPRINT_KEY", None)
    return subprocess.run([sys.executable, "-m", "fichier_check", "check", *args], capture_output=True, text=True,
                          env=environment, cwd=folder, timeout=300)


def main_run(folders, output_format: str) -> tuple[Path, str]:
    """The example's folder, a missing file, the waivers, checked in a new folder of `folders`
    (pytest's tmp_path_factory): (the folder, the output each format's tests read). The run
    exits 2: a file could not be read."""
    folder = workspace(folders.mktemp(output_format))
    done = check(folder, "leads/", "missing.csv", "--format", output_format, "--as-of", "2026-11-28")
    assert done.returncode == 2, done.stderr
    return folder, done.stdout


def baseline_run(folders, output_format: str) -> tuple[Path, str, str]:
    """In a new folder of `folders`, the example checked in `output_format` and into a baseline
    (JSON, base.json), then edited (REMOVED's row gone, ADDED's added) and checked again with
    --baseline --fail-on-new: (the folder, the first output, the output against the baseline);
    both runs exit 1 (new errors)."""
    folder = folders.mktemp(f"{output_format}-baseline")
    (folder / "leads").mkdir(parents=True, exist_ok=True)
    target = folder / "leads" / "prospects.csv"
    shutil.copy(EXAMPLES / "prospects.csv", target)
    before = check(folder, "leads/prospects.csv", "--format", output_format, "--as-of", "2026-11-28", "--lang", "en")
    made = check(folder, "leads/prospects.csv", "--format", "json", "--output", "base.json", "--as-of", "2026-11-28")
    assert made.returncode == 1 and (folder / "base.json").is_file(), made.stderr
    lines = target.read_bytes().decode("cp1252").splitlines(keepends=True)
    edited = [line for line in lines if REMOVED not in line] + [ADDED]
    target.write_bytes("".join(edited).encode("cp1252"))
    after = check(folder, "leads/prospects.csv", "--format", output_format, "--baseline", "base.json",
                  "--fail-on-new", "--as-of", "2026-11-28", "--lang", "en")
    assert before.returncode == 1 and after.returncode == 1, before.stderr + after.stderr
    return folder, before.stdout, after.stdout


def in_process(folder: Path, arguments: list[str]):
    """The CheckRun that `fichier-check check ARGUMENTS` makes in `folder` (as the command's
    runner builds it), for the tests that render it again under another cap."""
    from fichier_check.check_run import check_files, check_settings
    from fichier_check.read.targets import expand
    from fichier_check.runner import build_settings
    before = Path.cwd()
    os.chdir(folder)
    try:
        base = check_settings(build_settings(Path("."), {"output_format": "json", "as_of": "2026-11-28"}))
        return check_files(*expand(arguments), base, root=folder)
    finally:
        os.chdir(before)


def many_findings(folder: Path, rows: int = 2000) -> Path:
    """A made-up file where every row breaks eight (rule, column)s: 8 × `rows` findings."""
    lines = ["Nom;Prénom;Type client;Tél. fixe;Portable;E-mail;Opt-in e-mail;Commentaire;Source"]
    lines += [f"Nom{i};P{i};Particulier;01 23 4{i % 10};06 12 34 {i % 100:02d} {i % 97:02d};x{i}@exemple;;malade {i};"
              "Formulaire site" for i in range(rows)]
    (folder / "big").mkdir(parents=True, exist_ok=True)
    path = folder / "big" / "many.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return path


def personal_values() -> list[str]:
    """Every name, phone (as written and as digits), e-mail and comment of the example, and of
    the row the baseline case adds."""
    text = (EXAMPLES / "prospects.csv").read_bytes().decode("cp1252") + ADDED
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    values = set()
    for row in rows:
        for column in PERSONAL:
            value = (row.get(column) or "").strip()
            if value:
                values.add(value)
                digits = re.sub(r"\D", "", value)
                if column in ("Tél. fixe", "Portable") and len(digits) >= 6:
                    values.add(digits)
    return sorted(values)


def leaked(text: str) -> list[str]:
    """The personal values (and sensitive details) found in `text`, as whole words; the mask's
    bullet too (a masked value is a value: the CI formats print none)."""
    found = [v for v in [*personal_values(), *DETAILS] if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text)]
    return found + (["•"] if "•" in text else [])
