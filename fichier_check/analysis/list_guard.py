"""What one suppression-list file held (`ListSource`, plain data for the reports), and the guard
that refuses a list which would protect nothing while the campaign runs "checked against it".

Every list option (`--opposition`, `--bloctel`, and any list added later) goes through `judge`:

- a list with no entry line (an empty file, blank lines, `#` comments or a header only) is refused;
- a list from which no e-mail, phone number or SHA-256 is recognised is refused;
- a list where more than half of the entry lines are rejected is refused. A real list with a few
  typos is mostly keys; a list mostly rejected is the wrong file (`/bin/ls`, a README, a prospect
  file) or the right file read the wrong way (a column of names, a separator we do not know), and
  the few values recognised in it by chance protect no one the user meant to protect. Half is the
  line past which the rejected lines are the file's rule rather than its exceptions; below it the
  list is used, and the terminal and the reports name the first rejected lines so they can be fixed.

A line is rejected when it holds no key at all, or when a cell of a column holding keys elsewhere
is not one (`06 12 34 56 7` in a phone column). Blank lines, comment lines (starting with `#`) and
the header line are not entries. Rejected lines are given by number only: their content may be
personal data and is never shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from fichier_check.errors import UserError

MAX_REJECTED_LINES = 10  # line numbers kept per file, for the reports and the error


@dataclass(frozen=True)
class ListSource:
    """What reading one list file found."""

    kind: str  # "opposition", "bloctel"…: the option's name without its dashes
    path: str
    sha256: str  # of the file's bytes, "" when the list did not come from a file
    lines: int  # lines in the file
    header: bool  # the first line was a header (it holds no key)
    entries: int  # lines that should hold a key: not blank, not a `#` comment, not the header
    emails: int  # cells recognised, by kind (a CSV line may hold several)
    phones: int
    hashes: int
    rejected: int  # entry lines rejected
    rejected_lines: tuple[int, ...]  # their 1-based numbers, the first MAX_REJECTED_LINES

    @property
    def recognised(self) -> int:
        return self.emails + self.phones + self.hashes

    def as_report(self) -> dict:
        """The JSON report's entry for this file."""
        return {"kind": self.kind, "path": self.path, "sha256": self.sha256, "lines": self.lines,
                "header": self.header, "entries": self.entries, "emails": self.emails, "phones": self.phones,
                "hashes": self.hashes, "rejected": self.rejected, "rejected_lines": list(self.rejected_lines)}


def judge(source: ListSource) -> None:
    """Refuse (UserError, exit 2) a list that protects nothing or is mostly rejected; a list with a
    few rejected lines passes (the reports name them)."""
    option, name, expects = f"--{source.kind}", f"{source.kind} list", expected(source.kind)
    first = source.rejected_lines[0] if source.rejected_lines else None
    if not source.entries:
        what = "holds only a header line" if source.header else "is empty"
        raise UserError(f"the {name} {what}: it would protect no one", path=source.path,
                        hint=f"{expects}; with nothing to check against, leave out {option}")
    if not source.recognised:
        raise UserError(f"no e-mail address, phone number or SHA-256 was recognised in the {name} "
                        f"({_lines(source.entries)}, all rejected)", path=source.path, line=first, hint=expects)
    if source.rejected * 2 > source.entries:
        raise UserError(f"{source.rejected} of the {_lines(source.entries)} of the {name} are rejected "
                        f"(neither an e-mail address, a phone number nor a SHA-256; lines "
                        f"{numbers(source.rejected_lines, source.rejected)})", path=source.path, line=first,
                        hint=expects)


def expected(kind: str) -> str:
    """The hint of every refusal: what the option expects."""
    return (f"is this the right file? --{kind} expects one e-mail address, phone number or SHA-256 per line, "
            f"or a CSV file with such a column")


def numbers(lines: tuple[int, ...], total: int) -> str:
    """`3, 7, 12…`: the line numbers kept, with an ellipsis when there are more."""
    return ", ".join(map(str, lines)) + ("…" if total > len(lines) else "")


def _lines(n: int) -> str:
    return f"{n} line" + ("" if n == 1 else "s")
