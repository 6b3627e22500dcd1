"""One regular expression for hundreds of term patterns, shaped as a trie of their first letters.

Python's `re` tries the branches of an alternation one after the other at every position of the
text: a thousand terms cost a thousand failed comparisons per word. Sharing the letters the
patterns begin with ("malade", "maladie", "maghrébin" under "ma") makes a failed search cost a few
comparisons per word, and keeps one pass of one compiled pattern per text. Each pattern keeps a
named group (`e12`) so a match says which entry it is.
"""
from __future__ import annotations

import re

_LITERAL = re.compile(r"[a-z0-9]*")


def trie_pattern(patterns: list[str], group: str = "e") -> str:
    """An alternation of `patterns` (regular expressions over folded text), factored on the letters
    each begins with; pattern i matches as group `{group}{i}`. Longer continuations come first, so a
    longer term wins over its prefix as in a longest-first alternation."""
    root: dict = {}
    for index, pattern in enumerate(patterns):
        literal = _LITERAL.match(pattern).group()
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(f"(?P<{group}{index}>{pattern[len(literal):]})")
    return _emit(root)


def _emit(node: dict) -> str:
    branches = [char + _emit(child) for char, child in sorted(node.items()) if char]
    ends = sorted(node.get("", []), key=len, reverse=True)
    options = branches + ends
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
