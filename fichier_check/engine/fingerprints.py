"""A finding's fingerprint: who it is about, in 64 bits that do not show the value.

A CI check must recognise a finding from one push to the next, when rows are inserted above it
or the file is sorted again, so a fingerprint is made of the rule, the column's header and the
cell's value, never of the row's number (the lesson of ruff #2696: key a baseline on content,
not on line numbers). A finding about a whole row (no column) takes every cell of the row.

The value is hashed with SipHash-2-4 (pandas' `hash_array`), keyed. With the default key, a
fingerprint lets someone who already guesses a value (a phone number) confirm it, as any hash
would; a team that publishes its CI reports sets `FICHIER_CHECK_FINGERPRINT_KEY` (a CI secret)
and then a fingerprint says nothing without the key. Baselines and waivers made with one key
match only under that key.

Fingerprints cost about a microsecond per finding, so a run makes them only when something
reads them (the `check` command, `--baseline`, the CI formats); an identical value flagged by the
same rule on two rows gives the same fingerprint, and `occurrences` tells them apart.
"""
from __future__ import annotations

import hashlib
import os

import numpy as np
from pandas.util import hash_array

KEY_VARIABLE = "FICHIER_CHECK_FINGERPRINT_KEY"
_DEFAULT_KEY = "fichier-check/v1"  # 16 bytes, as SipHash wants


def hash_key() -> str:
    """The SipHash key: 16 characters derived from the secret in the environment, else the default."""
    secret = os.environ.get(KEY_VARIABLE)
    if not secret:
        return _DEFAULT_KEY
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:16]


def hash_texts(values, key: str | None = None) -> np.ndarray:
    """uint64 hashes of a sequence of strings (None hashes as the empty string)."""
    array = np.asarray([("" if v is None else v) for v in values] if not isinstance(values, np.ndarray)
                       else values, dtype=object)
    if array.dtype != object:
        array = array.astype(object)
    array = np.where(np.equal(array, None), "", array) if len(array) else array
    return hash_array(array, hash_key=key or hash_key(), categorize=False).astype(np.uint64)


def combine(seed: np.ndarray | int, values: np.ndarray) -> np.ndarray:
    """Mix `values` into `seed` (boost's hash_combine on 64 bits): order matters, as it should."""
    with np.errstate(over="ignore"):
        seed = np.asarray(seed, dtype=np.uint64)
        values = np.asarray(values, dtype=np.uint64)
        mixed = values + np.uint64(0x9E3779B97F4A7C15) + (seed << np.uint64(6)) + (seed >> np.uint64(2))
        return seed ^ mixed


def of_findings(rule_id: str, column: str | None, value_hashes: np.ndarray) -> np.ndarray:
    """The fingerprints of one rule's findings in one column, from the hashes of their values."""
    head = hash_texts([f"{rule_id}\x1f{column or ''}"])[0]
    return combine(np.full(len(value_hashes), head, dtype=np.uint64), value_hashes)


def as_hex(fingerprints: np.ndarray) -> list[str]:
    """Fingerprints as the reports write them: 16 lower-case hex digits."""
    return [format(int(f), "016x") for f in np.asarray(fingerprints, dtype=np.uint64).tolist()]


def from_hex(texts) -> np.ndarray:
    return np.array([int(t, 16) for t in texts], dtype=np.uint64)


def occurrences(fingerprints: list[str]) -> list[str]:
    """Each fingerprint made unique in its list: the second finding with the same fingerprint (the
    same value flagged by the same rule on another row) gets `.2`, the third `.3`…"""
    seen: dict[str, int] = {}
    out = []
    for fingerprint in fingerprints:
        count = seen.get(fingerprint, 0) + 1
        seen[fingerprint] = count
        out.append(fingerprint if count == 1 else f"{fingerprint}.{count}")
    return out
