"""Block SMS for a row whose SMS number is not a mobile: a valid number that phonenumbers does not
type as a mobile (a landline, a 09 box line, an 08 number) in a column the file keeps for mobiles
cannot receive a text; the SMS platform would send to it anyway. A landline is not personal data
one may text (CPCE L34-5 gives the SMS channel its own consent), and since ARCEP's 2023 plan
mobiles are 06/07 in France, 0639, 0690, 0694, 0696… overseas: the type comes from phonenumbers'
metadata for each number's region, never from a hard-coded 06/07.

Which column is an SMS column: one with the `mobile` role (Portable, Mobile, GSM…), as the file
says. A landline in a `phone` column (Téléphone, Fixe, Standard) is in order and passes: the SMS
channel already counts only the mobiles of the row (a row with no mobile is simply not reachable
by SMS), so flagging it would tag every business switchboard. Add `phone` to `roles` to check
those columns too. Blank cells and invalid numbers (`phone-invalid`'s) pass.

The detail says the number is not a mobile and, when another phone column of the row holds a
valid mobile, that it may belong in the SMS column (the columns swapped), never the number.

Params:
  roles: phone roles read as SMS columns (default [mobile]).

Example:
    - id: phone-sms-not-mobile
      family: phone-quality
      check: phone_sms_not_mobile
      channels: [sms]
      severity: warning
      action: block
      legal_basis: "CPCE art. L34-5 ; ARCEP décision n° 2022-1583 (06/07 pour les communications interpersonnelles)"
      message: {fr: "Numéro SMS qui n'est pas un mobile", en: "SMS number that is not a mobile"}
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.phone_columns import phone_hits

TYPE = "phone_sms_not_mobile"
PARAMS = {"roles": Param(list, default=["mobile"], item_type=str, doc="phone roles read as SMS columns")}
_ALONE = "not a mobile number: cannot receive SMS"
_SWAPPED = _ALONE + "; another phone column of the row holds a mobile (columns swapped?)"


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    def judge(phones, position: int) -> tuple:
        landline = phones.valid & ~phones.mobile
        if not landline.any():
            return landline, None
        elsewhere = np.zeros(ctx.n, dtype=bool)
        for other in ctx.columns.phone_columns():
            if other != position:
                elsewhere |= ctx.phones(other).mobile
        return landline, np.where(elsewhere, _SWAPPED, _ALONE).astype(object)
    return phone_hits(ctx, params["roles"], judge)
