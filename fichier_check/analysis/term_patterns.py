"""How a term written in a rule pack becomes a regular expression over folded text (`text.fold`).

A term is written as a person reads it; its pattern finds the forms notes actually use:
- a word of 5 letters or more also finds its regular inflections: plural and feminine
  (malade·s, syndiqué·e·s), -al/-aux (hôpital, hôpitaux), -eux/-euse, -if/-ive, -ien/-ienne,
  -el/-elle, -eur/-euse/-rice. A shorter word is taken as written: an ending could make it
  another word ("rom" is not "Rome");
- several words: any spaces or punctuation between them (`arrêt-maladie`), and an elided article is
  a word of its own (`l'hôpital` holds `hôpital`);
- `...` (or `…`) between words: up to `gap` other words in between, within one sentence
  ("suivi ... oncologue" finds "suivie depuis deux ans par un oncologue");
- a word ending with `*`: every word that begins so (`chimio*`: chimio, chimios, chimiothérapie);
- `a|b` in place of a word: either (`vote|votera ... rn|lfi`); `@name`: any word or phrase of the
  rule's set `name` (`d'origine @nationality`), as spaCy's `{"LOWER": {"IN": [...]}}`;
- `{lemma: opérer, forms: [opéré, opération]}`: the lemma and each form, reported under the lemma.

This is a text form of spaCy's token patterns (`{"LOWER": …}`, `{"OP": "{0,3}"}`) and of Presidio's
deny lists: one YAML line per entry, and no regular expression for a pack's author to write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fichier_check.analysis.text import fold

GAP_WORDS = 5
SEPARATOR = "[^a-z0-9]+"
# A gap stays within its sentence; the dot of an initial or a title ("M. Roux") ends none.
_IN_GAP = "(?:[^a-z0-9.;:!?\n]|(?<=[a-z])(?<![a-z0-9][a-z])\\.)+"
_GAP_MARK = re.compile(r"\s*\.\.\.\s*")
# Regular French endings: what the end of a lemma becomes in its other forms (longest first).
_ENDINGS = (("eux", "(?:eux|euse|euses)"), ("eur", "(?:eur|eurs|euse|euses|rice|rices)"),
            ("ien", "(?:ien|iens|ienne|iennes)"), ("al", "(?:al|als|ale|ales|aux)"),
            ("if", "(?:if|ifs|ive|ives)"), ("el", "(?:el|els|elle|elles)"))


@dataclass(frozen=True)
class Entry:
    """One term of a rule: the category it reveals, the name the report gives, its pattern."""

    category: str
    label: str
    pattern: str
    capitals: bool = False  # written in capitals in the pack (AVC, VIH): its capitals are the term
    proper: bool = False  # written with a capital (Alzheimer, Kippour): a name itself, so no name clears it
    gapped: bool = False  # holds a `...`: what the gap matched is not the term and is never shown


def inflected(word: str) -> str:
    """The pattern of one folded word with its regular endings (see the module's doc)."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + "[a-z0-9]*"
    if len(word) < 5:
        return re.escape(word)
    for ending, forms in _ENDINGS:
        if word.endswith(ending):
            return re.escape(word[: -len(ending)]) + forms
    return re.escape(word) + "(?:e?s|e)?"


def term_pattern(term: str, gap: int = GAP_WORDS, sets: dict[str, list[str]] | None = None) -> str:
    """The pattern of a term over folded text (see the module's doc)."""
    choices = term_patterns(term, gap, sets)
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"


def term_patterns(term: str, gap: int = GAP_WORDS, sets: dict[str, list[str]] | None = None) -> list[str]:
    """The patterns of a term, one per choice of its first word (`a|b ...`, `@set ...`), so that each
    begins with the letters it must begin with: `term_trie` shares those between entries."""
    pieces = []
    for segment in _GAP_MARK.split(fold(term).strip()):
        slots = [w for w in _SLOTS.split(segment) if w.strip("*|@")]
        if not slots:
            return ["(?!)"]  # matches nothing: `problem` refuses such a term in a pack
        pieces.append([_slot(slot, sets or {}) for slot in slots])
    joint = f"{_IN_GAP}(?:[a-z0-9]+{_IN_GAP}){{0,{gap}}}"
    rest = SEPARATOR.join(pieces[0][1:])
    tail = (SEPARATOR if rest else "") + rest
    tail += "".join(joint + SEPARATOR.join(words) for words in pieces[1:])
    return [first + tail for first in _choices(_SLOTS.split(_GAP_MARK.split(fold(term).strip())[0]), sets or {})]


def _choices(slots: list[str], sets: dict[str, list[str]]) -> list[str]:
    """The patterns the first word of a term may take."""
    first = next(w for w in slots if w.strip("*|@"))
    return _slot_choices(first, sets) or ["(?!)"]


_SLOTS = re.compile(r"[^a-z0-9*|@_]+")


def _slot(slot: str, sets: dict[str, list[str]]) -> str:
    """One word's place in a term: a word, `a|b` alternatives, or `@set`."""
    choices = _slot_choices(slot, sets)
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")" if choices else "(?!)"


def _slot_choices(slot: str, sets: dict[str, list[str]]) -> list[str]:
    choices = []
    for choice in filter(None, slot.split("|")):
        phrases = sets.get(choice[1:], []) if choice.startswith("@") else [choice]
        for phrase in phrases:
            words = [w for w in _SLOTS.split(fold(phrase)) if w.strip("*")]
            choices.append(SEPARATOR.join(map(inflected, words)))
    return sorted(set(choices) - {""}, key=len, reverse=True)


def problem(item, sets: dict | None = None) -> str | None:
    """Why an item of a term list cannot be a term (a message for the pack's author), or None."""
    if isinstance(item, dict):
        if set(item) - {"lemma", "forms"} or not isinstance(item.get("lemma"), str):
            return f"{item!r}: an entry is a word, or {{lemma: word, forms: [other forms]}}"
        forms = item.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            return f"{item!r}: forms must be a list of words"
        return next(filter(None, (problem(f, sets) for f in [item["lemma"], *forms])), None)
    if not isinstance(item, str):
        return f"{item!r} is not a word"
    segments = _GAP_MARK.split(fold(item).strip())
    if not all(re.search(r"[a-z0-9]", s) for s in segments):
        if len(segments) > 1:
            return f"{item!r}: '...' needs a word on each side"
        return f"{item!r} has no letter or digit: it cannot be a term"
    unknown = [n for n in re.findall(r"@([a-z0-9_]*)", fold(item)) if n not in (sets or {})]
    if unknown:
        return f"{item!r}: no set named {unknown[0]!r} under sets"
    return None


def entries(category: str, items: list, gap: int = GAP_WORDS, sets: dict[str, list[str]] | None = None) -> list[Entry]:
    """The entries of one category's list (checked by `problem` beforehand)."""
    found = []
    for item in items:
        if isinstance(item, dict):
            forms = [item["lemma"], *item.get("forms", [])]
            found += [Entry(category, item["lemma"], p, _in_capitals(f), f[:1].isupper(), _GAP_MARK.search(fold(f)) is not None)
                      for f in forms for p in term_patterns(f, gap, sets)]
        else:
            found += [Entry(category, item.replace("*", ""), p, _in_capitals(item), item[:1].isupper(),
                            _GAP_MARK.search(fold(item)) is not None) for p in term_patterns(item, gap, sets)]
    return found


def _in_capitals(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
