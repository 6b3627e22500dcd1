"""Atomic, owner-only output files: all the outputs of a run appear together, or none does.

The files hold personal data, so each is created 0o600 from the start (`os.open(..., 0o600)`, never
a umask-dependent mode) in its final folder with no name (Linux, `O_TMPFILE`) or a hidden one
(`.<name>.<random>.fichier-check.tmp`, elsewhere), and given its final name only by
`OutputSet.commit()` (see `temporaries`). Any error, Ctrl-C included, deletes the temporaries; a
run killed outright leaves at most hidden ones, which the next run in the folder deletes and says
so. The input file is never overwritten.

The outputs a forked child writes (the reports, a workbook) are opened here, before the child
is forked: the child writes through a copy of the descriptor (`ChildFile`), and the commit, in
this process, waits for it (`before_commit`) and only then names every file, its own too. So
all outputs still appear together, and no child ever names a file.

    with OutputSet(protect=[input_path]) as outputs:
        f = outputs.open_binary(out_dir / "prospects.clean.csv")
        f.write(data)
        write_text_atomic(outputs, out_dir / "prospects.report.json", text)
        outputs.commit()
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Iterable

from fichier_check.errors import FichierCheckError, UserError
from fichier_check.write import temporaries

FILE_MODE = 0o600
FOLDER_MODE = 0o700


class OutputError(FichierCheckError):
    """Writing the outputs failed midway (disk full, I/O error): the run could not finish (exit 3)."""

    exit_code = 3

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.message, self.path = message, path
        super().__init__(f"{path}: {message}" if path is not None else message)


class _StartsWriteback:
    """Counts the bytes written to a file and hands them to the disk every `_WRITEBACK_EVERY`."""

    _unsent = 0

    def _write_through(self, file, data) -> int:
        written = file.write(data)
        self._unsent += len(data)
        if self._unsent >= _WRITEBACK_EVERY:
            self._unsent = 0
            _start_writeback(file)
        return written


class PendingFile(_StartsWriteback):
    """A temporary output file; writes that fail (ENOSPC…) abort the whole set with OutputError.
    `temp_path` is its hidden name, None while it has none (O_TMPFILE)."""

    def __init__(self, owner: OutputSet, final_path: Path, temp_path: Path | None, file) -> None:
        self.owner, self.final_path, self.temp_path = owner, final_path, temp_path
        self.file = file  # the real binary file object

    def write(self, data: bytes) -> int:
        try:
            return self._write_through(self.file, data)
        except OSError as error:
            raise self.owner.fail(self.final_path, error) from error

    def __getattr__(self, name: str):  # seek, tell, flush… for zipfile (XLSX) and friends
        return getattr(self.file, name)

    def for_child(self) -> ChildFile:
        """A file object for a forked child that writes this file (see ChildFile)."""
        return ChildFile(self)


class ChildFile(_StartsWriteback):
    """In a forked child writing one of the run's pending files: a file object of its own on the
    same open file. Not the run's PendingFile, whose errors would abort the run's OutputSet from
    the child; an OSError names the final path and goes back to the run as it is."""

    def __init__(self, pending: PendingFile) -> None:
        self._path = str(pending.final_path)
        self._file = os.fdopen(os.dup(pending.file.fileno()), "wb")

    def write(self, data) -> int:
        return self._named(self._write_through, self._file, data)

    def flush(self) -> None:
        self._named(self._file.flush)

    def __getattr__(self, name: str):  # seek, tell… for zipfile (XLSX)
        return getattr(self._file, name)

    def _named(self, action, *args):
        try:
            return action(*args)
        except OSError as error:
            raise OSError(error.errno, error.strerror, self._path) from None


class OutputSet:
    """The outputs of one run, committed together. A context manager that aborts unless committed."""

    def __init__(self, protect: Iterable[str | Path] = (), tell: Callable[[str], None] | None = None) -> None:
        self._protect = [Path(p) for p in protect]
        self._tell = tell or _on_stderr  # what the run says of a dead run's temporaries it removed
        self._folders: set[Path] = set()
        self._pending: dict[Path, PendingFile] = {}
        self._before_commit: list[Callable[[], None]] = []
        self._on_abort: list[Callable[[], None]] = []
        self._obsolete: list[Path] = []
        self.committed = False

    def open_binary(self, final_path: str | Path) -> PendingFile:
        """A new temporary file that `commit()` will rename to `final_path`."""
        final_path = Path(final_path)
        self._refuse_protected(final_path)
        if final_path.is_dir():
            raise UserError("an output would replace this folder", path=final_path, hint="remove or rename it")
        if final_path.resolve() in {p.final_path.resolve() for p in self._pending.values()}:
            raise ValueError(f"{final_path} is already an output of this run")
        folder = self._folder(final_path.parent)
        try:
            fd, temp_path = temporaries.open_unnamed(folder, FILE_MODE), None
            if fd is None:
                fd, temp_path = temporaries.open_named(folder, final_path.name, FILE_MODE)
        except PermissionError:
            raise UserError("cannot write in the output folder", path=folder,
                            hint="choose another folder with --out-dir") from None
        except OSError as error:
            raise self.fail(final_path, error) from error
        pending = PendingFile(self, final_path, temp_path, os.fdopen(fd, "wb"))
        self._pending[final_path] = pending
        return pending

    def _folder(self, folder: Path) -> Path:
        """The output folder, created if need be; the first time, rid of dead runs' temporaries."""
        folder = _ensure_folder(folder)
        if folder not in self._folders:
            self._folders.add(folder)
            if removed := temporaries.remove_dead(folder):
                self._tell(f"removed {removed} temporary file{'s' if removed > 1 else ''} left in {folder} by a "
                           "run that was killed before it finished (they held rows of its outputs)")
        return folder

    def replaces(self, path: str | Path) -> None:
        """`path` is an earlier run's output that this run's outputs make obsolete (a side file in
        another format): it is deleted once every output is in place, never if the run fails, and
        never if it is a protected file."""
        self._obsolete.append(Path(path))

    def before_commit(self, finish: Callable[[], None]) -> None:
        """Run `finish` (e.g. a writer's trailer) at the start of `commit()`."""
        self._before_commit.append(finish)

    def on_abort(self, stop: Callable[[], None]) -> None:
        """Run `stop` (e.g. end a process writing one of the files) before the files are deleted."""
        self._on_abort.append(stop)

    def discard(self, final_path: str | Path) -> None:
        """Close and delete one temporary file; the others stay pending."""
        pending = self._pending.pop(Path(final_path), None)
        if pending is not None:
            _close_and_remove(pending)

    def commit(self) -> list[Path]:
        """Flush and fsync every temporary file, then give each its final name (mode 0o600): an
        unnamed one is linked to a hidden name first, renamed over the final one at once, so a
        symbolic link or an older output there is replaced, never followed."""
        done: list[Path] = []
        current: Path | None = None
        try:
            for finish in self._before_commit:
                finish()
            for current, pending in self._pending.items():
                _flush_to_disk(pending.file)
            for current, pending in self._pending.items():
                fd = pending.file.fileno()
                os.fchmod(fd, FILE_MODE)
                if pending.temp_path is None:
                    pending.temp_path = temporaries.link_hidden(fd, current.parent, current.name)
                os.replace(pending.temp_path, current)
                pending.temp_path = None
                done.append(current)
        except OSError as error:
            _remove_all(done)
            raise self.fail(current or Path("."), error) from error
        except BaseException:
            _remove_all(done)
            self.abort()
            raise
        while self._pending:
            _close_and_remove(self._pending.popitem()[1])  # named: only closed
        self._remove_obsolete(done)
        _sync_folders({p.parent for p in done})
        self.committed = True
        return done

    def _remove_obsolete(self, done: list[Path]) -> None:
        for path in self._obsolete:
            if path in done or any(_same_file(path, protected) for protected in self._protect):
                continue
            try:
                if path.is_file() or path.is_symlink():
                    path.unlink()
            except OSError:
                pass  # the outputs are in place; a stale file that cannot be removed stays as it was

    def abort(self) -> None:
        """Stop what still writes (see `on_abort`), then close and delete every temporary file."""
        while self._on_abort:
            self._on_abort.pop()()
        while self._pending:
            _close_and_remove(self._pending.popitem()[1])

    def fail(self, final_path: Path, error: OSError) -> OutputError:
        """Abort the set and describe `error` (raise the result)."""
        self.abort()
        return OutputError(f"could not finish writing: {error.strerror or error}", path=final_path)

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if not self.committed:
            self.abort()
        return False

    def _refuse_protected(self, final_path: Path) -> None:
        for protected in self._protect:
            if _same_file(final_path, protected):
                raise UserError("the output would overwrite the input file", path=final_path,
                                hint="choose another output folder or name")


def write_text_atomic(outputs: OutputSet, path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` as one output of the set (renamed into place when the set commits)."""
    outputs.open_binary(path).write(text.encode(encoding))


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _ensure_folder(folder: Path) -> Path:
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the output folder: {error.strerror or error}", path=folder,
                        hint="choose another folder with --out-dir") from None
    if not folder.is_dir():
        raise UserError("the output folder is not a folder", path=folder, hint="choose another with --out-dir")
    return folder


# Outputs start the disk's writeback every this many bytes written, so that the commit's fsync
# finds little left to write (the JSON report of a 1M-row run is 850 MB: its fsync took
# 0.78-0.87 s at the commit, 0.02-0.62 s with this).
_WRITEBACK_EVERY = 16 << 20


def _start_writeback(file) -> None:
    """Hand the file's written bytes to the disk now, without waiting (Linux: fadvise DONTNEED
    starts the writeback of dirty pages and drops the clean ones from the cache)."""
    file.flush()
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass  # only advice: the commit's fsync writes whatever is left


def _flush_to_disk(file) -> None:
    file.flush()
    os.fsync(file.fileno())  # kept open: an unnamed file is named through its descriptor


def _close_and_remove(pending: PendingFile) -> None:
    try:
        pending.file.close()
    except OSError:
        pass  # a failed flush of data we are throwing away
    if pending.temp_path is not None:
        try:
            os.unlink(pending.temp_path)
        except FileNotFoundError:
            pass


def _on_stderr(text: str) -> None:
    print(f"fichier-check: {text}", file=sys.stderr)


def _remove_all(paths: list[Path]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


def _sync_folders(folders: set[Path]) -> None:
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems refuse fsync on folders; the rename is done
        finally:
            os.close(fd)
