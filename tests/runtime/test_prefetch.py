"""Analyses prepared ahead by a worker are those the checks would have computed themselves."""
from __future__ import annotations

import hashlib
import os

import pandas as pd
import pytest

from fichier_check.runtime import processes
from fichier_check.read.columns import map_columns
from fichier_check.analysis.emails import analyse_emails
from fichier_check.analysis.phones import analyse_phones
from fichier_check.runtime.prefetch import with_analyses
from fichier_check.table import Chunk

HEADER = ["Nom", "Téléphone", "Mobile", "E-mail"]


def chunks(count: int):
    for n in range(count):
        frame = pd.DataFrame({0: [f"N{n}", "X"], 1: ["01 42 68 53 00", "+44 7700 900123"], 2: ["06 12 34 56 78", "01 23"],
                              3: [f"lea{n}@durand.fr", "Élodie@exämple.fr"]}, dtype="str")
        yield Chunk(frame, pd.Series([2 * n + 2, 2 * n + 3]).to_numpy())


@pytest.fixture
def two_jobs():
    processes.set_jobs(2)
    yield
    processes.shutdown_pool()
    processes.set_jobs(1)


def test_every_chunk_comes_with_the_analyses_the_checks_would_make(two_jobs):
    columns = map_columns(HEADER)
    seen = list(with_analyses(chunks(3), columns))
    assert [chunk.row_numbers.tolist() for chunk, _ in seen] == [[2, 3], [4, 5], [6, 7]]
    for chunk, analyses in seen:
        assert set(analyses) == {("phones", 1), ("phones", 2), ("emails", 3)}
        for (kind, position), made in analyses.items():
            here = (analyse_phones if kind == "phones" else analyse_emails)(chunk.frame[position])
            for name in made.__dataclass_fields__:
                if name == "distinct":
                    assert made.distinct[0].tolist() == here.distinct[0].tolist() and made.distinct[1].equals(here.distinct[1])
                else:
                    assert getattr(made, name).tolist() == getattr(here, name).tolist(), (kind, name)


def test_list_lookups_come_prepared_and_agree_with_the_checks_own(two_jobs, tmp_path):
    from fichier_check.checks.base import CheckContext
    from fichier_check.read.list_file import load_list
    path = tmp_path / "opposition.txt"
    path.write_text("01 42 68 53 00\n" + hashlib.sha256(b"lea1@durand.fr").hexdigest() + "\n", encoding="utf-8")
    lists = {"opposition": load_list(path)}
    processes.worker_pool()  # a pool forked before the lists were shared (a list's loading may start one)
    columns = map_columns(HEADER)
    seen = list(with_analyses(chunks(3), columns, lists, [("opposition", "phone"), ("opposition", "email")]))
    for chunk, analyses in seen:
        assert {k for k in analyses if k[0] == "listed"} == {("listed", "opposition", "phones", 1),
                                                            ("listed", "opposition", "emails", 3)}
        mine = CheckContext(frame=chunk.frame, columns=columns, as_of=None, lists=lists)
        assert analyses[("listed", "opposition", "phones", 1)].tolist() == mine.on_list("opposition", "phone", 1).tolist()
        assert analyses[("listed", "opposition", "emails", 3)].tolist() == mine.on_list("opposition", "email", 3).tolist()
    assert [a[("listed", "opposition", "phones", 1)].tolist() for _, a in seen] == [[True, False]] * 3
    assert [a[("listed", "opposition", "emails", 3)].tolist() for _, a in seen] == [[False, False], [True, False],
                                                                                     [False, False]]


def test_a_file_of_one_chunk_starts_no_worker(two_jobs):
    assert [analyses for _, analyses in with_analyses(chunks(1), map_columns(HEADER))] == [{}]
    assert processes._POOL is None


def test_on_one_core_the_checks_make_every_analysis():
    processes.set_jobs(1)
    assert all(analyses == {} for _, analyses in with_analyses(chunks(3), map_columns(HEADER)))
    assert processes._POOL is None


def killed_worker(*args):
    os._exit(9)  # what the out-of-memory killer does to a worker


def test_a_worker_that_dies_stops_the_run_instead_of_hanging_it(two_jobs, monkeypatch):
    from fichier_check.runtime import prefetch
    from fichier_check.runtime.processes import ChildStopped

    monkeypatch.setattr(prefetch, "analyse", killed_worker)
    with pytest.raises(ChildStopped, match="stopped unexpectedly") as caught:
        list(with_analyses(chunks(3), map_columns(HEADER)))
    assert caught.value.exit_code == 3
