"""Flag a valid French number that starts with one of ARCEP's NPV prefixes ("numéros polyvalents
vérifiés"): since 2023-01-01 (ARCEP décision n° 2022-1583), the platforms that call or text
automatically must use these numbers, and 06/07 are kept for person-to-person use. A prospect's
number with such a prefix is therefore most likely the call centre that once called, not the
prospect: inaccurate data (GDPR art. 5(1)(d)). The row is tagged for someone to check it.

Compared on the national form, whatever way the number is written: `+33 1 62 12 34 56`,
`0033162123456` and `01.62.12.34.56` are all `0162…`. Only valid numbers are looked at (an
invalid one is `phone-invalid`'s); `0161…`, `0164…`, `0937…` (multipurpose numbers of delivery
and reminder platforms, not canvassing) pass. The detail names the prefix found, never the number.

Params:
  roles: phone roles to check (default [phone, mobile]).
  prefixes: the NPV prefixes in national form, each `0` then 3 or 4 digits (default: ARCEP's
    metropolitan 0162, 0163, 0270, 0271, 0377, 0378, 0424, 0425, 0568, 0569, 0948, 0949 and
    overseas 09475 to 09479; the shipped rule lists them).

Example:
    - id: phone-npv-prefix
      family: phone-quality
      check: phone_npv_prefix
      severity: warning
      action: tag
      legal_basis: "ARCEP décision n° 2022-1583 ; RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Numéro d'une plateforme d'appels (préfixe NPV)", en: "Call-platform number (NPV prefix)"}
      params:
        prefixes: ["0162", "0163", "0270", "0271", "0377", "0378", "0424", "0425", "0568", "0569"]
"""
from __future__ import annotations

import re

import numpy as np

from fichier_check.analysis.phones.kinds import prefix_index, texts_at
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.phone_columns import PHONE_ROLES_PARAM, phone_hits

TYPE = "phone_npv_prefix"
PREFIXES = ["0162", "0163", "0270", "0271", "0377", "0378", "0424", "0425", "0568", "0569", "0948", "0949",
            "09475", "09476", "09477", "09478", "09479"]
PARAMS = {
    "roles": PHONE_ROLES_PARAM,
    "prefixes": Param(list, default=PREFIXES, item_type=str, doc="NPV prefixes in national form (0 + 3 or 4 digits)"),
}
_PREFIX = re.compile(r"0[1-9][0-9]{2,3}")


def validate(params: dict) -> str | None:
    if not params["prefixes"]:
        return "prefixes must list at least one prefix"
    bad = [p for p in params["prefixes"] if not _PREFIX.fullmatch(p)]
    return f"prefixes: {bad[0]!r} is not a national prefix such as \"0162\" (0, then 3 or 4 digits)" if bad else None


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    prefixes = params["prefixes"]
    texts = [f"NPV prefix {p} (automated calling platforms)" for p in prefixes]
    def judge(phones, _) -> tuple:
        found = np.where(phones.valid, prefix_index(phones.keys, prefixes), -1)
        return found >= 0, texts_at(found, texts)
    return phone_hits(ctx, params["roles"], judge)
