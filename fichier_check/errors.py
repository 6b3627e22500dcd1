"""User-facing errors: one clear line naming the file, the line and what to do, then exit 2.

Anything the user can fix (bad file, bad option, bad rule pack) raises `UserError`; the CLI turns
it into one line on stderr and exit status 2, never a traceback. `IncompleteAudit` means the run
started but could not finish (exit 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class FichierCheckError(Exception):
    """Base class of the errors the CLI maps to an exit status."""

    exit_code = 2


@dataclass
class UserError(FichierCheckError):
    """A problem the user can fix. Rendered as `path:line: message (hint)`."""

    message: str
    path: str | Path | None = None
    line: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = where + self.message
        if self.hint:
            text += f" — {self.hint}"
        return " ".join(text.split("\n"))


class IncompleteAudit(FichierCheckError):
    """The audit started but could not finish completely (exit 3): never a silent partial result."""

    exit_code = 3
