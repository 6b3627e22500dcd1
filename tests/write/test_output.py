"""Output files: owner-only, written atomically, all together or not at all, never over the input.
The tests that write run twice: with unnamed temporaries (O_TMPFILE) and with named ones (the
fallback, forced by FICHIER_CHECK_NAMED_TEMPORARIES=1)."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from fichier_check.errors import UserError
from fichier_check.write.output import OutputError, OutputSet, write_text_atomic
from fichier_check.write.temporaries import NAMED_SWITCH


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=["unnamed", "named"], autouse=True)
def temporaries(request, monkeypatch) -> str:
    if request.param == "named":
        monkeypatch.setenv(NAMED_SWITCH, "1")
    else:
        monkeypatch.delenv(NAMED_SWITCH, raising=False)
    return request.param


def test_outputs_appear_only_on_commit_readable_by_the_owner_only(tmp_path, temporaries):
    with OutputSet() as outputs:
        handle = outputs.open_binary(tmp_path / "p.clean.csv")
        handle.write(b"a;b\r\n")
        write_text_atomic(outputs, tmp_path / "p.report.json", "{}")
        names = sorted(p.name for p in tmp_path.iterdir())
        if temporaries == "unnamed":
            assert names == []
        else:
            assert all(n.startswith(".") and n.endswith(".fichier-check.tmp") for n in names) and len(names) == 2
            assert all(mode(tmp_path / n) == 0o600 for n in names)
        outputs.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.clean.csv", "p.report.json"]
    assert (tmp_path / "p.clean.csv").read_bytes() == b"a;b\r\n"
    assert mode(tmp_path / "p.clean.csv") == mode(tmp_path / "p.report.json") == 0o600


def test_commit_replaces_an_older_output(tmp_path):
    (tmp_path / "p.clean.csv").write_bytes(b"old")
    os.chmod(tmp_path / "p.clean.csv", 0o644)
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "p.clean.csv").write(b"new")
        outputs.commit()
    assert (tmp_path / "p.clean.csv").read_bytes() == b"new" and mode(tmp_path / "p.clean.csv") == 0o600


def test_leaving_without_commit_writes_nothing(tmp_path):
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "p.clean.csv").write(b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("interruption", [RuntimeError("boom"), KeyboardInterrupt()])
def test_an_exception_or_ctrl_c_removes_every_temporary_file(tmp_path, interruption):
    with pytest.raises(type(interruption)):
        with OutputSet() as outputs:
            outputs.open_binary(tmp_path / "a.csv").write(b"x")
            outputs.open_binary(tmp_path / "b.json").write(b"y")
            raise interruption
    assert list(tmp_path.iterdir()) == []


def test_the_input_is_never_overwritten(tmp_path):
    source = tmp_path / "prospects.csv"
    source.write_bytes(b"a;b\r\n")
    with OutputSet(protect=[source]) as outputs:
        with pytest.raises(UserError, match="overwrite the input"):
            outputs.open_binary(tmp_path / "sub" / ".." / "prospects.csv")
    os.link(source, tmp_path / "hardlink.csv")
    with OutputSet(protect=[source]) as outputs:
        with pytest.raises(UserError, match="overwrite the input"):
            outputs.open_binary(tmp_path / "hardlink.csv")
    assert source.read_bytes() == b"a;b\r\n"


def test_a_missing_output_folder_is_created_owner_only(tmp_path):
    folder = tmp_path / "out" / "run"
    with OutputSet() as outputs:
        outputs.open_binary(folder / "p.clean.csv").write(b"x")
        outputs.commit()
    assert (folder / "p.clean.csv").read_bytes() == b"x"
    assert mode(folder) == 0o700


def test_an_output_folder_that_cannot_be_created_is_named(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    with OutputSet() as outputs:
        with pytest.raises(UserError) as caught:
            outputs.open_binary(tmp_path / "file" / "out" / "p.clean.csv")
    assert caught.value.path == tmp_path / "file" / "out"
    assert "cannot create the output folder" in caught.value.message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_output_folder_is_named(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with OutputSet() as outputs:
        with pytest.raises(UserError) as caught:
            outputs.open_binary(folder / "p.clean.csv")
    assert caught.value.path == folder


def test_disk_full_while_writing_leaves_nothing_behind(tmp_path):
    with pytest.raises(OutputError) as caught:
        with OutputSet() as outputs:
            outputs.open_binary(tmp_path / "p.report.json").write(b"{}")
            handle = outputs.open_binary(tmp_path / "p.clean.csv")

            def disk_full(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            handle.file.write = disk_full
            handle.write(b"a;b\r\n")
            outputs.commit()
    assert caught.value.exit_code == 3
    assert "could not finish" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_disk_full_while_committing_leaves_nothing_behind(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "p.clean.csv").write(b"x")
        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(OutputError):
            outputs.commit()
    assert list(tmp_path.iterdir()) == []


def test_the_same_output_cannot_be_opened_twice(tmp_path):
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "p.csv")
        with pytest.raises(ValueError):
            outputs.open_binary(tmp_path / "p.csv")


@pytest.mark.parametrize("in_child", [False, True])
def test_a_large_output_hands_its_bytes_to_the_disk_as_it_goes_and_keeps_every_one(tmp_path, monkeypatch, in_child):
    from fichier_check.write import output
    monkeypatch.setattr(output, "_WRITEBACK_EVERY", 10_000)
    started = []
    monkeypatch.setattr(output.os, "posix_fadvise", lambda fd, offset, length, advice: started.append(advice),
                        raising=False)
    blocks = [bytes([65 + i % 26]) * 3_000 for i in range(40)]
    with OutputSet() as outputs:
        pending = outputs.open_binary(tmp_path / "big.json")
        handle = pending.for_child() if in_child else pending
        for block in blocks:
            handle.write(block)
        handle.flush()
        outputs.commit()
    assert (tmp_path / "big.json").read_bytes() == b"".join(blocks)
    assert len(started) == 10 and set(started) == {os.POSIX_FADV_DONTNEED}  # every 4 blocks of 3,000 bytes


def test_a_refused_writeback_advice_does_not_fail_the_write(tmp_path, monkeypatch):
    from fichier_check.write import output
    monkeypatch.setattr(output, "_WRITEBACK_EVERY", 10)

    def refuse(*args):
        raise OSError(errno.EINVAL, "Invalid argument")
    monkeypatch.setattr(output.os, "posix_fadvise", refuse, raising=False)
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "out.csv").write(b"a;b\r\n" * 10)
        outputs.commit()
    assert (tmp_path / "out.csv").read_bytes() == b"a;b\r\n" * 10


def test_an_obsolete_output_is_removed_only_once_the_set_is_committed(tmp_path):
    stale, protected = tmp_path / "p.findings.csv", tmp_path / "p.findings.jsonl"
    stale.write_text("old")
    protected.write_text("a list the run reads")
    with pytest.raises(KeyboardInterrupt):
        with OutputSet(protect=[protected]) as outputs:
            outputs.replaces(stale)
            outputs.open_binary(tmp_path / "p.findings.parquet").write(b"new")
            raise KeyboardInterrupt
    assert stale.read_text() == "old"
    with OutputSet(protect=[protected]) as outputs:
        outputs.replaces(stale)
        outputs.replaces(protected)
        outputs.replaces(tmp_path / "never-there.csv")
        outputs.open_binary(tmp_path / "p.findings.parquet").write(b"new")
        outputs.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.findings.jsonl", "p.findings.parquet"]
