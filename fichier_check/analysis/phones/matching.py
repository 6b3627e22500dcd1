"""The vectorised helpers every fast path shares: the strings without their separators, a regex
matched over an Arrow array (by Python's `re` on small arrays, Arrow's RE2 on large ones, with the
same answers), null tests, and the longest text phonenumbers will parse."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.phones.plan import _SEPARATORS
from fichier_check.table import matches, without_characters


def _parsable_length(values: pa.Array) -> np.ndarray:
    """phonenumbers refuses any text longer than 250 characters ("too long"), whatever it holds."""
    return pc.less_equal(pc.utf8_length(values), phonenumbers.phonenumberutil._MAX_INPUT_STRING_LENGTH).to_numpy(
        zero_copy_only=False)


def separators_removed(values: pa.Array) -> pa.Array:
    """The strings without the separators phonenumbers ignores: what every fast path reads."""
    return without_characters(values, _SEPARATORS)


# Arrow compiles a pattern at every call (0.05-0.25 ms for the metadata's): on fewer values than
# this, Python's `re`, whose compiled patterns are kept, answers sooner.
_PYTHON_MAX = 200


def _matches(array: pa.Array, pattern: str) -> np.ndarray:
    """Per string: does the RE2 `pattern` match somewhere in it (False for a null)?"""
    if len(array) - array.null_count < _PYTHON_MAX and len(array) < 10 * _PYTHON_MAX:
        search = _python_pattern(pattern).search
        return np.array([value is not None and search(value) is not None for value in array.to_pylist()], dtype=bool)
    return matches(array, pattern)


@lru_cache(maxsize=None)
def _python_pattern(pattern: str) -> re.Pattern[str]:
    """The same pattern for Python's `re`: the phone patterns are plain regular expressions whose
    only anchor at the end is `$`, which for RE2 means the end of the text (\\Z in Python)."""
    return re.compile(pattern.replace("$", r"\Z"))


def _is_null(array: pa.Array) -> np.ndarray:
    return pc.is_null(array).to_numpy(zero_copy_only=False)
