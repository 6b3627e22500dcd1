"""The registry of check types: the YAML `check:` name → its module. Adding a check type is one
module in this folder and one line here."""
from __future__ import annotations

from types import ModuleType

from fichier_check.checks.base import CheckModule

from fichier_check.checks import (  # noqa: E402  (one import per check module)
    consent_missing,
    email_invalid,
    formula_injection,
    list_match,
    nir,
    no_usable_channel,
    optin_unrecognised,
    phone_invalid,
    sensitive_column,
    sensitive_term,
)

_MODULES: list[ModuleType] = [
    consent_missing,
    email_invalid,
    formula_injection,
    list_match,
    nir,
    no_usable_channel,
    optin_unrecognised,
    phone_invalid,
    sensitive_column,
    sensitive_term,
]


def _register(module: ModuleType) -> CheckModule:
    return CheckModule(
        type=module.TYPE,
        params=module.PARAMS,
        roles=module.roles,
        check=module.check,
        doc=module.__doc__ or "",
        lists=getattr(module, "lists", lambda params: []),
        lookups=getattr(module, "lookups", lambda params: []),
        phase=getattr(module, "PHASE", "rows"),
        validate=getattr(module, "validate", None),
    )


CHECKS: dict[str, CheckModule] = {m.TYPE: _register(m) for m in _MODULES}
