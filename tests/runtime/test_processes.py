"""A sink run in a forked child: what it is given arrives in order, and its failures reach the run."""
from __future__ import annotations

import os

import pytest

from fichier_check.runtime.processes import ChildStopped, ForkedSink


class FileSink:
    """Appends each message's text to a file, and "closed" when closed."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")

    def append(self, text):
        if text == "boom":
            raise ValueError("the sink refused 'boom'")
        if text == "die":
            os._exit(9)
        self.file.write(text + "\n")

    def close(self):
        self.file.write("closed\n")
        self.file.close()


def test_what_is_sent_is_appended_in_order_then_closed(tmp_path):
    sink = ForkedSink(lambda: FileSink(tmp_path / "out.txt"))
    for i in range(1000):
        sink.append(f"line {i}")
    sink.close()
    assert (tmp_path / "out.txt").read_text().splitlines() == [f"line {i}" for i in range(1000)] + ["closed"]


def test_an_error_in_the_child_is_raised_in_the_run(tmp_path):
    sink = ForkedSink(lambda: FileSink(tmp_path / "out.txt"))
    sink.append("boom")
    with pytest.raises(ValueError, match="the sink refused 'boom'"):
        for _ in range(10_000):  # raised by a later append (the child has stopped) or by close()
            sink.append("x" * 1000)
        sink.close()


def test_a_child_that_dies_without_answering_is_reported(tmp_path):
    sink = ForkedSink(lambda: FileSink(tmp_path / "out.txt"))
    sink.append("die")
    with pytest.raises(ChildStopped, match="exit status 9"):
        for _ in range(10_000):
            sink.append("x" * 1000)
        sink.close()


def test_a_cancelled_child_is_stopped(tmp_path):
    sink = ForkedSink(lambda: FileSink(tmp_path / "out.txt"))
    sink.append("a")
    sink.cancel()
    assert not sink._process.is_alive()


def test_a_task_runs_at_once_and_close_waits_for_it(tmp_path):
    from fichier_check.runtime.processes import forked_task
    task = forked_task(lambda: (tmp_path / "done.txt").write_text("done"))
    task.close()
    assert (tmp_path / "done.txt").read_text() == "done"


def test_an_error_that_cannot_cross_the_pipe_comes_back_as_its_text():
    from fichier_check.runtime.processes import forked_task

    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a} and {b}")

    def fail():
        raise Odd(1, 2)
    task = forked_task(fail)
    with pytest.raises(RuntimeError, match="Odd: 1 and 2"):
        task.close()


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_child_whose_run_died_before_it_was_set_to_die_with_it_exits_at_once(monkeypatch):
    import multiprocessing

    from fichier_check.runtime import processes
    monkeypatch.setattr(processes, "_FORKED_BY", -1)  # as if the run that forked it were gone already
    child = multiprocessing.get_context("fork").Process(target=processes.prepare_child)
    child.start()
    child.join(timeout=10)
    assert child.exitcode == 1
