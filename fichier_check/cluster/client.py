"""The Dask client of a run: a `LocalCluster` on this machine, or the scheduler at `--scheduler`;
and the gathering of results that turns a failed task into exit 3 naming its part."""
from __future__ import annotations

import contextlib
import logging
import os
from typing import Iterator

from fichier_check import __version__
from fichier_check.errors import IncompleteAudit, UserError

INSTALL_HINT = "install it with: pip install 'fichier-check[dask]'"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise UserError("--engine dask needs Dask's distributed scheduler, which is not installed",
                        hint=INSTALL_HINT) from None
    return distributed


def parse_size(text: str, option: str) -> int:
    """`64MB`, `1GB`, `512KiB`, `1000000` → bytes (Dask's own reading of a size; at least 64 KB)."""
    _distributed()
    from dask.utils import parse_bytes
    try:
        size = int(parse_bytes(text))
    except (ValueError, TypeError, KeyError):
        raise UserError(f"{option} {text!r} is not a size", hint="write it like 64MB, 1GB or 500000") from None
    if size < 64_000:
        raise UserError(f"{option} {text!r} is too small", hint="give 64KB or more (default: 4 parts per worker)")
    return size


@contextlib.contextmanager
def connected(scheduler: str | None, workers: int | None = None) -> Iterator[object]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `workers` processes (default:
    one per core, one thread each: the checks hold the GIL), closed whatever happens."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as error:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler} ({error})",
                            hint="check the address (tcp://host:8786) and that the scheduler runs") from None
        try:
            _same_version(client, scheduler)
            yield client
        finally:
            client.close()
        return
    count = workers or os.cpu_count() or 1
    with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                  silence_logs=logging.CRITICAL,  # a failed part is said once, by the driver
                                  dashboard_address=":8787") as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _same_version(client, scheduler: str) -> None:
    """Every worker must run this fichier-check: the same rules and checks as the driver's."""
    def version() -> str:
        try:
            from fichier_check import __version__ as theirs
        except ImportError:
            return "not installed"
        return theirs
    found = set(client.run(version).values())
    if not found:
        raise UserError(f"the Dask scheduler at {scheduler} has no worker", hint="start workers, then run again")
    if found != {__version__}:
        raise UserError(f"the workers of {scheduler} run fichier-check {', '.join(sorted(found))}, this is {__version__}",
                        hint="install the same version on every worker")


def dashboard(client) -> str:
    return client.dashboard_link or "(no dashboard: install bokeh on the scheduler)"


def gather(client, futures: list, names: list[str]) -> list:
    """The futures' results, in order. A failed one ends the run (exit 3) naming its part: its
    own error, or the worker that died while it ran."""
    settle(futures, names)
    return client.gather(futures)


def one_by_one(futures: list, names: list[str]) -> Iterator[object]:
    """The futures' results in order, each fetched as soon as it is done and the previous one used,
    then let go: the driver holds one part's findings at a time, and a worker's memory is freed of
    a part's findings while it checks the next; errors as `gather`'s."""
    for index, (future, name) in enumerate(zip(futures, names)):
        settle([future], [name])
        yield future.result()
        future.release()
        futures[index] = None


def settle(futures: list, names: list[str]) -> None:
    """Wait for every future; the first failed one (in the parts' order) ends the run, naming its part."""
    distributed = _distributed()
    distributed.wait(futures)
    for future, name in zip(futures, names):
        if future.status == "error":
            raise IncompleteAudit(f"part {_why(name, future.exception())}; the audit did not finish, "
                                  "no output was written")
        if future.status == "cancelled":
            raise IncompleteAudit(f"part {name}: its task was cancelled (the scheduler or its worker went away); "
                                  "the audit did not finish, no output was written")


def _why(name: str, error: BaseException) -> str:
    from fichier_check.cluster.parts import PartFailed
    if isinstance(error, PartFailed):
        return f"{error.part}: {error.reason}"
    kind = type(error).__name__
    if kind == "KilledWorker":
        return f"{name}: the worker checking it died (out of memory, or killed) — {error}"
    if isinstance(error, MemoryError):
        return f"{name}: a worker ran out of memory"
    return f"{name}: {kind}: {error}"
