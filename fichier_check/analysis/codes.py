"""The prospector's vocabulary: call-result codes (RAPP, NRP, REFUS…) and prospect statuses
(CHAUD, ARRÊTÉ…), each with what it means to the rules, and the spellings a CRM export gives.

A cell is compared folded (accents and case off, punctuation to spaces: `Refus comm.`,
`REFUS-COMM` and `refus comm` are the same), so a spelling needs listing only when its words
differ (`refus de communiquer`, `ne repond pas`). The vocabulary itself is written in the rule
packs (`vocabulary:`, engine/vocabulary reads it); this module only matches cells against it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fichier_check.analysis.text import fold_words

# What a code may mean, as the rules ask for it (`ctx.code_means(kind, meaning)`).
MEANINGS = {
    "attempt": "a dial: counts towards the calls limit (D223-9), answered or not",
    "reached": "the person was reached (a conversation took place)",
    "from_prospect": "a contact coming from the prospect: restarts the 3-year retention clock",
    "refusal": "the person refused during the call (60-day cool-off, D223-9)",
    "out_of_target": "out of target: no purpose left for the row",
    "wrong_number": "the phone number is wrong",
    "callback": "a callback is planned",
    "stopped": "the prospector stopped calling this account",
    "customer": "the person is a customer",
}
KINDS = ("call_result", "status")  # the vocabulary's sections, named after the roles they read
KIND_NAMES = {"call_result": "call result", "status": "status"}  # how a report's detail names a kind


@dataclass(frozen=True)
class Code:
    """One code of the vocabulary: its canonical name, meanings and spellings (folded)."""

    name: str
    meanings: frozenset[str]
    spellings: tuple[str, ...]
    label: dict  # {"fr": …, "en": …}: what the code means, for the reports


@dataclass(frozen=True)
class Vocabulary:
    """Codes per kind (`call_result`, `status`) and whether slashed dates are read day first."""

    codes: tuple[tuple[str, tuple[Code, ...]], ...] = ()
    day_first: bool = True

    def kind(self, kind: str) -> tuple[Code, ...]:
        return dict(self.codes).get(kind, ())

    def lookup(self, kind: str) -> dict[str, Code]:
        """Folded spelling → code, for one kind."""
        table = {}
        for code in self.kind(kind):
            for spelling in (code.name, *code.spellings):
                table[fold_words(spelling)] = code
        return table


@dataclass
class CodeColumn:
    """Per row of one column: the canonical code (`""` for a blank cell, None for a value the
    vocabulary does not know) and its meanings, from one look-up per distinct value. `index`
    maps each row to its distinct value and `distinct_names` gives each distinct value's code, so
    a check can build a text once per distinct value (`texts[column.index]`)."""

    names: np.ndarray
    meanings: dict[str, np.ndarray]
    index: np.ndarray | None = None
    distinct_names: np.ndarray | None = None

    @property
    def blank(self) -> np.ndarray:
        return self.names == ""

    @property
    def unknown(self) -> np.ndarray:
        return np.equal(self.names, None)

    def means(self, meaning: str) -> np.ndarray:
        if meaning not in self.meanings:
            raise KeyError(f"unknown code meaning {meaning!r} (known: {', '.join(MEANINGS)})")
        return self.meanings[meaning]


def read_codes(codes: np.ndarray, distinct: list[str], table: dict[str, Code]) -> CodeColumn:
    """Match each distinct value of a column (`codes` index the rows into `distinct`). A cell of
    spaces or punctuation only (`-`, `?`, `/`) holds no code: it is blank, not unknown."""
    codes = np.asarray(codes, dtype=np.intp)
    found: list[Code | None] = []
    names = np.empty(len(distinct), dtype=object)
    for index, value in enumerate(distinct):
        key = fold_words(value)
        code = table.get(key) if key else None
        found.append(code)
        names[index] = "" if not key else (code.name if code else None)
    meanings = {meaning: np.array([code is not None and meaning in code.meanings for code in found], dtype=bool)[codes]
                for meaning in MEANINGS}
    return CodeColumn(names[codes], meanings, codes, names)
