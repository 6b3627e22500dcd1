"""Where an output lives until its run commits, so that a run killed while writing (kill -9, the
out-of-memory killer, a CI timeout) leaves no personal data behind.

On Linux an output is an unnamed file (`O_TMPFILE`) in its final folder: if the run dies, the
kernel frees it with the process. It gets a name only at the commit (`link_hidden`: a hidden
name, then the caller's `os.replace` over the final one), so only the commit has a named file.

Where the system or the file system refuses unnamed files (another OS; EOPNOTSUPP, EISDIR or
EINVAL), or where FICHIER_CHECK_NAMED_TEMPORARIES=1 says to avoid them (a file system that
misbehaves with them), an output is a hidden named file, `.<name>.<12 hex>.fichier-check.tmp`. Either way,
the run holds an exclusive `flock` on each of its files for its whole life: the kernel releases it
when the run and its forked children are gone, however they died. `remove_dead` (every run, in
each output folder) deletes the files of that pattern, owned by the user, that no one holds
locked: those of a dead run, never a live one's. Where a file system has no locks, nothing is
removed (a live run cannot be told from a dead one there).
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import stat
from pathlib import Path

NAMED_SWITCH = "FICHIER_CHECK_NAMED_TEMPORARIES"
SUFFIX = ".fichier-check.tmp"
_OURS = re.compile(r"\A\..+\.[0-9a-f]{12}" + re.escape(SUFFIX) + r"\Z", re.DOTALL)
# O_TMPFILE refused: not supported by the file system, or a kernel that does not know the flag
_NO_UNNAMED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOTSUP}
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def open_unnamed(folder: Path, mode: int) -> int | None:
    """A locked, unnamed file open for writing in `folder`, or None where there is no such thing."""
    if not hasattr(os, "O_TMPFILE") or os.environ.get(NAMED_SWITCH, "") not in ("", "0") \
            or not os.path.isdir("/proc/self/fd"):  # linking it at the commit goes through /proc
        return None
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | _CLOEXEC, mode)
    except OSError as error:
        if error.errno in _NO_UNNAMED:
            return None
        raise
    _lock(fd)
    return fd


def open_named(folder: Path, final_name: str, mode: int) -> tuple[int, Path]:
    """A locked, new hidden file for writing in `folder`, named after the output it becomes."""
    while True:
        path = hidden_name(folder, final_name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, mode)
        # Another run's `remove_dead` may take the file between its creation and the lock: it is
        # then gone (or going), and another name is tried.
        if _lock(fd) and os.fstat(fd).st_nlink > 0:
            return fd, path
        os.close(fd)


def link_hidden(fd: int, folder: Path, final_name: str) -> Path:
    """Give an unnamed file a hidden name in `folder` (it stays locked: still this run's)."""
    folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    try:
        while True:
            path = hidden_name(folder, final_name)
            try:
                # With a folder's descriptor, Python calls linkat(AT_SYMLINK_FOLLOW), which links the
                # file /proc's entry points to; without, link(), which links the entry itself (EXDEV).
                os.link(f"/proc/self/fd/{fd}", path.name, dst_dir_fd=folder_fd, follow_symlinks=True)
                return path
            except FileExistsError:
                continue
    finally:
        os.close(folder_fd)


def hidden_name(folder: Path, final_name: str) -> Path:
    return folder / f".{final_name}.{secrets.token_hex(6)}{SUFFIX}"


def remove_dead(folder: Path) -> int:
    """Delete, in `folder`, the temporary files of runs that are dead; how many were deleted."""
    removed = 0
    try:
        entries = [entry.name for entry in os.scandir(folder) if _OURS.match(entry.name)]
    except OSError:
        return 0
    for name in entries:
        removed += _remove_if_dead(folder / name)
    return removed


def _remove_if_dead(path: Path) -> int:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC)
    except OSError:
        return 0  # gone meanwhile, a symbolic link, not ours to read
    try:
        held = os.fstat(fd)
        if not stat.S_ISREG(held.st_mode) or held.st_uid != os.geteuid():
            return 0
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0  # locked: a live run's (or a file system without locks)
        seen = os.lstat(path)
        if (seen.st_dev, seen.st_ino) != (held.st_dev, held.st_ino):
            return 0
        os.unlink(path)  # while locked: a run that just created it sees it unlinked and tries another name
        return 1
    except OSError:
        return 0
    finally:
        os.close(fd)


def _lock(fd: int) -> bool:
    """Hold `fd`'s file for the run's life; False if someone else holds it (see `open_named`)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        pass  # a file system without locks: its temporaries are never removed by another run
    return True
