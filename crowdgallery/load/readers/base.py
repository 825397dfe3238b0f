"""The raw record every reader produces."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crowdgallery.problems import Location, Problem


@dataclass(frozen=True, slots=True)
class RawRecord:
    """Fields as read, before any checking.

    ``fields`` maps a field name to its value (CSV cells are strings; YAML gives
    its own types).  ``raw`` holds the source text of plain YAML scalars, so a
    field meant as text keeps what the user typed (``007`` stays ``007``, ``no``
    stays ``no``); for a list, each item's text (None where not plain).
    ``lines`` maps a field to its line where the source knows it.
    """

    fields: dict[str, Any]
    loc: Location
    lines: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    from_csv: bool = False

    def line_of(self, name: str) -> "Location":
        line = self.lines.get(name)
        return Location(self.loc.path, line) if line else self.loc

    def with_default_id(self, stem: str) -> "RawRecord":
        if self.fields.get("id") not in (None, ""):
            return self
        fields = dict(self.fields)
        fields["id"] = stem
        raw = dict(self.raw)
        raw["id"] = stem
        return RawRecord(fields, self.loc, self.lines, raw, self.from_csv)


def not_utf8(path: Path, rel: str, advice: str) -> Problem:
    """Where a file stops being UTF-8, as file:line (a streaming decoder's offset counts from its buffer)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        start = 0
    except UnicodeDecodeError as exc:
        start = exc.start
    line = data[:start].count(b"\n") + 1
    return Problem(Location(rel, line), f"the file is not UTF-8 text (bad byte at offset {start}); {advice}")
