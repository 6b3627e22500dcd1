"""Who a row is: the keys that make two rows the same person, and the file's rows grouped by them.

A key is a uint64 per row (0: the row has none), so a whole file's keys are a few numpy arrays,
never a Python object per row:

- `email`: the normalised address (`analysis/emails`: trimmed, lower case) of a valid address
  that is not a role address (`contact@`, `info@`… belong to a company, and a company shares them);
- `phone`: the E.164 number (`analysis/phones`) of a valid number, whichever phone column holds it
  (a number in `Téléphone` on one row and in `Portable` on another is the same key);
- `who` (not a person key): the folded last name, which tells apart the rows of different people
  that share a phone, a company's switchboard (`entries` drops such a shared phone);
- `name`: last name + first name + postal code, folded (accents, case, spaces and punctuation
  ignored: `Lefèvre Jean-Luc 75001` = `LEFEVRE jean luc 75 001`; a 4-digit postal code, whose
  leading zero a spreadsheet dropped, gets it back). Every name column of the file (last name,
  first name, or one "Nom prénom" column) and the postal code must be filled.

Each kind is mixed into its keys, so keys of different kinds never meet. Keys are 64-bit hashes:
two different values share one with odds of about 10⁻⁶ in a 5-million-row file.

`shared` finds the entries whose key several rows hold (one sort of one kind's keys); `earliest`
gives each row the first row holding its key; `links` and `components` group rows linked
through shared keys (A shares an e-mail with B, B a phone with C: one person): the keys that link,
and the groups (hooking roots, then pointer jumping, on the sorted keys: a few rounds, however
long the chains). Rows are numbered in file order, so "first" is the row nearest the top of the file.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

KINDS = ("email", "phone", "name")
KIND_WORDS = {"email": "e-mail", "phone": "phone", "name": "name and postal code"}
KEY_ROLES = {"email": ["email"], "phone": ["phone", "mobile"], "name": ["last_name", "first_name"]}
_TAGS = {"email": 0x45D9F3B3C2B79A1F, "phone": 0x2545F4914F6CDD1D, "name": 0x9E3779B97F4A7C15,
         "who": 0xD6E8FEB86659FD93}
_HASH_KEY = "fichier-check/ps"  # 16 characters, as SipHash wants: these hashes never leave the run
_EVERY_SHARED = "persons.every-shared"  # the FileView cache key of `every_shared`
_SPECIAL = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"))


def key_roles(kinds: list[str]) -> str:
    """The column roles a whole-file check on these kinds of key needs, any of them (`a|b`)."""
    return "|".join(role for kind in kinds for role in KEY_ROLES[kind])


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
    """A uint64 per string (0 for a null or an empty string)."""
    if not len(texts):
        return np.zeros(0, dtype=np.uint64)
    texts = pc.fill_null(texts, "")
    hashes = pd.util.hash_array(texts.to_numpy(zero_copy_only=False), hash_key=_HASH_KEY, categorize=False)
    hashes = hashes.astype(np.uint64)
    hashes[hashes == 0] = 1
    hashes[pc.equal(pc.utf8_length(texts), 0).to_numpy(zero_copy_only=False)] = 0  # "" is no key
    return hashes


def combine(seed: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mix `values` into `seed`, order mattering (boost's hash_combine on 64 bits)."""
    with np.errstate(over="ignore"):
        return seed ^ (values + np.uint64(0x9E3779B97F4A7C15) + (seed << np.uint64(6)) + (seed >> np.uint64(2)))


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


def name_keys(names: list[tuple[np.ndarray, pa.Array]], postal: tuple[np.ndarray, pa.Array] | None) -> np.ndarray:
    """`name` keys from the name columns (last name, first name, or a single "Nom prénom") and the
    postal code, each given as (per-row codes, distinct values): each distinct value folded and
    hashed once, the row's parts then combined; none where a part is blank. Without the postal
    code: the `who` keys, from the last name alone (what tells two people sharing a switchboard apart)."""
    parts = [(codes, folded(distinct)) for codes, distinct in names]
    if postal is not None:
        parts.append((postal[0], postal_codes(postal[1])))
    rows = len(parts[0][0])
    key = np.zeros(rows, dtype=np.uint64)
    present = np.ones(rows, dtype=bool)
    for codes, distinct in parts:
        hashes = text_hashes(distinct)[codes] if len(distinct) else np.zeros(len(codes), dtype=np.uint64)
        present &= hashes != 0
        key = combine(key, hashes)
    return mix(np.where(present, key, np.uint64(0)), "name" if postal is not None else "who")


def shared(chunks: list[list[np.ndarray]], sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Entries (file row, key) of one kind whose key at least two entries hold, sorted by key then
    row, from its key arrays (one list of column arrays per chunk, chunks of `sizes` rows in file
    order). One sort of every key of the kind (a single copy, sorted in place) finds the repeated
    keys; each chunk's keys are then looked up among them (a hash table): the entries are few."""
    offsets = np.r_[0, np.cumsum(sizes, dtype=np.int64)].astype(np.int64)
    every = np.empty(sum(len(c) for columns in chunks for c in columns), dtype=np.uint64)
    at = 0
    for columns in chunks:
        for column in columns:
            every[at:at + len(column)] = column
            at += len(column)
    every.sort()
    repeated = every[1:][(every[1:] == every[:-1]) & (every[1:] != 0)]
    repeated = repeated[np.r_[True, repeated[1:] != repeated[:-1]]] if len(repeated) else repeated
    del every
    wanted = pd.Index(repeated)
    found = [[np.flatnonzero(wanted.get_indexer(column) >= 0).astype(np.int32) if len(repeated)
              else np.zeros(0, np.int32) for column in columns] for columns in chunks]
    del wanted
    total = sum(len(f) for each in found for f in each)
    rows, keys = np.empty(total, dtype=np.int64), np.empty(total, dtype=np.uint64)
    at = 0
    for number, (columns, positions) in enumerate(zip(chunks, found)):
        for column, where in zip(columns, positions):
            rows[at:at + len(where)] = where + offsets[number]
            keys[at:at + len(where)] = column[where]
            at += len(where)
    del found
    order = np.lexsort((rows, keys))
    rows = rows[order]
    return rows, keys[order]


def entries(states: list[dict], view, kind: str, kept: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`shared` entries of one kind from the per-chunk states of a whole-file check (dicts kind →
    key arrays, `CheckContext.person_keys`), computed once for every rule that asks (`view`: the
    engine's `FileView`). A phone that rows of different last names hold (a company switchboard)
    is no one's: its entries are dropped, when the states hold the rows' `who` keys. The last name
    alone: `Roux A.` and `Roux Anne` stay one person, and so do a family's members on their
    landline, whose objection is the line's. A personal e-mail links whatever the names say
    (`Lefèvre` and `Lefebvre`, a married name: the address is the stronger identity).
    `kept` (per file row, or None: every row): the entries of these rows only, the switchboard
    judged on them alone — what a rule about the cleaned file reads, so that auditing the cleaned
    file again finds the same (a row of another name gone to quarantine no longer makes the phone
    a switchboard)."""
    def make() -> tuple[np.ndarray, np.ndarray]:
        rows, keys = every_shared(states, view, kind)
        if kept is not None:
            rows, keys = rows[kept[rows]], keys[kept[rows]]
        if kind != "phone" or not states or not all(state.get("who") for state in states):
            return rows, keys
        return one_name_only(rows, keys, np.concatenate([state["who"][0] for state in states]))
    return make() if kept is not None else view.cached(("persons.shared", kind), make)


def every_shared(states: list[dict], view, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """`shared` entries of one kind, switchboards kept (`entries` drops them; `phone-shared` looks
    for them): one sort of the kind's keys for every whole-file rule of the run."""
    return view.cached((_EVERY_SHARED, kind), lambda: shared([state[kind] for state in states], view.chunk_sizes))


def preset_every_shared(view, kind: str, rows: np.ndarray, keys: np.ndarray) -> None:
    """`every_shared`'s entries of one kind (sorted by key then row), found elsewhere: a cluster
    groups the keys where the parts were checked (`cluster/whole_file`); the rules then read these."""
    view.cached((_EVERY_SHARED, kind), lambda: (rows, keys))


def one_name_only(rows: np.ndarray, keys: np.ndarray, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries (sorted by key) whose key no two rows of different names hold; a row without a
    name contradicts none."""
    if not len(rows):
        return rows, keys
    names = who[rows]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    lowest = np.minimum.reduceat(np.where(names == 0, np.iinfo(np.uint64).max, names), starts)
    highest = np.maximum.reduceat(names, starts)
    alone = (highest == 0) | (lowest == highest)
    if alone.all():
        return rows, keys
    kept = np.repeat(alone, sizes)
    return rows[kept], keys[kept]


def earliest(rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For entries (file row, key) sorted by key then row: the first row holding the entry's key."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return np.repeat(rows[starts], np.diff(np.r_[starts, len(rows)]))


def links(rows: np.ndarray, keys: np.ndarray, max_rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The entries (file row, key) that link rows: each (key, row) once, keys that two distinct
    rows hold, and no more than `max_rows` rows (None: no limit). Entries of any kinds, each kind's
    as `shared` gives them (grouped by key: kinds never share a key)."""
    if not len(rows):
        return rows, keys
    again = np.r_[False, (keys[1:] == keys[:-1]) & (rows[1:] == rows[:-1])]  # a row holding a key twice
    if again.any():
        keys, rows = keys[~again], rows[~again]
    sizes = np.diff(np.r_[np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]), len(keys)])
    linking = (sizes > 1) & ((sizes <= max_rows) if max_rows else True)
    if linking.all():
        return rows, keys  # the usual case: no copy
    kept = np.repeat(linking, sizes)
    return rows[kept], keys[kept]


def components(rows: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows linked through shared keys, transitively: (the distinct rows of the entries, sorted;
    each one's group, as the first file row of the group), from entries as `links` gives them:
    each entry joined to the first entry of its key, then `connected`."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    nodes, node_of = np.unique(rows, return_inverse=True)
    node_of = node_of.reshape(-1)
    parent = connected(len(nodes), node_of, np.repeat(node_of[starts], sizes))
    return nodes, nodes[parent]  # nodes are sorted: the smallest node of a group is its first row


def connected(count: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of `count` nodes joined by the edges (left[i], right[i]): each node's
    smallest node id. Each round hooks every node's root to the smallest root of its edges, then
    points every node straight at its root (pointer jumping): a few rounds, however long the
    chains, whole arrays at a time."""
    parent = np.arange(count, dtype=np.int64)
    if not len(left):
        return parent
    while True:
        low = np.minimum(parent[left], parent[right])
        hooked = parent.copy()
        np.minimum.at(hooked, parent[left], low)
        np.minimum.at(hooked, parent[right], low)
        while True:
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, parent):
            return parent
        parent = hooked
