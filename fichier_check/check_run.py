"""The check command: audit many files in one process for a CI job or a pre-commit hook, write
no cleaned or quarantine file, print one report for all of them in the chosen format.

Every file is checked even when another cannot be read (it is named in the report, and the run
exits 2); what concerns the whole run (the config, the rule packs, the lists, the baseline) is
checked first, once, and an error there stops the run before any file is read. Reports are
always masked: a CI log is read by many.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from fichier_check import __version__
from fichier_check.audit import load_lists, load_ruleset, run_audit
from fichier_check.config import Settings
from fichier_check.engine.baseline import key_id
from fichier_check.engine.findings import CheckRun, FileCheck
from fichier_check.engine.waivers import WaiverUse, check_rules
from fichier_check.errors import FichierCheckError, UserError
from fichier_check.report import FINGERPRINTED
from fichier_check.read.targets import report_path, repository_root
from fichier_check.report.summary import failing

def check_files(files: list[Path], problems: list[tuple[str, str]], base: Settings,
                root: Path | None = None) -> CheckRun:
    """Audit `files` (findings only) under the settings `base`; `problems`: the arguments that
    named no file and why (`read/targets.expand` gives both)."""
    root = (root or repository_root(Path.cwd())).resolve()
    if not files and not problems:
        raise UserError("no file to check", hint="give files, folders or patterns such as 'leads/*.csv'")
    # loaded once for every file; an error in a rule pack, a waiver or a list stops the run before any file is read
    ruleset = load_ruleset(base)
    check_rules(base.waivers, ruleset.known)
    lists = load_lists(base, ruleset.vocabulary.day_first)
    run = CheckRun(files=[], options={
        "lang": base.lang, "fail_on": base.fail_on, "fail_on_new": base.fail_on_new, "tool_version": __version__,
        "root": str(root), "as_of": base.as_of.isoformat(), "channels": list(base.channels),
        "baseline": getattr(base.baseline, "source", None), "fingerprint_key": key_id()})
    for argument, reason in problems:
        run.files.append(FileCheck(path=argument, error=f"{argument}: {reason}", exit_code=2))
    for path in files:
        shown = report_path(path, root)
        settings = dataclasses.replace(base, input=path, out_dir=path.parent, display_path=shown, single_file=False)
        try:
            result = run_audit(settings, ruleset=ruleset, lists=lists)
        except FichierCheckError as error:
            run.files.append(FileCheck(path=shown, error=str(error), exit_code=error.exit_code))
            continue
        run.files.append(FileCheck(path=shown, result=result, exit_code=1 if failing(result) else 0))
    run.waivers = _waiver_totals(run, base.waivers)
    return run


def _waiver_totals(run: CheckRun, waivers: list) -> list:
    """Each waiver of the config once, with the findings it covered in every file."""
    today = dt.date.today()
    totals = {id(w): WaiverUse(w, w.expired(today)) for w in waivers}
    for _, result in run.results():
        for use in result.waivers:
            totals[id(use.waiver)].matched += use.matched
    return list(totals.values())


def check_settings(base: Settings) -> Settings:
    """The settings every file of a check run shares: nothing written, values masked, findings
    fingerprinted when the format, the baseline or a waiver reads their fingerprints."""
    return dataclasses.replace(base, write_outputs=False, show_values=False, quiet=True,
                               fingerprints=base.fingerprints or base.output_format in (*FINGERPRINTED, "json"))
