"""What `fichier-check rules` prints: every rule a run would apply, by family, with its severity,
its action, the channels it concerns, when it is in force and its legal basis — as text for a
person, or as JSON for a tool. Rules a pack or the config switched off are named at the end."""
from __future__ import annotations

import json
from itertools import groupby

from fichier_check.engine.rule import CHANNELS, Rule, RuleSet
from fichier_check.report.family_names import FAMILY_NAMES, family_name

_WORDS = {
    "fr": {"channels": "canaux", "from": "depuis le", "until": "jusqu'au", "off": "désactivées",
           "also": "aussi", "rule": "règle", "rules": "règles", "regimes": "selon la date"},
    "en": {"channels": "channels", "from": "from", "until": "until", "off": "switched off",
           "also": "also", "rule": "rule", "rules": "rules", "regimes": "depends on the date"},
}


def _families(rules: list[Rule]) -> list[tuple[str, list[Rule]]]:
    """Rules grouped by family: the shipped families in the reports' order, then those a pack
    invents in the order it names them; rules in pack order within a family."""
    order = {family: i for i, family in enumerate(FAMILY_NAMES)}
    for rule in rules:
        order.setdefault(rule.family, len(order))
    ordered = sorted(rules, key=lambda r: order[r.family])
    return [(family, list(group)) for family, group in groupby(ordered, key=lambda r: r.family)]


def _in_force(rule: Rule, words: dict) -> str:
    parts = []
    if rule.effective_from:
        parts.append(f"{words['from']} {rule.effective_from.isoformat()}")
    if rule.effective_until:
        parts.append(f"{words['until']} {rule.effective_until.isoformat()}")
    if rule.regimes:
        parts.append(words["regimes"])
    return ", ".join(parts)


def rules_text(ruleset: RuleSet, lang: str) -> str:
    words = _WORDS[lang]
    active = ruleset.rules
    width = max((len(r.id) for r in active), default=0)
    lines = []
    for family, rules in _families(active):
        lines.append(f"{family_name(family, lang)} ({family})")
        for rule in rules:
            extras = []
            if set(rule.channels) != set(CHANNELS):  # a rule for every channel says nothing more
                extras.append(f"{words['channels']}: {', '.join(rule.channels)}")
            if _in_force(rule, words):
                extras.append(_in_force(rule, words))
            if rule.aliases:
                extras.append(f"{words['also']}: {', '.join(rule.aliases)}")
            tail = f"  [{'; '.join(extras)}]" if extras else ""
            lines.append(f"  {rule.id:{width}}  {rule.severity.label:7}  {rule.action:17}{tail}".rstrip())
            lines.append(f"  {'':{width}}  {rule.text('message', lang)}")
            lines.append(f"  {'':{width}}  {rule.legal_basis}")
        lines.append("")
    off = switched_off(ruleset)
    if off:
        lines.append(f"{words['off']}: {', '.join(off)}")
    packs = ", ".join(p.name for p in ruleset.packs)
    lines.append(f"{len(active)} {words['rule' if len(active) == 1 else 'rules']} ({packs})")
    return "\n".join(lines) + "\n"


def switched_off(ruleset: RuleSet) -> list[str]:
    """The rules the packs define that a pack or the config switched off (aliases not repeated)."""
    return sorted(ruleset.known - {r.id for r in ruleset.rules} - set(ruleset.aliases))


def rules_json(ruleset: RuleSet, lang: str) -> str:
    entries = [{
        "id": r.id, "family": r.family, "family_name": family_name(r.family, lang), "severity": r.severity.label,
        "action": r.action, "channels": list(r.channels),
        "effective_from": r.effective_from.isoformat() if r.effective_from else None,
        "effective_until": r.effective_until.isoformat() if r.effective_until else None,
        "dated_regimes": bool(r.regimes), "message": r.text("message", lang), "legal_basis": r.legal_basis,
        "legal_url": r.legal_url, "aliases": list(r.aliases), "source": r.source,
    } for r in ruleset.rules]
    return json.dumps({"packs": [p.name for p in ruleset.packs], "rules": entries,
                       "switched_off": switched_off(ruleset)}, ensure_ascii=False, indent=2) + "\n"
