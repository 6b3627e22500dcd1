"""Where an output waits for its commit: unnamed where the system allows it, else a hidden file
that a later run deletes once the run that made it is dead, and nothing else."""
from __future__ import annotations

import errno
import fcntl
import os
import stat

import pytest

from fichier_check.write import temporaries
from fichier_check.write.output import OutputSet
from fichier_check.write.temporaries import NAMED_SWITCH, SUFFIX, remove_dead

unnamed_files = pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="no O_TMPFILE on this system")


def refuse_unnamed_files(monkeypatch, code: int) -> None:
    """The file system refuses O_TMPFILE with `code` (as a tmpfs of an old kernel, a network one…)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if flags & getattr(os, "O_TMPFILE", 0) == getattr(os, "O_TMPFILE", -1):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(temporaries.os, "open", fake_open)


def dead_run_temporary(folder, name: str = "p.clean.csv") -> os.PathLike:
    """A temporary file as a killed run leaves it: ours by its name, and no one holds its lock."""
    path = folder / f".{name}.0123456789ab{SUFFIX}"
    path.write_bytes(b"Durand;06 12 34 56 78\r\n")
    return path


@unnamed_files
def test_an_output_has_no_name_until_the_commit_then_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv(NAMED_SWITCH, raising=False)
    with OutputSet() as outputs:
        pending = outputs.open_binary(tmp_path / "p.clean.csv")
        pending.write(b"Durand;06 12 34 56 78\r\n")
        assert pending.temp_path is None and list(tmp_path.iterdir()) == []
        assert os.readlink(f"/proc/self/fd/{pending.file.fileno()}").endswith("(deleted)")
        outputs.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["p.clean.csv"]
    assert (tmp_path / "p.clean.csv").read_bytes() == b"Durand;06 12 34 56 78\r\n"


@pytest.mark.parametrize("code", [errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL])
def test_a_file_system_that_refuses_unnamed_files_gets_hidden_locked_ones(tmp_path, monkeypatch, code):
    monkeypatch.delenv(NAMED_SWITCH, raising=False)
    refuse_unnamed_files(monkeypatch, code)
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "p.clean.csv").write(b"x")
        [hidden] = list(tmp_path.iterdir())
        assert hidden.name.startswith(".p.clean.csv.") and hidden.name.endswith(SUFFIX)
        assert stat.S_IMODE(hidden.stat().st_mode) == 0o600
        assert remove_dead(tmp_path) == 0  # this run is alive: its lock says so
        outputs.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["p.clean.csv"]


def test_another_refusal_of_unnamed_files_is_the_run_s_error(tmp_path, monkeypatch):
    monkeypatch.delenv(NAMED_SWITCH, raising=False)
    refuse_unnamed_files(monkeypatch, errno.EIO)
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this system")
    with OutputSet() as outputs:
        with pytest.raises(Exception, match="could not finish writing"):
            outputs.open_binary(tmp_path / "p.clean.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("named", ["", "1"], ids=["unnamed", "named"])
def test_a_symbolic_link_where_an_output_goes_is_replaced_not_followed(tmp_path, monkeypatch, named):
    monkeypatch.setenv(NAMED_SWITCH, named)
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"not yours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "p.clean.csv").symlink_to(target)
    with OutputSet() as outputs:
        outputs.open_binary(tmp_path / "out" / "p.clean.csv").write(b"rows")
        outputs.commit()
    assert not (tmp_path / "out" / "p.clean.csv").is_symlink()
    assert (tmp_path / "out" / "p.clean.csv").read_bytes() == b"rows" and target.read_bytes() == b"not yours"


def test_the_next_run_deletes_a_dead_run_s_temporaries_and_says_so(tmp_path):
    dead = [dead_run_temporary(tmp_path), dead_run_temporary(tmp_path, "p.report.json")]
    told = []
    with OutputSet(tell=told.append) as outputs:
        outputs.open_binary(tmp_path / "p.clean.csv").write(b"new")
        assert not any(path.exists() for path in dead)
        outputs.commit()
    assert told == [f"removed 2 temporary files left in {tmp_path} by a run that was killed before it finished "
                    "(they held rows of its outputs)"]
    assert [p.name for p in tmp_path.iterdir()] == ["p.clean.csv"]


def test_a_live_run_s_temporaries_and_what_is_not_ours_are_left_alone(tmp_path):
    live = dead_run_temporary(tmp_path)
    holder = open(live, "rb")  # noqa: SIM115 - another run holding its file locked
    fcntl.flock(holder, fcntl.LOCK_EX)
    others = [tmp_path / name for name in (".p.clean.csv.0123456789ab.tmp", "p.clean.csv.0123456789ab" + SUFFIX,
                                           ".p.clean.csv.xyz" + SUFFIX, "notes" + SUFFIX)]
    for path in others:
        path.write_bytes(b"keep me")
    target = tmp_path / "target.csv"
    target.write_bytes(b"keep me")
    (tmp_path / f".link.0123456789ab{SUFFIX}").symlink_to(target)
    try:
        assert remove_dead(tmp_path) == 0
    finally:
        holder.close()
    assert live.exists() and all(path.read_bytes() == b"keep me" for path in [*others, target])
    assert remove_dead(tmp_path) == 1 and not live.exists()  # its run has let go of it


def test_a_missing_folder_has_nothing_to_remove(tmp_path):
    assert remove_dead(tmp_path / "nowhere") == 0


def test_a_hidden_file_taken_by_another_run_s_cleaning_is_given_up_for_another(tmp_path, monkeypatch):
    answers = iter([False, True])  # the first lock is held by another run's remove_dead
    monkeypatch.setattr(temporaries, "_lock", lambda fd: next(answers))
    fd, path = temporaries.open_named(tmp_path, "p.clean.csv", 0o600)
    os.close(fd)
    assert path.exists() and len(list(tmp_path.iterdir())) == 2  # the other is the cleaner's to delete
