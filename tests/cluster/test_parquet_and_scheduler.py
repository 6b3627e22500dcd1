"""A Parquet dataset is audited as its rows read as text, with the same findings as the same rows
in a CSV file; the cleaned parts are Parquet files a user reads back; a running scheduler
(`--scheduler`) is used as the local cluster is; and the one-machine run never imports Dask."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, read_report

distributed = pytest.importorskip("distributed")
LISTS = ("--bloctel", str(EXAMPLES / "bloctel.txt"), "--opposition", str(EXAMPLES / "opposition.csv"),
         "--calls", str(EXAMPLES / "calls.csv"), "--as-of", "2026-06-01", "--lang", "en", "--fail-on", "never")


def counts(report: dict) -> dict:
    return {(f["rule"], f["column"]): (f["count"], f["first_row"], f["last_row"]) for f in report["findings"]}


@pytest.fixture
def one_machine(cli, tmp_path):
    run = cli("audit", str(EXAMPLES / "prospects.csv"), "--keep-formulas", *LISTS, out=tmp_path / "one")
    assert run.code == 0, run.stderr
    return run


def test_a_parquet_dataset_gives_the_findings_and_cleaned_rows_of_the_same_csv(cli, tmp_path, one_machine, scheduler):
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq
    table = pa_csv.read_csv(EXAMPLES / "prospects.csv", read_options=pa_csv.ReadOptions(encoding="cp1252"),
                            parse_options=pa_csv.ParseOptions(delimiter=";"),
                            convert_options=pa_csv.ConvertOptions(strings_can_be_null=False, column_types={
                                name: pa.string() for name in (EXAMPLES / "prospects.csv").read_text(
                                    encoding="cp1252").splitlines()[0].split(";")}))
    folder = tmp_path / "prospects.parquet"
    folder.mkdir()
    pq.write_table(table.slice(0, 11), folder / "part-a.parquet")
    pq.write_table(table.slice(11), folder / "part-b.parquet")
    (folder / "_SUCCESS").write_bytes(b"")
    run = cli("audit", str(folder), "--engine", "dask", "--scheduler", scheduler, *LISTS, out=tmp_path / "dask")
    assert run.code == 0, run.stderr
    report = read_report(tmp_path / "dask" / "prospects.report.json")
    assert counts(report) == counts(one_machine.report())
    assert report["input"]["format"] == "parquet"
    assert [part["name"] for part in report["input"]["parts"]] == ["part-a.parquet", "part-b.parquet"]
    side = {(f["rule"], f["row"], f["value"], f["detail"]) for f in run.side()}
    assert side == {(f["rule"], f["row"], f["value"], f["detail"]) for f in one_machine.side()}

    cleaned = [pq.read_table(part) for part in sorted((tmp_path / "dask" / "prospects.clean").iterdir())]
    assert [p.name for p in sorted((tmp_path / "dask" / "prospects.clean").iterdir())] == [
        "part-00000.parquet", "part-00001.parquet"]
    rows = [list(row.values()) for part in cleaned for row in part.to_pylist()]
    with (one_machine.out_dir / "prospects.clean.csv").open(encoding="cp1252", newline="") as handle:
        import csv
        expected = list(csv.reader(handle, delimiter=";"))
    assert cleaned[0].column_names == expected[0]
    assert rows == expected[1:]


def test_a_running_scheduler_is_used_and_named_in_the_report(cli, tmp_path, scheduler):
    run = cli("audit", str(EXAMPLES / "prospects.csv"), "--engine", "dask", "--scheduler", scheduler, *LISTS)
    assert run.code == 0, run.stderr
    report = run.report()
    assert report["options"]["scheduler"] == scheduler
    assert report["input"]["rows"] == 28
    assert sorted(p.name for p in run.out_dir.iterdir()) == [
        "prospects.clean", "prospects.findings.parquet", "prospects.quarantine", "prospects.report.html",
        "prospects.report.json"]


def test_the_one_machine_run_never_imports_dask(tmp_path):
    script = ("import sys; from fichier_check.cli import main\n"
              "try:\n    main(['audit', sys.argv[1], '--out-dir', sys.argv[2], '--quiet'])\n"
              "except SystemExit: pass\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'bokeh')))")
    done = subprocess.run([sys.executable, "-c", script, str(EXAMPLES / "prospects.csv"), str(tmp_path)],
                          capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_the_default_install_does_not_pull_dask():
    import tomllib
    from tests.conftest import REPO
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.split("[")[0].split(">")[0] in ("dask", "distributed")]
    assert any(d.startswith("dask[distributed]") for d in project["optional-dependencies"]["dask"])


def test_parts_holding_only_the_header_add_nothing(cli, tmp_path, one_machine, scheduler):
    folder = tmp_path / "prospects"
    folder.mkdir()
    data = (EXAMPLES / "prospects.csv").read_bytes()
    header = data.split(b"\r\n", 1)[0] + b"\r\n"
    (folder / "a.csv").write_bytes(header)  # the first part: no row, no person key
    (folder / "b.csv").write_bytes(data)
    (folder / "c.csv").write_bytes(header)
    run = cli("audit", str(folder), "--engine", "dask", "--scheduler", scheduler, *LISTS, out=tmp_path / "dask")
    assert run.code == 0, run.stderr
    report = read_report(tmp_path / "dask" / "prospects.report.json")
    assert counts(report) == counts(one_machine.report())
    assert [part["rows"] for part in report["input"]["parts"]] == [0, 28, 0]
