"""An alternation of many patterns shaped as a trie of their first letters, for a term's word sets.

Python's `re` tries the branches of an alternation one after the other: a set of 150 nationalities
in a term's exact pattern costs 150 failed comparisons at each place it is tried. Sharing the
letters the choices begin with ("marocain", "malien", "malgache" under "ma") makes a miss cost a
few. `literal_prefix` is also what a pattern's first letters are, for the matcher's index.
"""
from __future__ import annotations

import re

_LITERAL = re.compile(r"[a-z0-9]*")


def trie_pattern(patterns: list[str]) -> str:
    """An alternation of `patterns` (regular expressions over folded text), factored on the letters
    each begins with. Longer continuations come first, so a longer term wins over its prefix as in a
    longest-first alternation."""
    root: dict = {}
    for pattern in dict.fromkeys(patterns):  # an entry's forms may share a pattern
        literal = literal_prefix(pattern)
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(pattern[len(literal):])
    return _emit(root)


def literal_prefix(pattern: str) -> str:
    """The letters and digits every match of `pattern` begins with."""
    return _LITERAL.match(pattern).group()


def _emit(node: dict) -> str:
    branches = [char + _emit(child) for char, child in sorted(node.items()) if char]
    ends = sorted(node.get("", []), key=len, reverse=True)
    options = branches + [f"(?:{end})" if "|" in end else end for end in ends]
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
