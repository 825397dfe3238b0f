"""Markdown files with YAML front matter: one record, the body is its long text."""
from __future__ import annotations

from pathlib import Path

from crowdgallery.load.readers.base import RawRecord
from crowdgallery.load.readers.yamlfile import (
    LineDict,
    load_yaml,
    read_text,
    record_from_mapping,
)
from crowdgallery.problems import Location, Problem

_FENCES = ("---", "...")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, the body's first line number)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in _FENCES:
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return "".join(lines[1:]), "", len(lines) + 1


def read_markdown(path: Path, rel: str, body_field: str) -> tuple[list[RawRecord], list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return [], problems
    front, body, _ = split_front_matter(text)
    if front is None:
        data = None
    else:
        data, problems = load_yaml(front, rel, line_offset=1)
        if problems:
            return [], problems
    if data is None:
        data = LineDict()
        data.line, data.key_lines, data.raw, data.duplicates = 0, {}, {}, []
    record, problems = record_from_mapping(data, rel, line_offset=1 if front is not None else 0)
    if record is None:
        return [], problems
    if body.strip():
        if body_field in record.fields:
            problems.append(Problem(record.line_of(body_field),
                                    f"'{body_field}' is given both in the front matter and as the file's body; keep one"))
        record.fields[body_field] = body.strip("\n")
    return [RawRecord(record.fields, Location(rel, max(record.loc.line, 1)), record.lines, record.raw)], problems
