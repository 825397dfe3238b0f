"""CSV files: a header row, then one record per row.

Spreadsheet exports are welcome: a UTF-8 BOM and CRLF line ends are read as
usual.  Empty cells count as absent.  A record's line is the line its row
starts on, so a cell with a quoted line break does not shift later rows.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

from crowdgallery.load.readers.base import RawRecord, not_utf8
from crowdgallery.problems import Location, Problem


def open_csv(path: Path):
    return open(path, encoding="utf-8-sig", newline="")


def rows_with_lines(handle) -> Iterator[tuple[int, list[str]]]:
    """Yield (starting line, cells) for every row, blank rows skipped."""
    reader = csv.reader(handle)
    previous = 0
    for row in reader:
        start = previous + 1
        previous = reader.line_num
        if row and any(cell.strip() for cell in row):
            yield start, row


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


def read_csv(path: Path, rel: str) -> tuple[list[RawRecord], list[Problem]]:
    records: list[RawRecord] = []
    try:
        with open_csv(path) as handle:
            rows = rows_with_lines(handle)
            first = next(rows, None)
            if first is None:
                return [], []
            header, problems = check_header(first[1], rel, first[0])
            if problems:
                return [], problems
            width = len(header)
            for line, row in rows:
                loc = Location(rel, line)
                if len(row) > width:
                    problems.append(Problem(loc, f"this row has {len(row)} cells but the header names {width} columns; "
                                                 "quote cells that contain commas"))
                    continue
                fields = {name: cell.strip() for name, cell in zip(header, row) if cell.strip()}
                records.append(RawRecord(fields, loc, from_csv=True))
    except UnicodeDecodeError:
        return [], [not_utf8(path, rel, "export it as 'CSV UTF-8'")]
    except csv.Error as exc:
        return records, [Problem(Location(rel), f"cannot read this CSV file: {exc}")]
    except OSError as exc:
        return [], [Problem(Location(rel), f"cannot read the file: {exc.strerror}")]
    return records, problems
