"""YAML files: a list of records, or one record per file, with line numbers.

PyYAML's safe loader is used (the C one when present, for speed); mappings are
built as :class:`LineDict`, which remembers where the mapping and each key
start and the source text of plain scalars.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crowdgallery.load.readers.base import RawRecord, not_utf8
from crowdgallery.problems import Location, Problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict that knows its own line, its keys' lines and its plain scalars' text (a list's: a list)."""

    __slots__ = ("line", "key_lines", "raw", "duplicates")


class _LineLoader(_Base):  # type: ignore[misc,valid-type]
    pass


def _is_plain(node: yaml.Node) -> bool:
    """An unquoted scalar (PyYAML marks its style None, libyaml '')."""
    return isinstance(node, yaml.ScalarNode) and not node.style


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.raw = {}
    mapping.duplicates = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = key_node.value
        if key in mapping.key_lines:
            mapping.duplicates.append((key, key_node.start_mark.line + 1))
        mapping.key_lines[key] = key_node.start_mark.line + 1
        if _is_plain(value_node):
            mapping.raw[key] = value_node.value
        elif isinstance(value_node, yaml.SequenceNode):  # [007, no]: each plain item's text, else None
            mapping.raw[key] = [item.value if _is_plain(item) else None for item in value_node.value]
    return mapping


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises but the calendar does not (2026-13-01) stays text, checked where it is used."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse YAML text; on a syntax error return None and a problem at its line."""
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: the reader knows its offset, not its line
        line = text.count("\n", 0, exc.position) + 1 + line_offset if isinstance(exc.position, int) else 0
        what = "a NUL byte" if exc.character == 0 else f"the character U+{exc.character:04X}"
        return None, [Problem(Location(rel, line), f"this line holds {what}, which YAML does not allow; delete it "
                                                   "(or write it as an escape inside double quotes)")]
    except RecursionError:
        return None, [Problem(Location(rel, 1 + line_offset), "this file nests lists or mappings too deeply to "
                                                              "read; flatten it")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else 0
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(Location(rel, line), f"this is not valid YAML ({what}); fix the syntax near this line")]


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file (a BOM is allowed); a problem if it is not."""
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [not_utf8(path, rel, "save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(Location(rel), f"cannot read the file: {exc.strerror}")]


def record_from_mapping(mapping: Any, rel: str, line_offset: int = 0) -> tuple[RawRecord | None, list[Problem]]:
    """Turn a parsed mapping into a RawRecord; anything else is a problem."""
    if not isinstance(mapping, LineDict):
        line = line_offset + 1
        return None, [Problem(Location(rel, line), "a record must be a mapping of field: value")]
    problems = [
        Problem(Location(rel, line + line_offset), f"the field '{key}' appears twice in this record; keep one")
        for key, line in mapping.duplicates
    ]
    fields = {str(k): v for k, v in mapping.items()}
    lines = {str(k): v + line_offset for k, v in mapping.key_lines.items()}
    return RawRecord(fields, Location(rel, mapping.line + line_offset), lines, dict(mapping.raw)), problems


def read_yaml_list(path: Path, rel: str) -> tuple[list[RawRecord], list[Problem]]:
    """``NAME.yaml``: a list of records (an empty file is an empty list)."""
    text, problems = read_text(path, rel)
    if text is None:
        return [], problems
    data, problems = load_yaml(text, rel)
    if problems or data is None:
        return [], problems
    if not isinstance(data, list):
        return [], [Problem(Location(rel, 1), "this file must hold a YAML list of records (each starting with '- ')")]
    records: list[RawRecord] = []
    for item in data:
        record, bad = record_from_mapping(item, rel)
        problems.extend(bad)
        if record is not None:
            records.append(record)
    return records, problems


def read_yaml_record(path: Path, rel: str) -> tuple[list[RawRecord], list[Problem]]:
    """``NAME/thing.yaml``: one record per file."""
    text, problems = read_text(path, rel)
    if text is None:
        return [], problems
    data, problems = load_yaml(text, rel)
    if problems:
        return [], problems
    if data is None:
        data = LineDict()
        data.line, data.key_lines, data.raw, data.duplicates = 1, {}, {}, []
    record, problems = record_from_mapping(data, rel)
    return ([record] if record else []), problems
