"""Rule packs: read YAML packs (with `extends:`), validate everything up front, produce `Rule`s.

A pack is `pack`, `version`, optional `description`, `extends` (shipped pack names or paths
relative to the pack), `rules` (a list of rule entries) and `disable` (rule ids or families). An
entry whose id exists in an extended pack overrides it field by field (params merged); a new id
must name a `check`. Every error names the file and line: `rules/acme.yaml:14: rule email-invalid:
unknown param "allow_blank" for check email_invalid (known: allow_empty, column)`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from fichier_check.errors import UserError
from fichier_check.engine.findings import ACTIONS, Severity
from fichier_check.engine.yaml_lines import LineDict, LineList, load_yaml_with_lines

CHANNELS = ("email", "sms", "phone", "post")
LANGS = ("fr", "en")
DEFAULT_PACK = "default"
SEVERITIES = ["error", "warning", "info"]

PACK_KEYS = {"pack", "version", "description", "extends", "rules", "disable"}
RULE_KEYS = {"id", "family", "check", "params", "channels", "severity", "action", "effective_from",
             "effective_until", "regimes", "legal_basis", "legal_url", "message", "description", "aliases",
             "enabled", "set_cell", "regime"}
REGIME_KEYS = {"effective_from", "effective_until", "severity", "action", "message", "legal_basis", "legal_url",
               "channels", "regime", "description"}
SET_CELL_KEYS = {"role", "value", "header"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
    return RuleSet(rules=loader.finish(), packs=loader.packs)


class _PackLoader:
    def __init__(self, checks: dict) -> None:
        self.checks = checks
        self.entries: dict[str, tuple[dict, Path, int]] = {}  # id -> (merged raw entry, path, line)
        self.order: list[str] = []
        self.disabled: set[str] = set()
        self.packs: list[PackInfo] = []
        self.loaded: set[Path] = set()

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

    def finish(self) -> list[Rule]:
        rules = []
        for rule_id in self.order:
            entry, path, line = self.entries[rule_id]
            rule = _validate_rule(rule_id, entry, self._lines[rule_id], self.checks)
            if rule.id in self.disabled or rule.family in self.disabled or not rule.enabled:
                continue
            rules.append(rule)
        return rules


def _unknown_keys(data: LineDict, known: set[str], path: Path, what: str) -> None:
    for key in data:
        if key not in known:
            close = _closest(str(key), known)
            hint = f"did you mean {close!r}?" if close else f"known keys: {', '.join(sorted(known))}"
            raise UserError(f"unknown {what} key {key!r}", path=path, line=data.line_of(key), hint=hint)


def _closest(word: str, options: set[str] | list[str]) -> str | None:
    import difflib
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.75)
    return match[0] if match else None


def _validate_rule(rule_id: str, entry: dict, lines: dict, checks: dict) -> Rule:
    def fail(key: str, message: str, hint: str | None = None) -> UserError:
        path, line = lines.get(key) or lines.get("id") or next(iter(lines.values()))
        return UserError(f"rule {rule_id}: {message}", path=path, line=line, hint=hint)

    check_type = entry.get("check")
    if check_type not in checks:
        close = _closest(str(check_type), list(checks))
        raise fail("check", f"unknown check {check_type!r}",
                   f"did you mean {close!r}?" if close else f"known checks: {', '.join(sorted(checks))}")
    module = checks[check_type]
    params = _validate_params(entry.get("params") or {}, module, fail)
    severity = _choice(entry.get("severity", "warning"), SEVERITIES, "severity", fail)
    action = _choice(entry.get("action", "none"), list(ACTIONS), "action", fail)
    channels = entry.get("channels") or list(CHANNELS)
    if not isinstance(channels, list) or any(c not in CHANNELS for c in channels):
        raise fail("channels", f"channels must be a list among {', '.join(CHANNELS)}")
    family = entry.get("family") or check_type
    message = _texts(entry.get("message"), "message", fail, required=True)
    description = _texts(entry.get("description"), "description", fail, required=False)
    regimes = tuple(_validate_regime(r, i, fail) for i, r in enumerate(entry.get("regimes") or []))
    set_cell = entry.get("set_cell")
    if set_cell is not None:
        if not isinstance(set_cell, dict) or set(set_cell) - SET_CELL_KEYS or "role" not in set_cell or "value" not in set_cell:
            raise fail("set_cell", "set_cell needs role and value (and optionally header)")
    for key in ("legal_basis", "legal_url"):
        if key in entry and not isinstance(entry[key], str):
            raise fail(key, f"{key} must be text")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "enabled must be true or false")
    return Rule(
        id=rule_id, family=str(family), check=check_type, params=params, channels=tuple(channels),
        severity=Severity.parse(severity), action=action, legal_basis=entry.get("legal_basis", ""),
        legal_url=entry.get("legal_url"), message=message, description=description,
        effective_from=_date(entry.get("effective_from"), "effective_from", fail),
        effective_until=_date(entry.get("effective_until"), "effective_until", fail),
        regimes=regimes, regime=plain(entry.get("regime")), aliases=tuple(entry.get("aliases") or ()), enabled=enabled,
        set_cell=plain(dict(set_cell)) if set_cell else None,
        source="{}:{}".format(*lines.get("id", next(iter(lines.values())))),
    )


def _validate_params(raw: Any, module, fail) -> dict:
    if not isinstance(raw, dict):
        raise fail("params", "params must be a mapping")
    for name, value in raw.items():
        if name not in module.params:
            known = ", ".join(sorted(module.params)) or "none"
            close = _closest(str(name), list(module.params))
            raise fail("params", f'unknown param "{name}" for check {module.type} (known: {known})',
                       f"did you mean {close!r}?" if close else None)
        problem = module.params[name].validate(value)
        if problem:
            raise fail("params", f"param {name}: {problem}")
    params = {}
    for name, spec in module.params.items():
        if name in raw:
            params[name] = plain(raw[name])
        elif spec.required:
            raise fail("params", f"param {name} is required for check {module.type}")
        else:
            params[name] = spec.default
    if getattr(module, "validate", None):
        problem = module.validate(params)
        if problem:
            raise fail("params", problem)
    return params


def plain(value: Any) -> Any:
    """LineDict/LineList → dict/list, recursively (rules hold plain data only)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _choice(value: Any, options: list[str], key: str, fail) -> str:
    if value not in options:
        close = _closest(str(value), options)
        raise fail(key, f"{key} {value!r} is not one of {', '.join(options)}", f"did you mean {close!r}?" if close else None)
    return value


def _texts(value: Any, key: str, fail, required: bool) -> dict:
    if value is None:
        if required:
            raise fail("id", f"{key} is missing (give fr: and en: texts)")
        return {}
    if isinstance(value, str):
        return {"fr": value, "en": value}
    if not isinstance(value, dict) or set(value) - set(LANGS) or not all(isinstance(v, str) for v in value.values()):
        raise fail(key, f"{key} must be a mapping with fr: and en: texts")
    return dict(value)


def _date(value: Any, key: str, fail) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise fail(key, f"{key} must be a date written YYYY-MM-DD, got {value!r}")


def _validate_regime(raw: Any, index: int, fail) -> dict:
    if not isinstance(raw, dict):
        raise fail("regimes", f"regimes[{index}] must be a mapping")
    unknown = set(raw) - REGIME_KEYS
    if unknown:
        raise fail("regimes", f"regimes[{index}]: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(REGIME_KEYS))})")
    out = plain(dict(raw))
    for key in ("effective_from", "effective_until"):
        out[key] = _date(raw.get(key), f"regimes[{index}].{key}", fail)
    if "severity" in raw:
        _choice(raw["severity"], SEVERITIES, "severity", fail)
    if "action" in raw:
        _choice(raw["action"], list(ACTIONS), "action", fail)
    for key in ("message", "description"):
        if key in raw:
            out[key] = _texts(raw[key], key, fail, required=False)
    return out
