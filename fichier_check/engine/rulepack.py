"""Rule packs: read YAML packs (with `extends:`), validate everything up front, produce `Rule`s.

A pack is `pack`, `version`, optional `description`, `extends` (shipped pack names or paths
relative to the pack), `rules` (a list of rule entries), `disable` (rule ids or families) and
`vocabulary` (the call-result codes and statuses, engine/vocabulary; the shipped `vocabulary`
pack's codes are always the first layer, so every pack reads the prospector's codes). An
entry whose id exists in an extended pack overrides it field by field (params merged); a new id
must name a `check`. A rule's `aliases` are other names it answers to: an entry, a `disable:` or a
waiver naming an alias is about that rule. Every error names the file and line: `rules/acme.yaml:14: rule email-invalid:
unknown param "allow_blank" for check email_invalid (known: allow_empty, column)`.

This module finds the packs and merges their layers; `rule_validation` turns each merged entry
into a `Rule` (defined in `rule`).
"""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from fichier_check.errors import UserError
from fichier_check.engine.rule import PackInfo, Rule, RuleSet
from fichier_check.engine.rule_validation import _ID, _unknown_keys, _validate_rule
from fichier_check.engine.vocabulary import VocabularyLayers
from fichier_check.engine.yaml_lines import LineDict, LineList, load_yaml_with_lines

DEFAULT_PACK = "default"

PACK_KEYS = {"pack", "version", "description", "extends", "rules", "disable", "vocabulary"}
VOCABULARY_PACK = "vocabulary"
RULE_KEYS = {"id", "family", "check", "params", "channels", "severity", "action", "effective_from",
             "effective_until", "regimes", "legal_basis", "legal_url", "message", "description", "aliases",
             "enabled", "set_cell", "regime"}


def shipped_packs_dir() -> Path:
    """The folder of the shipped packs: installed package data, or the repository's rules/."""
    try:
        folder = Path(str(resources.files("fichier_check.rules")))
        if any(folder.glob("*.yaml")):
            return folder
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "rules"


def shipped_pack_names() -> list[str]:
    return sorted(p.stem for p in shipped_packs_dir().glob("*.yaml"))


def resolve_pack(ref: str, relative_to: Path | None = None) -> Path:
    """A shipped pack name (`default`) or a path (relative to the referring pack or the cwd)."""
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        candidate = shipped_packs_dir() / f"{ref}.yaml"
        if candidate.exists():
            return candidate
        raise UserError(f"unknown rule pack {ref!r}", path=relative_to,
                        hint=f"shipped packs: {', '.join(shipped_pack_names())}; or give a path to a .yaml file")
    path = Path(ref).expanduser()
    if not path.is_absolute() and relative_to is not None:
        path = relative_to.parent / path
    if not path.exists():
        raise UserError("rule pack not found", path=path, hint="check the path")
    return path


def load_rules(refs: list[str], overrides: LineDict | None = None, override_path: Path | None = None) -> RuleSet:
    """Load packs in order (later ones override earlier ones), then the config's own overrides."""
    from fichier_check.checks import CHECKS

    loader = _PackLoader(CHECKS)
    for ref in refs or [DEFAULT_PACK]:
        loader.load(resolve_pack(ref), chain=())
    if overrides is not None and override_path is not None:
        loader.apply_layer(overrides, override_path, own_ids=set())
    rules = loader.finish()  # validates every entry, its aliases included
    aliases = loader.aliases()
    return RuleSet(rules=rules, packs=loader.packs, known=frozenset(loader.order) | frozenset(aliases),
                   aliases=aliases, vocabulary=loader.vocabulary.finish())


class _PackLoader:
    def __init__(self, checks: dict) -> None:
        self.checks = checks
        self.entries: dict[str, tuple[dict, Path, int]] = {}  # id -> (merged raw entry, path, line)
        self.order: list[str] = []
        self.disabled: set[str] = set()
        self.packs: list[PackInfo] = []
        self.loaded: set[Path] = set()
        self.vocabulary = VocabularyLayers.shipped()  # a pack that does not extend it still reads the codes
        # ... as the first layer only: met again (`--rules acme.yaml --rules default`), it must not
        # undo the layers read since
        self.shipped_vocabulary = resolve_pack(VOCABULARY_PACK).resolve()

    def load(self, path: Path, chain: tuple[Path, ...]) -> None:
        path = path.resolve()
        if path in chain:
            cycle = " → ".join(p.name for p in (*chain, path))
            raise UserError(f"extends loop: {cycle}", path=chain[-1], hint="remove one of the extends")
        if path in self.loaded:
            return
        data = load_yaml_with_lines(path)
        if not isinstance(data, LineDict):
            raise UserError("a rule pack must be a mapping with a 'rules:' list", path=path, line=1)
        _unknown_keys(data, PACK_KEYS, path, "pack")
        extends = data.get("extends") or []
        if isinstance(extends, str):
            extends = [extends]
        if not isinstance(extends, list):
            raise UserError("extends: expected a pack name or a list", path=path, line=data.line_of("extends"))
        for ref in extends:
            self.load(resolve_pack(str(ref), path), chain=(*chain, path))
        self.apply_layer(data, path, own_ids=set())
        self.loaded.add(path)
        raw = path.read_bytes()
        self.packs.append(PackInfo(str(data.get("pack") or path.stem), str(data.get("version") or ""),
                                   hashlib.sha256(raw).hexdigest(), str(path)))

    def apply_layer(self, data: LineDict, path: Path, own_ids: set[str]) -> None:
        if "vocabulary" in data and path != self.shipped_vocabulary:
            self.vocabulary.add(data["vocabulary"], path, data.line_of("vocabulary"))
        rules = data.get("rules")
        if rules is None:
            rules = LineList()
            rules.line, rules.item_lines = data.line, []
        if not isinstance(rules, LineList):
            raise UserError("rules: expected a list of rules", path=path, line=data.line_of("rules"))
        for index, entry in enumerate(rules):
            line = rules.line_of(index)
            if not isinstance(entry, LineDict):
                raise UserError("each rule must be a mapping (id: …, check: …)", path=path, line=line)
            self._add_entry(entry, path, own_ids)
        disable = data.get("disable") or []
        if not isinstance(disable, list):
            raise UserError("disable: expected a list of rule ids or families", path=path, line=data.line_of("disable"))
        self.disabled.update(str(x) for x in disable)

    def _add_entry(self, entry: LineDict, path: Path, own_ids: set[str]) -> None:
        _unknown_keys(entry, RULE_KEYS, path, "rule")
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            raise UserError(f"rule id {rule_id!r} must be lower-case words joined by '-'", path=path,
                            line=entry.line_of("id") if "id" in entry else entry.line)
        rule_id = self._resolve_alias(rule_id)
        if rule_id in own_ids:
            raise UserError(f"duplicate rule id {rule_id!r}", path=path, line=entry.line, hint="rule ids must be unique")
        own_ids.add(rule_id)
        if rule_id in self.entries:
            base, _, _ = self.entries[rule_id]
            merged = {**base, **entry}
            if "params" in entry and isinstance(entry["params"], dict) and isinstance(base.get("params"), dict):
                merged["params"] = {**base["params"], **entry["params"]}
            self.entries[rule_id] = (merged, path, entry.line)
            self._lines[rule_id] = {**self._lines.get(rule_id, {}), **{k: (path, entry.line_of(k)) for k in entry}}
        else:
            if "check" not in entry:
                raise UserError(f"rule {rule_id}: 'check' is missing (no rule {rule_id!r} to override)",
                                path=path, line=entry.line, hint="name a check type, or fix the id")
            self.entries[rule_id] = (dict(entry), path, entry.line)
            self._lines[rule_id] = {k: (path, entry.line_of(k)) for k in entry}
            self.order.append(rule_id)

    @property
    def _lines(self) -> dict:
        if not hasattr(self, "_line_map"):
            self._line_map: dict = {}
        return self._line_map

    def _resolve_alias(self, rule_id: str) -> str:
        for known, (entry, _, _) in self.entries.items():
            if rule_id in (entry.get("aliases") or []):
                return known
        return rule_id

    def aliases(self) -> dict[str, str]:
        """Every alias → the id of the rule that declares it."""
        return {str(alias): rule_id for rule_id in self.order
                for alias in (self.entries[rule_id][0].get("aliases") or [])}

    def finish(self) -> list[Rule]:
        rules = []
        for rule_id in self.order:
            entry, path, line = self.entries[rule_id]
            rule = _validate_rule(rule_id, entry, self._lines[rule_id], self.checks)
            named = {rule.id, rule.family, *rule.aliases}
            if named & self.disabled or not rule.enabled:
                continue
            rules.append(rule)
        return rules


# Rule and RuleSet live in engine.rule; they are what load_rules gives, so callers import them from here too.
__all__ = ["DEFAULT_PACK", "PackInfo", "Rule", "RuleSet", "load_rules", "resolve_pack", "shipped_pack_names",
           "shipped_packs_dir"]
