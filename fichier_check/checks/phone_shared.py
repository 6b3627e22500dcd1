"""Tag the rows whose phone number is shared by several different persons: the same valid number
(its E.164 form, whichever phone column holds it) on rows of at least `min_persons` different last
names, across the whole file. Such a number is a company switchboard, a shared office line or a
family landline, not any one person's line: a call reaches someone else, and whatever one of
them asks (an objection, a callback) cannot be told apart. Data quality (GDPR art. 5(1)(d),
accuracy; the rule catalogue's `phone-shared`, no specific CNIL text). Informative: the rows are
tagged, the number kept.

Persons are told apart by their last name, folded as `analysis/persons` does (`Roux`, `ROUX` and
`Roux A.`'s `Roux` are one), so a family sharing its landline (one last name) is one person and
passes; rows without a last name hold the number but do not count as persons. Every row holding
the number and staying in the cleaned file is tagged; rows going to quarantine (an objection, no
channel left…) neither count nor are tagged, so auditing the cleaned file again finds the same. The detail gives how many persons share the
number ("number shared by 3 persons"), never the number or the names. The rule needs a phone
column and a last-name column (without one, persons cannot be told apart: the rule is skipped).

Params:
  min_persons: how many different persons make a number shared (default 3, at least 2).

Example:
    - id: phone-shared
      family: phone-quality
      check: phone_shared
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Numéro partagé par plusieurs personnes", en: "Number shared by several persons"}
      params: {min_persons: 3}
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis import persons
from fichier_check.checks.base import CheckContext, FileHits, FileView, Param

TYPE = "phone_shared"
PHASE = "file"
PARAMS = {"min_persons": Param(int, default=3, doc="different persons (last names) that make a number shared")}


def validate(params: dict) -> str | None:
    return "min_persons must be at least 2" if params["min_persons"] < 2 else None


def roles(params: dict) -> list[str]:
    return [persons.key_roles(["phone"]), "last_name"]


def collect(ctx: CheckContext, params: dict) -> dict[str, list[np.ndarray]]:
    return ctx.person_state(["phone"])  # the same cached keys as duplicate-contact's


def conclude(states: list[dict], view: FileView, params: dict) -> list[FileHits]:
    if not states or not all(state.get("who") for state in states):
        return []
    rows, keys = persons.every_shared(states, view, "phone")  # sorted by number
    kept = view.quarantined()[rows] == 0  # the cleaned file's rows: auditing it again finds the same
    rows, keys = rows[kept], keys[kept]
    if not len(rows):
        return []
    who = np.concatenate([state["who"][0] for state in states])[rows]
    named = who != 0
    numbers, names = keys[named], who[named]
    order = np.lexsort((names, numbers))
    numbers, names = numbers[order], names[order]
    starts = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]]) if len(numbers) else np.zeros(0, np.int64)
    other_name = np.r_[True, names[1:] != names[:-1]] if len(names) else np.zeros(0, bool)
    other_name[starts] = True  # each (number, name) once
    counts = np.add.reduceat(other_name.astype(np.int64), starts) if len(starts) else np.zeros(0, np.int64)
    numbers = numbers[starts]
    wide = counts >= params["min_persons"]
    if not wide.any():
        return []
    index = np.minimum(np.searchsorted(numbers, keys), len(numbers) - 1)
    held = (numbers[index] == keys) & wide[index]
    per_row = np.zeros(view.rows, dtype=np.int32)  # a row holding two shared numbers: the larger count
    np.maximum.at(per_row, rows[held], counts[index[held]])
    flagged = np.flatnonzero(per_row)
    details = pc.binary_join_element_wise("number shared by ", pc.cast(pa.array(per_row[flagged]), pa.string()),
                                          " persons", "")
    return [FileHits(rows=flagged, details=details)]
