"""Rules of the shipped packs as harness entries, so tests exercise the real YAML."""
from __future__ import annotations

from pathlib import Path

from fichier_check.engine.rulepack import load_rules

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
_SHIPPED = {r.id: r for r in load_rules(["default"]).rules}


def shipped(rule_id: str) -> dict:
    rule = _SHIPPED[rule_id]
    entry = {"id": rule_id, "check": rule.check, "severity": rule.severity.label, "action": rule.action,
             "params": rule.params, "channels": list(rule.channels)}
    for key in ("effective_from", "effective_until"):
        if getattr(rule, key):
            entry[key] = getattr(rule, key)
    if rule.regimes:
        entry["regimes"] = [{k: v for k, v in r.items() if v is not None} for r in rule.regimes]
    if rule.set_cell:
        entry["set_cell"] = rule.set_cell
    return entry
