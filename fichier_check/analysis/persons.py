"""Who a row is: the keys that make two rows the same person, and the file's rows grouped by them.

A key is a uint64 per row (0: the row has none), so a whole file's keys are a few numpy arrays,
never a Python object per row:

- `email`: the normalised address (`analysis/emails`: trimmed, lower case) of a valid address
  that is not a role address (`contact@`, `info@`… belong to a company, and a company shares them);
- `phone`: the E.164 number (`analysis/phones`) of a valid number, whichever phone column holds it
  (a number in `Téléphone` on one row and in `Portable` on another is the same key);
- `name`: last name + first name + postal code, folded (accents, case, spaces and punctuation
  ignored: `Lefèvre Jean-Luc 75001` = `LEFEVRE jean luc 75 001`; a 4-digit postal code, whose
  leading zero a spreadsheet dropped, gets it back). Every name column of the file (last name,
  first name, or one "Nom prénom" column) and the postal code must be filled.

Each kind is mixed into its keys, so keys of different kinds never meet. Keys are 64-bit hashes:
two different values share one with odds of about 10⁻⁶ in a 5-million-row file.

`shared` finds the entries whose key several rows hold (one sort of one kind's keys); `earliest`
gives each row the first row holding its key; `components` groups rows linked through shared keys
(A shares an e-mail with B, B a phone with C: one person), by label propagation over the sorted
keys. Rows are numbered in file order, so "first" is the row nearest the top of the file.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

KINDS = ("email", "phone", "name")
KIND_WORDS = {"email": "e-mail", "phone": "phone", "name": "name and postal code"}
_TAGS = {"email": 0x45D9F3B3C2B79A1F, "phone": 0x2545F4914F6CDD1D, "name": 0x9E3779B97F4A7C15}
_HASH_KEY = "fichier-check/ps"  # 16 characters, as SipHash wants: these hashes never leave the run
_SPECIAL = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"))


def mix(values: np.ndarray, kind: str) -> np.ndarray:
    """The keys of one kind from uint64 values (0 stays 0: no key): splitmix64 of the value and the
    kind's tag, never 0 for a value."""
    values = np.asarray(values, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = values ^ np.uint64(_TAGS[kind])
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    z[z == 0] = 1
    return np.where(values != 0, z, np.uint64(0))


def text_hashes(texts: pa.Array) -> np.ndarray:
    """A uint64 per string (0 for a null or an empty string), hashed once per distinct value."""
    if not len(texts):
        return np.zeros(0, dtype=np.uint64)
    encoded = pc.dictionary_encode(texts)
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
    hashes = pd.util.hash_array(distinct, hash_key=_HASH_KEY, categorize=False).astype(np.uint64)
    hashes[hashes == 0] = 1
    hashes[pc.equal(encoded.dictionary, "").to_numpy(zero_copy_only=False)] = 0  # "" is no key
    indices = encoded.indices
    codes = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(codes >= 0, hashes[np.maximum(codes, 0)] if len(hashes) else 0, 0).astype(np.uint64)


def email_keys(emails) -> np.ndarray:
    """`email` keys of an `EmailColumn`: valid, personal addresses only."""
    usable = emails.valid & ~emails.role
    return mix(np.where(usable, text_hashes(emails.normalised), np.uint64(0)), "email")


def phone_keys(phones) -> np.ndarray:
    """`phone` keys of a `PhoneColumn`: valid numbers only (a placeholder `00 00 00 00 00` is no one)."""
    keys = np.asarray(phones.keys if phones.keys is not None else np.zeros(len(phones.valid), np.int64))
    return mix(np.where(phones.valid, keys.astype(np.uint64), np.uint64(0)), "phone")


def folded(texts: pa.Array) -> pa.Array:
    """Names compared: accents and case off, every character but letters and digits dropped."""
    texts = texts.cast(pa.string())
    for special, plain in _SPECIAL:
        texts = pc.replace_substring(texts, special, plain)
    texts = pc.replace_substring_regex(pc.utf8_normalize(texts, form="NFKD"), r"\p{Mn}", "")
    return pc.replace_substring_regex(pc.utf8_lower(texts), r"[^\p{L}\p{N}]", "")


def postal_codes(texts: pa.Array) -> pa.Array:
    """Postal codes compared: spaces and punctuation dropped, upper case, `1000` read `01000`."""
    compact = pc.utf8_upper(pc.replace_substring_regex(texts.cast(pa.string()), r"[^\p{L}\p{N}]", ""))
    return pc.replace_substring_regex(compact, r"^(\d{4})$", r"0\1")


def name_keys(names: list[pa.Array], postal: pa.Array) -> np.ndarray:
    """`name` keys: the folded name columns (last name, first name, or a single "Nom prénom") and
    postal code of each row; none where one of them is blank."""
    parts = [folded(a) for a in names] + [postal_codes(postal)]
    present = pc.greater(pc.utf8_length(parts[0]), 0)
    for part in parts[1:]:
        present = pc.and_(present, pc.greater(pc.utf8_length(part), 0))
    joined = pc.binary_join_element_wise(*parts, "\x1f")
    usable = pc.fill_null(present, False).to_numpy(zero_copy_only=False)
    return mix(np.where(usable, text_hashes(joined), np.uint64(0)), "name")


def shared(chunks: list[list[np.ndarray]], sizes: list[int], left_out: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """Entries (file row, key) of one kind whose key at least two entries hold, from its key arrays
    (one list of column arrays per chunk, chunks of `sizes` rows in file order), leaving out the
    file rows `left_out` marks. One sort of every key of the kind (a single copy, sorted in place),
    then each chunk's keys looked up among the repeated ones: the entries are few."""
    offsets = np.r_[0, np.cumsum(sizes, dtype=np.int64)].astype(np.int64)

    def keys_of(number: int, column: np.ndarray) -> np.ndarray:
        if left_out is None:
            return column
        return np.where(left_out[offsets[number]:offsets[number + 1]], np.uint64(0), column)

    every = np.empty(sum(len(c) for columns in chunks for c in columns), dtype=np.uint64)
    at = 0
    for number, columns in enumerate(chunks):
        for column in columns:
            every[at:at + len(column)] = keys_of(number, column)
            at += len(column)
    every.sort()
    repeated = np.unique(every[1:][(every[1:] == every[:-1]) & (every[1:] != 0)])
    del every
    rows, keys = [np.zeros(0, np.int64)], [np.zeros(0, np.uint64)]
    for number, columns in enumerate(chunks):
        for column in columns:
            column = keys_of(number, column)
            found = np.flatnonzero(holding(column, repeated))
            rows.append(found + offsets[number])
            keys.append(column[found])
    return np.concatenate(rows), np.concatenate(keys)


def holding(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Per entry of `keys`: is it one of the sorted `wanted` keys?"""
    if not len(wanted) or not len(keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
    return wanted[at] == keys


def earliest(rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For entries (file row, key): the first file row holding the same key, per entry."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((rows, keys))
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    out = np.empty(len(rows), dtype=np.int64)
    out[order] = np.repeat(rows[order][starts], sizes)
    return out


def components(rows: np.ndarray, keys: np.ndarray, max_rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Rows linked through shared keys, transitively: (the distinct file rows that share a key with
    another row, sorted; each one's group, as the first file row of the group). Entries (file row,
    key) of any kinds; a key held by more than `max_rows` distinct rows links nothing."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    again = np.r_[False, (keys[1:] == keys[:-1]) & (rows[1:] == rows[:-1])]  # a row holding a key twice
    keys, rows = keys[~again], rows[~again]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    linking = (sizes > 1) & (sizes <= max_rows if max_rows else True)
    entry_kept = np.repeat(linking, sizes)
    keys, rows = keys[entry_kept], rows[entry_kept]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else starts[:0]
    sizes = np.diff(np.r_[starts, len(keys)])
    nodes, node_of = np.unique(rows, return_inverse=True)
    label = np.arange(len(nodes), dtype=np.int64)  # a node's label: the smallest node reached yet
    while True:
        lowest = np.minimum.reduceat(label[node_of], starts) if len(starts) else label[:0]
        new = label.copy()
        np.minimum.at(new, node_of, np.repeat(lowest, sizes))
        while True:  # pointer jumping: a label's own label, until they settle
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return nodes, nodes[label]
        label = new
