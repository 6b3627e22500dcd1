"""One large CSV file cut by the run in parts of 64 KB gives the one-machine run's findings, row
for row and line for line, whatever its line ends, byte-order mark, `sep=` line, blank lines,
cells on two lines, malformed rows or missing final line break; a quote inside an unquoted cell
leaves it whole (one part, and a warning), since counting quotes would then cut records."""
from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

distributed = pytest.importorskip("distributed")
COMMENT = 14  # the example's Commentaire column


def variant_of_example(features: set[str]) -> bytes:
    with (EXAMPLES / "prospects.csv").open(encoding="cp1252", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    shuffle = random.Random(5)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for number in range(4000):
        cells = list(shuffle.choice(rows))
        if "two-line cells" in features and number % 9 == 0:
            cells[COMMENT] = "Rappeler après 18h\r\nsinon laisser un message"
        if "malformed rows" in features and number % 700 == 0:
            cells.append("de trop")
        if "a stray quote" in features and number == 2000:
            cells[COMMENT] = "STRAY"
        writer.writerow(cells)
        if "blank lines" in features and number % 450 == 0:
            out.write("\r\n")
    data = out.getvalue().replace("STRAY", 'Écran 27" neuf')  # as a spreadsheet writes it: unquoted
    if "no final line break" in features:
        data = data.removesuffix("\r\n")
    if "LF" in features:
        data = data.replace("\r\n", "\n")
    if "sep= line" in features:
        data = "sep=;\r\n" + data
    encoded = data.encode("utf-8" if "UTF-8 with BOM" in features else "cp1252")
    return (b"\xef\xbb\xbf" if "UTF-8 with BOM" in features else b"") + encoded


def audit(path: Path, out: Path, *extra: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "fichier_check", "audit", str(path), "--out-dir", str(out), "--quiet",
                           "--fail-on", "never", "--findings", "jsonl", *extra], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads((out / f"{path.stem}.report.json").read_text(encoding="utf-8"))
    side = sorted((out / f"{path.stem}.findings.jsonl").read_text(encoding="utf-8").splitlines())
    return {"counts": {(f["rule"], f["column"]): f["count"] for f in report["findings"]}, "side": side,
            "summary": report["summary"], "parts": len(report["input"].get("parts", [])),
            "warnings": report.get("warnings", [])}


@pytest.mark.parametrize("features", [
    {"two-line cells", "blank lines"},
    {"LF", "no final line break", "malformed rows"},
    {"sep= line", "UTF-8 with BOM", "two-line cells", "malformed rows"},
    {"two-line cells", "a stray quote"},  # quotes no longer tell where cells are: read whole
], ids=lambda features: ", ".join(sorted(features)))
def test_a_file_cut_in_parts_gives_the_findings_of_one_machine(tmp_path, scheduler, features):
    path = tmp_path / "prospects.csv"
    path.write_bytes(variant_of_example(features))
    one = audit(path, tmp_path / "one")
    cut = audit(path, tmp_path / "cut", "--engine", "dask", "--scheduler", scheduler, "--partition-size", "64KB")
    assert cut["parts"] == (1 if "a stray quote" in features else pytest.approx(20, abs=10))
    assert cut["counts"] == one["counts"] and cut["summary"] == one["summary"]
    assert cut["side"] == one["side"]  # every finding's row, line, value and detail
    if "malformed rows" in features:
        assert one["counts"].get(("malformed-row", None))
    if "a stray quote" in features:
        assert any("not cut in parts" in warning for warning in cut["warnings"])
