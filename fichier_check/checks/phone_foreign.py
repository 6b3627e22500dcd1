"""Flag a valid number whose country code is not France's or one of its overseas areas': the
French rules this audit applies (the hours and days of art. D223-9 C. conso., read in the
consumer's time zone; Bloctel; the ARCEP numbering) may not fit it, and the call slots are not
France's. Informative: the row is tagged for someone to decide, the number is kept.

The country code is that of the number's E.164 form (`+44 20…`, `0044 20…`). French numbers
written nationally (`06…`, `0690…` Guadeloupe, `0262…` Réunion, `0269…` Mayotte) are French:
overseas departments have codes of their own (+590, +594, +596, +262), and so do the other
overseas areas (+508, +681, +687, +689). An invalid number is `phone-invalid`'s finding, not this
rule's. Mayotte is +262 since 2007: +269 is the Comoros, so it is not among the defaults. The
detail gives the country code and its main region (`+44 (GB…)`), never the number.

Params:
  roles: phone roles to check (default [phone, mobile]).
  home_codes: the country codes that are not foreign, digits without `+` (default: 33, 262, 508,
    590, 594, 596, 681, 687, 689).

Example:
    - id: phone-foreign
      family: phone-quality
      check: phone_foreign
      severity: info
      action: tag
      legal_basis: "C. conso. art. D223-9 (fuseau horaire du consommateur)"
      message: {fr: "Numéro étranger", en: "Foreign number"}
      params:
        home_codes: ["33", "262", "508", "590", "594", "596", "681", "687", "689"]
"""
from __future__ import annotations

import numpy as np
import phonenumbers

from fichier_check.analysis.phones.kinds import country_codes, region_names, texts_at
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.phone_columns import PHONE_ROLES_PARAM, phone_hits

TYPE = "phone_foreign"
HOME_CODES = ["33", "262", "508", "590", "594", "596", "681", "687", "689"]
PARAMS = {
    "roles": PHONE_ROLES_PARAM,
    "home_codes": Param(list, default=HOME_CODES, item_type=str, doc="country codes that are not foreign (digits)"),
}


def validate(params: dict) -> str | None:
    bad = [c for c in params["home_codes"]
           if not c.isdigit() or int(c) not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE]
    return f"home_codes: {bad[0]!r} is not a country code (digits without +, such as \"33\")" if bad else None


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    home = np.array([int(c) for c in params["home_codes"]], dtype=np.int64)
    def judge(phones, _) -> tuple:
        codes = country_codes(phones.keys)
        foreign = phones.valid & (codes > 0) & ~np.isin(codes, home)
        if not foreign.any():
            return foreign, None
        seen, index = np.unique(codes[foreign], return_inverse=True)
        found = np.full(len(codes), -1, dtype=np.int64)
        found[foreign] = index
        return foreign, texts_at(found, [f"country code {region_names(c)}: not France or its overseas areas"
                                         for c in seen.tolist()])
    return phone_hits(ctx, params["roles"], judge)
