"""Text folding shared by column mapping and term matching: accents off, lower case, punctuation
to spaces, so `Tél. fixe`, `TEL FIXE` and `tel-fixe` all read `tel fixe`; and the RE2 patterns
that compare a whole Arrow column the same way without folding it (`says_nothing`,
`placeholder_pattern`, `accent_blind`)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_COMBINING_END = 0x20000  # the characters with a combining class all lie below (see _combining)
# Letters that NFKD does not decompose but that French text uses.
_SPECIAL = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Lower-case, strip accents (é→e, œ→oe); keep everything else as is."""
    if text.isascii():  # nothing to decompose, translate or strip
        return text.lower()
    return _combining().sub("", unicodedata.normalize("NFKD", text.translate(_SPECIAL))).lower()


@lru_cache(maxsize=1)
def _combining() -> re.Pattern[str]:
    """Every character with a combining class (what `unicodedata.combining` is true for), as one
    character class: stripping them is then one C-level substitution, not a Python loop. None lies
    past the Supplementary Multilingual Plane (tested): scanning the first two planes only takes
    10 ms instead of the 0.1 s of every code point, at the start of every run."""
    codes = [c for c in range(_COMBINING_END) if unicodedata.combining(chr(c))]
    ranges, start = [], codes[0]
    for previous, current in zip(codes, codes[1:] + [None]):
        if current != previous + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else ""))
            start = current
    return re.compile("[" + "".join(ranges) + "]")


def fold_words(text: str) -> str:
    """`fold` then every run of non-alphanumerics becomes one space: a comparable header key."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


_ACCENTED = {"a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôõö", "u": "ùúûü", "y": "ýÿ"}
_OTHER = r"[^\pL\pN]"  # neither a letter nor a digit: punctuation, spaces
_MARKS = r"[\x{300}-\x{36f}]"  # combining diacritics (\pM, every mark, makes RE2 20 times slower)


@lru_cache(maxsize=8)
def placeholder_pattern(placeholders: tuple[str, ...]) -> str:
    """RE2 matching a cell that is blank or reads a placeholder with accents, case and punctuation
    ignored, as `analysis.text.fold_words` compares (`N/A` = `n.a.`, `Néant` = `NEANT`): each
    letter also matches its accented forms (composed or with combining marks), each run of
    punctuation and spaces any other run."""
    def phrase(folded: str) -> str:
        return (_OTHER + "+").join(accent_blind(word) for word in folded.split(" "))
    alternatives = [phrase(f) for f in sorted({fold_words(p) for p in placeholders} - {""}, key=len, reverse=True)]
    return r"(?i)^" + _OTHER + "*(?:" + "|".join(alternatives) + ")?" + _OTHER + "*$"


def accent_blind(word: str) -> str:
    """RE2 matching a folded word (lower case, no accents) written with or without its accents
    (composed or with combining marks); case is for the caller's `(?i)`."""
    return "".join(("[" + char + _ACCENTED[char] + "]" if char in _ACCENTED else re.escape(char)) + _MARKS + "*"
                   for char in word)


def says_nothing(texts, placeholders: list[str]):
    """Per cell of an Arrow string array: blank, null, or a placeholder (`N/A`, `néant`, `inconnu`…)
    with accents, case and punctuation ignored — one RE2 pass (a numpy bool array)."""
    import pyarrow.compute as pc
    from fichier_check.table import matches
    return matches(pc.fill_null(texts, ""), placeholder_pattern(tuple(placeholders)))
