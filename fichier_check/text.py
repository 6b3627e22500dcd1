"""Text folding shared by column mapping and term matching: accents off, lower case, punctuation
to spaces, so `Tél. fixe`, `TEL FIXE` and `tel-fixe` all read `tel fixe`."""
from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not decompose but that French text uses.
_SPECIAL = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Lower-case, strip accents (é→e, œ→oe); keep everything else as is."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_words(text: str) -> str:
    """`fold` then every run of non-alphanumerics becomes one space: a comparable header key."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()
