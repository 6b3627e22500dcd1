"""A run killed outright (kill -9, the out-of-memory killer) while it writes its outputs leaves no
personal data behind: unnamed files die with it; where they are not used, the next run in the
folder deletes the dead run's hidden files and says so."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fichier_check.write.temporaries import NAMED_SWITCH, SUFFIX
from tests.conftest import REPO


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """30,000 generated rows: the outputs take a few tenths of a second to write."""
    path = tmp_path_factory.mktemp("input") / "prospects.csv"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--rows", "30000", "--out", str(path)],
                   check=True, capture_output=True)
    return path


def run_tree(pid: int) -> list[int]:
    """The process and its descendants (the children that write reports or a workbook)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                pending += [int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
            except OSError:
                pass
    return found


def writing_an_output(pids: list[int], folder: Path) -> bool:
    """Has one of `pids` a file of `folder` open with bytes in it? (An unnamed file shows as
    `folder/#inode (deleted)`.)"""
    for pid in pids:
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in descriptors:
            entry = f"/proc/{pid}/fd/{fd}"
            try:
                if os.readlink(entry).startswith(f"{folder}/") and os.stat(entry).st_size > 0:
                    return True
            except OSError:
                pass
    return False


def gone(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()  # a zombie holds no file
    except OSError:
        return True


def kill_while_writing(source: Path, out: Path, env: dict) -> None:
    kill_when_writing([sys.executable, "-m", "fichier_check", "audit", str(source), "--out-dir", str(out), "--quiet"],
                      out, env)


def kill_when_writing(command: list[str], out: Path, env: dict, writers: int = 1) -> None:
    """Start `command`, SIGKILL it once `writers` of its processes write in `out`, wait for its children."""
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=REPO)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        tree = run_tree(process.pid)
        if sum(writing_an_output([pid], out) for pid in tree) >= writers:
            break
    else:
        pytest.fail("the run ended before it wrote any output")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in tree):  # its children die with it (PR_SET_PDEATHSIG)
        assert time.monotonic() < deadline, "a child of the killed run outlived it"
        time.sleep(0.01)


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"), reason="Linux only")
def test_a_run_killed_while_writing_leaves_nothing(big_file, tmp_path):
    out = tmp_path / "out"
    kill_while_writing(big_file, out, {NAMED_SWITCH: "0"})
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="watches the run through /proc")
def test_with_named_temporaries_the_next_run_removes_a_killed_run_s_files_and_says_so(big_file, tmp_path, cli):
    out = tmp_path / "out"
    kill_while_writing(big_file, out, {NAMED_SWITCH: "1"})
    left = [path.name for path in out.iterdir()]
    assert left and all(name.startswith(".prospects.") and name.endswith(SUFFIX) for name in left)
    run = cli("audit", str(big_file), "--quiet", out=out, env={NAMED_SWITCH: "1"})
    assert run.code == 1, run.stderr
    assert f"removed {len(left)} temporary file{'s' if len(left) > 1 else ''} left in {out} by a run that was " \
           "killed before it finished" in run.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "prospects.clean.csv", "prospects.findings.parquet", "prospects.quarantine.csv", "prospects.report.html",
        "prospects.report.json"]


# A run whose reports are written by a forked child (as a large run's are), killed while both
# processes write: the child writes through its copy of a descriptor the run opened.
WITH_A_CHILD = """
import sys, time
from pathlib import Path
from fichier_check.runtime import in_forked_child
from fichier_check.write.output import OutputSet

out = Path(sys.argv[1])
with OutputSet() as outputs:
    clean, report = outputs.open_binary(out / "p.clean.csv"), outputs.open_binary(out / "p.report.json")

    def render():
        own = report.for_child()
        while True:
            own.write(b"Durand;06 12 34 56 78\\n")
            own.flush()
            time.sleep(0.01)
    in_forked_child(outputs, render, out)
    clean.write(b"Durand;06 12 34 56 78\\n")
    clean.flush()
    time.sleep(60)
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="watches the run through /proc")
@pytest.mark.parametrize("named", ["0", "1"], ids=["unnamed", "named"])
def test_a_run_killed_while_its_child_writes_leaves_nothing_the_next_run_keeps(tmp_path, named):
    out = tmp_path / "out"
    kill_when_writing([sys.executable, "-c", WITH_A_CHILD, str(out)], out, {NAMED_SWITCH: named}, writers=2)
    left = sorted(path.name for path in out.iterdir())
    assert len(left) == (2 if named == "1" else 0)
    from fichier_check.write.output import OutputSet
    told = []
    with OutputSet(tell=told.append) as outputs:
        outputs.open_binary(out / "p.clean.csv").write(b"new")
        outputs.commit()
    assert len(told) == (1 if left else 0)
    assert [path.name for path in out.iterdir()] == ["p.clean.csv"]
