"""Flag phone numbers that phonenumbers says are invalid (default region FR). Accepted: national
forms (`06 12 34 56 78`, `06.12.34.56.78`), +33 and 0033 prefixes, overseas departments under their
own codes (+590, +594, +596, +262, +269) or in national form (`0690…`). `+33 690…` is invalid:
those numbers belong to Guadeloupe's +590. Inaccurate data must be corrected or erased (GDPR art.
5(1)(d)); prospectors mark a wrong number `ERR` in the call result, which the rule's `set_cell`
does in the cleaned file while keeping the number for correction.

Params:
  roles: phone roles to check (default [phone, mobile]).

Example:
    - id: phone-invalid
      family: phone-quality
      check: phone_invalid
      severity: warning
      action: tag
      set_cell: {role: call_result, value: ERR, header: "Résultat appel"}
      legal_basis: "RGPD art. 5(1)(d)"
      message: {fr: "Numéro de téléphone invalide", en: "Invalid phone number"}
"""
from __future__ import annotations

from fichier_check.checks.base import CheckContext, Hits
from fichier_check.checks.phone_columns import PHONE_ROLES_PARAM, phone_hits

TYPE = "phone_invalid"
PARAMS = {"roles": PHONE_ROLES_PARAM}


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    return phone_hits(ctx, params["roles"], lambda phones, _: (~phones.blank & ~phones.valid, phones.reason))
