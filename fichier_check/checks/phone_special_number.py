"""Flag a special-rate or short number: a toll-free (080…), special-rate (0806…0809), shared-cost
or premium-rate number (081… to 089…), or a short number (3949, 118 218, 15, 1010…). These reach
a service, a hotline or a switchboard, not a person: keeping them as a prospect's phone is
inaccurate data (GDPR art. 5(1)(d); the rule catalogue's data-quality rule, no specific CNIL text).
The row is tagged; the number is kept.

The kinds are those of France's numbering plan as phonenumbers' metadata describes it, read on
the number's national form (`+33 8 00…` is `0800…`): for 08… numbers only valid ones (an invalid
08 number is `phone-invalid`'s); a short number is one of 2, 3, 4 or 6 digits that the plan's
short codes hold (phone-invalid also flags it, as too short for a line). Five-digit numbers pass
(SMS services in the plan, but far more often a truncated number), as do 09 numbers (box lines)
and every ordinary French or foreign number. The detail names the kind, never the number.

Params:
  roles: phone roles to check (default [phone, mobile]).

Example:
    - id: phone-special-number
      family: phone-quality
      check: phone_special_number
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Numéro spécial ou court", en: "Special-rate or short number"}
"""
from __future__ import annotations

from fichier_check.analysis.phones.kinds import SPECIAL_KINDS, special_kinds, texts_at
from fichier_check.checks.base import CheckContext, Hits
from fichier_check.checks.phone_columns import PHONE_ROLES_PARAM, phone_hits

TYPE = "phone_special_number"
PARAMS = {"roles": PHONE_ROLES_PARAM}
_TEXTS = [f"{kind}: not a personal line" for kind in SPECIAL_KINDS]


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    def judge(phones, _) -> tuple:
        found = special_kinds(phones.keys, phones.valid)
        return found >= 0, texts_at(found, _TEXTS)
    return phone_hits(ctx, params["roles"], judge)
