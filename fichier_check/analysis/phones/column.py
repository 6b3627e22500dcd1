"""A whole column at once: `analyse_phones` runs its distinct values through the fast paths in
turn (`french`, then `international`), each on what the ones before left, and gives the rest to
`fallback`; `phone_keys` does the same for the keys of a suppression list. `PhoneColumn` is the
result the checks read (it crosses processes: see `transport`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.phones.fallback import _slow_many
from fichier_check.analysis.phones.french import (
    fast_french, fast_invalid_french, fast_overseas, fast_wrong_length_french)
from fichier_check.analysis.phones.international import fast_international
from fichier_check.analysis.phones.matching import separators_removed
from fichier_check.analysis.phones.normalise import _is_possible, e164_key
from fichier_check.analysis.phones.plan import DEFAULT_REGION, NOT_FRENCH, OVERSEAS_AS_FRENCH
from fichier_check.analysis.transport import PacksText
from fichier_check.table import distinct_arrow, same_texts


@dataclass
class PhoneColumn(PacksText):
    """Per-row analysis of one phone column."""

    blank: np.ndarray  # bool: nothing in the cell
    valid: np.ndarray  # bool: phonenumbers says valid
    e164: pa.Array  # string: "+33612345678", or "" when the value cannot be parsed at all (Arrow: the run
    # itself never reads it per row, so no Python string is made for it)
    mobile: np.ndarray  # bool: a valid mobile number
    reason: np.ndarray | None = None  # object: why invalid ("" when valid or blank)
    keys: np.ndarray | None = None  # int64: E.164 digits as an integer, 0 when no E.164 form
    # the column's distinct values and each row's code, as `table.distinct_arrow` gives them: the
    # checks reuse them instead of encoding the column again (`CheckContext.distinct`)
    distinct: tuple[np.ndarray, pa.Array] | None = None


def analyse_phones(values: pd.Series, region: str = DEFAULT_REGION) -> PhoneColumn:
    codes, distinct = distinct_arrow(values)
    n = len(distinct)
    french = region == "FR" and n > 0
    compact = separators_removed(distinct) if french else None

    def unsettled(*settled: np.ndarray) -> tuple[np.ndarray, pa.Array, pa.Array]:
        rest = np.flatnonzero(~np.logical_or.reduce(settled))
        taken = pa.array(rest)
        return rest, distinct.take(taken), compact.take(taken)

    valid, mobile, keys = (fast_french(distinct, compact) if french
                           else (np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.int64)))
    valid, mobile, keys = valid.copy(), mobile.copy(), keys.copy()
    blank = np.zeros(n, bool)  # a valid number is not blank: only the others are looked at
    rest = np.flatnonzero(~valid)
    blank[rest] = [not u.strip() for u in distinct.take(pa.array(rest)).to_pylist()]
    known_invalid = np.zeros(n, bool)
    reason = same_texts(n, "")
    if french and not valid.all():
        rest, texts, compacts = unsettled(valid, blank)
        far, far_mobile, far_keys = fast_overseas(texts, compacts)
        valid[rest], mobile[rest], keys[rest] = far, far_mobile, np.where(far, far_keys, keys[rest])
    if french and not valid.all():
        rest, texts, compacts = unsettled(valid, blank)
        decided, overseas, bad_keys = fast_invalid_french(texts, compacts)
        known_invalid[rest[decided]] = True
        keys[rest[decided]] = bad_keys[decided]
        reason[rest[decided]] = np.where(overseas[decided], OVERSEAS_AS_FRENCH, NOT_FRENCH)
    e164 = same_texts(n, "")  # the E.164 forms the later paths give (few values)
    formed = valid | known_invalid  # these: "+" and their key (made at the end, by Arrow)
    if french and not formed.all():
        rest, texts, compacts = unsettled(valid, blank, known_invalid)
        decided, numbers, wrong_keys, problems = fast_wrong_length_french(texts, compacts)
        done = rest[decided]
        known_invalid[done], e164[done], keys[done], reason[done] = True, numbers[decided], wrong_keys[decided], problems[decided]
    if french and not (valid | known_invalid).all():
        rest, texts, compacts = unsettled(valid, blank, known_invalid)
        decided, ok, is_mobile, numbers, number_keys, problems = fast_international(texts, compacts)
        done = rest[decided]
        valid[done], mobile[done], e164[done], keys[done], reason[done] = (
            ok[decided], is_mobile[decided], numbers[decided], number_keys[decided], problems[decided])
        known_invalid[done] = ~ok[decided]
    slow = np.flatnonzero(~valid & ~blank & ~known_invalid)
    texts = distinct.take(pa.array(slow)).to_pylist()
    for i, (ok, number, is_mobile, problem) in zip(slow.tolist(), _slow_many(texts, region)):
        valid[i], e164[i], mobile[i], reason[i] = ok, number, is_mobile, problem
        keys[i] = e164_key(number) if number else 0
    forms = pc.if_else(pa.array(formed), pc.binary_join_element_wise("+", pc.cast(pa.array(keys), pa.string()), ""), "")
    if not formed.all():
        forms = pc.replace_with_mask(forms, pa.array(~formed), pa.array(e164[~formed], type=pa.string()))
    return PhoneColumn(blank[codes], valid[codes], forms.take(pa.array(codes)), mobile[codes], reason[codes], keys[codes],
                       (codes, distinct))


def phone_keys(values: pa.Array, region: str = DEFAULT_REGION) -> np.ndarray:
    """int64 key of each string that is a plausible phone number (see `is_possible_key`), else 0.
    Vectorised for French forms; other distinct values go through phonenumbers once each."""
    compact = separators_removed(values) if len(values) else None
    settled, _, keys = fast_french(values, compact) if len(values) else (np.zeros(0, bool), None, np.zeros(0, np.int64))
    keys = keys.copy()
    rest = np.flatnonzero(~settled)
    if len(rest) and region == "FR":
        overseas, _, overseas_keys = fast_overseas(pc.take(values, pa.array(rest)), pc.take(compact, pa.array(rest)))
        keys[rest[overseas]] = overseas_keys[overseas]
        rest = rest[~overseas]
        # invalid French numbers of 9 digits are plausible keys (see `is_possible_key`)
        invalid, _, invalid_keys = fast_invalid_french(pc.take(values, pa.array(rest)), pc.take(compact, pa.array(rest)))
        keys[rest[invalid]] = invalid_keys[invalid]
        rest = rest[~invalid]
    if len(rest):
        others = pc.take(values, pa.array(rest))
        codes, uniques = pd.factorize(others.to_numpy(zero_copy_only=False), use_na_sentinel=True)
        # the same answers as the checks' fallback (and remembered for them: list entries are
        # often the file's own contacts)
        found = np.array([e164_key(number) if _is_possible(ok, number, problem) else 0
                          for ok, number, _, problem in _slow_many(list(uniques), region)], dtype=np.int64)
        keys[rest] = np.where(codes >= 0, found[np.maximum(codes, 0)] if len(found) else 0, 0)
    return keys
