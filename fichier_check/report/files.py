"""The report files of a run (JSON and HTML), rendered into the files its OutputSet opened.

At a million rows the JSON report is large and takes seconds to write, yet it depends only on the
findings, all known once the checks are done; the cleaned files depend only on the decisions. So
the run may render the reports in a forked child while it writes the cleaned files
(`render_in_child`, started by the run's machinery); `OutputSet.commit()` waits for the child, so
all outputs still appear together or not at all.
"""
from __future__ import annotations

from pathlib import Path

from fichier_check.engine.findings import AuditResult
from fichier_check.write.output import OutputSet

REPORTS = ("json", "html")


def open_report_files(outputs: OutputSet, paths: dict[str, Path]) -> dict:
    """The reports' files, opened (owner-only, temporary until the commit) in `outputs`."""
    return {name: outputs.open_binary(paths[name]) for name in REPORTS}


def render(result: AuditResult, lang: str, show_values: bool, files: dict) -> None:
    from fichier_check.report import FORMATS, json_report
    json_report.write(result, files["json"])
    files["html"].write(FORMATS["html"].render(result, lang, show_values).encode("utf-8"))


def render_in_child(result: AuditResult, lang: str, show_values: bool, pending: dict) -> None:
    """`render`, in a forked child, through the child's own file objects."""
    own = {name: file.for_child() for name, file in pending.items()}
    render(result, lang, show_values, own)
    for file in own.values():
        file.flush()  # here: the run's commit flushes only its own (empty) buffers
