"""Facts every report format states the same way: the verdict and the counts."""
from __future__ import annotations

from fichier_check.engine.findings import AuditResult, Severity

THRESHOLDS = {"error": Severity.ERROR, "warning": Severity.WARNING, "never": None}
DEFAULT_EXAMPLES = 100  # examples per rule and column when the run does not say (--examples)


def example_limit(result: AuditResult) -> int:
    """How many examples per rule and column the reports show."""
    return result.options.get("examples", DEFAULT_EXAMPLES)


def has_side_file(result: AuditResult) -> bool:
    """Did the run list every finding in a side file (not `--findings none`)?"""
    return result.options.get("findings", "parquet") != "none"


def failing(result: AuditResult, fail_on: str | None = None) -> bool:
    """True when a finding is at or above the `--fail-on` threshold."""
    threshold = THRESHOLDS[fail_on or result.options.get("fail_on", "error")]
    if threshold is None:
        return False
    only_new = bool(result.options.get("fail_on_new"))
    return any(o.severity >= threshold and o.failing_count(only_new) for o in result.outcomes)


def verdict(result: AuditResult) -> str:
    return "fail" if failing(result) else "pass"


def summary(result: AuditResult) -> dict:
    return {
        "verdict": verdict(result),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "rows_kept": result.rows_kept,
        "rows_quarantined": result.rows_quarantined,
        "by_rule": result.by_rule(),
        "by_family": result.by_family(),
        "reachable": reachable(result),
        **({"waived": sum(o.waived_count for o in result.outcomes)} if result.waivers else {}),
        **({"new": result.baseline["new"], "fixed": result.baseline["fixed"]} if result.baseline else {}),
    }


def reachable(result: AuditResult) -> dict[str, int]:
    """Per campaign channel, the cleaned file's rows that may still be contacted on it."""
    counts = result.stats.get("reachable", {})
    return {channel: counts.get(channel, 0) for channel in result.options.get("channels", [])}
