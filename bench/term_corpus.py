"""Precision and recall of the sensitive-term rules on a labelled corpus of prospect notes.

The corpus (tests/data/sensitive_terms/notes_fr.csv) holds French notes written the way
salespeople write them, each labelled with the sensitive category it reveals (health, religion,
ethnic, politics, union, sexual, biometric_genetic, criminal) or `none`; a harmless note's `kind`
says where its trap word stands (address, landmark, proper_name, company, job, other_sense) or
`none` if it holds no such word. Each note goes through the rules as the audit runs them (the
packs' own params, the same matcher), the first rule that flags it giving its category.

    python bench/term_corpus.py                      # the whole corpus, the shipped packs
    python bench/term_corpus.py --split holdout      # the half not looked at while tuning the lists
    python bench/term_corpus.py --rules my-pack.yaml --errors   # a pack of yours; list the misses

Recall of a category: the share of its notes that a rule flags (whatever category it names).
Precision of a category: the share of the notes flagged under that category that are sensitive.
The last table gives the false flags by kind of harmless note. Exits 1 if a target is missed
(--target, default 0.95), so it can guard a pack change.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fichier_check.checks import sensitive_term  # noqa: E402
from fichier_check.engine.rulepack import load_rules  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "sensitive_terms" / "notes_fr.csv"
RULES = ("sensitive-term", "criminal-terms-in-comment")


def matchers(packs: list[str], rule_ids: tuple[str, ...]) -> list:
    """The matcher of each rule, built from the packs' params as the check builds it."""
    rules = {r.id: r for r in load_rules(packs).rules}
    missing = [i for i in rule_ids if i not in rules]
    if missing:
        sys.exit(f"no rule {missing[0]!r} in {packs or ['default']}")
    return [sensitive_term.matcher_for(rules[i].params) for i in rule_ids]


def predictions(notes: list[dict], found: list) -> list[str]:
    """The category each note is flagged under, or '' when no rule flags it."""
    answers = []
    for note in notes:
        hit = next(filter(None, (m.search(note["text"]) for m in found)), None)
        answers.append(hit.category if hit else "")
    return answers


def report(notes: list[dict], predicted: list[str], target: float) -> bool:
    categories = sorted({n["label"] for n in notes} - {"none"})
    ok = True
    print(f"{'category':<18}{'notes':>6}{'found':>7}{'recall':>8}{'flags':>7}{'false':>7}{'precision':>11}")
    for category in categories + ["all"]:
        mine = [p for n, p in zip(notes, predicted) if n["label"] == category or (category == "all" and n["label"] != "none")]
        flags = [n for n, p in zip(notes, predicted) if p and (p == category or category == "all")]
        false = sum(n["label"] == "none" for n in flags)
        recall = sum(bool(p) for p in mine) / len(mine) if mine else 1.0
        precision = (len(flags) - false) / len(flags) if flags else 1.0
        ok &= recall >= target and precision >= target
        print(f"{category:<18}{len(mine):>6}{sum(bool(p) for p in mine):>7}{recall:>8.1%}{len(flags):>7}{false:>7}{precision:>11.1%}")
    kinds = Counter(n["kind"] for n in notes if n["label"] == "none")
    flagged = Counter(n["kind"] for n, p in zip(notes, predicted) if n["label"] == "none" and p)
    print("\nharmless notes flagged, by where the trap word stands:")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<14}{flagged[kind]:>4} of {count}")
    wrong = sum(1 for n, p in zip(notes, predicted) if p and n["label"] not in ("none", p))
    print(f"\nsensitive notes flagged under another category than their label: {wrong}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rules", action="append", default=[], help="rule packs (default: the shipped default)")
    parser.add_argument("--rule", action="append", default=[], help=f"rule ids (default: {', '.join(RULES)})")
    parser.add_argument("--split", choices=("all", "dev", "holdout", "train2", "fresh"), default="all")
    parser.add_argument("--target", type=float, default=0.95)
    parser.add_argument("--errors", action="store_true", help="list the notes missed and the false flags")
    args = parser.parse_args(argv)
    with args.corpus.open(encoding="utf-8", newline="") as handle:
        notes = [n for n in csv.DictReader(handle) if args.split in ("all", n["split"])]
    found = matchers(args.rules, tuple(args.rule) or RULES)
    began = time.perf_counter()
    predicted = predictions(notes, found)
    spent = time.perf_counter() - began
    print(f"{len(notes)} notes ({args.split}) from {args.corpus.name}, rules {', '.join(args.rule or RULES)}\n")
    ok = report(notes, predicted, args.target)
    print(f"search time: {spent / len(notes) * 1e6:.0f} µs per note (first search of each, folding included)")
    if args.errors:
        for note, category in zip(notes, predicted):
            if bool(category) != (note["label"] != "none"):
                print(f"{'MISSED' if not category else 'FALSE ' + category:<22} {note['label']}/{note['kind']}: {note['text']}")
    print(f"\ntargets (recall and precision >= {args.target:.0%} in every category): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
