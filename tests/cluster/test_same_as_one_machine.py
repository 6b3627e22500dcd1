"""`audit --engine dask` on a LocalCluster of 2 workers gives what the one-machine run gives: the
same findings (counts per rule and column, every row of the side file) and the same cleaned and
quarantined rows, whether the file comes as a folder of 4 CSV parts or as one large file cut
by the run, and the evidence lists each part's fingerprint."""
from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, read_report

pytest.importorskip("distributed")

ROWS = 200_000
AS_OF = "2026-06-01"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """A generated 200,000-row prospect file with every catalogue column, its lists and call history."""
    folder = tmp_path_factory.mktemp("generated")
    paths = {"csv": folder / "prospects.csv", "opposition": folder / "opposition.csv",
             "bloctel": folder / "bloctel.txt", "calls": folder / "calls.csv"}
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--rows", str(ROWS), "--seed", "3",
                    "--out", str(paths["csv"]), "--opposition", str(paths["opposition"]), "--opposition-size", "20000",
                    "--bloctel", str(paths["bloctel"]), "--bloctel-size", "5000", "--calls", str(paths["calls"]),
                    "--calls-contacts", "20000", "--catalogue"], check=True, stdout=subprocess.DEVNULL)
    return paths


def split_in_parts(source: Path, count: int, folder: Path) -> list[Path]:
    """The file's records in `count` CSV files of its bytes, each after the header (a quoted cell on
    two lines stays whole)."""
    text = source.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    ends = [reader.line_num for _ in reader]
    header, records = ends[0], ends[1:]
    folder.mkdir()
    per, start, parts = len(records) // count, header, []
    for number in range(count):
        stop = records[(number + 1) * per - 1] if number < count - 1 else len(lines)
        part = folder / f"prospects-{number + 1}.csv"
        part.write_text("".join(lines[:header] + lines[start:stop]), encoding="utf-8", newline="")
        parts.append(part)
        start = stop
    return parts


def audit(cli, target: Path, out: Path, paths: dict, *extra: str):
    run = cli("audit", str(target), "--out-dir", str(out), "--opposition", str(paths["opposition"]),
              "--bloctel", str(paths["bloctel"]), "--calls", str(paths["calls"]), "--as-of", AS_OF,
              "--fail-on", "never", "--findings", "csv", "--lang", "en", *extra)
    assert run.code == 0, run.stderr
    return run


def counts(report: dict) -> dict:
    return {(f["rule"], f["column"]): (f["count"], f["rows_affected"], f["first_row"], f["last_row"])
            for f in report["findings"]}


def records(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))[1:]


def part_records(folder: Path) -> list[list[str]]:
    return [row for part in sorted(folder.glob("part-*.csv")) for row in records(part)]


@pytest.fixture(scope="module")
def one_machine(generated, tmp_path_factory):
    from tests.conftest import Run
    out = tmp_path_factory.mktemp("one-machine")
    done = subprocess.run([sys.executable, "-m", "fichier_check", "audit", str(generated["csv"]), "--out-dir", str(out),
                           "--opposition", str(generated["opposition"]), "--bloctel", str(generated["bloctel"]),
                           "--calls", str(generated["calls"]), "--as-of", AS_OF, "--fail-on", "never",
                           "--findings", "csv", "--lang", "en"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return Run(0, done.stdout, done.stderr, out)


@pytest.mark.parametrize("shape", ["folder of 4 parts", "one file cut in parts"])
def test_the_cluster_finds_and_cleans_what_one_machine_does(cli, generated, one_machine, tmp_path, shape):
    if shape == "folder of 4 parts":
        parts = split_in_parts(generated["csv"], 4, tmp_path / "prospects")
        target, extra = tmp_path / "prospects", ()
    else:
        parts, target, extra = [], generated["csv"], ("--partition-size", "8MB")
    run = audit(cli, target, tmp_path / "dask", generated, "--engine", "dask", "--jobs", "2", "--parts-format", "csv", *extra)
    assert "Dask dashboard: http" in run.stderr

    single, clustered = one_machine.report(), read_report(tmp_path / "dask" / "prospects.report.json")
    assert counts(clustered) == counts(single)
    assert len(counts(single)) > 40  # the file gives findings of most rules
    assert clustered["summary"] == single["summary"]
    assert clustered["stats"] == single["stats"]
    side = (tmp_path / "dask" / "prospects.findings.csv").read_text(encoding="utf-8").splitlines()
    assert sorted(side) == sorted((one_machine.out_dir / "prospects.findings.csv").read_text(encoding="utf-8").splitlines())

    assert part_records(tmp_path / "dask" / "prospects.clean") == records(one_machine.out_dir / "prospects.clean.csv")
    assert part_records(tmp_path / "dask" / "prospects.quarantine") == records(
        one_machine.out_dir / "prospects.quarantine.csv")

    listed = clustered["input"]["parts"]
    assert sum(part["rows"] for part in listed) == ROWS == clustered["input"]["rows"]
    if parts:
        assert [p["name"] for p in listed] == [p.name for p in parts]
        assert [p["sha256"] for p in listed] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in parts]
    else:
        assert len(listed) >= 5
        assert clustered["input"]["sha256"] == single["input"]["sha256"]
    assert clustered["options"]["engine"] == "dask"
    html = (tmp_path / "dask" / "prospects.report.html").read_text(encoding="utf-8")
    assert all(part["sha256"] in html for part in listed)  # the evidence names every part's fingerprint
    assert not [p.name for p in (tmp_path / "dask").iterdir() if p.name.startswith(".")]  # no temporary left
