"""A check run as GitHub Actions workflow commands: annotations on the files, in the job's log.

One line per (file, rule, column), never one per finding, so a file of 100,000 findings gives a
few lines: `::error file=PATH,line=N,title=RULE (COLUMN)::MESSAGE — COUNT findings, rows …`,
where N is the physical line of the first finding it names. GitHub shows at most 10 error, 10
warning and 10 notice annotations per step, and 50 per job (actions/toolkit,
docs/problem-matchers.md, "Limitations"); the others stay in the log. So the lines come most
important first: those that fail the run, the most severe, the most findings.

The command says what the line does to the run: `::error` when some of its findings fail it
(at or above `--fail-on`, not waived, new under `--fail-on-new`), `::warning` when none does
(an error or a warning below the threshold, or not new), `::notice` for an info and for findings
that a waiver accepts, all of them (its reason follows). A file that could not be checked is an
`::error` naming it, an expired waiver a `::warning` on its line of the config file. A last plain
line sums the run up (`fichier-check: 2 files: 1 failed, …`), after one line per file folded in a
`::group::`.

Escaping follows GitHub's rules for workflow commands: in the message, `%`, CR and LF become
%25, %0D and %0A; in properties (file, title) `:` and `,` also become %3A and %2C. Text from the
file (a column header, a path) is first made printable (`terminal.safe`), so it cannot start a
command of its own. No value nor detail of a finding is written: a CI log is read by many.
"""
from __future__ import annotations

from fichier_check.engine.findings import CheckRun, Severity
from fichier_check.report import ci_findings as ci
from fichier_check.report.terminal import safe

_RANK = {"error": 0, "warning": 1, "notice": 2}
_TEXT = {
    "fr": {"unchecked": "non vérifié", "fail": "ÉCHEC", "pass": "conforme", "expired": "dérogation expirée",
           "waived_by": "dérogation", "until": "jusqu'au"},
    "en": {"unchecked": "not checked", "fail": "FAIL", "pass": "pass", "expired": "waiver expired",
           "waived_by": "waiver", "until": "until"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    t, w = _TEXT.get(lang, _TEXT["en"]), ci.words(lang)
    lines = [_command("error", f"fichier-check: {t['unchecked']}", safe(f.error or f.path), f.path)
             for f in run.files if f.result is None]
    for use in ci.expired_waivers(run):
        config = ci.config_path(use.waiver.source, run.options.get("root"))
        lines.append(_command("warning", f"fichier-check: {t['expired']}", ci.waiver_text(use, lang),
                              config, use.waiver.line or None))
    found = ci.groups(run)
    ranked = sorted(found, key=lambda g: (_RANK[_kind(g)], -int(g.outcome.severity), -g.failing_count, -g.count))
    lines += [_annotation(group, lang) for group in ranked]
    lines.append(f"::group::fichier-check: {len(run.files)} {w['files']}")
    lines += [f"fichier-check: {_file_line(file, t)}" for file in run.files]
    lines.append("::endgroup::")
    failed = sum(f.exit_code == 1 for f in run.files)
    unchecked = sum(f.result is None for f in run.files)
    lines.append(f"fichier-check: {len(run.files)} {w['files']}: {failed} {w['failed']}, "
                 f"{len(run.files) - failed - unchecked} {w['passed']}, {unchecked} {w['not_checked']}")
    return "\n".join(lines) + "\n"


def _kind(group: ci.Group) -> str:
    """error: some findings fail the run; warning: none does, some are not waived (an info:
    notice); notice: a waiver accepts them all."""
    if group.failing_count:
        return "error"
    if group.waived_count < group.count:
        return "warning" if group.outcome.severity >= Severity.WARNING else "notice"
    return "notice"


def _annotation(group: ci.Group, lang: str) -> str:
    outcome = group.outcome
    first = int(group.headline()[0])
    title = f"fichier-check: {outcome.rule_id}" + (f" ({safe(outcome.column)})" if outcome.column else "")
    message = f"{outcome.message} — {ci.counts_text(group, lang)}, {ci.rows_text(group, lang)}"
    if group.waived_count == group.count:
        t = _TEXT.get(lang, _TEXT["en"])
        use = group.waiver(first)
        message += (f" — {t['waived_by']}: {safe(use.waiver.reason)} [{safe(use.waiver.owner)}], "
                    f"{t['until']} {use.waiver.expires.isoformat()}")
    return _command(_kind(group), title, message, group.path, int(group.lines[first]))


def _file_line(file, t: dict) -> str:
    if file.result is None:
        return f"{safe(file.path)}: {t['unchecked']} — {safe(file.error)}"
    counts = {s: sum(o.count for o in file.result.outcomes if o.severity == s) for s in Severity}
    text = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    return f"{safe(file.path)}: {t['fail'] if file.exit_code == 1 else t['pass']}" + (f" — {text}" if text else "")


def _command(kind: str, title: str, message: str, path: str | None = None, line: int | None = None) -> str:
    properties = ([f"file={_property(path)}"] if path else []) + \
        ([f"line={max(1, line)}"] if path and line is not None else []) + [f"title={_property(title)}"]
    return f"::{kind} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
