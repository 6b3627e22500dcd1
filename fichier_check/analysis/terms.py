"""Find the terms of a rule in free text: accent- and case-insensitive, whole words, with the forms
`term_patterns` derives (inflections, gaps, prefixes, lemmas), capitals-only entries (`CGT`, `RN`)
matched only as written, and the `term_contexts` that clear a match (an address, a landmark, a
name, the company's trade, a decoy phrase). A term cleared by a context does not hide the rest of
the text: "rue de l'Église, sa femme est enceinte" is still a finding.

A `TermMatcher` holds one Aho-Corasick automaton (pyahocorasick) of the literal words the terms
begin with (`term_patterns.term_heads`): one pass over a text's folded words says where a term may
begin, and building it takes a millisecond where a regular expression of a thousand alternatives
takes a tenth of a second to compile at every start. Where a key is found, the entries beginning
there are matched exactly (each pattern compiled the first time it is needed) and the longest wins. It folds and searches each DISTINCT value once (and remembers the answer for the
run), so a million comments that repeat cost one search per distinct comment; most hold no term
and cost one pass of that pattern over their folded text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from fichier_check.analysis.term_contexts import LOOK, Context
from fichier_check.analysis.term_patterns import GAP_WORDS, Entry, entries, problem, term_patterns
from fichier_check.analysis.term_trie import literal_prefix
from fichier_check.analysis.text import fold
from fichier_check.table import distinct_texts

_MAX_REMEMBERED = 100_000  # distinct texts whose answer a matcher keeps (a few MB)
_WORD_AT = re.compile("[a-z0-9]*")
_TOKEN = re.compile("[a-z0-9]+")
_AROUND = LOOK + 10  # characters a context reads around a match, and a few more
_NON_ALNUM = re.compile("[^a-z0-9]+")
_END = "(?![a-z0-9])"


def wordless(terms) -> str | None:
    """The first of `terms` without a letter or a digit (`?`, `(`): it could match nothing, so a rule
    pack listing one is refused with its line."""
    return next((term for term in terms if not re.search(r"[a-z0-9]", fold(term))), None)


@dataclass(frozen=True)
class TermHit:
    category: str
    term: str


@dataclass(frozen=True)
class Answer:
    """What a text holds: the first term not cleared, and the contexts that cleared others."""

    hit: TermHit | None
    cleared: tuple[str, ...] = ()


_NOTHING = Answer(None)


class TermMatcher:
    """`terms`: category -> list of entries (`term_patterns`), or -> {language: list, upper: list};
    `upper_only`: category -> tokens found only in capitals; `exclude`: entries never reported;
    `decoys` and `names` are the contexts "decoy" (phrases) and "proper_name" (capitalised)."""

    def __init__(self, terms: dict, upper_only: dict[str, list[str]] | None = None,
                 exclude: list[str] | None = None, decoys: list[str] | None = None, names: bool = True,
                 contexts: list[Context] | None = None, gap: int = GAP_WORDS,
                 sets: dict[str, list[str]] | None = None) -> None:
        found, upper = _entries(terms, upper_only or {}, {fold(e) for e in exclude or []}, gap, sets)
        self.contexts = list(contexts or [])
        if decoys and any(d.strip() for d in decoys):
            self.contexts.append(Context("decoy", phrases=[d for d in decoys if d.strip()]))
        if names:
            self.contexts.append(Context("proper_name", capitalised=True))
        self._entries, self._gap, self._sets = found, gap, sets
        # the most words a match can span: what lies further from where it begins cannot change it
        self._span_words = max((_words_spanned(e.term, gap, sets or {}) for e in found), default=1)
        self._automaton = _automaton(key for entry in found for key in entry.keys)
        self._by_prefix: dict[str, list[int]] = {}  # the letters an entry begins with -> entries
        for index, entry in enumerate(found):
            self._by_prefix.setdefault(literal_prefix(entry.pattern), []).append(index)
        self._exact: dict[int, re.Pattern[str]] = {}  # compiled when first needed
        self._heads: dict[str, re.Pattern[str]] = {}
        self._exact_patterns: dict[str, list[str]] = {}
        self._upper_entries = [Entry(c, w, re.escape(w), True) for c, w in upper]
        self._upper = (re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(f"(?P<u{i}>{e.pattern})" for i, e in
                                                                     enumerate(self._upper_entries)) + r")(?![A-Za-z0-9])")
                       if upper else None)
        self._seen: dict[str, Answer] = {}  # answers of the run's distinct values

    def search(self, text: str) -> TermHit | None:
        return self.examine(text).hit

    def examine(self, text: str) -> Answer:
        """The first term of `text` that no context clears, and the contexts that cleared others."""
        if not text or not text.strip():
            return _NOTHING
        cleared: list[str] = []
        # Most texts hold no key: one pass of the automaton. Positions are mapped back to the text
        # (a Python loop over its characters) only once a term is found. What a stretch of words
        # holds is worked out once per text: a long cell that repeats itself costs one look.
        folded, origin, position = fold(text), None, 0
        candidates, spans = self._candidates(folded)
        entries_at: dict[str, tuple[Entry, int] | None] = {}
        reasons: dict[tuple, str | None] = {}
        for word in candidates:
            start = spans[word][0]
            if start < position:
                continue
            stretch = folded[start:spans[min(word + self._span_words, len(spans) - 1)][1] + 1]
            if stretch not in entries_at:
                found = self._entry_at(folded, start)
                entries_at[stretch] = None if found is None else (found[0], found[1] - start)
            if entries_at[stretch] is not None:
                entry, length = entries_at[stretch]
                end = position = start + length
                origin = origin or fold_with_map(text)[1]
                if _is_acronym(text[origin[start]:origin[end - 1] + 1], entry):
                    continue
                before = max(0, start - _AROUND)
                around = (entry, start - before, end - before, folded[before:end + _AROUND],
                          text[origin[before]:origin[min(len(folded), end + _AROUND) - 1] + 1])
                if around not in reasons:
                    reasons[around] = self._cleared_by(entry, text, folded, origin, start, end)
                why = reasons[around]
                if why is None:
                    return Answer(TermHit(entry.category, _shown(folded[start:end], entry)), tuple(dict.fromkeys(cleared)))
                cleared.append(why)
        if self._upper is not None and self._upper.search(text):
            origin = origin or fold_with_map(text)[1]  # `folded` is fold(text) already
            for match in self._upper.finditer(text):
                entry = self._upper_entries[int(match.lastgroup[1:])]
                start, end = bisect_left(origin, match.start()), bisect_left(origin, match.end())
                why = self._cleared_by(entry, text, folded, origin, start, end)
                if why is None:
                    return Answer(TermHit(entry.category, match.group()), tuple(dict.fromkeys(cleared)))
                cleared.append(why)
        return Answer(None, tuple(dict.fromkeys(cleared))) if cleared else _NOTHING

    def _candidates(self, folded: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Where a term may begin in `folded`: the words (by their rank) where a key is found, in
        order, and the span of every word."""
        if self._automaton is None:
            return [], []
        words = " " + _NON_ALNUM.sub(" ", folded) + " "
        found = {end - length + 2 for end, length in self._automaton.iter(words)}
        if not found:
            return [], []
        # the n-th word of `words` is the n-th run of letters and digits of `folded`
        index = {m.start(): i for i, m in enumerate(_TOKEN.finditer(words))}
        return sorted(index[s] for s in found), [m.span() for m in _TOKEN.finditer(folded)]

    def _entry_at(self, folded: str, start: int) -> tuple[Entry, int] | None:
        """The entry matching longest at `start` (the first listed on a tie), and where it ends."""
        word = _WORD_AT.match(folded, start).group()
        best = None
        for index in (i for k in range(len(word) + 1) for i in self._by_prefix.get(word[:k], ())):
            head = _compiled(self._heads, self._entries[index].pattern, lambda: self._entries[index].pattern)
            if head.match(folded, start) is None:  # cheap: most entries sharing a first word stop here
                continue
            match = _compiled(self._exact, index, lambda: self.exact_pattern(index)).match(folded, start)
            if match is not None and (best is None or match.end() > best[1] or (match.end() == best[1] and index < best[2])):
                best = (self._entries[index], match.end(), index)
        return None if best is None else best[:2]

    def exact_pattern(self, index: int) -> str:
        """The exact pattern of entry `index` (its word sets whole, its endings as listed)."""
        entry = self._entries[index]
        if entry.term not in self._exact_patterns:
            self._exact_patterns[entry.term] = term_patterns(entry.term, self._gap, self._sets)
        return self._exact_patterns[entry.term][entry.choice]

    def _cleared_by(self, entry: Entry, text: str, folded: str, origin: list[int], start: int, end: int) -> str | None:
        """The name of the first context that clears the match `folded[start:end]`, or None."""
        return next((c.name for c in self.contexts if c.applies_to(entry) and c.clears(text, folded, origin, start, end)),
                    None)

    def search_column(self, values: pd.Series, cleared: Counter | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(hit mask, detail per row "term (category)") for a column, searching distinct values once
        (and once in the run for a value that comes back in a later chunk, as "NRP" or "rappeler" do).
        `cleared`, if given, counts the rows without a finding whose terms a context cleared, by context."""
        codes, uniques = distinct_texts(values)
        if len(self._seen) + len(uniques) > _MAX_REMEMBERED:
            self._seen.clear()  # memory must not grow with the file
        found = [self._seen[u] if u in self._seen else self._seen.setdefault(u, self.examine(u)) for u in uniques]
        if not len(codes):
            return np.zeros(0, dtype=bool), np.zeros(0, dtype=object)
        hit_u = np.array([f.hit is not None for f in found], dtype=bool)
        detail_u = np.array([f"{f.hit.term} ({f.hit.category})" if f.hit else None for f in found], dtype=object)
        if cleared is not None:
            rows = np.bincount(codes, minlength=len(uniques))
            for answer, count in zip(found, rows.tolist()):
                if answer.hit is None and count:
                    cleared.update({name: count for name in answer.cleared})
        return hit_u[codes], detail_u[codes]


def _compiled(cache: dict, key, pattern) -> re.Pattern[str]:
    """`pattern()` followed by a word's end, compiled the first time `key` asks for it."""
    if key not in cache:
        cache[key] = re.compile(pattern() + _END)
    return cache[key]


def _words_spanned(term: str, gap: int, sets: dict[str, list[str]]) -> int:
    """The most words a match of `term` can span: its places (a set's longest phrase for a set),
    and `gap` words for each `...`."""
    longest = max((len(p.split()) for words in sets.values() for p in words), default=1)
    places = len(re.findall(r"[^\s.…]+", term.replace("'", " ").replace("-", " ")))
    return places * max(longest, 3) + term.count("...") * gap + term.count("…") * gap + 1


def _automaton(keys) -> ahocorasick.Automaton | None:
    """The keys, each from a word's start (" malad", " en arret", " au "), as one automaton (None if none)."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        if key.strip():
            automaton.add_word(" " + key, len(" " + key))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _entries(terms: dict, upper_only: dict[str, list[str]], excluded: set[str], gap: int,
             sets: dict[str, list[str]] | None) -> tuple[list[Entry], list[tuple[str, str]]]:
    """The entries of every category and language, and the capitals-only (category, token) pairs,
    without the excluded ones."""
    found, upper = [], [(c, w) for c, words in upper_only.items() for w in words]
    for category, lists in terms.items():
        for language, items in (lists.items() if isinstance(lists, dict) else [("", lists)]):
            if language == "upper":
                upper += [(category, word) for word in items]
            elif language != "legal_basis":
                kept = [i for i in items if fold(i["lemma"] if isinstance(i, dict) else i) not in excluded]
                found += entries(category, kept, gap, sets)
    return found, [(c, w) for c, w in upper if fold(w) not in excluded]


def term_list_problem(category: str, lists, sets: dict | None = None) -> str | None:
    """Why a category's term lists, as a rule pack writes them, cannot be used, or None."""
    if isinstance(lists, list):
        lists = {"": lists}
    if not isinstance(lists, dict):
        return f"{category} must be a list of terms, or a mapping of languages to lists"
    for language, items in lists.items():
        where = f"{category}.{language}" if language else category
        if language == "legal_basis":
            if not isinstance(items, str):
                return f"{where} must be a text"
            continue
        if not isinstance(items, list):
            return f"{where} must be a list of terms"
        bad = next(filter(None, (problem(i, sets) for i in items)), None)
        if bad:
            return f"{where}: {bad}"
        if language == "upper" and not all(isinstance(i, str) for i in items):
            return f"{where}: capitals-only entries are single words"
    return None


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each folded character, the index of the character it came from."""
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _shown(found: str, entry: Entry) -> str:
    """What a finding's detail names: the term as found, folded; for a term with a gap, its first and
    last words only ("suivi … oncologue"): the words in the gap are the note's, not the term's."""
    if not entry.gapped:
        return found
    words = re.findall(r"[a-z0-9]+", found)
    return f"{words[0]} … {words[-1]}"


def _is_acronym(found: str, entry: Entry) -> bool:
    """A short match in capitals ("CON") is an acronym, unless the pack wrote the term in capitals
    too (AVC, VIH): then capitals are how it is written."""
    letters = [c for c in found if c.isalpha()]
    return bool(letters) and len(letters) <= 3 and all(c.isupper() for c in letters) and not entry.capitals
