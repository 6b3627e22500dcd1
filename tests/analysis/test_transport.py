"""An analysis pickled by a worker comes back equal, its text arrays sent as Arrow."""
from __future__ import annotations

import pickle
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from fichier_check.analysis.emails import analyse_emails
from fichier_check.analysis.phones import analyse_phones
from fichier_check.analysis.transport import PacksText


def test_a_phone_and_an_email_analysis_come_back_equal():
    phones = analyse_phones(pd.Series(["06 12 34 56 78", "01 23", "", "+44 7700 900123"], dtype="str"))
    emails = analyse_emails(pd.Series(["Léa@Durand.fr", "pas une adresse", ""], dtype="str"))
    for made in (phones, emails):
        back = pickle.loads(pickle.dumps(made))
        for name in made.__dataclass_fields__:
            if name == "distinct":
                (codes, values), (made_codes, made_values) = back.distinct, made.distinct
                assert codes.tolist() == made_codes.tolist() and values.equals(made_values)
                continue
            if isinstance(getattr(made, name), pa.Array):  # Arrow fields travel as they are
                assert getattr(back, name).equals(getattr(made, name))
                continue
            assert getattr(back, name).dtype == getattr(made, name).dtype
            assert getattr(back, name).tolist() == getattr(made, name).tolist()


def test_the_checks_read_the_distinct_values_of_an_analysed_column_from_its_analysis():
    from fichier_check.checks.base import CheckContext, Distinct

    column = pd.Series(["06 12 34 56 78", "", "06 12 34 56 78", "x"], dtype="str")
    frame = pd.DataFrame({0: column})
    made = analyse_phones(column)
    ctx = CheckContext(frame=frame, columns=None, as_of=None, _cache={("phones", 0): pickle.loads(pickle.dumps(made))})
    reused, encoded = ctx.distinct(0), Distinct.of(column)
    assert reused.codes is ctx._cache[("phones", 0)].distinct[0]  # not encoded again
    assert reused.codes.tolist() == encoded.codes.tolist() and reused.values == encoded.values


@dataclass
class Sample(PacksText):
    texts: np.ndarray
    mixed: np.ndarray
    flags: np.ndarray


def test_text_arrays_are_unpacked_when_read_and_other_arrays_travel_as_they_are():
    sample = Sample(np.array(["a", "", "é"], dtype=object), np.array(["a", 1, None], dtype=object), np.array([True, False, True]))
    back = pickle.loads(pickle.dumps(sample))
    assert "texts" not in back.__dict__ and back.__dict__["mixed"].tolist() == ["a", 1, None]
    assert back.texts.tolist() == ["a", "", "é"] and back.texts.dtype == object
    assert "texts" in back.__dict__ and back.flags.tolist() == [True, False, True]
    again = pickle.loads(pickle.dumps(back))  # read or not, it pickles again
    assert [again.texts.tolist(), again.mixed.tolist(), again.flags.tolist()] == [["a", "", "é"], ["a", 1, None], [True, False, True]]


@dataclass
class WithDefault(PacksText):
    texts: np.ndarray
    later: np.ndarray | None = None


def test_a_field_with_a_default_travels_as_it_is():
    back = pickle.loads(pickle.dumps(WithDefault(np.array(["a"], dtype=object), np.array(["b"], dtype=object))))
    assert back.later.tolist() == ["b"] and back.texts.tolist() == ["a"]


def test_a_missing_attribute_is_still_an_attribute_error():
    import pytest
    with pytest.raises(AttributeError, match="nothing"):
        pickle.loads(pickle.dumps(Sample(np.array(["a"], dtype=object), np.array([1]), np.array([1])))).nothing
