"""Read YAML safely while keeping the line of every key and item, so errors can say `file:line`.

`yaml.safe_load` forgets where things were; here the document is composed with PyYAML's SafeLoader
(never constructing Python objects from tags: `!!python/object` is refused) and rebuilt into
`LineDict`/`LineList`, plain dict/list subclasses that remember lines.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fichier_check.engine.yaml_guard import check_expansion, check_size
from fichier_check.errors import UserError


class LineDict(dict):
    """A dict that knows its own line and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def _build(node: yaml.Node, path: Path, constructor: yaml.constructor.SafeConstructor) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        raise UserError(f"tag {node.tag!r} is not allowed", path=path, line=line,
                        hint="rule packs hold plain values only; remove the tag")
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, constructor)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise UserError("a key must be a plain value", path=path, line=key_node.start_mark.line + 1)
            if key in out:
                raise UserError(f"key {key!r} appears twice", path=path, line=key_node.start_mark.line + 1,
                                hint="keep only one")
            out[key] = _build(value_node, path, constructor)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LineList(_build(item, path, constructor) for item in node.value)
        seq.line, seq.item_lines = line, [item.start_mark.line + 1 for item in node.value]
        return seq
    try:
        return constructor.construct_object(node)
    except ValueError:  # a date that no calendar has (2099-02-30), a number too odd to read
        raise UserError(f"{node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]}", path=path, line=line,
                        hint="write a real date as YYYY-MM-DD, or quote the value") from None


def load_yaml_with_lines(path: Path, text: str | None = None) -> Any:
    """Parse one YAML document; syntax errors become `path:line: …` UserErrors, and a document that
    would cost far more than its size to load (aliases, nesting) is refused first (`yaml_guard`)."""
    if text is None:
        check_size(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UserError("file not found", path=path, hint="check the path") from None
        except UnicodeDecodeError:
            raise UserError("not UTF-8 text", path=path, hint="save the YAML file as UTF-8") from None
        except OSError as error:
            raise UserError(f"cannot read: {error.strerror}", path=path) from None
    check_expansion(text, path)
    # libyaml's loader when PyYAML has it (10× faster on the shipped packs); both keep marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(node, path, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "YAML syntax error"
        raise UserError(f"YAML syntax error: {problem}", path=path, line=line,
                        hint="check indentation, colons and quotes") from None
    except yaml.YAMLError as error:
        raise UserError(f"YAML error: {error}", path=path) from None
    finally:
        loader.dispose()
