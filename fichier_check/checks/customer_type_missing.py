"""Flag a row whose customer type says neither consumer nor professional: the cell is blank, or
holds a word the type vocabulary does not know (`Prospect`, `Client`, `Premium`…). Such a row is
treated as a consumer (B2C: consent before e-mail, SMS and phone canvassing, Bloctel, call hours),
the strictest default (rule catalogue §1), which may block channels a professional contact would
keep; the finding says so, so that someone fills the type in.

The type is read as everywhere (`analysis/values`: particulier, part., B2C, consommateur… →
consumer; professionnel, pro, entreprise, société, B2B, PME… → professional). A file without any
customer-type column makes ONE file-level finding ("no customer-type column: every row treated as
a consumer"), never one a row. The detail says whether the cell was blank or unrecognised, never
its value.

Params: none.

Example:
    - id: customer-type-missing
      family: data-quality
      check: customer_type_missing
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Type de client manquant : règles consommateur appliquées", en: "Customer type missing: consumer rules applied"}
"""
from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "customer_type_missing"
PARAMS: dict[str, Param] = {}
NO_COLUMN = "no customer-type column: every row treated as a consumer (B2C rules applied)"
BLANK = "blank customer type: consumer (B2C) rules applied"
UNRECOGNISED = "customer type neither consumer nor professional: consumer (B2C) rules applied"


def roles(params: dict) -> list[str]:
    return []  # the absence of the column is this rule's finding, not a reason to skip it


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    position = ctx.columns.first("customer_type")
    if position is None:
        return [Hits(column=None, header_only=True, header_detail=NO_COLUMN)]
    unknown = ctx.customer_types() == "unknown"
    if not unknown.any():
        return []
    blank = pc.utf8_length(pc.utf8_trim_whitespace(pc.fill_null(ctx.arrow(position), ""))).to_numpy(
        zero_copy_only=False) == 0
    details = np.array([UNRECOGNISED, BLANK], dtype=object)[blank.view(np.int8)]
    return [Hits(column=position, mask=unknown, details=details)]
