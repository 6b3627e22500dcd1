"""A check run for a person reading a CI log or a terminal: one line per file, one per rule and
column that has findings (severity, count, first rows), then the waivers and the baseline.

No value of the file is shown, not even masked: a CI log is read by many, and the rows say where
to look.
"""
from __future__ import annotations

from fichier_check.engine.findings import CheckRun, RuleOutcome
from fichier_check.report.terminal import safe

ROWS_SHOWN = 5
_TEXT = {
    "fr": {"pass": "conforme", "fail": "ÉCHEC", "error": "non vérifié", "rows": "lignes", "waived": "dérogé|dérogés",
           "new": "nouveau|nouveaux", "label_error": "erreur", "label_warning": "avertissement", "label_info": "info", "files": "fichier|fichiers", "sev_error": "erreur|erreurs",
           "sev_warning": "avertissement|avertissements", "sev_info": "information|informations", "failed": "en échec", "passed": "conformes",
           "unchecked": "non vérifiés", "waiver": "dérogation", "expired": "EXPIRÉE", "active": "en vigueur",
           "until": "jusqu'au", "covers": "couvre", "findings": "constat|constats", "baseline": "référence",
           "fixed": "corrigé|corrigés", "none": "aucun constat"},
    "en": {"pass": "pass", "fail": "FAIL", "error": "not checked", "rows": "rows", "waived": "waived|waived",
           "new": "new|new", "label_error": "error", "label_warning": "warning", "label_info": "info", "files": "file|files", "sev_error": "error|errors", "sev_warning": "warning|warnings",
           "sev_info": "info|infos", "failed": "failed", "passed": "passed", "unchecked": "not checked",
           "waiver": "waiver", "expired": "EXPIRED", "active": "in force", "until": "until", "covers": "covers",
           "findings": "finding|findings", "baseline": "baseline", "fixed": "fixed|fixed", "none": "no finding"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    t = _TEXT.get(lang, _TEXT["en"])
    lines = []
    for file in run.files:
        if file.result is None:
            lines.append(f"{t['error']}: {safe(file.error)}")
            continue
        verdict = t["fail"] if file.exit_code == 1 else t["pass"]
        outcomes = file.result.outcomes
        lines.append(f"{safe(file.path)}: {verdict} — " + (", ".join(
            _counted(sum(o.count for o in outcomes if o.severity.label == s), t["sev_" + s]) for s in ("error", "warning", "info")
            if any(o.severity.label == s for o in outcomes)) or t["none"]))
        lines += [_outcome_line(o, t) for o in outcomes]
        if file.result.baseline:
            b = file.result.baseline
            lines.append(f"  {t['baseline']}: {_counted(b['new'], t['new'])}, {_counted(b['fixed'], t['fixed'])}")
    failed = sum(f.exit_code == 1 for f in run.files)
    unchecked = sum(f.result is None or f.exit_code > 1 for f in run.files)
    lines.append(f"{_counted(len(run.files), t['files'])}: {failed} {t['failed']}, "
                 f"{len(run.files) - failed - unchecked} {t['passed']}, {unchecked} {t['unchecked']}")
    for use in run.waivers:
        w = use.waiver
        status = t["expired"] if use.expired else t["active"]
        lines.append(f"{t['waiver']} {w.rule} {safe(w.file)} ({w.source}:{w.line}) {status}, {t['until']} "
                     f"{w.expires.isoformat()}, {t['covers']} {_counted(use.matched, t['findings'])} — {safe(w.reason)} "
                     f"[{safe(w.owner)}]")
    return "\n".join(lines) + "\n"


def _counted(n: int, words: str) -> str:
    one, many = words.split("|")
    return f"{n} {one if n == 1 else many}"


def _outcome_line(outcome: RuleOutcome, t: dict) -> str:
    rows = sorted(set(int(r) for r in outcome.rows[:ROWS_SHOWN]))
    more = "…" if outcome.count > len(rows) else ""
    notes = []
    if outcome.waived is not None and outcome.waived_count:
        notes.append(_counted(outcome.waived_count, t["waived"]))
    if outcome.new is not None:
        notes.append(_counted(outcome.new_count, t["new"]))
    column = safe(outcome.column) if outcome.column else "-"
    width = max(len(t[f"label_{s}"]) for s in ("error", "warning", "info"))
    return (f"  {t['label_' + outcome.severity.label]:{width}} {outcome.rule_id:28} {column[:30]:30} {outcome.count:>7}  "
            f"{t['rows']} {', '.join(map(str, rows))}{more}" + (f"  ({', '.join(notes)})" if notes else ""))
