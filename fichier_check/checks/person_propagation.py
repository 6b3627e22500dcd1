"""Extend to every row of a person what other rules decided on one of them: when a row is
quarantined for an objection or a refusal, the same person's other rows follow, wherever they
are in the file. An objection to marketing is the person's, not the row's (GDPR art. 21(2)-(3):
it is absolute and covers every channel), so a file that holds the person twice, with the
objection noted on one row only, must not leave the other row in the cleaned file.

The same person: rows linked by a shared key, transitively (A shares an e-mail with B, B a phone
with C: A, B and C are one person) — the keys of `duplicate_contact`: a valid personal e-mail in
normal form (role addresses such as `contact@` excluded: a company shares them), a valid phone as
its E.164 number, last name + first name + postal code folded. Whichever row comes first: an
objection on the last row of the file reaches the first. Every row counts as a link, quarantined
or not. Each flagged row's detail names the row that carried the decision and its rule (`same
person as row 12, quarantined by opposition-flag`, the nearest the top when several did), never a
value.

`follow: quarantine` (default) follows the rows those rules quarantined; `follow: block` the rows
they blocked on some channel (a rule whose action is `block`), for a rule that blocks the other
rows on its own channels (a refusal's cooldown, for instance). The rules of `from_rules` that are
not in force, or not in the packs, contribute nothing.

Params:
  from_rules: the ids of the rules whose decision is extended (default [opposition,
    opposition-flag, refusal-result-code]).
  follow: quarantine (default) or block: which of their decisions is extended.
  keys: the kinds of key that make the same person: any of email, phone, name (default all three).
  max_rows_per_key: a key held by more rows than this links none of them (a company switchboard,
    a placeholder number shared by hundreds of rows); null (default): no limit, the strict reading.

Example:
    - id: objection-propagated
      family: opposition
      check: person_propagation
      severity: error
      action: quarantine
      legal_basis: "RGPD art. 21(2)-(3)"
      message: {fr: "Même personne qu'une ligne opposée", en: "Same person as a row that objected"}
      params: {from_rules: [opposition, opposition-flag, refusal-result-code]}
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis import persons
from fichier_check.checks.base import CheckContext, FileHits, FileView, Param
from fichier_check.read.columns import CHANNELS

TYPE = "person_propagation"
PHASE = "file"
PARAMS = {
    "from_rules": Param(list, default=["opposition", "opposition-flag", "refusal-result-code"], item_type=str,
                        doc="ids of the rules whose decision is extended"),
    "follow": Param(str, default="quarantine", choices=("quarantine", "block"), doc="which decision is extended"),
    "keys": Param(list, default=list(persons.KINDS), item_type=str, choices=persons.KINDS,
                  doc="kinds of key that make the same person"),
    "max_rows_per_key": Param((int, type(None)), default=None, doc="a key on more rows links none of them"),
}
def validate(params: dict) -> str | None:
    if not params["from_rules"]:
        return "from_rules must name at least one rule"
    if not params["keys"] or len(set(params["keys"])) < len(params["keys"]):
        return "keys must list each of " + ", ".join(persons.KINDS) + " at most once, and one at least"
    limit = params["max_rows_per_key"]
    return "max_rows_per_key must be 2 or more (or null: no limit)" if limit is not None and limit < 2 else None


def roles(params: dict) -> list[str]:
    return [persons.key_roles(params["keys"])]


def collect(ctx: CheckContext, params: dict) -> dict[str, list[np.ndarray]]:
    return ctx.person_state(params["keys"])


def conclude(states: list[dict], view: FileView, params: dict) -> list[FileHits]:
    rules = params["from_rules"]
    source = view.quarantined(rules) if params["follow"] == "quarantine" else view.blocked(rules, CHANNELS)
    if not source.any():
        return []
    parts = [persons.links(*persons.entries(states, view, kind), params["max_rows_per_key"])
             for kind in params["keys"]]
    # every linked row grouped at once (a few rounds of pointer jumping, however long the chains:
    # a walk from the rows that carry the decision took a step per link, quadratic on a chain)
    rows, group = persons.components(np.concatenate([rows for rows, _ in parts]),
                                     np.concatenate([keys for _, keys in parts]))
    carrying = source[rows] > 0
    # the first carrying row of each group (rows are in file order: np.unique keeps the first index)
    groups, first = np.unique(group[carrying], return_index=True)
    origin = rows[carrying][first]
    at = np.minimum(np.searchsorted(groups, group), max(len(groups) - 1, 0))
    follows = ~carrying & (groups[at] == group) if len(groups) else np.zeros(len(rows), dtype=bool)
    if not follows.any():
        return []
    origins = origin[at[follows]]
    verb = "quarantined" if params["follow"] == "quarantine" else "blocked"
    names = pa.array([f", {verb} by {rule}" for rule in rules], type=pa.string())
    details = pc.binary_join_element_wise(
        "same person as row ", pc.cast(pa.array(view.row_numbers(origins)), pa.string()),
        names.take(pa.array(source[origins].astype(np.int64) - 1)), "")
    return [FileHits(rows=rows[follows], details=details)]
