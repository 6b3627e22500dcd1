"""A call history (`--calls FILE`: one line per call, the contact's phone or e-mail, the date, an
optional result code) indexed for the call-pressure rules, compactly enough for millions of lines.

The file is read by `read/call_history.py`; this module only holds and answers:

- Contacts are int64 keys: a phone is its E.164 digits (`+33612345678` → 33612345678, the key
  the suppression lists use), an e-mail the 63-bit hash of its normal form with the sign bit set
  (so never a phone's key), 0 none. Every line names one person or more keys of the same person:
  keys that share a line are one person (connected components over the keys, numpy only), so a
  call logged by number and one logged by e-mail both count for someone whose row gives both.
- The calls are kept sorted by (person, day, minute, line): per person, one slice of plain arrays.
  `pressure(window, max_calls, as_of)` gives, per person, the most calls in any window of `window`
  calendar days (and its first and last day), the calls in the `window` days up to `as_of` and the
  first day a new call keeps within the limit; `attempts(lookup)` the latest consecutive calls
  whose result is an attempt without contact. Both are a few vectorised passes, cached per
  parameters.
- `match(phone_keys, email_keys)` gives each row of a chunk its person (a hash-index lookup per
  column). A row whose keys belong to several persons of the history (its phone on some lines,
  its e-mail on others, never together) is answered from the union of their calls.

Nothing personal is kept beyond what the join needs: phones as integers, e-mails as hashes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from fichier_check.analysis.codes import Code, read_codes
from fichier_check.analysis.call_windows import Attempts, Pressure, attempts_per_group, pressure_per_group
from fichier_check.analysis.dates import NO_DAY
from fichier_check.analysis.persons import connected

_SIGN = np.uint64(1 << 63)
NONE = -1  # no person


def email_keys(normalised: pa.Array | np.ndarray) -> np.ndarray:
    """The int64 key of each normalised e-mail ("" → 0): a 63-bit hash with the sign bit set."""
    values = normalised.to_numpy(zero_copy_only=False) if isinstance(normalised, (pa.Array, pa.ChunkedArray)) \
        else np.asarray(normalised, dtype=object)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    if not len(uniques):
        return np.zeros(len(values), dtype=np.int64)
    hashed = (pd.util.hash_array(uniques) >> np.uint64(1)) | _SIGN
    keys = hashed.view(np.int64)
    keys[uniques == ""] = 0
    return keys[codes]


@dataclass
class CallHistory:
    """The calls of a `--calls` file, grouped per person (see the module docstring)."""

    path: str
    sha256: str
    lines: int  # data lines read
    person: np.ndarray  # int64 per call, sorted
    day: np.ndarray  # int64 day numbers, sorted within a person
    minute: np.ndarray  # int16 minute of the day, -1 none
    result: np.ndarray  # int32 code into `results`
    results: list[str]  # the distinct result cells ("" when the file has no result column)
    keys: pd.Index  # contact keys …
    key_person: np.ndarray  # … and their person
    rejected: dict = field(default_factory=dict)  # why → (count, first line numbers)
    has_results: bool = False
    warnings: list = field(default_factory=list)  # for the reports: lines not counted, by number
    kind: str = "calls"
    sources: tuple = ()  # not a suppression list: the reports' list tables do not show it
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, line_keys: list[np.ndarray], day: np.ndarray, minute: np.ndarray, result: np.ndarray,
              results: list[str], **info) -> "CallHistory":
        """From per-line arrays of the usable lines: `line_keys` one int64 key array per contact
        column (0: none), in file order."""
        n = len(day)
        stacked = np.stack(line_keys) if line_keys else np.zeros((0, n), dtype=np.int64)
        present = stacked != 0
        keys, node = np.unique(stacked[present], return_inverse=True)
        nodes = np.full(stacked.shape, -1, dtype=np.int64)
        nodes[present] = node
        # the first key of each line, and an edge from it to every other key of the line
        first = nodes[np.argmax(present, axis=0), np.arange(n)] if n else np.zeros(0, dtype=np.int64)
        rows, cols = np.nonzero(present.T)
        others = nodes.T[rows, cols]
        edge = others != first[rows]
        component = connected(len(keys), first[rows][edge], others[edge])
        _, person_of_node = np.unique(component, return_inverse=True)
        person = person_of_node[first] if n else np.zeros(0, dtype=np.int64)
        order = np.lexsort((np.arange(n), minute, day, person))
        return cls(person=person[order].astype(np.int64), day=day[order].astype(np.int64),
                   minute=minute[order].astype(np.int16), result=result[order].astype(np.int32), results=results,
                   keys=pd.Index(keys), key_person=person_of_node.astype(np.int64), **info)

    # -- per person ---------------------------------------------------------------------------------
    @property
    def calls(self) -> int:
        return len(self.day)

    @property
    def persons(self) -> int:
        return int(self.key_person.max()) + 1 if len(self.key_person) else 0

    def pressure(self, window: int, max_calls: int, as_of: int) -> Pressure:
        """Per person: see `Pressure` (cached per parameters)."""
        key = ("pressure", window, max_calls, as_of)
        if key not in self._cache:
            self._cache[key] = pressure_per_group(self.person, self.day, self.persons, window, max_calls, as_of)
        return self._cache[key]

    def without_contact(self, lookup: dict[str, Code]) -> np.ndarray:
        """Per call: its result is a known code meaning an attempt and not `reached`."""
        key = ("no-contact", _lookup_key(lookup))
        if key not in self._cache:
            codes = read_codes(np.arange(len(self.results)), self.results, lookup)
            per_result = codes.means("attempt") & ~codes.means("reached") & ~codes.unknown & ~codes.blank
            self._cache[key] = per_result[self.result] if len(self.results) else np.zeros(self.calls, dtype=bool)
        return self._cache[key]

    def attempts(self, lookup: dict[str, Code]) -> Attempts:
        """Per person: the latest calls in a row without contact (see `Attempts`)."""
        key = ("attempts", _lookup_key(lookup))
        if key not in self._cache:
            self._cache[key] = attempts_per_group(self.person, self.day, self.without_contact(lookup), self.persons)
        return self._cache[key]

    # -- rows ---------------------------------------------------------------------------------------
    def match(self, phone_keys: list[np.ndarray], email_keys_: list[np.ndarray]) -> "RowMatch":
        """Each row's person from its contact keys (several columns); see `RowMatch`."""
        columns = [k for k in (*phone_keys, *email_keys_)]
        n = len(columns[0]) if columns else 0
        found = np.full((len(columns), n), NONE, dtype=np.int64)
        for i, keys in enumerate(columns):
            position = self.keys.get_indexer(keys) if len(self.keys) else np.full(n, -1)
            hit = (position >= 0) & (keys != 0)
            found[i, hit] = self.key_person[position[hit]]
        if not len(columns):
            return RowMatch(np.full(0, NONE, dtype=np.int64), {})
        best = found.max(axis=0)
        low = np.where(found >= 0, found, np.iinfo(np.int64).max).min(axis=0)
        several = np.flatnonzero((best >= 0) & (low != best))
        unions = {}
        for row in several.tolist():  # rows whose keys name several persons: rare, answered from their union
            unions.setdefault(tuple(sorted(set(found[:, row][found[:, row] >= 0].tolist()))), []).append(row)
        return RowMatch(best, unions)

    def row_pressure(self, match: "RowMatch", window: int, max_calls: int, as_of: int) -> Pressure:
        rows = self.pressure(window, max_calls, as_of).take(match.person)
        if match.unions:
            union = self._union(match)
            groups = pressure_per_group(union.person, self.day[union.calls], len(match.unions), window, max_calls, as_of)
            for name, values in vars(groups).items():
                getattr(rows, name)[union.rows] = values[union.group]
        return rows

    def row_attempts(self, match: "RowMatch", lookup: dict[str, Code]) -> Attempts:
        rows = self.attempts(lookup).take(match.person)
        if match.unions:
            union = self._union(match)
            groups = attempts_per_group(union.person, self.day[union.calls], self.without_contact(lookup)[union.calls],
                               len(match.unions))
            rows.run[union.rows], rows.last_day[union.rows] = groups.run[union.group], groups.last_day[union.group]
        return rows

    def _union(self, match: "RowMatch") -> "_Union":
        """The calls of each set of persons some rows name, as pseudo-persons sorted like the others."""
        starts = np.searchsorted(self.person, np.arange(self.persons + 1))
        calls, person, rows, group = [], [], [], []
        for number, (persons, members) in enumerate(match.unions.items()):
            taken = np.concatenate([np.arange(starts[p], starts[p + 1]) for p in persons])
            calls.append(taken)
            person.append(np.full(len(taken), number, dtype=np.int64))
            rows.extend(members)
            group.extend([number] * len(members))
        calls_, person_ = np.concatenate(calls), np.concatenate(person)
        order = np.lexsort((calls_, self.minute[calls_], self.day[calls_], person_))
        return _Union(calls_[order], person_[order], np.array(rows, dtype=np.int64), np.array(group, dtype=np.int64))

    def stats(self) -> dict:
        """For the report: what the file held (counts and line numbers only, never a value)."""
        return {"kind": self.kind, "path": self.path, "sha256": self.sha256, "lines": self.lines,
                "calls": self.calls, "contacts": self.persons, "results": self.has_results,
                "rejected": {why: {"lines": count, "first_lines": list(first)}
                             for why, (count, first) in self.rejected.items()}}


def _lookup_key(lookup: dict[str, Code]) -> tuple:
    return tuple(sorted((spelling, code.name) for spelling, code in lookup.items()))


@dataclass
class RowMatch:
    """Per row of a chunk: its person in the history (NONE: no call), and the rows whose keys
    name several persons, by set of persons."""

    person: np.ndarray
    unions: dict[tuple[int, ...], list[int]]


@dataclass
class _Union:
    calls: np.ndarray  # indices of the history's calls
    person: np.ndarray  # pseudo-person of each, sorted
    rows: np.ndarray  # the chunk rows answered …
    group: np.ndarray  # … from this pseudo-person


def count_texts(counts: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(counts, dtype=np.int64)).cast(pa.large_string())


_COUNT = re.compile(r"\s*\+?(\d{1,6})(?:[.,]0*)?\s*")


def read_counts(codes: np.ndarray, distinct: list[str]) -> np.ndarray:
    """A count per row (`5`, ` 5 `, `5.0` as a workbook writes it), NONE when blank or not a
    whole number; parsed once per distinct value (`codes` index the rows into `distinct`)."""
    if not len(distinct):
        return np.zeros(0, dtype=np.int64)
    parsed = [_COUNT.fullmatch(value) for value in distinct]
    values = np.array([int(m.group(1)) if m else NONE for m in parsed], dtype=np.int64)
    return values[codes]


def match_analyses(history: CallHistory, phones: list, emails: list) -> RowMatch:
    """`history.match` from a chunk's phone analyses (`PhoneColumn`) and e-mail analyses (`EmailColumn`)."""
    return history.match([np.asarray(p.keys, dtype=np.int64) for p in phones],
                         [email_keys(e.normalised) for e in emails])


def row_texts(mask: np.ndarray, *parts) -> np.ndarray | None:
    """Per row, a text for the rows of `mask` (None elsewhere; None when no row is): `parts` are
    literal strings and arrays given for the masked rows only, joined cell by cell."""
    if not mask.any():
        return None
    from fichier_check.table import join_texts, same_texts
    out = same_texts(len(mask), None)
    out[mask] = join_texts(*[p if isinstance(p, (str, pa.Array, pa.ChunkedArray))
                             else pa.array(np.asarray(p, dtype=object), type=pa.large_string())
                             for p in parts]).to_numpy(zero_copy_only=False)
    return out
