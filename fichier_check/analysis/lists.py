"""Suppression lists: the company's own opposition list (`--opposition FILE`, repeatable; the CNIL
"liste repoussoir") and the numbers Bloctel returned (`--bloctel FILE`).

A list file is text (`read/list_file.py` reads it: UTF-8, UTF-16, Windows-1252…), with or without
a header line, with one or several columns separated by `;`, `,`, tab or `|`, lines starting with
`#` being comments. Every cell may hold:

- an e-mail address — compared in its normal form, trimmed and lower-cased (`emails.normalise_email`);
- a phone number in any French or international form (`06 12 34 56 78`, `+33 6…`, `0033 6…`,
  `612345678`, `+590 690…`) — compared in E.164 form (`phones.normalise_phone`: `+33612345678`);
- a SHA-256 fingerprint (64 hex characters) of one of those normal forms, as the CNIL suggests
  keeping: `hashlib.sha256(normalised.encode("utf-8")).hexdigest()` where `normalised` is the
  trimmed lower-case e-mail (`jean.dupont@exemple.fr`) or the E.164 number with its plus sign
  (`+33612345678`). `fingerprint()` computes it.

A cell that is none of these (a name, a date…) is ignored in columns that hold no key at all; in a
column that holds keys it rejects its line, and so does a line holding no key at all: counted, with
up to 10 line numbers (`list_guard.ListSource`); `list_guard.judge` decides when they are too many.
A first line without any key is a header.

Keys are kept compact: phones as unique int64 (E.164 digits as an integer, looked up through a
hash index built once), e-mails as a set of strings, fingerprints as a set of 32-byte digests.
Probing a column hashes its distinct values only when the list holds fingerprints. In a pool
worker, by polars-hash (Rust, one call per array) rather than hashlib, whose cost is the Python
call per value (about 1 µs against 0.45 µs, measured on 150,000 E.164 numbers); in the run's own
process (a one-chunk file, `--jobs 1`) by hashlib, because polars starts threads there and the run
forks later (the reports' child, a workbook's sink). `tests/analysis/test_lists.py` compares the two.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis import parallel
from fichier_check.analysis.emails import EmailColumn, normalise_email
from fichier_check.analysis.list_guard import MAX_REJECTED_LINES, ListSource
from fichier_check.analysis.phones import PhoneColumn, e164_key, phone_keys

DELIMITERS = (";", ",", "\t", "|")
_TRIM = " \t\r\"'\u00a0\ufeff"
_HASH = "^[0-9a-f]{64}$"
_EMAIL_SHAPE = r"^[^@\s;,|\t]+@[^@\s;,|\t]+\.[^@\s;,|\t]+$"  # a delimiter inside is a CSV line, not an address


def compared_as(role: str) -> str:
    """Which analysis of a column is matched against a list: "emails" for the e-mail role,
    "phones" for the others (phone, mobile…)."""
    return "emails" if role == "email" else "phones"


def fingerprint(normalised: str) -> str:
    """SHA-256 hex digest of a normalised e-mail or E.164 number, as a hashed list holds it."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def sha256_hex(values: pa.Array, threads_allowed: bool | None = None) -> pa.Array:
    """Per value, the SHA-256 hex digest of its UTF-8 bytes (`fingerprint`), null for null: by
    polars-hash where threads are allowed (by default, in a pool worker only), else by hashlib."""
    if threads_allowed is None:
        threads_allowed = parallel.threads_allowed()
    if threads_allowed:
        import polars as pl
        import polars_hash
        frame = pl.DataFrame({"value": pl.from_arrow(values.cast(pa.large_string()))})
        return frame.select(polars_hash.col("value").chash.sha2_256()).to_series().to_arrow()
    return pa.array([None if text is None else fingerprint(text) for text in values.to_pylist()], type=pa.string())


@dataclass
class SuppressionList:
    kind: str
    phones: np.ndarray  # unique int64 keys
    emails: frozenset[str]
    hashes: frozenset[bytes]
    sources: tuple[ListSource, ...] = ()
    _index: pd.Index | None = field(default=None, repr=False, compare=False)
    _email_array: pa.Array | None = field(default=None, repr=False, compare=False)
    _hash_array: pa.Array | None = field(default=None, repr=False, compare=False)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sources)

    @property
    def rejected_lines(self) -> list[int]:
        """Example numbers of rejected lines (per file in `sources` when several were merged)."""
        return [line for s in self.sources for line in s.rejected_lines][:MAX_REJECTED_LINES]

    def __len__(self) -> int:
        return len(self.phones) + len(self.emails) + len(self.hashes)

    def contains(self, analysis: PhoneColumn | EmailColumn) -> np.ndarray:
        """Per row of an analysed column: is its phone (E.164 key) or e-mail (normal form) on the list?"""
        if isinstance(analysis, EmailColumn):
            return self.contains_emails(analysis.normalised)
        return self.contains_phones(analysis.keys)

    def contains_phones(self, e164: np.ndarray) -> np.ndarray:
        """Per value: is this phone on the list? Accepts E.164 strings ("" = none) or int64 keys."""
        keys = _as_keys(np.asarray(e164))
        found = np.zeros(len(keys), dtype=bool)
        if len(self.phones):
            found = self._phone_index().get_indexer(keys) >= 0
        if self.hashes and len(keys):
            codes, uniques = pd.factorize(keys)
            e164 = pc.binary_join_element_wise("+", pc.cast(pa.array(uniques, type=pa.int64()), pa.string()), "")
            found |= (self._fingerprinted(e164) & (uniques != 0))[codes]
        return found & (keys != 0)

    def contains_emails(self, normalised: np.ndarray | pa.Array) -> np.ndarray:
        """Per value: is this e-mail on the list (plainly or as a fingerprint)? "" never is.
        Values are already in normal form (`normalise_email`)."""
        values = (normalised.cast(pa.string()) if isinstance(normalised, pa.Array)
                  else pa.array(np.asarray(normalised, dtype=object), type=pa.string()))
        found = np.zeros(len(values), dtype=bool)
        if self.emails:
            found = pc.is_in(values, value_set=self._email_values()).to_numpy(zero_copy_only=False)
        if self.hashes:
            rest = np.flatnonzero(~found)
            encoded = pc.dictionary_encode(pc.fill_null(values.take(pa.array(rest)), ""))
            distinct = encoded.dictionary
            hashed = self._fingerprinted(distinct) & (pc.utf8_length(distinct).to_numpy(zero_copy_only=False) > 0)
            found[rest] = hashed[encoded.indices.to_numpy(zero_copy_only=False)] if len(rest) else False
        return found & (pc.utf8_length(values).to_numpy(zero_copy_only=False) > 0)

    def _fingerprinted(self, normalised: pa.Array) -> np.ndarray:
        """Per value (a normal form): is its SHA-256 one of the list's fingerprints?"""
        if self._hash_array is None:
            self._hash_array = pa.array(sorted(h.hex() for h in self.hashes), type=pa.string())
        found = pc.is_in(sha256_hex(normalised), value_set=self._hash_array)
        return pc.fill_null(found, False).to_numpy(zero_copy_only=False)

    def _email_values(self) -> pa.Array:
        if self._email_array is None:
            self._email_array = pa.array(sorted(self.emails), type=pa.string())  # built once, reused per chunk
        return self._email_array

    def _phone_index(self) -> pd.Index:
        if self._index is None:
            self._index = pd.Index(self.phones)  # hash table built on first lookup, then reused
        return self._index

    def stats(self) -> dict:
        """For the report: entries by kind, distinct keys, invalid entries, per file."""
        files = [{"path": s.path, "lines": s.lines, "header": s.header, "phones": s.phones, "emails": s.emails,
                  "hashes": s.hashes, "invalid": s.rejected, "invalid_lines": list(s.rejected_lines)}
                 for s in self.sources]
        return {
            "kind": self.kind,
            "entries": {k: sum(f[k] for f in files) for k in ("phones", "emails", "hashes")},
            "distinct": {"phones": len(self.phones), "emails": len(self.emails), "hashes": len(self.hashes)},
            "invalid": self.rejected,
            "invalid_lines": self.rejected_lines,
            "files": files,
        }


def _as_keys(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind in "iu":
        return values.astype(np.int64, copy=False)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    lookup = np.array([e164_key(u) if isinstance(u, str) and u.startswith("+") else 0 for u in uniques],
                      dtype=np.int64)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def merge(lists: list[SuppressionList]) -> SuppressionList:
    """One list holding the keys of several (several `--opposition` files)."""
    if not lists:
        raise ValueError("merge() needs at least one list")
    if len(lists) == 1:
        return lists[0]
    return SuppressionList(
        kind=lists[0].kind,
        phones=pd.unique(np.concatenate([x.phones for x in lists])).astype(np.int64),
        emails=frozenset().union(*(x.emails for x in lists)),
        hashes=frozenset().union(*(x.hashes for x in lists)),
        sources=tuple(s for x in lists for s in x.sources),
    )


def parse_list(text: str, path: str | Path, kind: str = "opposition", sha256: str = "") -> SuppressionList:
    """The keys of one list file's text (see the module docstring for what it may hold), with what
    was read (`ListSource`); `read/list_file.load_list` reads the file and judges the result."""
    lines = _split_lines(text)
    trimmed = pc.utf8_trim(lines, _TRIM)
    comment = pc.starts_with(trimmed, "#")
    lines = pc.if_else(comment, "", lines)  # a comment holds no key and is no header
    filled = pc.utf8_length(pc.if_else(comment, "", trimmed)).to_numpy(zero_copy_only=False) > 0
    fields, line_of, column_of = _split_fields(lines)
    parsed = _classify(fields)
    is_key = parsed["hash"] | parsed["email"] | parsed["phone"]
    header = _header_line(filled, line_of, is_key)
    rejected = _rejected(filled, parsed["blank"], is_key, line_of, column_of, header)
    source = ListSource(
        kind=kind, path=str(path), sha256=sha256, lines=len(lines) - int(text == "" or text.endswith(("\n", "\r"))),
        header=header is not None, entries=int(filled.sum()) - int(header is not None),
        phones=int(parsed["phone"].sum()), emails=int(parsed["email"].sum()), hashes=int(parsed["hash"].sum()),
        rejected=len(rejected), rejected_lines=tuple(int(x) + 1 for x in rejected[:MAX_REJECTED_LINES]))
    return SuppressionList(
        kind=kind,
        phones=pd.unique(parsed["keys"][parsed["phone"]]).astype(np.int64),
        emails=_email_set(parsed["lower"], parsed["trimmed"], parsed["email"]),
        hashes=frozenset(bytes.fromhex(h) for h in parsed["lower"].filter(pa.array(parsed["hash"])).to_pylist()),
        sources=(source,),
    )


def _split_lines(text: str) -> pa.Array:
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    return pc.list_flatten(pc.split_pattern(pa.array([text]), newline))


def _detect_delimiter(lines: pa.Array) -> str | None:
    sample = lines.slice(0, 200).to_pylist()
    counts = {d: sum(d in line for line in sample) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def _split_fields(lines: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Every cell, with its 0-based line and column."""
    delimiter = _detect_delimiter(lines)
    if delimiter is None:
        return lines, np.arange(len(lines)), np.zeros(len(lines), dtype=np.int64)
    split = pc.split_pattern(lines, delimiter)
    line_of = pc.list_parent_indices(split).to_numpy()
    offsets = split.offsets.to_numpy()
    column_of = np.arange(len(line_of)) - offsets[line_of]
    return pc.list_flatten(split), line_of, column_of


def _classify(fields: pa.Array) -> dict:
    trimmed = pc.utf8_trim(fields, _TRIM)
    lower = pc.utf8_lower(trimmed)
    blank = pc.equal(pc.utf8_length(trimmed), 0).to_numpy(zero_copy_only=False)
    is_hash = pc.match_substring_regex(lower, _HASH).to_numpy(zero_copy_only=False)
    has_at = pc.match_substring(lower, "@").to_numpy(zero_copy_only=False)
    is_email = has_at & pc.match_substring_regex(lower, _EMAIL_SHAPE).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(~blank & ~is_hash & ~has_at)
    keys = np.zeros(len(fields), dtype=np.int64)
    if len(candidates):
        keys[candidates] = phone_keys(trimmed.take(pa.array(candidates)))
    return {"blank": blank, "hash": is_hash, "email": is_email, "phone": keys != 0, "keys": keys, "lower": lower,
            "trimmed": trimmed}


def _header_line(filled: np.ndarray, line_of: np.ndarray, is_key: np.ndarray) -> int | None:
    """The first non-blank line is a header when it holds no key."""
    lines = np.flatnonzero(filled)
    if not len(lines):
        return None
    first = int(lines[0])
    return None if is_key[line_of == first].any() else first


def _rejected(filled: np.ndarray, blank: np.ndarray, is_key: np.ndarray, line_of: np.ndarray,
              column_of: np.ndarray, header: int | None) -> np.ndarray:
    """0-based numbers of the rejected lines: entry lines (filled, not the header) holding no key,
    or a non-blank cell that is not a key in a column holding keys elsewhere."""
    keys_per_column = np.bincount(column_of[is_key], minlength=int(column_of.max(initial=0)) + 1)
    bad_cell = ~blank & ~is_key & (keys_per_column > 0)[column_of]
    entry = filled.copy()
    if header is not None:
        entry[header] = False
    bad = entry.copy()
    bad[line_of[is_key]] = False
    bad[line_of[bad_cell]] = True
    return np.flatnonzero(bad & entry)


def _email_set(lower: pa.Array, trimmed: pa.Array, is_email: np.ndarray) -> frozenset[str]:
    mask = pa.array(is_email)
    ascii_ = pc.string_is_ascii(trimmed.filter(mask)).to_numpy(zero_copy_only=False)
    plain = lower.filter(mask).filter(pa.array(ascii_)).to_pylist()
    # Python's lower() makes the file side's normal form; Arrow's lower agrees with it on ASCII only.
    others = [normalise_email(e) for e in trimmed.filter(mask).filter(pa.array(~ascii_)).to_pylist()]
    return frozenset(plain).union(others)

