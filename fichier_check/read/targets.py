"""The files a check run covers: paths, folders and glob patterns expanded to the supported files.

A CI job writes `fichier-check check leads/` or `fichier-check check "leads/**/*.csv"`; a
pre-commit hook passes the changed files one by one. A folder is walked (hidden folders and
files skipped, as `.git` must be); a pattern is expanded here, so it works even when no shell
did it; a path or pattern that names nothing is reported, not silently skipped.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx")
_PATTERN_CHARS = set("*?[")


def expand(arguments: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """(the files, in the order given and then sorted within a folder or pattern, each once;
    (argument, reason) for every argument that names no supported file)."""
    files: dict[Path, Path] = {}  # the file itself (a link's target) -> the path it was first given by
    problems: list[tuple[str, str]] = []
    for argument in arguments:
        found = _expand_one(argument, problems)
        if isinstance(found, str):
            problems.append((argument, found))
            continue
        for path in found:
            files.setdefault(path.resolve(), path)
    return list(files.values()), problems


def _expand_one(argument: str, problems: list) -> list[Path] | str:
    path = Path(argument)
    if path.is_dir():
        found = _walk(path, problems)
        return found or f"no {'/'.join(SUPPORTED)} file in this folder"
    if path.is_file():
        return [path]
    if _PATTERN_CHARS & set(argument):
        matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
        found = [p for m in matches for p in (_walk(m, problems) if m.is_dir() else [m] if _supported(m) else [])]
        return found or "no supported file matches this pattern"
    if path.is_symlink():
        return "a link to nothing"
    return "file not found"


def _walk(folder: Path, problems: list) -> list[Path]:
    found = []

    def unreadable(error: OSError) -> None:  # a folder that cannot be listed is said, not skipped
        problems.append((str(error.filename or folder), f"cannot read this folder ({error.strerror or error})"))

    for here, folders, names in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [Path(here) / name for name in sorted(names) if not name.startswith(".")
                  and _supported(Path(name))]
    return found


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED


def repository_root(start: Path) -> Path:
    """The folder holding `.git` above `start` (a repository's root, where CI paths start), else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def report_path(path: Path, root: Path) -> str:
    """`path` as CI reports name it: relative to `root` with `/` (a link by its own name, not its
    target's), or absolute when outside it."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, absolute.parent.resolve() / absolute.name):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()
