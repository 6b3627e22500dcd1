"""One local Dask cluster (2 workers) per test module for the cluster tests that pass `--scheduler`:
each run then spares the start of a cluster of its own. The tests of the default local cluster run without it."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")  # closed after each module: later tests see no child process
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address
