"""Which rows hold a contact point for a channel (not a check type: what the rules that block a
channel share, so that they flag only the rows the block changes). `email`: an e-mail cell;
`phone` and `auto_call`: a phone cell; `sms`: a mobile number in a phone column (the numbering
plan's judgement, as the channel count reads it); any other channel (`post`): every row. Once per
chunk and channel, for every rule that asks."""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext


def reachable_on(ctx: CheckContext, channels) -> np.ndarray:
    """Per row: does the row hold a contact point for one of `channels`?"""
    out = np.zeros(ctx.n, dtype=bool)
    for channel in channels:
        out |= ctx.cached(("reachable-on", channel), lambda: _reachable(ctx, channel))
    return out


def _reachable(ctx: CheckContext, channel: str) -> np.ndarray:
    if channel == "email":
        out = np.zeros(ctx.n, dtype=bool)
        for position in ctx.columns.columns("email"):
            out |= ~ctx.emails(position).blank
        return out
    if channel in ("phone", "auto_call", "sms"):
        out = np.zeros(ctx.n, dtype=bool)
        for position in ctx.columns.phone_columns():
            phones = ctx.phones(position)
            out |= phones.mobile if channel == "sms" else ~phones.blank
        return out
    return np.ones(ctx.n, dtype=bool)
