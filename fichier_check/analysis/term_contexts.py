"""Contexts in which a term found in a note is not meant as the rule means it, so no finding is made:
an address ("rue de l'Hôpital", "place de l'Église", a word followed by a postcode), a landmark
("en face de la mosquée"), a proper name ("Hôpital Foch", "Tyson Gay"), the prospect company's
trade or product ("assurance santé", "boucherie halal"), a decoy phrase ("prix agressifs"). They
are the negative counterpart of Presidio's context words: words around a match that change what
it means. Each context has a name; a report counts the matches each one cleared, never the text.

A context, as a rule pack writes it (every key optional):
  before: words or phrases one of which ends at most `window` words before the term, with nothing
    but spaces, apostrophes and hyphens in between ("rue de l'Hôpital"; not "rue Hugo, opéré");
  after: the same, after the term;
  postcode: true: a five-digit postcode at most `window` words after the term ("Église, 75004");
  phrases: phrases inside which the term is not reported ("assurance santé");
  capitalised: true: a capitalised term next to another capitalised word is part of a name;
  only: the categories it applies to, or words of the terms it applies to (default every term):
    a landmark is a building, so `only: [église, hôpital]` also covers "sort de l'hôpital".
Words are compared folded (accents and case ignored), a plural or feminine ending aside
(`enceinte connectée` also reads "enceintes connectées"); `a|b` and `@set` work as in terms.
Nothing is compiled: the words around a match are looked up in sets, so a pack's long lists of
contexts cost nothing to start with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from fichier_check.analysis.term_patterns import Entry
from fichier_check.analysis.text import fold

WINDOW_WORDS = 3
LOOK = 160  # characters read around a match: a window of words never needs more
_TOKEN = re.compile(r"[a-z0-9]+")
_JOINS = re.compile(r"[ '\-]*")  # what may stand between the words of a window: no comma, no full stop
_JOINS_AFTER = re.compile(r"[ '\-]*,?[ '\-]*")  # after the term, a comma may come first ("Église, 75004")
_POSTCODE = re.compile(r"[0-9]{5}")
_MONEY = re.compile(r" ?(?:€|eur|k\b|%)")
_WORD = re.compile(r"[^\W\d_]+")
_NEXT_TO = re.compile(r"[ '\-]*")
_AFTER_TITLE = re.compile(r"\.? *")  # "M. Gay"
_KEYS = {"before", "after", "postcode", "phrases", "capitalised", "only", "window"}


@dataclass
class Context:
    """One named context (see the module's doc)."""

    name: str
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    postcode: bool = False
    phrases: list[str] = field(default_factory=list)
    capitalised: bool = False
    only: list[str] = field(default_factory=list)
    window: int = WINDOW_WORDS
    sets: dict[str, list[str]] = field(default_factory=dict)  # the rule's @sets

    def __post_init__(self) -> None:
        self._before = _word_tuples(self.before, self.sets)
        self._after = _word_tuples(self.after, self.sets)
        self._phrases = _word_tuples(self.phrases, self.sets)
        self._only = _word_tuples(self.only, self.sets)

    def applies_to(self, entry: Entry) -> bool:
        """`only` names the entry's category, or a word or phrase its name holds ("aux urgences"). A
        term the pack writes with a capital (Kippour, Alzheimer) is a name: no name clears it."""
        if self.capitalised and entry.proper:
            return False
        if not self._only:
            return True
        label = _keys(fold(entry.label))
        return _keys(fold(entry.category)) in self._only or any(
            tuple(label[i:i + n]) in self._only for n in {len(o) for o in self._only} for i in range(len(label) - n + 1))

    def clears(self, text: str, folded: str, origin: list[int], start: int, end: int) -> bool:
        """Does this context hold the match `folded[start:end]` (`origin` maps it back to `text`)?"""
        if self._before and _ends_within(_words_before(folded, start), self._before, self.window):
            return True
        if (self._after or self.postcode) and self._after_holds(folded, end):
            return True
        if self._phrases and _inside_a_phrase(folded, start, end, self._phrases):
            return True
        return self.capitalised and _in_a_name(text, origin[start], origin[end - 1] + 1)

    def _after_holds(self, folded: str, end: int) -> bool:
        if self._after:
            words, _ = _words_after(folded, end, comma=False)
            if any(tuple(words[i:i + n]) in self._after
                   for n in {len(a) for a in self._after} for i in range(min(self.window, len(words)) + 1)):
                return True
        if not self.postcode:
            return False
        _, spans = _words_after(folded, end, comma=True)
        return any(_POSTCODE.fullmatch(folded, *spans[i]) and not _MONEY.match(folded, spans[i][1])
                   for i in range(min(self.window + 1, len(spans))))


def _keys(phrase: str) -> tuple[str, ...]:
    """A folded phrase as the words it is compared by, plural and feminine endings aside."""
    return tuple(_key(w) for w in _TOKEN.findall(phrase))


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """A folded word without its plural "s", and "ée" read as "é" (connectées = connecté)."""
    if len(word) >= 5:
        word = word[:-1] if word.endswith("s") else word
        word = word[:-1] if word.endswith("ee") else word
    return word


def _word_tuples(phrases: list[str], sets: dict[str, list[str]]) -> set[tuple[str, ...]]:
    """Every phrase as word keys, its `a|b` and `@set` places expanded."""
    found = set()
    for phrase in phrases:
        places = []
        for slot in re.split(r"[^a-z0-9|@_]+", fold(phrase)):
            choices = [w for c in slot.split("|") if c for w in (sets.get(c[1:], []) if c.startswith("@") else [c])]
            if choices:
                places.append([_keys(fold(c)) for c in choices])
        found.update(tuple(w for part in combination for w in part) for combination in product(*places))
    return found - {()}


def _words_before(folded: str, start: int) -> list[str]:
    """The words right before `start` within one clause (only spaces, apostrophes and hyphens
    between them), nearest last."""
    words, position = [], start
    for token in reversed(list(_TOKEN.finditer(folded, max(0, start - LOOK), start))):
        if not _JOINS.fullmatch(folded, token.end(), position):
            break
        words.append(_key(token.group()))
        position = token.start()
    return words[::-1]


def _words_after(folded: str, end: int, comma: bool) -> tuple[list[str], list[tuple[int, int]]]:
    """The words right after `end` within one clause (with `comma`, one may come first: "Église,
    75004"), nearest first."""
    words, spans, position = [], [], end
    for token in _TOKEN.finditer(folded, end, end + LOOK):
        if not (_JOINS_AFTER if comma and not words else _JOINS).fullmatch(folded, position, token.start()):
            break
        words.append(_key(token.group()))
        spans.append(token.span())
        position = token.end()
    return words, spans


def _ends_within(words: list[str], phrases: set[tuple[str, ...]], window: int) -> bool:
    """Does one of `phrases` end at most `window` words before the end of `words`?"""
    for between in range(min(window, len(words)) + 1):
        last = len(words) - between
        if any(tuple(words[last - n:last]) in phrases for n in {len(p) for p in phrases} if n <= last):
            return True
    return False


def _inside_a_phrase(folded: str, start: int, end: int, phrases: set[tuple[str, ...]]) -> bool:
    """Do the words around the match read one of `phrases` that holds the whole match?"""
    tokens = list(_TOKEN.finditer(folded, max(0, start - LOOK), min(len(folded), end + LOOK)))
    first = next((i for i, t in enumerate(tokens) if t.end() > start), None)
    last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].start() < end), None)
    if first is None or last is None:
        return False
    keys = [_key(t.group()) for t in tokens]
    for n in {len(p) for p in phrases}:
        for begin in range(max(0, last - n + 1), first + 1):
            if begin + n <= len(keys) and tuple(keys[begin:begin + n]) in phrases:
                return True
    return False


def contexts_from(params: dict, sets: dict[str, list[str]] | None = None) -> list[Context]:
    """The contexts a rule pack declares (`name: {before: …, …}`), checked by `problem` first."""
    return [Context(name, **spec, sets=sets or {}) for name, spec in params.items()]


def problem(name: str, spec) -> str | None:
    """Why a context as written cannot be used (a message for the pack's author), or None."""
    if not isinstance(spec, dict):
        return f"contexts.{name} must be a mapping of {', '.join(sorted(_KEYS))}"
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        return f"contexts.{name}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
    for key in ("before", "after", "phrases", "only"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and re.search("[a-z0-9]", fold(v)) for v in value):
            return f"contexts.{name}.{key} must be a list of words or phrases"
    for key in ("postcode", "capitalised"):
        if not isinstance(spec.get(key, False), bool):
            return f"contexts.{name}.{key} must be true or false"
    window = spec.get("window", WINDOW_WORDS)
    if isinstance(window, bool) or not isinstance(window, int) or not 0 <= window <= 10:
        return f"contexts.{name}.window must be a number of words from 0 to 10"
    return None


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A capitalised one-word match next to another capitalised word (not a word in capitals, which
    is emphasis, nor a title but "M.") is part of a name: "Hôpital Foch", "Tyson Gay", "M. Gay",
    "Café de l'Église", "cinéma Le Temple" (small words in lower case such as "de l'" are skipped). Next to means with only spaces, hyphens, apostrophes between:
    "Malade. Rappeler lundi" is no name; nor is a phrase ("M. Roux ... son mari" is a sentence)."""
    found = text[start:end]
    if not found[:1].isupper() or found.isupper() or any(c.isspace() for c in found):
        return False
    before = [m for m in _WORD.finditer(text, max(0, start - LOOK), start)]
    while before and before[-1].group() in _SMALL and _NEXT_TO.fullmatch(text, before[-1].end(), start):
        start = before.pop().start()
    neighbours = [m for m in before[-1:] if _NEXT_TO.fullmatch(text, m.end(), start)
                  or (m.group() in _TITLES and _AFTER_TITLE.fullmatch(text, m.end(), start))]
    after = _WORD.search(text, end)
    while after is not None and after.group() in _SMALL and _NEXT_TO.fullmatch(text, end, after.start()):
        end, after = after.end(), _WORD.search(text, after.end())
    if after is not None and _NEXT_TO.fullmatch(text, end, after.start()):
        neighbours.append(after)
    return any(m.group()[:1].isupper() and (not m.group().isupper() or m.group() in _TITLES) for m in neighbours)


_TITLES = {"M", "MM", "Mr", "Me", "Dr", "Pr"}  # "M. Gay" is a name

_SMALL = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous", "aux", "au", "à", "a"}
