"""Reading the yes/no and customer-type vocabularies of real French prospect files.

Opt-in cells: only a recognised yes counts (oui, o, yes, y, 1, x, ✓, vrai, true, ok, accepté…);
blank, no, and anything ambiguous (CGV, implicite, par défaut, ?, "Oui (CGV)") is no consent —
GDPR art. 4(11)/7 require a clear positive act. A cell made only of symbols is read as written
("?" is ambiguous, "✓" yes, "-" no). Customer type: particulier/B2C… → "B2C", professionnel/B2B… → "B2B", anything
else "unknown" (treated as B2C by consumer rules: the strictest default).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from fichier_check.table import distinct_texts
from fichier_check.analysis.text import fold_words

TRUE_WORDS = frozenset({
    "oui", "o", "yes", "y", "1", "x", "vrai", "true", "ok", "accepte", "acceptee", "opt in", "optin",
    "inscrit", "inscrite", "abonne", "abonnee", "d accord", "consent", "consenti", "consentie", "v", "si",
    "accepte e", "inscrit e", "abonne e", "1 0", "✓", "✔", "☑", "√", "✅",
})
FALSE_WORDS = frozenset({
    "non", "n", "no", "0", "faux", "false", "refuse", "refusee", "opt out", "optout", "desinscrit",
    "desinscrite", "desabonne", "desabonnee", "stop", "", "refuse e", "refus", "desinscrit e", "desabonne e",
    "pas d accord", "0 0", "-", "–", "—", "✗", "✘", "☐", "❌",
})
B2C_WORDS = frozenset({"particulier", "particuliers", "part", "consommateur", "prive", "privee", "b2c", "perso",
                       "personnel", "individual", "consumer", "private", "c"})
B2B_WORDS = frozenset({"professionnel", "professionnelle", "professionnels", "pro", "entreprise", "societe", "b2b",
                       "pme", "tpe", "eti", "collectivite", "association", "business", "company", "professional",
                       "administration", "b"})


def answer_key(text: str) -> str:
    """The comparable form of a yes/no cell: folded words, or the symbols as written."""
    return fold_words(text) or text.strip()


def _folded_unique(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, uniques = distinct_texts(values)
    return codes, [answer_key(u) for u in uniques]


def is_truthy(values: pd.Series) -> np.ndarray:
    codes, folded = _folded_unique(values)
    lookup = np.array([f in TRUE_WORDS for f in folded], dtype=bool)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=bool)


def is_ambiguous_optin(values: pd.Series) -> np.ndarray:
    """Neither a recognised yes nor a recognised no (nor blank)."""
    codes, folded = _folded_unique(values)
    lookup = np.array([f not in TRUE_WORDS and f not in FALSE_WORDS for f in folded], dtype=bool)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=bool)


def customer_type_of(text: str) -> str:
    words = fold_words(text).split()
    joined = " ".join(words)
    if joined in B2C_WORDS or any(w in B2C_WORDS - {"c", "part", "personnel"} for w in words):
        return "B2C"
    if joined in B2B_WORDS or any(w in B2B_WORDS - {"b"} for w in words):
        return "B2B"
    return "unknown"


def customer_types(values: pd.Series) -> np.ndarray:
    codes, uniques = distinct_texts(values)
    lookup = np.array([customer_type_of(u) for u in uniques] or ["unknown"], dtype=object)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=object)
