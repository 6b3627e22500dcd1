"""A check run as JSON: every file's report (the JSON report of `report/json_report.py`, with
every finding's fingerprint), the files that could not be checked, the waivers and the verdict.

It is what a team commits as a baseline (`--baseline`) and what a CI job prints, so it lists
fingerprints and masked examples, and leaves out the examples' details: a detail can quote what
a comment says (the health word `sensitive-term` found), which a CI log must not show.
"""
from __future__ import annotations

import json

from fichier_check.engine.findings import CheckRun
from fichier_check.report.json_report import SCHEMA_VERSION, as_dict


def as_run_dict(run: CheckRun) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "check",
        "tool": {"name": "fichier-check", "version": run.options.get("tool_version", "")},
        "fingerprint_key": run.options.get("fingerprint_key"),
        "options": run.options,
        "exit_code": run.exit_code(),
        "verdict": {0: "pass", 1: "fail"}.get(run.exit_code(), "error"),
        "waivers": [use.as_report() for use in run.waivers],
        "files": [_without_details(as_dict(f.result)) | {"exit_code": f.exit_code} if f.result is not None else
                  {"input": {"path": f.path}, "error": f.error, "exit_code": f.exit_code, "findings": []}
                  for f in run.files],
    }


def _without_details(report: dict) -> dict:
    for entry in report["findings"]:
        for example in entry["examples"]:
            example["detail"] = None
    return report


def render_run(run: CheckRun, lang: str = "fr") -> str:
    return json.dumps(as_run_dict(run), ensure_ascii=False, indent=1, default=str) + "\n"
