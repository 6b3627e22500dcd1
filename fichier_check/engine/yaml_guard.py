"""Refuse YAML that would cost far more to load than its size says, before it is composed.

A rule pack or a `fichier-check.yaml` is a file any colleague can commit in a shared repository, and
CI reads it. Three shapes make a few hundred bytes cost minutes and gigabytes, and `yaml.safe_load`
stops none of them:
- nested aliases ("billion laughs"): each alias repeats the node it names, so ten levels of ten
  aliases stand for 10^10 values once the document is walked;
- deep nesting (`[[[[…`): libyaml's composer recurses in C and crashes the process past some ten
  thousand levels, and our own rebuild would hit Python's recursion limit long before;
- sheer size.

The check reads the parser's event stream, which is flat (no recursion, nothing built), and counts
what the document stands for with every alias expanded: the size of each anchored node is known when
it closes, and an alias adds that size. It stops at the first limit crossed, so refusing a bomb
costs the few events it takes to see it.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from fichier_check.errors import UserError

# The shipped packs hold under 1,000 values and 14 KB; the limits leave room for packs a hundred
# times larger (long term lists) while keeping the worst case under a second and a few MB.
MAX_BYTES = 4 * 1024 * 1024
MAX_VALUES = 1_000_000   # values the document stands for, aliases expanded
MAX_DEPTH = 100          # nesting of mappings and sequences


def check_size(path: Path) -> None:
    """Refuse a file too large to be a rule pack or a config, before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the read that follows says why the file cannot be read
    if size > MAX_BYTES:
        raise UserError(f"{size:,} bytes: a rule pack or config file holds at most {MAX_BYTES:,}", path=path,
                        hint="is this the right file? split a long list into several packs")


def check_expansion(text: str, path: Path) -> None:
    """Refuse a document nested too deep or standing for too many values once aliases are expanded."""
    if len(text) > MAX_BYTES:
        raise UserError(f"{len(text):,} characters: a rule pack or config file holds at most {MAX_BYTES:,}",
                        path=path, hint="is this the right file? split a long list into several packs")
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    anchors: dict[str, int] = {}
    open_nodes: list[list] = []  # per open collection: [values so far, its anchor]
    total = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(open_nodes) >= MAX_DEPTH:
                    _refuse(path, event, f"nested more than {MAX_DEPTH} levels deep")
                open_nodes.append([1, event.anchor])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = open_nodes.pop()
            elif isinstance(event, yaml.ScalarEvent):
                size, anchor = 1, event.anchor
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:  # an alias of a node still open: it contains itself
                    _refuse(path, event, f"alias *{event.anchor} refers to a node that contains it")
                size, anchor = anchors[event.anchor], None
            else:
                continue
            if anchor is not None:
                anchors[anchor] = size
            if open_nodes:
                open_nodes[-1][0] += size
            total += size if not open_nodes else 0
            if total > MAX_VALUES or (open_nodes and open_nodes[-1][0] > MAX_VALUES):
                _refuse(path, event, f"its aliases expand to more than {MAX_VALUES:,} values")
    except yaml.YAMLError:
        return  # the composer that follows reports syntax errors with their line
    finally:
        parser.dispose()


def _refuse(path: Path, event: yaml.Event, reason: str) -> None:
    raise UserError(f"refused: {reason}", path=path, line=event.start_mark.line + 1,
                    hint="a rule pack or config file is plain lists and mappings; remove the aliases or the nesting")
