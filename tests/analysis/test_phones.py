"""The vectorised phone fast path gives phonenumbers' own verdict on every value it settles."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings, strategies as st

from fichier_check.analysis.phones import _analyse, analyse_phones, fast_french

FORMS = ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "06-12-34-56-78",
         "+33 (0)6 12 34 56 78", "+33(0)612345678", "612345678", "(06) 12 34 56 78", "0033 (0)1 42 68 53 00",
         "01 23", "+33 690 12 34 56", "0690 12 34 56", "+590 690 12 34 56", "08 00 12 34 56", "09 72 11 22 33",
         "+44 7700 900123", "06 12 34 56 78 9", "00 00 00 00 00", "abc", ""]


def _as_arrow(values) -> pa.Array:
    return pa.array(values, type=pa.string(), from_pandas=True)


def agrees(values: list[str]) -> None:
    array = np.array(values, dtype=object)
    settled, mobile, keys = fast_french(_as_arrow(array))
    for value, quick, is_mobile, key in zip(values, settled, mobile, keys):
        if quick:
            valid, e164, slow_mobile = _analyse(value, "FR")
            assert valid and e164 == f"+{key}" and slow_mobile == is_mobile, value


def test_fast_path_agrees_with_phonenumbers_on_real_forms():
    agrees(FORMS)


DIGITS = st.text("0123456789", min_size=8, max_size=11)
WRAP = st.sampled_from(["{}", "+33 {}", "+33 (0){}", "0033{}", "({})", "{} ", "33{}", "0{}"])


@settings(max_examples=500, deadline=None)
@given(DIGITS, WRAP, st.sampled_from(["", " ", ".", "-"]))
def test_fast_path_agrees_with_phonenumbers_on_generated_numbers(digits, wrap, separator):
    spaced = separator.join(digits[i:i + 2] for i in range(0, len(digits), 2))
    agrees([wrap.format(spaced)])


def test_column_analysis_marks_invalid_numbers_with_a_reason():
    column = analyse_phones(__import__("pandas").Series(["06 12 34 56 78", "01 23", ""], dtype=object))
    assert column.valid.tolist() == [True, False, False]
    assert column.blank.tolist() == [False, False, True]
    assert column.e164[0].as_py() == "+33612345678" and column.reason[1]


def test_worker_processes_give_the_answers_of_the_main_process(monkeypatch):
    from fichier_check.analysis import phones
    from fichier_check.analysis.phones import fallback
    from fichier_check.runtime import processes
    column = pd.Series(FORMS * 3 + [f"+44 7700 9001{i:02d}" for i in range(40)], dtype="str")
    monkeypatch.setattr(fallback, "_SLOW_ANSWERS", {})
    processes.set_jobs(1)
    alone = phones.analyse_phones(column)
    monkeypatch.setattr(fallback, "_SLOW_ANSWERS", {})
    monkeypatch.setattr(fallback, "PARALLEL_MIN", 1)
    processes.set_jobs(2)
    try:
        pooled = phones.analyse_phones(column)
        assert processes._POOL is not None
    finally:
        processes.shutdown_pool()
        processes.set_jobs(1)
    for field in ("blank", "valid", "e164", "mobile", "reason", "keys"):
        assert getattr(alone, field).tolist() == getattr(pooled, field).tolist(), field


def test_answers_are_remembered_for_the_run(monkeypatch):
    from fichier_check.analysis import phones
    from fichier_check.analysis.phones import fallback
    from fichier_check.runtime import processes
    monkeypatch.setattr(fallback, "_SLOW_ANSWERS", {})
    processes.set_jobs(1)
    phones.analyse_phones(pd.Series(["+44 7700 900123", "+41 79 787 95 03"], dtype="str"))
    assert ("+44 7700 900123", "FR") in fallback._SLOW_ANSWERS and ("+41 79 787 95 03", "FR") in fallback._SLOW_ANSWERS


OVERSEAS_NSN = st.builds(lambda head, tail: head + tail,
                         st.sampled_from(["690", "691", "694", "696", "697", "692", "693", "639", "590", "594", "596",
                                          "262", "263", "269", "7090", "7091", "7093", "800", "809", "891", "939",
                                          "976", "508", "708", "41"]),
                         st.text("0123456789", min_size=5, max_size=7))
OVERSEAS_FORM = st.sampled_from(["0{}", "+590{}", "+594{}", "+596{}", "+262{}", "+508{}", " 0{} ", "(0){}", "00590{}",
                                 "+590 {}", "0 {}"])


@settings(max_examples=600, deadline=None)
@given(OVERSEAS_NSN, OVERSEAS_FORM, st.sampled_from(["", " ", ".", "-"]))
def test_overseas_fast_path_agrees_with_phonenumbers(nsn, form, separator):
    from fichier_check.analysis.phones import fast_overseas
    spaced = separator.join(nsn[i:i + 2] for i in range(0, len(nsn), 2)) if separator else nsn
    value = form.format(spaced)
    array = _as_arrow(np.array([value], dtype=object))
    if fast_french(array)[0][0]:
        return  # settled as a French number first
    settled, mobile, keys = fast_overseas(array)
    if settled[0]:
        valid, e164, slow_mobile = _analyse(value, "FR")
        assert valid and e164 == f"+{keys[0]}" and slow_mobile == mobile[0], value


def invalid_agrees(values: list[str]) -> int:
    """Every value the invalid-number path decides gets phonenumbers' own answer and reason."""
    from fichier_check.analysis.phones import NOT_FRENCH, OVERSEAS_AS_FRENCH, _slow_one, fast_invalid_french, fast_overseas
    array = _as_arrow(np.array(values, dtype=object))
    settled = fast_french(array)[0] | fast_overseas(array)[0]
    decided, overseas, keys = fast_invalid_french(array)
    for value, done, quick, is_overseas, key in zip(values, decided, settled, overseas, keys):
        if done and not quick:
            reason = OVERSEAS_AS_FRENCH if is_overseas else NOT_FRENCH
            assert _slow_one((value, "FR")) == (False, f"+{key}", False, reason), value
    return int((decided & ~settled).sum())


INVALID_NSN = st.builds(lambda head, tail: head + tail,
                        st.sampled_from([str(d) for d in range(1, 10)] + ["690", "694", "696", "639", "262", "269",
                                                                           "590", "594", "596", "700", "709", "800",
                                                                           "897", "970", "979", "40", "46", "60"]),
                        st.text("0123456789", min_size=6, max_size=8)).map(lambda d: d[:9])
INVALID_FORM = st.sampled_from(["{}", "0{}", "+33{}", "+33 {}", "+33 (0){}", "+330{}", "0033{}", "00330{}", "33{}",
                                "330{}", "({})", "(0){}", " 0{} ", "0 {}", "0 0 33 {}", "0\u00a0{}", "\u00a00{}",
                                "(0033) {}", "+33-{}"])


@settings(max_examples=800, deadline=None)
@given(INVALID_NSN, INVALID_FORM, st.sampled_from(["", " ", ".", "-", "\u202f"]))
def test_invalid_french_numbers_get_phonenumbers_reason_without_it(nsn, form, separator):
    spaced = separator.join(nsn[i:i + 2] for i in range(0, len(nsn), 2)) if separator else nsn
    invalid_agrees([form.format(spaced)])


@settings(max_examples=300, deadline=None)
@given(DIGITS, WRAP, st.sampled_from(["", " ", ".", "-"]))
def test_invalid_path_agrees_with_phonenumbers_on_generated_numbers(digits, wrap, separator):
    spaced = separator.join(digits[i:i + 2] for i in range(0, len(digits), 2))
    invalid_agrees([wrap.format(spaced)])


def test_invalid_french_numbers_of_a_real_file_are_decided_without_phonenumbers():
    values = ["+33639466471", "+33405347950", "0404878045", "+33697423596", "+33262275397", "04 04 87 80 45",
              "+33 6 39 46 64 71"]
    assert invalid_agrees(values) == len(values)
    assert invalid_agrees(FORMS) == 1  # "+33 690 12 34 56": an overseas number written with +33


def test_overseas_numbers_are_settled_without_phonenumbers():
    from fichier_check.analysis.phones import fast_overseas
    values = ["0690 12 34 56", "+590 690 12 34 56", "0692 12 34 56", "+262 692 12 34 56", "0594 30 12 34",
              "0639 01 23 45"]
    settled, mobile, keys = fast_overseas(_as_arrow(np.array(values, dtype=object)))
    assert settled.all()
    assert [f"+{k}" for k in keys] == [_analyse(v, "FR")[1] for v in values]
    assert mobile.tolist() == [True, True, True, True, False, True]


def test_list_keys_are_those_of_each_value_on_its_own():
    from fichier_check.analysis.phones import e164_key, is_possible_key, normalise_phone, phone_keys
    values = FORMS + ["+32 470 12 34 56", "+1 202 555 0143", "06 12 34", "0999999999", "+33 590 27 12 34",
                      "abc", "", "+44 20 7946 0958", "0590 27 12 34", "+33 1 23 45 67 89 00"]
    expected = [e164_key(normalise_phone(v)) if is_possible_key(v) else 0 for v in values]
    assert phone_keys(_as_arrow(values)).tolist() == expected


def test_a_text_too_long_for_phonenumbers_is_left_to_it():
    from fichier_check.analysis.phones import _slow_one, fast_invalid_french, fast_overseas
    values = ["0" + " " * 125 + "-" * 125 + "639123456", " " * 240 + "06 12 34 56 78", "0690 12 34 56" + " " * 240]
    array = _as_arrow(np.array(values, dtype=object))
    assert not (fast_french(array)[0] | fast_overseas(array)[0] | fast_invalid_french(array)[0]).any()
    assert _slow_one((values[0], "FR")) == (False, "", False, "too long")
    column = analyse_phones(pd.Series(values, dtype="str"))
    assert column.valid.tolist() == [False, True, True] and column.reason[0] == "too long"


def wrong_length_agrees(values: list[str]) -> int:
    """Every value the wrong-length path decides gets phonenumbers' own answer, reason and list key."""
    from fichier_check.analysis.phones import _slow_one, e164_key, fast_wrong_length_french
    decided, e164, keys, reasons = fast_wrong_length_french(_as_arrow(np.array(values, dtype=object)))
    for value, done, number, key, reason in zip(values, decided, e164, keys, reasons):
        if done:
            assert _slow_one((value, "FR")) == (False, number, False, reason), value
            assert key == (e164_key(number) if number else 0), value
    return int(decided.sum())


NATIONAL_FORM = st.sampled_from(["0{}", " 0{} ", "0 {}", "0\u00a0{}", "\u00a00{}", "0{})", "0.{}", "0-{}", "0({})",
                                 "(0{})", "0{}.", "00{}", "0 0{}", "{}", "{}O", "0{}O", "0{}o ", "0{}OO", "0{}OOO",
                                 "O{}", "0O{}", "{} O", "33{}", "0 33{}"])


@settings(max_examples=800, deadline=None)
@given(st.text("0123456789", min_size=0, max_size=20), NATIONAL_FORM,
       st.sampled_from(["", " ", ".", "-", "\u202f", "/", "\t"]))
def test_numbers_with_too_few_or_too_many_digits_get_phonenumbers_answer_without_it(digits, form, separator):
    spaced = separator.join(digits[i:i + 2] for i in range(0, len(digits), 2)) if separator else digits
    wrong_length_agrees([form.format(spaced)])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from("0123456789O 0123456789o.-"), min_size=1, max_size=20).map("".join))
def test_typo_letters_anywhere_get_phonenumbers_answer(text):
    wrong_length_agrees([text, "0" + text])


def test_the_wrong_lengths_of_a_real_file_are_decided_without_phonenumbers():
    values = ["06 36 23 19", "06605157369", "062069659", "09347", "06 12 34 56 78 9", "0590 12 34 5",
              "0" + "1" * 16, "0" + "1" * 17, "0" + "1" * 18, "01 18 79 05 8O", "01 23 4O", "16141", "612345",
              "12345678901", "1" * 18, "01 2O 4"]
    assert wrong_length_agrees(values) == len(values)
    assert wrong_length_agrees(["01", "0 6", "12", "+33 6 12 34", "06 12 34 56 78", "0O 12 34 56 78", "01 23 OOO",
                                "33612345678901", "612345678", "0032 470 735710"]) == 0


def test_a_column_gets_the_answers_of_phonenumbers_value_by_value():
    from fichier_check.analysis.phones import _slow_one, e164_key
    values = FORMS + ["06 36 23 19", "06605157369", "062069659", "09347", "0" + "1" * 18, "+34 665 87 92 87",
                      "01 87 97 29 8O", "55516", "06 12 34 56 78", "0690 12 34 56", "+33 690 12 34 56", " ",
                      "06 12 34 56 78O", "0O 12 34 56 78", "16141", "12345678901"] + [
                      "+32 471 69 80 92", "+44 7700 928450", "+212 6 93 79 16 21", "+262 693 23 33 68", "+49 151 5065"] * 8
    column = analyse_phones(pd.Series(values, dtype="str"))
    for i, value in enumerate(values):
        if value.strip():
            valid, e164, mobile, reason = _slow_one((value, "FR"))
            assert (column.valid[i], column.e164[i].as_py(), column.mobile[i], column.reason[i]) == (valid, e164, mobile, reason), value
            assert column.keys[i] == (e164_key(e164) if e164 else 0), value


def international_agrees(values: list[str], fewest: int = 1) -> int:
    """Every value the international path decides gets phonenumbers' own answer, reason and key
    (`fewest`: the numbers of a country code a chunk needs for the path to take them)."""
    from fichier_check.analysis.phones import _slow_one, e164_key, fast_international, international
    saved, international._INTERNATIONAL_MIN = international._INTERNATIONAL_MIN, fewest
    try:
        decided, valid, mobile, e164, keys, reasons = fast_international(_as_arrow(np.array(values, dtype=object)))
    finally:
        international._INTERNATIONAL_MIN = saved
    for value, done, ok, is_mobile, number, key, reason in zip(values, decided, valid, mobile, e164, keys, reasons):
        if done:
            assert _slow_one((value, "FR")) == (ok, number, is_mobile, reason), value
            assert key == (e164_key(number) if number else 0), value
    return int(decided.sum())


def _examples() -> list[str]:
    """phonenumbers' example number of every type of every region, in E.164 form."""
    import phonenumbers
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in phonenumbers.PhoneNumberType.values():
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return sorted(set(out))


EXAMPLES = _examples()


def test_the_example_numbers_of_every_region_get_phonenumbers_answer():
    import phonenumbers
    assert international_agrees(EXAMPLES) > len(EXAMPLES) * 0.9
    spaced = ["00" + e[1:4] + " " + e[4:] for e in EXAMPLES] + [e[:3] + " " + e[3:] for e in EXAMPLES]
    international_agrees(spaced)
    # the same numbers one digit longer, one shorter, or with the last digit changed: mostly invalid
    international_agrees([e + "1" for e in EXAMPLES] + [e[:-1] for e in EXAMPLES]
                         + [e[:-1] + str((int(e[-1]) + 1) % 10) for e in EXAMPLES])
    assert phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44] == ("GB", "GG", "IM", "JE")  # a code of several regions


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(EXAMPLES), st.integers(0, 15), st.text("0123456789", max_size=3),
       st.sampled_from(["{}", "+{}", "00{}", " +{} ", "+{}.", "(+{})", "+ {}"]), st.sampled_from(["", " ", ".", "-"]))
def test_international_numbers_get_phonenumbers_answer_without_it(example, cut, tail, form, separator):
    digits = (example[1:][:cut + 3] + tail) if cut < 12 else example[1:]
    spaced = separator.join(digits[i:i + 3] for i in range(0, len(digits), 3)) if separator else digits
    international_agrees([form.format(spaced)])


def test_international_numbers_of_a_real_file_are_decided_without_phonenumbers():
    values = ["+32 471 69 80 92", "+34 637 38 18 33", "+212 6 93 79 16 21", "+44 7700 928450", "+41 79 787 95 03",
              "0032 470 735710", "+49 151 50659292", "+262 693 23 33 68"] * 8
    assert international_agrees(values, fewest=8) == len(values)
    assert international_agrees(values[:7], fewest=8) == 0  # too few of a code in a chunk: phonenumbers is cheaper
    # +33 (the French paths), non-geographic numbers and a national prefix stay with phonenumbers
    assert international_agrees(["+33 6 12 34 56 78", "+800 1234 5678", "+44 07700 900123", "+1 202 555 0143"]) == 1


COUNTRY_CODES = sorted(str(c) for c in __import__("phonenumbers").COUNTRY_CODE_TO_REGION_CODE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(COUNTRY_CODES), st.text("0123456789", min_size=1, max_size=16)),
                min_size=1, max_size=40))
def test_random_digits_after_any_country_code_get_phonenumbers_answer(numbers):
    international_agrees([f"+{code} {digits}" for code, digits in numbers])


def _phone_modules() -> list:
    """Every module of the phones package."""
    import importlib
    import pkgutil

    from fichier_check.analysis import phones
    return [importlib.import_module(f"{phones.__name__}.{info.name}") for info in pkgutil.iter_modules(phones.__path__)]


def test_python_and_arrow_regex_engines_agree_on_every_pattern_the_fast_paths_use(monkeypatch):
    """Small arrays are matched by Python's `re`, large ones by Arrow's RE2: on every call the
    fast paths make over a varied corpus, both engines give the same answer."""
    import pyarrow.compute as pc

    from fichier_check.analysis.phones import matching
    calls = []

    def both(array, pattern):
        arrow = pc.fill_null(pc.match_substring_regex(array, pattern), False).to_numpy(zero_copy_only=False)
        search = matching._python_pattern(pattern).search
        python = np.array([v is not None and search(v) is not None for v in array.to_pylist()], dtype=bool)
        assert (arrow == python).all(), pattern
        calls.append(pattern)
        return arrow
    # `_matches` is imported by name into each fast-path module: patched in every one that holds it
    patched = [m for m in _phone_modules() if getattr(m, "_matches", None) is matching._matches]
    assert {m.__name__.rsplit(".", 1)[1] for m in patched} >= {"french", "international"}
    for module in patched:
        monkeypatch.setattr(module, "_matches", both)
    odd = [f"{v}\n" for v in FORMS] + [f"0{d}\n0" for d in "0123456789"] + ["0690 12 34 56\n", "+590690123456\n"]
    national = ["0" + e[4:] for e in EXAMPLES if e.startswith(("+590", "+594", "+596", "+262", "+33"))]
    analyse_phones(pd.Series(FORMS + odd + EXAMPLES + national + [e + "9" for e in EXAMPLES], dtype="str"))
    assert len(set(calls)) > 100


def test_the_python_form_of_a_pattern_ends_where_re2_ends():
    from fichier_check.analysis.phones import _python_pattern
    assert _python_pattern("^[0-9]{2}$").search("12") and not _python_pattern("^[0-9]{2}$").search("12\n")
    assert _python_pattern("^(?:6|7)[0-9]$").search("61") and not _python_pattern("^(?:6|7)[0-9]$").search("61\n")


def test_a_column_as_the_xlsx_loader_makes_it_gets_the_answers_of_any_other():
    """The loaders' frames hold Arrow `large_string` columns (the XLSX one always): every path,
    down to those that join texts, gets the same answers as from plain strings."""
    from fichier_check.read.csv_source import text_frame
    values = FORMS + ["01 23", "06 12 34 56 78 90 12", "0690 12 34 56", "+44 7700 900123", "+590 690 12 34 56",
                      "0O 12 34 56 78", "12345678901234567890", "+33 6 12"] * 3
    from_loader = analyse_phones(text_frame([values])[0])
    plain = analyse_phones(pd.Series(values, dtype=object))
    for name in ("blank", "valid", "e164", "mobile", "reason", "keys"):
        assert list(getattr(from_loader, name)) == list(getattr(plain, name)), name
