"""Find words of a term list in free text: accent- and case-insensitive, whole words only,
French elision (`l'hôpital`, `d'origine`) and plural/feminine endings handled, multi-word terms
with any separator, and upper-case-only tokens (`CGT`, `RN`) matched only when written in capitals.
Decoys are phrases, matched the same way, inside which a term is not meant as listed ("prix
agressifs" is about a price, not a person): a term found within a decoy is skipped, the rest of the
text is still searched.

A `TermMatcher` is compiled once per rule; it folds and searches each DISTINCT value once, so a
million comments that repeat cost one search per distinct comment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fichier_check.table import distinct_texts
from fichier_check.analysis.text import fold

_MAX_REMEMBERED = 100_000  # distinct texts whose answer a matcher keeps (a few MB)
_EDGE = "(?<![a-z0-9])"
_END = "(?![a-z0-9])"
_SEPARATOR = "[^a-z0-9]+"


def wordless(terms) -> str | None:
    """The first of `terms` without a letter or a digit (`?`, `(`): it could match nothing, so a rule
    pack listing one is refused with its line."""
    return next((term for term in terms if not re.search(r"[a-z0-9]", fold(term))), None)


def _term_pattern(term: str) -> str:
    words = [re.escape(w) for w in re.split(r"[^a-z0-9]+", fold(term)) if w]
    if not words:
        return "(?!)"  # matches nothing (the packs refuse such a term: `wordless`)
    body = _SEPARATOR.join(words)
    # Plural and feminine forms (malades, diabétique·s, syndiquée) for words long enough that an
    # ending cannot turn them into another word ("rom" must not match "Rome").
    return body + ("(?:e?s|e)?" if len(words[-1]) >= 5 else "")


@dataclass
class TermHit:
    category: str
    term: str


class TermMatcher:
    """Terms grouped by category; `search(text)` gives the first hit, `search_column` a whole column."""

    def __init__(self, terms: dict[str, list[str]], upper_only: dict[str, list[str]] | None = None,
                 exclude: list[str] | None = None, decoys: list[str] | None = None, names: bool = True) -> None:
        self._names = names  # a match inside a capitalised name ("Tyson Gay") is not reported
        excluded = {fold(e) for e in exclude or []}
        phrases = sorted({d for d in decoys or [] if d.strip()}, key=len, reverse=True)
        self._decoys = re.compile(_EDGE + "(?:" + "|".join(map(_term_pattern, phrases)) + ")" + _END) if phrases else None
        groups = []
        for category, words in terms.items():
            kept = sorted({w for w in words if fold(w) not in excluded}, key=len, reverse=True)
            if kept:
                groups.append(f"(?P<{_group(category)}>" + "|".join(_term_pattern(w) for w in kept) + ")")
        self._folded = re.compile(_EDGE + "(?:" + "|".join(groups) + ")" + _END) if groups else None
        self._categories = {_group(c): c for c in terms}
        upper = [(c, w) for c, words in (upper_only or {}).items() for w in words if fold(w) not in excluded]
        self._upper = None
        if upper:
            alternation = "|".join(f"(?P<{_group(c)}_u{i}>{re.escape(w)})" for i, (c, w) in enumerate(upper))
            self._upper = re.compile(r"(?<![A-Za-z0-9])(?:" + alternation + r")(?![A-Za-z0-9])")
            self._categories.update({f"{_group(c)}_u{i}": c for i, (c, w) in enumerate(upper)})
        self._seen: dict[str, TermHit | None] = {}  # search answers of the run's distinct values

    def search(self, text: str) -> TermHit | None:
        if not text or not text.strip():
            return None
        # Most texts hold no term: search the folded text first, map positions back only on a match.
        if self._folded is not None and self._folded.search(fold(text)):
            folded, origin = fold_with_map(text)
            decoys = [m.span() for m in self._decoys.finditer(folded)] if self._decoys is not None else []
            for match in self._folded.finditer(folded):
                if any(low <= match.start() and match.end() <= high for low, high in decoys):
                    continue
                start, end = origin[match.start()], origin[match.end() - 1] + 1
                if not _is_name_or_acronym(text, start, end, self._names):
                    return TermHit(self._categories[match.lastgroup], match.group(0))
        if self._upper is not None:
            match = self._upper.search(text)
            if match:
                return TermHit(self._categories[match.lastgroup], match.group(0))
        return None

    def search_column(self, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """(hit mask, detail per row "term (category)") for a column, searching distinct values once
        (and once in the run for a value that comes back in a later chunk, as "NRP" or "rappeler" do)."""
        codes, uniques = distinct_texts(values)
        if len(self._seen) + len(uniques) > _MAX_REMEMBERED:
            self._seen.clear()  # memory must not grow with the file
        found = [self._seen[u] if u in self._seen else self._seen.setdefault(u, self.search(u)) for u in uniques]
        hit_u = np.array([f is not None for f in found], dtype=bool)
        detail_u = np.array([f"{f.term} ({f.category})" if f else None for f in found], dtype=object)
        if not len(codes):
            return np.zeros(0, dtype=bool), np.zeros(0, dtype=object)
        return hit_u[codes], detail_u[codes]


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each folded character, the index of the character it came from."""
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


_WORD = re.compile(r"[^\W\d_]+")


def _is_name_or_acronym(text: str, start: int, end: int, names: bool = True) -> bool:
    """A match that is part of a proper name ("Tyson Gay", "Penistone Community Church") or a short
    acronym in capitals ("CON") is not the sensitive word. Capitalised words next to each other
    are read as a name; a capitalised word at the start of a sentence is still a word."""
    found = text[start:end]
    letters = [c for c in found if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return len(letters) <= 3
    if not names or not found[:1].isupper():
        return False
    before = _WORD.findall(text[:start])[-1:]
    after = _WORD.findall(text[end:])[:1]
    return any(w[:1].isupper() and not w.isupper() for w in before + after)


def _group(category: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", category)
