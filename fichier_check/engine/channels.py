"""Which contact channels each row of a chunk can still be reached on, after the rules' blanks
and blocks (`ChannelState`): what the post phase (`no_usable_channel`) reads and what the reports
count as reachable (moved out of `run_rules`, unchanged, when the whole-file phase made it too long).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext
from fichier_check.engine.decisions import ChunkDecisions
from fichier_check.read.columns import CHANNELS, PHONE_ROLES

CONTACT_CHANNELS = CHANNELS


@dataclass
class ChannelState:
    """Per row, after the rules: is each campaign channel still usable, and did a rule remove or
    block a contact point of the row (only such rows can lose their last channel)."""

    usable: dict[str, np.ndarray]
    touched: np.ndarray
    quarantined: np.ndarray


def channel_state(ctx: CheckContext, todo: ChunkDecisions, channels: tuple[str, ...]) -> ChannelState:
    n = ctx.n
    blanked_cols: dict[int, np.ndarray] = {}
    touched = np.zeros(n, dtype=bool)
    for col in todo.edited_columns():
        rows, values = todo.edited(col)
        emptied = rows[values == ""]
        if len(emptied):
            blanked_cols[col] = np.zeros(n, dtype=bool)
            blanked_cols[col][emptied] = True
            if ctx.columns.roles.get(col) in ("email", *PHONE_ROLES, "address"):
                touched[emptied] = True
    touched |= todo.blocked_on.any()

    def present(col: int) -> np.ndarray:
        filled = ctx.cached(("filled", col), lambda: pc.utf8_length(pc.utf8_trim_whitespace(ctx.arrow(col)))
                            .to_numpy(zero_copy_only=False) > 0)  # channel_state runs twice a chunk
        return filled & ~blanked_cols[col] if col in blanked_cols else filled

    def any_of(cols: list[int], extra=None) -> np.ndarray:
        result = np.zeros(n, dtype=bool)
        for col in cols:
            result |= present(col) & (extra(col) if extra else True)
        return result

    def address_emptied() -> np.ndarray:
        """A rule emptied the row's address (NPAI, garbage): its postal code and city left are no
        address to mail either."""
        emptied = np.zeros(n, dtype=bool)
        for col in ctx.columns.columns("address"):
            emptied |= blanked_cols.get(col, emptied)
        return emptied

    contact = {
        "email": lambda: any_of(ctx.columns.columns("email")),
        "phone": lambda: any_of(ctx.columns.phone_columns()),
        "auto_call": lambda: any_of(ctx.columns.phone_columns()),  # a robot dials any number
        "sms": lambda: any_of(ctx.columns.phone_columns(), lambda col: ctx.phones(col).mobile),
        "post": lambda: any_of(ctx.columns.columns("address")) | (any_of(ctx.columns.columns("postal_code"))
                                                                & any_of(ctx.columns.columns("city"))
                                                                & ~address_emptied()),
    }
    usable = {channel: contact[channel]() & ~todo.blocked_mask(channel) for channel in channels}
    return ChannelState(usable=usable, touched=touched, quarantined=todo.quarantine_mask())
