"""Reports mask personal values: enough to find the row, never the data."""
from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.analysis.mask import mask_email, mask_nir, mask_phone, mask_phone_array, mask_phones, mask_text


@pytest.mark.parametrize("value, masked", [
    ("06 12 34 56 78", "06 •• •• •• 78"), ("+33 6 12 34 56 78", "+33 • •• •• •• 78"),
    ("0612345678", "06••••••78"), ("01 23", "•• ••"), ("01 23 45", "01 •• 45"),
])
def test_phone_keeps_two_first_and_two_last_digits(value, masked):
    assert mask_phone(value) == masked


def test_email_keeps_first_letters_and_top_level_domain():
    assert mask_email("jean.dupont@exemple.fr") == "j•••@e•••.fr"


def test_text_keeps_one_letter():
    assert mask_text("En arrêt maladie") == "E•••"


def test_nir_keeps_the_sex_digit_only():
    assert mask_nir("1 85 05 78 006 084 91") == "1 •• •• •• ••• ••• ••"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("0123456789 .-+()Ox\u00a0\u202f\t\x00é"), max_size=50), max_size=40))
def test_vectorised_phone_masks_equal_the_one_value_mask(values):
    assert mask_phones(values) == [mask_phone(v) for v in values]


_PHONE_LIKE = st.text(alphabet=st.sampled_from("0123456789 .-+()Ox\t\n\r\x0b\x0c\x1c\x1f\x00\x01é\u00a0\u202f٣"), max_size=50)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), _PHONE_LIKE, st.text(max_size=30)), max_size=40), st.integers(0, 3))
def test_phone_masks_from_the_arrow_bytes_equal_the_one_value_mask(values, cut):
    array = pa.array(["spare"] * cut + values, type=pa.string()).slice(cut)  # a slice: its buffers start elsewhere
    assert mask_phone_array(array).to_pylist() == [None if v is None else mask_phone(v) for v in values]


def test_phone_masks_of_an_all_blank_or_empty_array():
    assert mask_phone_array(pa.array(["", "  ", "\t"])).to_pylist() == ["", "", ""]
    assert mask_phone_array(pa.array([], type=pa.string())).to_pylist() == []


def test_phone_masks_of_a_chunked_array_are_those_of_its_values():
    chunked = pa.chunked_array([["06 12 34 56 78", None], [], ["0712345678"]])
    assert mask_phone_array(chunked).to_pylist() == ["06 •• •• •• 78", None, "07••••••78"]


def test_a_phone_cell_not_written_as_a_number_is_masked_as_text():
    """Hiding the digits of `06 12 34 56 78 (Jean Roux)` would show the name: the whole cell is
    masked as text, in the scalar, list and Arrow paths alike."""
    import pyarrow as pa
    from fichier_check.analysis.mask import mask_phone, mask_phone_array, mask_phones
    cells = ["06 12 34 56 78 (Jean Roux)", "jean.dupont@exemple.fr", "Mme Martin Sophie", "=HYPERLINK(1)",
             "+33 (0)6 12 34 56 78"]
    expected = ["0•••", "j•••", "M•••", "=•••", "+33 (•)• •• •• •• 78"]
    assert [mask_phone(c) for c in cells] == expected
    assert mask_phones(cells) == expected
    assert mask_phone_array(pa.array(cells)).to_pylist() == expected
