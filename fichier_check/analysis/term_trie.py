"""One regular expression for hundreds of term patterns, shaped as a trie of their first letters.

Python's `re` tries the branches of an alternation one after the other at every position of the
text: a thousand terms cost a thousand failed comparisons per word. Sharing the letters the
patterns begin with ("malade", "maladie", "maghrébin" under "ma") makes a failed search cost a few
comparisons per word, and keeps one pass of one compiled pattern per text.
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
