"""French company identifiers judged by their check digits: the SIREN (9 digits, the company) and
the SIRET (14 digits: the SIREN, then 5 for the establishment), as python-stdnum's `fr.siren`
and `fr.siret` judge them, vectorised.

A cell is read as exports write it: spaces (no-break ones included), dots and dashes between the
digits are dropped (`443 061 841 00047`, `443.061.841.00047`, `443-061-841-00047`): stdnum's
`compact` drops spaces and dots, and dashes too here, as files write them. A cell left without a digit (blank, `-`, `N/A`, `néant`) holds no
identifier. Otherwise the number must be all digits of the right length, and:
- a SIREN passes the Luhn key;
- a SIRET passes the Luhn key on its 14 digits and its first 9 are a valid SIREN — except La
  Poste's establishments (SIREN 356000000), whose SIRET do not follow the Luhn key: the sum of
  their 14 digits is a multiple of 5; La Poste's head office (35600000000048) follows the Luhn key
  (stdnum.fr.siret's own rule, and INSEE's).
stdnum is the reference, not the engine: at about 12 µs a number it would cost 1.2 s per 100,000
distinct SIRETs (a prospect file's SIRETs are nearly all distinct), so the same arithmetic runs
here on a digit matrix (numpy, about 0.02 s per 100,000), and tests/analysis/test_company_ids.py
pins both verdicts equal (random numbers, La Poste's range and head office, stdnum's own examples).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.table import string_buffers, without_characters

KINDS = {"siren": 9, "siret": 14}
SEPARATORS = " \t\u00a0\u2007\u202f.-\u2010\u2011\u2013"  # spaces (no-break, figure, narrow), dots, dashes
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"
# What is wrong with a number, by code: 0 nothing (or no number), then the details the reports give.
VALID, LENGTH, CHECKSUM, LA_POSTE, SIREN_PART = range(5)
DETAILS = {LENGTH: "{} digits expected", CHECKSUM: "checksum (Luhn key) fails",
           LA_POSTE: "La Poste establishment: digit sum not a multiple of 5",
           SIREN_PART: "SIREN part (first 9 digits) fails its checksum"}


def details(kind: str) -> np.ndarray:
    """The detail of each problem code for this kind of number ("" for VALID)."""
    texts = ["", *(DETAILS[code].format(KINDS[kind]) for code in range(1, 5))]
    return np.array(texts, dtype=object)


@dataclass
class CompanyIds:
    """Cells judged: per cell, the compact number (separators dropped), whether it holds no
    identifier (no digit at all), and its problem code."""

    compact: pa.Array
    absent: np.ndarray
    problem: np.ndarray  # int8 codes: VALID, LENGTH, CHECKSUM, LA_POSTE, SIREN_PART


def judge_ids(values: pa.Array, kind: str) -> CompanyIds:
    """Judge cells (an Arrow string array) as SIRENs or SIRETs (`kind`)."""
    length = KINDS[kind]
    if pa.types.is_large_string(values.type):
        values = values.cast(pa.string())  # without_characters' one-pass kernel reads `string`
    compact = pc.fill_null(without_characters(values, SEPARATORS), "")
    bounds, data = string_buffers(compact)
    digits_before = np.zeros(len(data) + 1, dtype=np.int32)  # ASCII digits in the buffer before each byte
    is_digit = (data >= ord("0")) & (data <= ord("9"))
    np.cumsum(is_digit.view(np.uint8), dtype=np.int32, out=digits_before[1:])  # bytes: 7x faster than bools
    digit_count = digits_before[bounds[1:]] - digits_before[bounds[:-1]]
    absent = digit_count == 0
    well_formed = (digit_count == length) & (np.diff(bounds) == length)
    problem = np.where(absent | well_formed, VALID, LENGTH).astype(np.int8)
    rows = np.flatnonzero(well_formed)
    if len(rows):
        problem[rows] = _checksum_problems(_digits(compact.take(pa.array(rows)), length), kind)
    return CompanyIds(compact=compact, absent=absent, problem=problem)


def _digits(array: pa.Array, length: int) -> np.ndarray:
    """The digits of strings of exactly `length` ASCII digits, as an (n, length) int matrix."""
    bounds, data = string_buffers(array)
    return data[bounds[0]:bounds[-1]].reshape(-1, length) - np.uint8(ord("0"))


_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.uint8)  # a digit doubled, its digits summed


def luhn_valid(digits: np.ndarray) -> np.ndarray:
    """Per row of a digit matrix: does the number pass the Luhn key? Every second digit from the
    right is doubled (its digits summed: 2×7 = 14 → 5), and the total is a multiple of 10."""
    doubled = np.zeros(digits.shape[1], dtype=bool)
    doubled[-2::-2] = True
    total = digits[:, ~doubled].sum(axis=1, dtype=np.int32) + _DOUBLED[digits[:, doubled]].sum(axis=1, dtype=np.int32)
    return total % 10 == 0


def _checksum_problems(digits: np.ndarray, kind: str) -> np.ndarray:
    if kind == "siren":
        return np.where(luhn_valid(digits), VALID, CHECKSUM).astype(np.int8)
    la_poste = (digits[:, :9] == _digits_of(LA_POSTE_SIREN)).all(axis=1)
    la_poste &= ~(digits == _digits_of(LA_POSTE_HEAD_OFFICE)).all(axis=1)
    out = np.where(luhn_valid(digits), VALID, CHECKSUM).astype(np.int8)
    if la_poste.any():
        out[la_poste] = np.where(digits[la_poste].sum(axis=1, dtype=np.int32) % 5 == 0, VALID, LA_POSTE)
    out[~luhn_valid(digits[:, :9])] = SIREN_PART  # the company's own number is wrong: the root cause
    return out


def _digits_of(number: str) -> np.ndarray:
    return np.frombuffer(number.encode("ascii"), dtype=np.uint8) - np.uint8(ord("0"))

