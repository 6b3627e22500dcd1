"""The registry of check types: the YAML `check:` name → its module. Adding a check type is one
module in this folder and one line in CHECK_MODULES (see docs/architecture.md)."""
from __future__ import annotations

import importlib

from fichier_check.checks.base import CheckModule

# One line per check module of this folder; its TYPE is the name rules use in `check:`.
CHECK_MODULES = (
    "attempts_without_contact",
    "b2b_webmail",
    "bloctel_check_stale",
    "callback_outside_slot",
    "calls_over_limit",
    "cell_too_long",
    "channel_unsubscribed",
    "code_meaning",
    "code_unknown",
    "column_collected",
    "company_id",
    "consent_missing",
    "control_characters",
    "customer_type_inconsistent",
    "customer_type_missing",
    "date_unreadable",
    "duplicate_contact",
    "email_invalid",
    "email_noreply",
    "email_typo_domain",
    "formula_injection",
    "list_match",
    "malformed_row",
    "nir",
    "no_usable_channel",
    "npai_address",
    "optin_proof",
    "optin_unrecognised",
    "payment_data",
    "person_propagation",
    "phone_foreign",
    "phone_invalid",
    "phone_npv_prefix",
    "phone_shared",
    "phone_sms_not_mobile",
    "phone_special_number",
    "postal_code",
    "refusal_cooldown",
    "retention_date_missing",
    "retention_expired",
    "sector_ban",
    "sensitive_column",
    "sensitive_term",
    "soft_optin_purchase",
    "source_missing",
    "source_term",
    "unmapped_column",
)


def _register(name: str) -> CheckModule:
    module = importlib.import_module(f"{__name__}.{name}")
    return CheckModule(
        type=module.TYPE,
        params=module.PARAMS,
        roles=module.roles,
        check=getattr(module, "check", None),
        doc=module.__doc__ or "",
        lists=getattr(module, "lists", lambda params: []),
        lookups=getattr(module, "lookups", lambda params: []),
        phase=getattr(module, "PHASE", "rows"),
        validate=getattr(module, "validate", None),
        skip=getattr(module, "skip", None),
        removes_characters=getattr(module, "REMOVES_CHARACTERS", False),
        needs_sector=getattr(module, "NEEDS_SECTOR", False),
        collect=getattr(module, "collect", None),
        conclude=getattr(module, "conclude", None),
    )


CHECKS: dict[str, CheckModule] = {check.type: check for check in map(_register, CHECK_MODULES)}
