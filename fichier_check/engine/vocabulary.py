"""The `vocabulary:` section of rule packs (and of the config file): the prospector's call-result
codes and statuses, merged layer by layer like rules, validated with file and line, and turned
into an `analysis.codes.Vocabulary` the checks read through `ctx.codes(role)`.

    vocabulary:
      date_order: day-first            # or month-first: how 03/02/2026 is read
      call_result:
        REFUS:
          means: [attempt, reached, refusal]
          spellings: [refusé, refus client]
          label: {fr: "La personne a refusé", en: "The person refused"}
      status:
        ARRÊTÉ: {means: [stopped], spellings: [arrete, stop]}

A later layer that names an existing code replaces its fields one by one (`means`, `spellings`,
`label`); `CODE: null` removes a code. A spelling claimed by two codes of one kind is an error.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fichier_check.analysis.codes import KINDS, MEANINGS, Code, Vocabulary
from fichier_check.analysis.text import fold_words
from fichier_check.errors import UserError
from fichier_check.engine.yaml_lines import LineDict

CODE_KEYS = {"means", "spellings", "label"}
DATE_ORDERS = {"day-first": True, "month-first": False}


class VocabularyLayers:
    """The `vocabulary:` sections met while the packs load, merged in order."""

    def __init__(self) -> None:
        self.codes: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
        self.where: dict[tuple[str, str], tuple[Path, int]] = {}
        self.date_order = "day-first"

    @classmethod
    def shipped(cls) -> "VocabularyLayers":
        """Layers holding the shipped `vocabulary` pack's section (read once per process)."""
        layers = cls()
        for args in _shipped_section():
            layers.add(*args)
        return layers

    def add(self, data, path: Path, line: int) -> None:
        if not isinstance(data, LineDict):
            raise UserError("vocabulary: expected a mapping (date_order, call_result, status)", path=path, line=line)
        for key in data:
            if key not in (*KINDS, "date_order"):
                raise UserError(f"unknown vocabulary key {key!r}", path=path, line=data.line_of(key),
                                hint=f"known keys: date_order, {', '.join(KINDS)}")
        if "date_order" in data:
            if not isinstance(data["date_order"], str) or data["date_order"] not in DATE_ORDERS:
                raise UserError(f"vocabulary: date_order must be {' or '.join(DATE_ORDERS)}", path=path,
                                line=data.line_of("date_order"))
            self.date_order = data["date_order"]
        for kind in KINDS:
            section = data.get(kind)
            if section is None:
                continue
            if not isinstance(section, LineDict):
                raise UserError(f"vocabulary.{kind}: expected a mapping of codes", path=path, line=data.line_of(kind))
            for name, entry in section.items():
                self._add_code(kind, str(name), entry, path, section.line_of(name))

    def _add_code(self, kind: str, name: str, entry, path: Path, line: int) -> None:
        where = f"vocabulary.{kind}.{name}"
        if entry is None:
            self.codes[kind].pop(name, None)
            return
        if not isinstance(entry, LineDict):
            raise UserError(f"{where}: expected a mapping (means, spellings, label)", path=path, line=line)
        for key in entry:
            if key not in CODE_KEYS:
                raise UserError(f"{where}: unknown key {key!r}", path=path, line=entry.line_of(key),
                                hint=f"known keys: {', '.join(sorted(CODE_KEYS))}")
        means = entry.get("means", self.codes[kind].get(name, {}).get("means", []))
        if not isinstance(means, list):
            raise UserError(f"{where}: means must be a list of meanings, e.g. [attempt, refusal]", path=path,
                            line=entry.line_of("means"), hint=f"known meanings: {', '.join(MEANINGS)}")
        bad = [m for m in means if not isinstance(m, str) or m not in MEANINGS]
        if bad:
            raise UserError(f"{where}: unknown meaning {bad[0]!r}", path=path, line=entry.line_of("means"),
                            hint=f"known meanings: {', '.join(MEANINGS)}")
        spellings = entry.get("spellings", [])
        if not isinstance(spellings, list) or not all(isinstance(s, (str, int)) and not isinstance(s, bool)
                                                       for s in spellings):
            raise UserError(f"{where}: spellings must be a list of texts", path=path, line=entry.line_of("spellings"),
                            hint="quote a spelling YAML reads as true/false (\"no\", \"yes\", \"off\")")
        label = entry.get("label", {})
        if not isinstance(label, dict) or not all(isinstance(v, str) for v in label.values()):
            raise UserError(f"{where}: label must be {{fr: …, en: …}}", path=path, line=entry.line_of("label"))
        merged = {**self.codes[kind].get(name, {}), **{k: v for k, v in
                                                       (("means", means), ("spellings", spellings), ("label", label))
                                                       if k in entry or k == "means"}}
        self.codes[kind][name] = merged
        self.where[(kind, name)] = (path, line)

    def finish(self) -> Vocabulary:
        kinds = []
        for kind in KINDS:
            owner: dict[str, str] = {}
            codes = []
            for name, entry in self.codes[kind].items():
                spellings = tuple(str(s) for s in entry.get("spellings", []))
                for spelling in (name, *spellings):
                    key = fold_words(spelling)
                    if not key:
                        path, line = self.where[(kind, name)]
                        raise UserError(f"vocabulary.{kind}.{name}: the spelling {spelling!r} has no letters or digits",
                                        path=path, line=line)
                    if owner.get(key, name) != name:
                        path, line = self.where[(kind, name)]
                        raise UserError(f"vocabulary.{kind}: {spelling!r} is a spelling of both {owner[key]} and {name}",
                                        path=path, line=line, hint="keep it under one code")
                    owner[key] = name
                codes.append(Code(name, frozenset(entry.get("means", [])), spellings, dict(entry.get("label", {}))))
            kinds.append((kind, tuple(codes)))
        return Vocabulary(tuple(kinds), DATE_ORDERS[self.date_order])



def shipped_vocabulary() -> Vocabulary:
    """The shipped `vocabulary` pack's codes alone (what an engine reads when given none)."""
    return VocabularyLayers.shipped().finish()


@lru_cache(maxsize=1)
def _shipped_section() -> tuple:
    from fichier_check.engine.rulepack import VOCABULARY_PACK, resolve_pack
    from fichier_check.engine.yaml_lines import load_yaml_with_lines
    path = resolve_pack(VOCABULARY_PACK)
    data = load_yaml_with_lines(path)
    return ((data["vocabulary"], path, data.line_of("vocabulary")),)
