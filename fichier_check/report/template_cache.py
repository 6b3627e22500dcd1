"""Where the HTML report's compiled template is kept between runs: compiling it takes about 0.1 s,
a tenth of a small file's whole run (the CI and pre-commit users audit many small files).

jinja2's own bytecode cache, in the user's cache folder (`$XDG_CACHE_HOME/fichier-check/templates`,
else `~/.cache/...`), created readable by the owner only. It holds compiled template code, never
data from a file; since that code is run, a folder that is not the user's own, or that others may
write to, is not used (as jinja2's default cache refuses its folder). A folder that cannot be
created, written or trusted only means no cache: the template is compiled as before.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


class QuietBytecodeCache(FileSystemBytecodeCache):
    """jinja2's file cache, for which a file that cannot be read or written is a cache miss."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, or damaged (pickle, marshal and zlib each raise their own error)
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache() -> QuietBytecodeCache | None:
    """The cache, or None when no cache folder can be made (read-only home, no HOME)."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if os.environ.get("HOME") else None)
    if not base:
        return None
    folder = Path(base) / "fichier-check" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        trusted = _private(folder) and _private(folder.parent)  # nobody else may swap the folder either
    except OSError:
        return None
    return QuietBytecodeCache(str(folder)) if trusted else None


def _private(folder: Path) -> bool:
    """A real folder (not a link), the user's own, that no one else may write to."""
    status = folder.lstat()
    own = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return stat.S_ISDIR(status.st_mode) and own and not stat.S_IMODE(status.st_mode) & 0o022
