"""Fingerprint every output of a set of audits, to prove a refactoring changed no byte.

Runs the ``fichier-check`` installed beside the given Python on the benchmark files, the example,
the shared corpora (``../shared/testdata``) and a few option variants, each into the same fixed
output folder (so the paths written inside the reports are the same from one code version to the
next), and writes a manifest: per case, the exit status, the SHA-256 of stdout and stderr, and the
SHA-256 of every file written (the reports' run time
and a workbook's creation time replaced by a placeholder, a workbook hashed by its members). Two manifests made by two versions of the code must be equal.

    python bench/compare_outputs.py --python /tmp/old-venv/bin/python --manifest /tmp/before.json
    python bench/compare_outputs.py --python .venv/bin/python --manifest /tmp/after.json \
        --against /tmp/before.json          # prints the cases that differ, exits 1 if any

``--big`` adds the 1M-row benchmark file, its first 51,000 rows and a 100k-row workbook (bench/data, made by
generate.py if missing): about a minute more. ``--only clean,quarantine`` compares those outputs
and the exit statuses only (for a change that is meant to change the reports, not the data).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "testdata"
DATA = HERE / "data"
WORK = Path("/tmp/fichier-check-compare")
AS_OF = ["--as-of", "2026-11-28"]  # before a case's own options: click keeps the last value


# What differs between two runs of the same code: when the report says it ran, and when a
# workbook says it was created (docProps/core.xml).
RUN_AT = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)")


def digest(data: bytes) -> str:
    return hashlib.sha256(RUN_AT.sub(b"<run_at>", data)).hexdigest()


def file_digest(path: Path) -> str:
    """A workbook by its members' contents (a zip's own bytes hold no more), any other file whole."""
    if path.suffix != ".xlsx":
        return digest(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        return digest(b"".join(name.encode() + b"\0" + book.read(name) for name in sorted(book.namelist())))


def cases(big: bool) -> list[tuple[str, list[str]]]:
    """(name, arguments after `audit`) for every audit to fingerprint."""
    example = REPO / "examples"
    lists = ["--bloctel", str(example / "bloctel.txt"), "--opposition", str(example / "opposition.csv")]
    found = [("example", [str(example / "prospects.csv"), *lists]),
             ("example-en-show", [str(example / "prospects.csv"), *lists, "--lang", "en", "--show-values"]),
             ("example-json", [str(example / "prospects.csv"), *lists, "--format", "json"]),
             ("example-html", [str(example / "prospects.csv"), *lists, "--format", "html", "--lang", "fr"]),
             ("example-jobs1-formulas", [str(example / "prospects.csv"), *lists, "--jobs", "1",
                                         "--neutralise-formulas", "--channel", "email", "--channel", "sms"]),
             ("example-bloctel-era", [str(example / "prospects.csv"), *lists, "--as-of", "2026-05-01"])]
    if SHARED.exists():
        corpus = sorted(p for p in SHARED.rglob("*") if p.suffix.lower() in {".csv", ".tsv", ".txt"}
                        and p.is_file() and "sources" not in p.parts)
        found += [(str(p.relative_to(SHARED)), [str(p), "--lang", "en"]) for p in corpus]
    if big:
        million = DATA / "p1000000-s42.csv"
        generate(million, 1_000_000, lists=True)
        big_lists = ["--opposition", str(DATA / "opp1000000-s42.csv"), "--bloctel", str(DATA / "bloc1000000-s42.txt")]
        found.append(("bench-1m", [str(million), *big_lists]))
        # a full chunk then a short one (rendered by polars in a thread, then by Python at once)
        short_tail = DATA / "p51000-s42.csv"
        generate(short_tail, 51_000, lists=False)
        found.append(("bench-51k", [str(short_tail), *big_lists]))
        workbook = DATA / "p100000-s42.xlsx"
        generate(workbook, 100_000, lists=False)
        found.append(("bench-100k-xlsx", [str(workbook), "--lang", "en"]))
    return found


def generate(path: Path, rows: int, lists: bool) -> None:
    if path.exists():
        return
    DATA.mkdir(exist_ok=True)
    command = [sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", "42", "--out", str(path)]
    if path.suffix == ".xlsx":
        command.append("--xlsx")
    if lists:
        command += ["--opposition", str(DATA / f"opp{rows}-s42.csv"), "--bloctel", str(DATA / f"bloc{rows}-s42.txt")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def fingerprint(python: Path, arguments: list[str]) -> dict:
    out = WORK / "out"
    shutil.rmtree(WORK, ignore_errors=True)
    out.mkdir(parents=True)
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    done = subprocess.run([str(python), "-m", "fichier_check", "audit", *AS_OF, *arguments, "--out-dir", str(out)],
                          capture_output=True, env=env, cwd=WORK, timeout=900)
    files = {p.name: file_digest(p) for p in sorted(out.iterdir())}
    return {"exit": done.returncode, "stdout": digest(done.stdout), "stderr": digest(done.stderr), "files": files}


def restricted(manifest: dict, kinds: tuple[str, ...]) -> dict:
    """Each case's exit status and the files whose name has one of `kinds` (".clean."…)."""
    return {name: {"exit": case["exit"], "files": {f: d for f, d in case["files"].items() if any(k in f for k in kinds)}}
            for name, case in manifest.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", type=Path, default=Path(sys.executable), help="Python that has fichier-check")
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--against", type=Path, help="an earlier manifest to compare with")
    parser.add_argument("--big", action="store_true", help="also the 1M-row file and a 100k-row workbook")
    parser.add_argument("--only", help="compare only these outputs (comma-separated: clean, quarantine…) and exit statuses")
    args = parser.parse_args()
    manifest = {name: fingerprint(args.python, arguments[:]) for name, arguments in cases(args.big)}
    args.manifest.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(manifest)} audits fingerprinted into {args.manifest}")
    if not args.against:
        return 0
    before = json.loads(args.against.read_text(encoding="utf-8"))
    if args.only:
        kinds = tuple(f".{kind}." for kind in args.only.split(","))
        before, manifest = (restricted(m, kinds) for m in (before, manifest))
    differ = sorted(name for name in before.keys() | manifest.keys() if before.get(name) != manifest.get(name))
    for name in differ:
        print(f"DIFFERS: {name}\n  before {before.get(name)}\n  after  {manifest.get(name)}")
    print("identical" if not differ else f"{len(differ)} of {len(manifest)} audits differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
