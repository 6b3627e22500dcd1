"""Reports mask personal values: enough to find the row, never the data."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.mask import mask_email, mask_nir, mask_phone, mask_phones, mask_text


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
