"""What goes wrong on a cluster run, and what the user gets: a bad option or dataset is refused
before any work (exit 2); a part that cannot be read, or a worker that dies while it works, ends
the run with exit 3 and one line naming the part; in every case nothing is written."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

distributed = pytest.importorskip("distributed")


def parts_of_example(folder: Path, count: int = 3) -> list[Path]:
    """The example's rows in `count` CSV files, each with the header."""
    lines = (EXAMPLES / "prospects.csv").read_bytes().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    folder.mkdir()
    size = -(-len(rows) // count)
    parts = []
    for number in range(count):
        part = folder / f"prospects-{number + 1}.csv"
        part.write_bytes(header + b"".join(rows[number * size:(number + 1) * size]))
        parts.append(part)
    return parts


def nothing_written(out: Path) -> bool:
    return not out.exists() or not any(out.iterdir())


def test_a_part_with_other_columns_stops_the_run_naming_it(cli, tmp_path):
    parts = parts_of_example(tmp_path / "prospects")
    data = parts[1].read_bytes()
    parts[1].write_bytes(data.replace(b"E-mail", b"Courriel", 1))  # the example is in cp1252
    run = cli("audit", str(tmp_path / "prospects"), "--engine", "dask", "--jobs", "2")
    assert run.code == 3
    assert "prospects-2.csv" in run.stderr and "header" in run.stderr
    assert "Traceback" not in run.stderr
    assert nothing_written(run.out_dir)


def test_a_binary_part_stops_the_run_naming_it(cli, tmp_path, scheduler):
    parts = parts_of_example(tmp_path / "prospects")
    parts[2].write_bytes(b"PK\x03\x04" + bytes(range(256)) * 50)
    run = cli("audit", str(tmp_path / "prospects"), "--engine", "dask", "--scheduler", scheduler)
    assert run.code == 3, run.stderr
    assert "prospects-3.csv" in run.stderr
    assert nothing_written(run.out_dir)


def test_a_broken_parquet_part_stops_the_run_naming_it(cli, tmp_path, scheduler):
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder = tmp_path / "prospects.parquet"
    folder.mkdir()
    table = pa.table({"Nom": ["Martin", "Durand"], "E-mail": ["a@example.fr", "b@example.fr"]})
    pq.write_table(table, folder / "part-0.parquet")
    (folder / "part-1.parquet").write_bytes((folder / "part-0.parquet").read_bytes()[:-40])
    run = cli("audit", str(folder), "--engine", "dask", "--scheduler", scheduler)
    assert run.code == 3, run.stderr
    assert "part-1.parquet" in run.stderr and "Parquet" in run.stderr
    assert nothing_written(run.out_dir)


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    (["--parts-format", "csv"], "--parts-format needs --engine dask"),
    (["--engine", "dask", "--partition-size", "huge"], "is not a size"),
    (["--engine", "dask", "--partition-size", "10KB"], "too small"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"], "--jobs"),
])
def test_a_wrong_option_is_refused_before_any_work(cli, args, message):
    run = cli("audit", str(EXAMPLES / "prospects.csv"), *args)
    assert run.code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert nothing_written(run.out_dir)


def test_a_folder_mixing_csv_and_parquet_is_refused(cli, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(EXAMPLES / "prospects.csv", folder / "a.csv")
    (folder / "b.parquet").write_bytes(b"PAR1")
    run = cli("audit", str(folder), "--engine", "dask")
    assert run.code == 2 and "both Parquet and CSV" in run.stderr


def test_a_workbook_is_audited_on_one_machine(cli, tmp_path):
    workbook = tmp_path / "prospects.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    run = cli("audit", str(workbook), "--engine", "dask")
    assert run.code == 2 and "one machine" in run.stderr


def test_a_part_folder_name_taken_by_other_files_is_refused(cli, tmp_path):
    taken = tmp_path / "out" / "prospects.clean"
    taken.mkdir(parents=True)
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    run = cli("audit", str(EXAMPLES / "prospects.csv"), "--engine", "dask", "--jobs", "1")
    assert run.code == 2 and "prospects.clean" in run.stderr
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]


def test_a_worker_that_dies_while_it_checks_a_part_stops_the_run_naming_the_part(tmp_path):
    """A real worker process killed (SIGKILL) while it checks a part; the scheduler gives up on the
    task at once (no retry allowed here), and the run says which part."""
    parts = parts_of_example(tmp_path / "prospects", count=1)
    # a part large enough to be killed while it is checked
    lines = parts[0].read_bytes().splitlines(keepends=True)
    parts[0].write_bytes(lines[0] + b"".join(lines[1:]) * 15000)
    import dask
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killer = threading.Thread(target=_kill_when_busy, args=(client, pids[0]), daemon=True)
        killer.start()
        out = tmp_path / "out"
        done = subprocess.run([sys.executable, "-m", "fichier_check", "audit", str(tmp_path / "prospects"),
                               "--engine", "dask", "--scheduler", cluster.scheduler_address, "--out-dir", str(out)],
                              capture_output=True, text=True, timeout=300)
        killer.join(timeout=5)
    assert done.returncode == 3, done.stderr
    assert "prospects-1.csv" in done.stderr and "died" in done.stderr
    assert nothing_written(out)


def _kill_when_busy(client, pid: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any("check_part" in key for keys in client.processing().values() for key in keys):
            time.sleep(0.5)
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.05)
