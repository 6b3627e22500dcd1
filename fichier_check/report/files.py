"""The report files of a run (JSON and HTML) written into its OutputSet: here, or, for a large
run on two cores, by a forked child while the run writes the cleaned files.

At a million rows the JSON report is about 1 GB and takes seconds to write, yet it depends only
on the findings, all known once the checks are done; the cleaned files depend only on the
decisions. `OutputSet.commit()` waits for the child, so all outputs still appear together or not
at all.
"""
from __future__ import annotations

from pathlib import Path

from fichier_check.runtime import processes
from fichier_check.engine.findings import AuditResult
from fichier_check.write.output import OutputSet

# With this many findings or more (a JSON report of about 10 MB), the reports are written by a
# second process.
BACKGROUND_MIN_FINDINGS = 100_000


def write_reports(outputs: OutputSet, paths: dict[str, Path], result: AuditResult, lang: str,
                  show_values: bool) -> None:
    files = {name: outputs.open_binary(paths[name]) for name in ("json", "html")}
    if processes.JOBS < 2 or sum(o.count for o in result.outcomes) < BACKGROUND_MIN_FINDINGS:
        _render(result, lang, show_values, files)
        return
    task = processes.forked_task(lambda: _render_in_child(result, lang, show_values, files))
    outputs.on_abort(task.cancel)

    def finish() -> None:
        try:
            task.close()
        except OSError as error:  # from the child's own file objects, naming the file
            raise outputs.fail(Path(error.filename) if error.filename else paths["json"], error) from None
    outputs.before_commit(finish)


def _render(result: AuditResult, lang: str, show_values: bool, files: dict) -> None:
    from fichier_check.report import FORMATS, json_report
    json_report.write(result, files["json"])
    files["html"].write(FORMATS["html"].render(result, lang, show_values).encode("utf-8"))


def _render_in_child(result: AuditResult, lang: str, show_values: bool, pending: dict) -> None:
    own = {name: file.for_child() for name, file in pending.items()}
    _render(result, lang, show_values, own)
    for file in own.values():
        file.flush()  # here: the run's commit flushes only its own (empty) buffers
