"""Child processes of a run: forked so that they start at once and share the run's state, made to
die with the run and to leave Ctrl-C to it. The run's worker pool (`--jobs`: the phone fallback,
the analyses prepared ahead of the checks), and `ForkedSink`, which runs one output's writing in a
child so that two outputs are written on two cores.

Why a sink in a child: rendering and compressing a workbook costs about 0.75 µs a cell, so a
100,000-row workbook costs about a second, and the clean and quarantine workbooks are independent
(measured: 5.9–6.0 s for the 100,000-row bench workbook's audit with the child, 6.3–7.1 s without).
The run sends plain data (Arrow column arrays, lists of typed cells) through a pipe; the child
hands each message to the sink, closes it and answers "done" or the error it met. The pipe holds
little, so the run is never more than about one chunk ahead of the child and memory stays bounded.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol

from fichier_check.analysis import parallel
from fichier_check.errors import IncompleteAudit


# The processes the run may use (`--jobs`, set by the run). The pool of workers is forked once,
# on first need, and kept until the checks are done.
JOBS = 1
_POOL = None
# What the workers read of the run's state (`share`): they are forked, so they inherit it as it was
# when the pool started.
_SHARED: dict = {}


def set_jobs(jobs: int | None) -> None:
    """`--jobs`, or all cores; the analyses spread their slow work over the pool (`parallel`)."""
    global JOBS
    JOBS = max(1, jobs or os.cpu_count() or 1)
    parallel.use_workers(pool_map, JOBS)


def jobs() -> int:
    """The processes the run uses (`set_jobs`)."""
    return JOBS


def worker_pool():
    """The run's pool of JOBS worker processes. A `ProcessPoolExecutor`, not a `multiprocessing.Pool`:
    when a worker is killed (out-of-memory killer) it fails the pending tasks instead of waiting for
    them for ever, and it still shuts down (a Pool's terminate() can hang on a lock the dead worker
    or a respawned one holds)."""
    global _POOL
    if _POOL is None:
        from concurrent.futures import ProcessPoolExecutor
        try:
            with sigint_held():
                _POOL = ProcessPoolExecutor(JOBS, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_prepare_worker)
                # its processes and threads start with the first task: here, while Ctrl-C is held
                # (the threads inherit the blocked signal; one arriving during a fork would be lost)
                wait_for(_POOL.submit(int))
        except BaseException:  # Ctrl-C taken by another thread of the run meanwhile: stop what started
            shutdown_pool()
            raise
    return _POOL


def share(name: str, value) -> None:
    """Make `value` the workers' `shared(name)`. A pool forked before (the phone fallback of a list's
    loading may start it) is stopped, and the next task forks one that has it."""
    _SHARED[name] = value
    shutdown_pool()


def shared(name: str):
    """In a worker: what the run `share`d under this name before the pool started."""
    return _SHARED[name]


def wait_for(future):
    """The result of a task given to the pool; ChildStopped if a worker died meanwhile."""
    with _worker_deaths_stop_the_run():
        return future.result()


def pool_map(function, items: list, chunksize: int) -> list:
    """`[function(item) for item in items]` on the pool's workers, in order."""
    with _worker_deaths_stop_the_run():
        return list(worker_pool().map(function, items, chunksize=chunksize))


@contextmanager
def _worker_deaths_stop_the_run() -> Iterator[None]:
    from concurrent.futures.process import BrokenProcessPool
    try:
        yield
    except BrokenProcessPool:
        raise ChildStopped(_stopped_message(None)) from None


def shutdown_pool() -> None:
    """Stop the workers (the checks are done, or the run was interrupted: a task still running is
    let finish, at most one chunk's analyses)."""
    global _POOL
    if _POOL is not None:
        pool, _POOL = _POOL, None
        with sigint_held():  # a second Ctrl-C must not cut this short
            started = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
            pool.shutdown(wait=True, cancel_futures=True)
            # Workers started but never told to stop (Ctrl-C came while the pool was starting,
            # before its manager thread ran): nothing reads from them any more, so they are killed.
            for process in started:
                process.join(timeout=1)
                if process.is_alive():
                    process.kill()
                    process.join()


def _prepare_worker() -> None:
    global JOBS
    prepare_child()
    JOBS = 1  # a worker does its share itself: it has no pool of its own
    parallel.as_worker()  # and may use libraries that start threads: it forks nothing


# The process that forks the run's children (set as they are forked), which `prepare_child` checks.
_FORKED_BY = os.getpid()


@contextmanager
def sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while children (or a pool's threads) are created: they inherit the blocked
    signal, so only this thread ever gets it, and a SIGINT during a fork is not lost in an at-fork
    handler. It is delivered on leaving."""
    global _FORKED_BY
    _FORKED_BY = os.getpid()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def prepare_child() -> None:
    """In a child: Ctrl-C is the main process's to report, the child dies with the run however the
    run ends (Linux), and it never touches the run's stdout/stderr (another thread of the run, the
    progress bar, may have held their lock when the child was forked)."""
    import ctypes
    import sys
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the child's whole life
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    prctl = getattr(ctypes.CDLL(None), "prctl", None)
    if prctl is not None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != _FORKED_BY:  # the run was killed before that: no one will ever read this child
            os._exit(1)


class Sink(Protocol):
    def append(self, *parts) -> None: ...

    def close(self) -> None: ...


class ChildStopped(IncompleteAudit):
    """A process of the run ended without answering (killed, out of memory): exit 3."""


class ForkedSink:
    """`append(*parts)` and `close()` of the sink `make_sink()` builds, run in a forked child.

    `append` raises the child's error as soon as the child has stopped on one; `close` waits for the
    child to finish and raises its error, if any; `cancel` stops it."""

    def __init__(self, make_sink: Callable[[], Sink]) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, make_sink), daemon=True)
        try:
            with sigint_held():
                self._process.start()
        except BaseException:  # a Ctrl-C delivered as the signal is let through: no child is left
            if self._process.pid is not None:
                self._process.kill()
                self._process.join()
            raise
        child_end.close()  # the child's end stays open in the child only: its exit is then seen here
        self._closed = False

    def append(self, *parts) -> None:
        try:
            self._connection.send(parts)
        except (BrokenPipeError, ConnectionResetError):
            self._closed = True
            self._raise_answer()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._connection.send(None)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it stopped on an error: the answer says which
        self._raise_answer()

    def cancel(self) -> None:
        self._closed = True
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._connection.close()

    def _raise_answer(self) -> None:
        try:
            outcome, error = self._connection.recv()
        except (EOFError, OSError):
            outcome, error = "stopped", None
        self._process.join()
        self._connection.close()
        if outcome == "error":
            raise error
        if outcome != "done":
            raise ChildStopped(_stopped_message(self._process.exitcode))


def _stopped_message(exitcode: int | None) -> str:
    how = ("killed" if exitcode is None else f"killed by signal {-exitcode}" if exitcode < 0
           else f"exit status {exitcode}")
    return (f"a process of the run stopped unexpectedly ({how}; out of memory?): the audit did not finish and "
            "no output file was written — run it again, with --jobs 1 to use one process")


def forked_task(task: Callable[[], None]) -> ForkedSink:
    """`task()` started at once in a forked child: `close()` waits for it and raises its error."""
    def start() -> Sink:
        task()
        return _Finished()
    return ForkedSink(start)


class _Finished:
    def append(self, *parts) -> None:
        raise TypeError("a task takes no input")

    def close(self) -> None:
        pass


def _serve(connection, make_sink: Callable[[], Sink]) -> None:
    prepare_child()
    try:
        sink = make_sink()
        while (parts := connection.recv()) is not None:
            sink.append(*parts)
        sink.close()
    except BaseException as error:  # noqa: BLE001 - every error goes back to the run, which reports it
        connection.send(("error", _portable(error)))
        return
    connection.send(("done", None))


def _portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling (what the pipe does), else its text."""
    import pickle
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def in_forked_child(outputs, work: Callable[[], None], path_of_errors) -> None:
    """`work()` started at once in a forked child, finished before `outputs` commit (its error then
    fails the commit, named after `path_of_errors` when it names no file) and stopped if they abort."""
    task = forked_task(work)
    outputs.on_abort(task.cancel)

    def finish() -> None:
        try:
            task.close()
        except OSError as error:  # from the child's own file objects, naming the file
            raise outputs.fail(Path(error.filename) if error.filename else path_of_errors, error) from None
    outputs.before_commit(finish)
