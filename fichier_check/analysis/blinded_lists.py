"""A suppression list as the workers of a cluster receive it: no e-mail address or phone number in clear.

`blind(suppression_list, key)` sends:
- its phone numbers as keyed 64-bit hashes of their E.164 keys (two splitmix64 rounds under the
  run's random `key`, XOR-ed: not a bijection, so a hash does not give its number back by
  running the mix backwards). A worker hashes a column's numbers the same way, whole arrays at a
  time: as cheap as the plain lookup;
- its e-mail addresses as the SHA-256 fingerprints of their normal forms, with the fingerprints
  the list was given as. A worker then fingerprints a column's distinct addresses, which a list
  holding fingerprints costs on one machine too.

It finds the rows the list finds, but for two different numbers sharing a 64-bit hash: odds of
about one in a million for a list of a million numbers probed by ten million, and such a row
would be taken out, never let through. A phone number has few possible values: whoever holds the
key (the workers) can find a hashed number by trying them all, as for any hash of a number
(SHA-256 included). What this protects against is a list in clear on the network and in the
workers' memory. Hashing every probed number by SHA-256 instead cost a 5M-row cluster run 10-15 %
(docs/performance.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.emails import EmailColumn
from fichier_check.analysis.lists import SuppressionList, _as_keys, sha256_hex


def blind(suppression_list: SuppressionList, key: tuple[int, int]) -> "BlindedList":
    """The list with its numbers as keyed hashes and its e-mails as SHA-256 fingerprints
    (`key`: two random 64-bit integers, the run's)."""
    given = suppression_list.hashes
    emails = pa.array(sorted(suppression_list.emails), type=pa.string())
    printed = frozenset(bytes.fromhex(h) for h in sha256_hex(emails, threads_allowed=False).to_pylist())
    empty = np.zeros(0, dtype=np.int64)
    return BlindedList(suppression_list.kind, key, np.unique(blind_numbers(suppression_list.phones, key)),
                       SuppressionList(suppression_list.kind, empty, frozenset(), given | printed),
                       SuppressionList(suppression_list.kind, empty, frozenset(), given) if given else None,
                       suppression_list.sources)


def blind_numbers(keys: np.ndarray, key: tuple[int, int]) -> np.ndarray:
    """A uint64 keyed hash per int64 E.164 key (0 stays 0: no number)."""
    values = np.asarray(keys).astype(np.uint64)
    hashed = _mix(values ^ np.uint64(key[0])) ^ _mix(values ^ np.uint64(key[1]))
    hashed[hashed == 0] = 1
    return np.where(values != 0, hashed, np.uint64(0))


def _mix(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


@dataclass
class BlindedList:
    """What `blind` makes: looked up as a `SuppressionList` is (`contains`)."""

    kind: str
    key: tuple[int, int]
    phones: np.ndarray  # uint64 keyed hashes of the E.164 keys, unique
    emails: SuppressionList  # the e-mails' SHA-256 fingerprints and those the list was given as
    fingerprints: SuppressionList | None  # the fingerprints the list was given as (numbers among them)
    sources: tuple = ()
    _index: pd.Index | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.phones) + len(self.emails)

    def contains(self, analysis) -> np.ndarray:
        if isinstance(analysis, EmailColumn):
            return self.contains_emails(analysis.normalised)
        return self.contains_phones(analysis.keys)

    def contains_phones(self, e164: np.ndarray) -> np.ndarray:
        keys = _as_keys(np.asarray(e164))
        if self._index is None:
            self._index = pd.Index(self.phones)  # a hash table, built once per worker
        found = (self._index.get_indexer(blind_numbers(keys, self.key)) >= 0) if len(self.phones) else np.zeros(
            len(keys), dtype=bool)
        if self.fingerprints is not None:
            found |= self.fingerprints.contains_phones(keys)
        return found & (keys != 0)

    def contains_emails(self, normalised) -> np.ndarray:
        return self.emails.contains_emails(normalised)
