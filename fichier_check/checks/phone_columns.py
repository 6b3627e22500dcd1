"""What the checks that judge each phone column on its own share (not a check type itself): the
`roles` param they all take, and `phone_hits`, which runs a judgement over the columns of those
roles (`phone_invalid`, `phone_npv_prefix`, `phone_special_number`, `phone_foreign`,
`phone_sms_not_mobile`)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param

PHONE_ROLES_PARAM = Param(list, default=["phone", "mobile"], item_type=str, doc="phone roles to check")


def phone_hits(ctx: CheckContext, roles: list[str],
               judge: Callable[[Any, int], tuple[np.ndarray, Any]]) -> list[Hits]:
    """The Hits of each phone column of these roles: `judge(ctx.phones(position), position)`
    gives (mask, details) for that column."""
    hits = []
    for role in roles:
        for position in ctx.columns.columns(role):
            mask, details = judge(ctx.phones(position), position)
            hits.append(Hits(column=position, mask=mask, details=details))
    return hits
