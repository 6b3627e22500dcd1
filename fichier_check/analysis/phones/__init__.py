"""Phone numbers: validity (phonenumbers, default region FR), E.164 normal form, mobile or not.

Accepted forms include `06 12 34 56 78`, `06.12.34.56.78`, `+33 6…`, `0033 6…`, `33 6…`, the
9-digit form whose leading zero a spreadsheet dropped (`612345678`) and `+33 (0)6…` — phonenumbers
counts all of them valid, and so do we. Overseas numbers are valid under their own codes (+590,
+594, +596, +262, +269…) and in national form (`0690 12 34 56` is Guadeloupe, +590 690…); `+33 690…`
is invalid because those numbers do not belong to +33 (phonenumbers' metadata decides).

Speed: values are deduplicated, then vectorised fast paths (RE2 regexes built from phonenumbers'
own metadata) settle the common French forms and the valid numbers of the overseas codes
(+590, +594, +596, +262, also in national form); only the remaining distinct values are parsed
by phonenumbers, once per run. The fast paths give exactly the verdict `analyse_one` gives
(property-tested).

Keys: an E.164 number is also kept as an int64 (`+33612345678` → 33612345678) for suppression-list
joins; 0 means "no number".

Which module to open:

- `plan`: the numbering plans — region tables (`OVERSEAS_REGIONS`), limits, the wording of every
  reason, the separators phonenumbers ignores, the RE2 patterns built from its metadata. Fix a
  French or overseas rule, or a reason's wording, here.
- `fallback`: phonenumbers itself, one value at a time — `analyse_one` and `phone_problem` (the
  reference every fast path must agree with), and `_slow_many`, which parses what no fast path
  settled once per run (`_SLOW_ANSWERS`), in the worker processes past `PARALLEL_MIN` values.
- `french`: the vectorised fast paths for French-form numbers (valid French, overseas, invalid
  French, wrong number of digits).
- `international`: the vectorised fast path for `+`/`00` numbers of other country codes.
- `matching`: the helpers the fast paths share (separators removed, regex matching by `re` or RE2).
- `normalise`: E.164 form and int64 key of one value (`normalise_phone`, `e164_key`,
  `is_possible_key`).
- `column`: a whole column — `analyse_phones` (→ `PhoneColumn`) and `phone_keys` run the fast
  paths in turn and give the rest to `fallback`.

The package re-exports the names used elsewhere. Tunables and run state (`PARALLEL_MIN`,
`_SLOW_ANSWERS`, `_INTERNATIONAL_MIN`, `_matches`) are deliberately not re-exported: set or
patch them where the code reads them — the owning module, except `_matches`, which `french` and
`international` import by name (patch it in both, as tests/analysis/test_phones.py does).
"""
from __future__ import annotations

from fichier_check.analysis.phones.column import PhoneColumn, analyse_phones, phone_keys
from fichier_check.analysis.phones.fallback import _analyse, _slow_one, analyse_one, phone_problem
from fichier_check.analysis.phones.french import (
    fast_french, fast_invalid_french, fast_overseas, fast_wrong_length_french)
from fichier_check.analysis.phones.international import fast_international
from fichier_check.analysis.phones.matching import _python_pattern, separators_removed
from fichier_check.analysis.phones.normalise import e164_key, is_possible_key, normalise_phone
from fichier_check.analysis.phones.plan import (
    DEFAULT_REGION, NOT_FRENCH, OVERSEAS_AS_FRENCH, OVERSEAS_REGIONS, TOO_LONG, TOO_SHORT)

__all__ = [
    # a column
    "PhoneColumn", "analyse_phones", "phone_keys",
    # one value
    "analyse_one", "phone_problem", "normalise_phone", "e164_key", "is_possible_key",
    # the plan's names and reasons
    "DEFAULT_REGION", "OVERSEAS_REGIONS", "NOT_FRENCH", "OVERSEAS_AS_FRENCH", "TOO_SHORT", "TOO_LONG",
    # the fast paths (the property tests compare each with phonenumbers)
    "fast_french", "fast_overseas", "fast_invalid_french", "fast_wrong_length_french", "fast_international",
    "separators_removed",
    # private, kept importable from the package for the tests that import them from here
    "_analyse", "_slow_one", "_python_pattern",
]
