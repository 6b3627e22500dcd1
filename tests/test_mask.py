"""Reports mask personal values: enough to find the row, never the data."""
from __future__ import annotations

import pytest

from fichier_check.mask import mask_email, mask_nir, mask_phone, mask_text


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
