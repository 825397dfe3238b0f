"""CSV files: a header row, then one record per row.

Spreadsheet exports are welcome: the encoding (UTF-8 with or without a BOM,
UTF-16 with a BOM) and the delimiter (``,`` ``;`` tab) are found by
:mod:`~crowdgallery.load.readers.dialect`; CRLF line ends are read as usual.
Empty cells count as absent.  A record's line is the line its row starts on,
so a cell with a quoted line break does not shift later rows.
"""
from __future__ import annotations

from pathlib import Path

from crowdgallery.load.readers.base import RawRecord
from crowdgallery.load.readers.dialect import CsvText, read_csv_text, rows_with_lines, text_rows
from crowdgallery.problems import Location, Problem

__all__ = ["check_header", "read_csv", "read_csv_header", "rows_with_lines"]


def check_header(header: list[str], rel: str, line: int) -> tuple[list[str], list[Problem]]:
    names = [h.strip() for h in header]
    problems = []
    seen = set()
    for i, name in enumerate(names, 1):
        if not name:
            problems.append(Problem(Location(rel, line), f"column {i} of the header row has no name; name it or delete the column"))
        elif name in seen:
            problems.append(Problem(Location(rel, line), f"the column '{name}' appears twice in the header row; keep one"))
        seen.add(name)
    return names, problems


def read_csv_header(path: Path, rel: str) -> tuple[list[str], CsvText | None]:
    """A CSV file's column names (none if it cannot be read) and how it was read."""
    csv_text, problems = read_csv_text(path, rel)
    if csv_text is None:
        return [], None
    first = next(text_rows(csv_text, rel, []), None)
    return ([h.strip() for h in first[1]] if first else []), csv_text


def read_csv(path: Path, rel: str) -> tuple[list[RawRecord], list[Problem]]:
    csv_text, problems = read_csv_text(path, rel)
    if csv_text is None:
        return [], problems
    records: list[RawRecord] = []
    rows = text_rows(csv_text, rel, problems)
    first = next(rows, None)
    if first is None:
        return [], problems
    header, bad = check_header(first[1], rel, first[0])
    if bad:
        return [], problems + bad
    width = len(header)
    for line, row in rows:
        loc = Location(rel, line)
        if len(row) > width:
            sep = {",": "commas", ";": "a ';'", "\t": "a tab"}[csv_text.delimiter]
            problems.append(Problem(loc, f"this row has {len(row)} cells but the header names {width} columns; "
                                         f"quote cells that contain {sep}"))
            continue
        fields = {name: cell.strip() for name, cell in zip(header, row) if cell.strip()}
        records.append(RawRecord(fields, loc, from_csv=True))
    return records, problems
