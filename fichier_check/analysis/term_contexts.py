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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from fichier_check.analysis.term_patterns import Entry, term_pattern
from fichier_check.analysis.text import fold

WINDOW_WORDS = 3
_LOOK = 160  # characters read around a match: a window of words never needs more
_JOIN = "[ '\\-]+"  # what may stand between the words of a window: no comma, no full stop
_WORD = re.compile(r"[^\W\d_]+")
_NEXT_TO = re.compile(r"[ '\-]*")
_AFTER_TITLE = re.compile(r"\.? *")  # "M. Gay"
_KEYS = {"before", "after", "postcode", "phrases", "capitalised", "only", "window"}


@dataclass
class Context:
    """One named context, compiled (see the module's doc)."""

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
        words = f"(?:{_JOIN}[a-z0-9]+){{0,{self.window}}}"
        self._before = _compiled(self.before, "(?<![a-z0-9])(?:{})" + words + "[ '\\-]*$", self.sets)
        ends = [term_pattern(a, sets=self.sets) for a in self.after] + (["(?<![0-9])[0-9]{5}(?![0-9])(?! ?(?:€|eur|k\\b|%))"]
                                                         if self.postcode else [])
        self._after = re.compile("^" + words + "[ '\\-,]+(?:" + "|".join(ends) + ")(?![a-z0-9])") if ends else None
        # A lookahead finds the phrases starting at every word, overlapping ones included.
        self._phrases = _compiled(self.phrases, "(?<![a-z0-9])(?=((?:{})(?![a-z0-9])))", self.sets)
        self._only = (re.compile("(?<![a-z0-9])(?:" + "|".join(sorted({re.escape(fold(o)) for o in self.only}, key=len, reverse=True))
                                 + ")(?![a-z0-9])") if self.only else None)

    def applies_to(self, entry: Entry) -> bool:
        """`only` names the entry's category, or a word or phrase its name holds ("aux urgences"). A
        term the pack writes with a capital (Kippour, Alzheimer) is a name: no name clears it."""
        if self.capitalised and entry.proper:
            return False
        return self._only is None or bool(self._only.fullmatch(fold(entry.category)) or self._only.search(fold(entry.label)))

    def clears(self, text: str, folded: str, origin: list[int], start: int, end: int) -> bool:
        """Does this context hold the match `folded[start:end]` (`origin` maps it back to `text`)?"""
        if self._before is not None and self._before.search(folded[max(0, start - _LOOK):start]):
            return True
        if self._after is not None and self._after.search(folded[end:end + _LOOK]):
            return True
        if self._phrases is not None:
            for phrase in self._phrases.finditer(folded, max(0, start - _LOOK)):
                if phrase.start() > start:
                    break
                if end <= phrase.end(1):
                    return True
        return self.capitalised and _in_a_name(text, origin[start], origin[end - 1] + 1)


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


def _compiled(phrases: list[str], shape: str, sets: dict[str, list[str]]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted({term_pattern(p, sets=sets) for p in phrases}, key=len, reverse=True)
    return re.compile(shape.replace("{}", "|".join(alternatives), 1))


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A capitalised one-word match next to another capitalised word (not a word in capitals, which
    is emphasis, nor a title but "M.") is part of a name: "Hôpital Foch", "Tyson Gay", "M. Gay",
    "Café de l'Église", "cinéma Le Temple" (small words in lower case such as "de l'" are skipped). Next to means with only spaces, hyphens, apostrophes between:
    "Malade. Rappeler lundi" is no name; nor is a phrase ("M. Roux ... son mari" is a sentence)."""
    found = text[start:end]
    if not found[:1].isupper() or found.isupper() or any(c.isspace() for c in found):
        return False
    before = [m for m in _WORD.finditer(text, max(0, start - _LOOK), start)]
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
