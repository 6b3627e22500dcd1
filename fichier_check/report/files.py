"""The report files of a run (JSON, HTML, the findings side file), rendered into the files its
OutputSet opened.

At a million rows the side file lists millions of findings and takes a second or more to write,
yet it depends only on the findings, all known once the checks are done; the cleaned files depend
only on the decisions. So the run may render the reports in a forked child while it writes the
cleaned files
(`render_in_child`, started by the run's machinery); `OutputSet.commit()` waits for the child, so
all outputs still appear together or not at all.
"""
from __future__ import annotations

from pathlib import Path

from fichier_check.engine.findings import AuditResult
from fichier_check.write.output import OutputSet

REPORTS = ("json", "html", "findings")


def open_report_files(outputs: OutputSet, paths: dict[str, Path]) -> dict:
    """The reports' files (the side file's if `paths` has one), opened (owner-only, temporary
    until the commit) in `outputs`."""
    return {name: outputs.open_binary(paths[name]) for name in REPORTS if name in paths}


def render(result: AuditResult, lang: str, show_values: bool, files: dict, side: str = "none") -> None:
    """Write the reports into `files`; `side`: the findings side file's format (or "none")."""
    from fichier_check.report import FORMATS, findings_table, json_report
    json_report.write(result, files["json"])
    files["html"].write(FORMATS["html"].render(result, lang, show_values).encode("utf-8"))
    if side != "none":
        findings_table.write(side, result, files["findings"])


def render_in_child(result: AuditResult, lang: str, show_values: bool, pending: dict, side: str = "none") -> None:
    """`render`, in a forked child, through the child's own file objects."""
    own = {name: file.for_child() for name, file in pending.items()}
    render(result, lang, show_values, own, side)
    for file in own.values():
        file.flush()  # here: the run's commit flushes only its own (empty) buffers
