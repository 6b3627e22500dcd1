"""Distinct values of a text column: Arrow's dictionary encoding gives pandas' factorize answer."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings, strategies as st

from fichier_check.table import distinct_texts

CELLS = st.lists(st.sampled_from(["", " ", "a", "A", "é", "e\u0301", "06 12", "x" * 40, "\x00", "None", "nan"]),
                 max_size=30)


@settings(max_examples=200, deadline=None)
@given(CELLS, st.sampled_from(["str", object]))
def test_codes_and_values_are_those_of_factorize(cells, dtype):
    column = pd.Series(cells, dtype=dtype)
    codes, values = distinct_texts(column)
    expected_codes, expected = pd.factorize(column.astype(object), use_na_sentinel=False)
    assert codes.tolist() == expected_codes.tolist()
    assert values == [str(u) for u in expected]


def test_a_column_with_missing_values_takes_the_pandas_path():
    codes, values = distinct_texts(pd.Series(["a", None, "a"], dtype=object))
    assert codes.tolist() == [0, 1, 0] and values == ["a", "nan"]  # as pandas has always given it


def test_first_bytes_reads_the_first_byte_of_each_string_of_any_arrow_string_array():
    import pyarrow as pa

    from fichier_check.table import first_bytes
    cells = ["=1", "", "é", "+33", None, "x"]
    for array in (pa.array(cells, pa.string()), pa.array(cells, pa.large_string()),
                  pa.array(["z"] + cells, pa.string()).slice(1)):
        assert first_bytes(array).tolist() == [ord("="), 0, 0xC3, ord("+"), 0, ord("x")]
    assert first_bytes(pa.array([1, 2])) is None
    assert first_bytes(pa.array([], pa.string())).tolist() == []


def test_same_texts_is_numpy_full_of_objects():
    import numpy as np

    from fichier_check.table import same_texts
    for count, value in ((0, ""), (3, "on the list"), (4, None), (2, "é")):
        made = same_texts(count, value)
        assert made.dtype == object and made.tolist() == np.full(count, value, dtype=object).tolist()


SEPARATED = st.lists(st.text(alphabet=" .-/()+0123456789\u00a0\u202f\u2009é\t", max_size=12), max_size=25)


@settings(max_examples=300, deadline=None)
@given(SEPARATED, st.integers(0, 5), st.sampled_from([" .-/()\t", " ", "\u00a0\u202f", " .\u202f-", "x"]), st.booleans())
def test_without_characters_removes_each_character_as_str_replace_does(cells, start, characters, with_null):
    import pyarrow as pa
    from fichier_check.table import without_characters

    array = pa.array(cells + [None] * with_null, type=pa.string()).slice(min(start, len(cells)))  # also a slice of a larger array
    expected = [None if c is None else "".join(ch for ch in c if ch not in characters) for c in array.to_pylist()]
    result = without_characters(array, characters)
    assert result.type == pa.string()
    assert result.to_pylist() == expected
    result.validate(full=True)


def test_without_characters_leaves_an_array_without_them_as_it_is():
    import pyarrow as pa
    from fichier_check.table import without_characters

    array = pa.array(["0612345678", "+33612345678"])
    assert without_characters(array, " .\u202f") is array
