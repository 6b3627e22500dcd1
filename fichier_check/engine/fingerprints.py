"""A finding's fingerprint: which finding it is, in 64 bits that do not show the row.

A CI check must recognise a finding from one push to the next, when rows are inserted above it
or the file is sorted again, so a fingerprint is made of the rule, the column's header and the
content of the finding's row (every cell, as the checks saw it), never of the row's number: as
ruff keys a baseline on the line's text (ruff #2696), a CSV line being a row. A finding about a
column's header takes the header. Editing another cell of the row makes its findings new: the
row was touched, and what it still breaks is for whoever touched it.

Why the whole row and not the flagged cell alone: a hash of a phone number can be reversed by
trying the 2×10⁸ French mobile numbers in seconds, and fingerprints end up in CI logs, code
scanning alerts and a baseline committed for ever; a hash of the whole row can only be confirmed
by someone who already holds every cell of it. The hash is SipHash-2-4 (pandas' `hash_array`),
keyed. A team that publishes its CI reports sets `FICHIER_CHECK_FINGERPRINT_KEY` (a CI secret):
the key is stretched with scrypt, and without it a fingerprint says nothing. Baselines and
waivers made under one key match only under that key.

Fingerprints cost about a microsecond per row, so a run makes them only when something reads
them (the `check` command, `--baseline`, the CI formats); the same row flagged by the same rule
twice (a duplicated row) gives the same fingerprint, and `occurrences` tells them apart.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import os

import numpy as np
from pandas.util import hash_array

KEY_VARIABLE = "FICHIER_CHECK_FINGERPRINT_KEY"
_DEFAULT_KEY = "fichier-check/v1"  # 16 bytes, as SipHash wants


def hash_key() -> str:
    """The SipHash key: 16 characters derived from the secret in the environment, else the default."""
    return _derived(os.environ.get(KEY_VARIABLE) or "")


@functools.lru_cache(maxsize=4)
def _derived(secret: str) -> str:
    """16 characters (96 bits) of scrypt of the secret: a weak secret costs an attacker a scrypt
    per guess, not a hash (the reports publish an id of the key: `engine/baseline.key_id`)."""
    if not secret:
        return _DEFAULT_KEY
    stretched = hashlib.scrypt(secret.encode("utf-8"), salt=b"fichier-check fingerprint key", n=1 << 14, r=8, p=1,
                               dklen=12)
    return base64.b64encode(stretched).decode("ascii")  # 16 characters, one byte each


def hash_rows(columns: list) -> np.ndarray:
    """uint64 hashes of each row of a chunk, from its cells (Arrow string arrays, one per column)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    cells = [pc.fill_null(column.cast(pa.large_string()), "") for column in columns]
    if not cells:
        return np.zeros(0, dtype=np.uint64)
    separator = pa.scalar("\x1f", pa.large_string())
    joined = pc.binary_join_element_wise(*cells, separator) if len(cells) > 1 else cells[0]
    return hash_texts(joined.to_numpy(zero_copy_only=False))


def hash_texts(values, key: str | None = None) -> np.ndarray:
    """uint64 hashes of a sequence of strings (None hashes as the empty string)."""
    array = np.array(values, dtype=object)
    array[np.equal(array, None)] = ""
    return hash_array(array, hash_key=key or hash_key(), categorize=False).astype(np.uint64)


def combine(seed: np.ndarray | int, values: np.ndarray) -> np.ndarray:
    """Mix `values` into `seed` (boost's hash_combine on 64 bits): order matters, as it should."""
    with np.errstate(over="ignore"):
        seed = np.asarray(seed, dtype=np.uint64)
        values = np.asarray(values, dtype=np.uint64)
        mixed = values + np.uint64(0x9E3779B97F4A7C15) + (seed << np.uint64(6)) + (seed >> np.uint64(2))
        return seed ^ mixed


def of_findings(rule_id: str, column: str | None, value_hashes: np.ndarray) -> np.ndarray:
    """The fingerprints of one rule's findings in one column, from the hashes of their rows."""
    head = hash_texts([f"{rule_id}\x1f{column or ''}"])[0]
    return combine(np.full(len(value_hashes), head, dtype=np.uint64), value_hashes)


def as_hex(fingerprints: np.ndarray) -> list[str]:
    """Fingerprints as the reports write them: 16 lower-case hex digits."""
    return [format(int(f), "016x") for f in np.asarray(fingerprints, dtype=np.uint64).tolist()]


def occurrences(fingerprints: list[str]) -> list[str]:
    """Each fingerprint made unique in its list: the second finding with the same fingerprint (the
    same row again, flagged by the same rule) gets `.2`, the third `.3`…"""
    seen: dict[str, int] = {}
    out = []
    for fingerprint in fingerprints:
        count = seen.get(fingerprint, 0) + 1
        seen[fingerprint] = count
        out.append(fingerprint if count == 1 else f"{fingerprint}.{count}")
    return out
