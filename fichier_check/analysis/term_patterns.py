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
from functools import lru_cache

from fichier_check.analysis.term_trie import trie_pattern
from fichier_check.analysis.text import fold

GAP_WORDS = 5
SEPARATOR = "[^a-z0-9]+"
# A gap stays within its sentence (a colon does not end one); the dot of an initial or a title
# ("M. Roux") ends none.
_IN_GAP = "(?:[^a-z0-9.;!?\n]|(?<=[a-z])(?<![a-z0-9][a-z])\\.)+"
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
    pattern: str  # its head (`term_heads`): checked where a key is found, before the exact pattern
    capitals: bool = False  # written in capitals in the pack (AVC, VIH): its capitals are the term
    proper: bool = False  # written with a capital (Alzheimer, Kippour): a name itself, so no name clears it
    gapped: bool = False  # holds a `...`: what the gap matched is not the term and is never shown
    term: str = ""  # as the pack writes it: its exact pattern is term_patterns(term)[choice], made when needed
    choice: int = 0
    keys: tuple[str, ...] = ()  # the literal words every match begins with (`term_heads`)


@lru_cache(maxsize=None)
def inflected(word: str, coarse: bool = False) -> str:
    """The pattern of one folded word with its regular endings (see the module's doc); `coarse`:
    any few letters in place of the endings (a superset, for `term_heads`)."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + "[a-z0-9]*"
    if len(word) < 5:
        return re.escape(word)
    for ending, forms in _ENDINGS:
        if word.endswith(ending):
            return re.escape(word[: -len(ending)]) + ("[a-z]{0,6}" if coarse else forms)
    return re.escape(word) + ("[a-z]{0,3}" if coarse else "(?:e?s|e)?")


def term_patterns(term: str, gap: int = GAP_WORDS, sets: dict[str, list[str]] | None = None) -> list[str]:
    """The patterns of a term, one per choice of its first word (`a|b ...`, `@set ...`), in the order
    of `term_heads`."""
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
    return [first + tail for first in _slot_choices(_first_slots(term)[0], sets or {})] or ["(?!)"]


def term_heads(term: str, sets: dict[str, list[str]] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """What a text must hold where the term begins, one per choice of its first word (as
    `term_patterns`): its first two words (one when the second is a word set or the term's first
    segment has one word), as a pattern with any endings (`pour[^a-z0-9]+le`, `malad[a-z]{0,3}`)
    and as the literal keys every match begins with ("pour le", "malad", "au " ended). The keys of all the
    entries make one Aho-Corasick automaton, built in a millisecond; the exact pattern of a term is
    compiled and matched only where one of its keys is found."""
    slots = _first_slots(term)
    second = _slot_choices(slots[1], {}, coarse=True) if len(slots) > 1 and "@" not in slots[1] else []
    heads = []
    for first in _slot_choices(slots[0], sets or {}, coarse=True):
        start = _LITERAL.match(first).group()
        pattern = first + (SEPARATOR + (second[0] if len(second) == 1 else "(?:" + "|".join(second) + ")") if second else "")
        if start != first:  # the word may go on ("malad…"): its letters are all a key can say
            keys = (start,)
        elif second:  # a whole word, then the next one's first letters: "en arret"
            keys = tuple(dict.fromkeys(f"{start} {_LITERAL.match(s).group()}" for s in second))
        else:  # a whole word, ended: "au " is not "aussi"
            keys = (start + " ",)
        heads.append((pattern, keys))
    return heads


def _first_slots(term: str) -> list[str]:
    """The word places of a term's first segment (before any `...`)."""
    return [w for w in _SLOTS.split(_GAP_MARK.split(fold(term).strip())[0]) if w.strip("*|@")] or ["(?!)"]


_SLOTS = re.compile(r"[^a-z0-9*|@_]+")
_LITERAL = re.compile(r"[a-z0-9]*")


def _slot(slot: str, sets: dict[str, list[str]], coarse: bool = False) -> str:
    """One word's place in a term: a word, `a|b` alternatives, or `@set`."""
    choices = _slot_choices(slot, sets, coarse)
    if len(choices) > 8:  # a word set: shared first letters make it quicker to compile and to match
        return "(?:" + trie_pattern(choices) + ")"
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")" if choices else "(?!)"


def _slot_choices(slot: str, sets: dict[str, list[str]], coarse: bool = False) -> list[str]:
    """The patterns a word's place may take, longest phrase first; the order depends on the phrases
    only, so a term's coarse and exact patterns come in the same order (`Entry.choice`)."""
    phrases = {}
    for choice in filter(None, slot.split("|")):
        for phrase in sets.get(choice[1:], []) if choice.startswith("@") else [choice]:
            words = tuple(w for w in _SLOTS.split(fold(phrase)) if w.strip("*"))
            if words:
                phrases[words] = None
    ordered = sorted(phrases, key=lambda words: (-len(" ".join(words)), words))
    return [SEPARATOR.join(inflected(w, coarse) for w in words) for words in ordered]


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
    joined = next((chunk for chunk in item.split() if "|" in chunk and re.search(r"[-'’]", chunk)), None)
    if joined:
        return f"{item!r}: {joined!r} joins words with a hyphen or an apostrophe; a|b choices are single words"
    unknown = [n for n in re.findall(r"@([a-z0-9_]*)", fold(item)) if n not in (sets or {})]
    if unknown:
        return f"{item!r}: no set named {unknown[0]!r} under sets"
    return None


def entries(category: str, items: list, gap: int = GAP_WORDS, sets: dict[str, list[str]] | None = None) -> list[Entry]:
    """The entries of one category's list (checked by `problem` beforehand), with their heads."""
    found = []
    for item in items:
        forms = [item["lemma"], *item.get("forms", [])] if isinstance(item, dict) else [item]
        label = item["lemma"] if isinstance(item, dict) else item.replace("*", "")
        for form in forms:
            found += [Entry(category, label, pattern, _in_capitals(form), form[:1].isupper(),
                            _GAP_MARK.search(fold(form)) is not None, form, choice, keys)
                      for choice, (pattern, keys) in enumerate(term_heads(form, sets))]
    return found


def _in_capitals(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
