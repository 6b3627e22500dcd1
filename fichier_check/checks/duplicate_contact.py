"""Flag the rows that repeat a person already on an earlier row of the file: the same e-mail, the
same phone number, or the same last name, first name and postal code. A person on several rows
gets every message several times, and what is corrected or erased on one row stays wrong on the
others (GDPR art. 5(1)(d), accuracy; the rule catalogue's `duplicate-contact`, data quality).

Compared in normal form, across the whole file (every chunk): an e-mail trimmed and in lower case,
valid and personal (a role address such as `contact@` or `info@` is shared by a company's staff:
it is no person's key); a phone as its E.164 number, valid, whichever phone column holds it
(`06 12 34 56 78` in Téléphone = `+33612345678` in Portable); a name with accents, case, spaces
and punctuation ignored, and a 4-digit postal code read with its lost leading zero (every name
column of the file — last name, first name, or one "Nom prénom" column — and the postal code
must be filled).

The first row of a person is not flagged, only the later ones, each with the spreadsheet row of
the first: drop the flagged rows and each person is left once, on the row nearest the top.
The detail says which key matched (`same e-mail as row 12`, `same phone as row 40`, `same name
and postal code as row 7`, the first kind of `keys` that matches), never the value. Rows that go
to quarantine (an objection, an invalid row…) are left out: they are not in the cleaned file, so
a kept row is only ever the duplicate of another kept row.

Params:
  keys: the kinds of key compared, in the order the detail prefers them: any of email, phone,
    name (default [email, phone, name]).

Example:
    - id: duplicate-contact
      family: data-quality
      check: duplicate_contact
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Même personne qu'une ligne précédente", en: "Same person as an earlier row"}
      params: {keys: [email, phone, name]}
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis import persons
from fichier_check.checks.base import CheckContext, FileHits, FileView, Param

TYPE = "duplicate_contact"
PHASE = "file"
PARAMS = {
    "keys": Param(list, default=list(persons.KINDS), item_type=str, choices=persons.KINDS,
                  doc="kinds of key compared, in the detail's order of preference"),
}
def validate(params: dict) -> str | None:
    keys = params["keys"]
    if not keys:
        return "keys must list at least one of " + ", ".join(persons.KINDS)
    return f"keys: {keys[0]!r} is listed twice" if len(set(keys)) < len(keys) else None


def roles(params: dict) -> list[str]:
    return [persons.key_roles(params["keys"])]


def collect(ctx: CheckContext, params: dict) -> dict[str, list[np.ndarray]]:
    return ctx.person_state(params["keys"])


def conclude(states: list[dict], view: FileView, params: dict) -> list[FileHits]:
    kept = view.quarantined() == 0
    none = np.iinfo(np.int32).max  # file rows fit in 32 bits: half the memory of these whole-file arrays
    first = np.full(len(kept), none, dtype=np.int32)  # per file row: the first row of the person, by the kind
    kind_of = np.zeros(len(kept), dtype=np.int8)  # ... whose index in `keys` is this
    for index, kind in enumerate(params["keys"]):
        rows, keys = persons.entries(states, view, kind, kept=None if kept.all() else kept)
        earlier = persons.earliest(rows, keys)
        later = earlier < rows
        found = np.full(len(kept), none, dtype=np.int32)
        np.minimum.at(found, rows[later], earlier[later])  # a row with two phones: the earlier row
        new = (found != none) & (first == none)  # the first kind listed wins
        first[new], kind_of[new] = found[new], index
    rows = np.flatnonzero(first != none)
    if not len(rows):
        return []
    words = pa.array([f"same {persons.KIND_WORDS[k]} as row " for k in params["keys"]], type=pa.string())
    numbers = pc.cast(pa.array(view.row_numbers(first[rows])), pa.string())
    details = pc.binary_join_element_wise(words.take(pa.array(kind_of[rows])), numbers, "")
    return [FileHits(rows=rows, details=details)]
