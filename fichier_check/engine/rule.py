"""What a validated rule is: `Rule` (with `at(date)`, the rule as it applies on a day, and `text()`,
its message in a language), and `RuleSet`, the rules of a run with the packs they came from.
Rules hold plain data only; `rule_validation` makes them from YAML entries, `rulepack` loads packs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from fichier_check.analysis.codes import Vocabulary
from fichier_check.checks import sector_ban
from fichier_check.engine.findings import Severity
from fichier_check.read.columns import CHANNELS, DEFAULT_CHANNELS  # noqa: F401 (the names config and runner read)

# The campaign sectors whose canvassing the law bans (--sector, `campaign: sector:`)
SECTORS = tuple(sector_ban.SECTORS)
LANGS = ("fr", "en")
SEVERITIES = ["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    """One validated rule; `at(date)` gives the rule as it applies on that date (or None)."""

    id: str
    family: str
    check: str
    params: dict
    channels: tuple[str, ...]
    severity: Severity
    action: str
    legal_basis: str
    legal_url: str | None
    message: dict
    description: dict
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    regimes: tuple[dict, ...] = ()
    regime: dict | None = None  # {"channel": "phone", "fr": "…", "en": "…"}: the legal regime this rule embodies
    aliases: tuple[str, ...] = ()
    enabled: bool = True
    set_cell: dict | None = None
    source: str = ""  # "path:line" of the rule's entry

    def at(self, day: dt.date) -> "Rule | None":
        if not _in_force(self.effective_from, self.effective_until, day):
            return None
        if not self.regimes:
            return self
        for regime in self.regimes:
            if _in_force(regime.get("effective_from"), regime.get("effective_until"), day):
                changes = {k: v for k, v in regime.items() if k not in ("effective_from", "effective_until")}
                if "severity" in changes:
                    changes["severity"] = Severity.parse(changes["severity"])
                if "channels" in changes:
                    changes["channels"] = tuple(changes["channels"])
                for key in ("message", "description"):
                    if key in changes:
                        changes[key] = {**getattr(self, key), **changes[key]}
                return replace(self, regimes=(), **changes)
        return None

    def text(self, key: str, lang: str) -> str:
        texts = getattr(self, key) or {}
        return texts.get(lang) or texts.get("en") or texts.get("fr") or ""


def _in_force(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass
class PackInfo:
    name: str
    version: str
    sha256: str
    path: str


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    packs: list[PackInfo] = field(default_factory=list)
    known: frozenset[str] = frozenset()  # every rule id the packs define, disabled ones included, and their aliases
    aliases: dict[str, str] = field(default_factory=dict)  # another name a rule answers to → its id
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the call-result codes and statuses
