"""Shared fixtures: run the real command line on real files in a temporary folder."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"
REPORT_SCHEMA = json.loads((REPO / "fichier_check" / "schema" / "report.schema.json").read_text(encoding="utf-8"))


def read_report(path: Path) -> dict:
    """A JSON report, validated against the schema shipped in the package (every test that reads
    a report goes through here)."""
    import jsonschema
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, REPORT_SCHEMA)
    return document


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    out_dir: Path

    def report(self, stem: str = "prospects") -> dict:
        return read_report(self.out_dir / f"{stem}.report.json")

    def side(self, stem: str = "prospects") -> list[dict]:
        """Every finding, from the side file <stem>.findings.parquet (pyarrow, as a user reads it)."""
        import pyarrow.parquet as pq
        return pq.read_table(self.out_dir / f"{stem}.findings.parquet").to_pylist()

    def findings(self, stem: str = "prospects") -> set[tuple[str, int]]:
        return {(f["rule"], f["row"]) for f in self.side(stem)}


@pytest.fixture
def cli(tmp_path):
    """Run `fichier-check ARGS` as a user would (a subprocess), outputs into tmp_path/out."""

    def run(*args: str, out: Path | None = None, env: dict | None = None, cwd: Path | None = None) -> Run:
        out_dir = out or tmp_path / "out"
        full = [sys.executable, "-m", "fichier_check", *args]
        if args and args[0] == "audit" and "--out-dir" not in args:
            full += ["--out-dir", str(out_dir)]
        environment = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
        done = subprocess.run(full, capture_output=True, text=True, env=environment, cwd=cwd or tmp_path, timeout=300)
        return Run(done.returncode, done.stdout, done.stderr, out_dir)

    return run


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/ is not beside the repository")
    return SHARED
