"""One rule entry of a pack (merged with what it overrides) → a validated `Rule`, every error naming
the file and line of the key at fault: `rules/acme.yaml:14: rule email-invalid: unknown param
"allow_blank" for check email_invalid (known: allow_empty, column)`, with a "did you mean" where a
known name is close.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from fichier_check.errors import UserError
from fichier_check.engine.file_phase import FILE_ACTIONS
from fichier_check.engine.findings import ACTIONS, Severity
from fichier_check.engine.rule import CHANNELS, LANGS, SEVERITIES, Rule
from fichier_check.engine.yaml_lines import LineDict

REGIME_KEYS = {"effective_from", "effective_until", "severity", "action", "message", "legal_basis", "legal_url",
               "channels", "regime", "description"}
SET_CELL_KEYS = {"role", "value", "header"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a rule id or alias


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
    if "remove-characters" in [action] + [r.get("action") for r in regimes] and not module.removes_characters:
        able = ", ".join(sorted(name for name, m in checks.items() if m.removes_characters))
        raise fail("action", f"action remove-characters needs a check that finds characters to remove ({able})")
    if module.phase == "file":
        actions = [action] + [r.get("action") for r in regimes]
        cell_action = next((a for a in actions if a and a not in FILE_ACTIONS), None)
        if cell_action:
            raise fail("action", f"action {cell_action} changes a cell or a column, which check {check_type} cannot: "
                       "it concludes on the whole file, once the chunks' cells are gone",
                       f"use one of {', '.join(FILE_ACTIONS)}")
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
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _ID.match(a) for a in aliases):
        raise fail("aliases", "aliases must be a list of rule ids (lower-case words joined by '-')")
    return Rule(
        id=rule_id, family=str(family), check=check_type, params=params, channels=tuple(channels),
        severity=Severity.parse(severity), action=action, legal_basis=entry.get("legal_basis", ""),
        legal_url=entry.get("legal_url"), message=message, description=description,
        effective_from=_date(entry.get("effective_from"), "effective_from", fail),
        effective_until=_date(entry.get("effective_until"), "effective_until", fail),
        regimes=regimes, regime=plain(entry.get("regime")), aliases=tuple(aliases), enabled=enabled,
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
