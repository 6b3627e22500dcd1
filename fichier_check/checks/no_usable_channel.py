"""Flag rows that the other rules left with no usable contact point for the campaign's channels.

Runs after every other rule (phase "post"). A row counts only if a rule removed or blocked one of
its contact points (a blanked e-mail, a phone blocked for want of consent…) and none of the
campaign's channels (`--channel`) is left: such a row cannot be used and belongs in quarantine.
Rows that were already quarantined are not reported twice.

Params: none.

Example:
    - id: no-usable-channel
      family: channels
      check: no_usable_channel
      severity: info
      action: quarantine
      message: {fr: "Plus aucun canal utilisable", en: "No usable channel left"}
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits

TYPE = "no_usable_channel"
PHASE = "post"
PARAMS: dict = {}


def roles(params: dict) -> list[str]:
    return []


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    state = ctx.channels
    usable = np.zeros(ctx.n, dtype=bool)
    for channel in ctx.campaign_channels:
        usable |= state.usable.get(channel, np.zeros(ctx.n, dtype=bool))
    return [Hits(column=None, mask=state.touched & ~usable & ~state.quarantined)]
