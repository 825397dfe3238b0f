"""Tallies: ``tallies.csv`` (and ``.csv`` files in ``tallies/``) → :class:`DayTally` rows.

Votes counted elsewhere (a warehouse, a Spark job) and handed over already one
per voter: each row says how many counted votes of one value a submission got
on one UTC day, with the earliest and latest of their timestamps.  That is
enough for every ranking method, for ``hot``, the charts and the build's clock
to come out exactly as from the raw votes (docs/site-format.md#tallies shows the
SQL that makes them).  Columns: ``submission``, ``day`` (``YYYY-MM-DD``; empty
for votes without a timestamp), ``value``, ``votes``, ``first``, ``last``.
Any encoding and delimiter a spreadsheet writes; every row that cannot be read
is skipped and reported with its file and line.
"""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from crowdgallery.load.readers.csvfile import check_header
from crowdgallery.load.readers.dialect import read_csv_text, text_rows
from crowdgallery.load.readers.votes import MAX_TALLY, TIMESTAMP_ADVICE, parse_timestamp
from crowdgallery.model import DayTally
from crowdgallery.problems import GroupedProblems, Location, Problem

COLUMNS = ("submission", "day", "value", "votes", "first", "last")
EPOCH = date(1970, 1, 1)


def read_tallies(site_dir: Path, files: list[Path]) -> tuple[list[DayTally], list[Problem]]:
    """Every row of every tallies file, and the problems (skipped rows grouped by reason)."""
    rows: list[DayTally] = []
    problems: list[Problem] = []
    bad = GroupedProblems()
    for path in files:
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix.lower() != ".csv":
            problems.append(Problem(Location(rel), "tallies are read from .csv files only; convert this file or "
                                                   "move it"))
            continue
        problems += _read_file(path, rel, rows, bad)
    return rows, problems + bad.problems()


def _read_file(path: Path, rel: str, out: list[DayTally], bad: GroupedProblems) -> list[Problem]:
    csv_text, problems = read_csv_text(path, rel)
    if csv_text is None:
        return problems
    rows = text_rows(csv_text, rel, problems, one_line_cells=True)
    first = next(rows, None)
    if first is None:
        return problems
    header, wrong = check_header(first[1], rel, first[0])
    missing = [c for c in ("submission", "value", "votes") if c not in header]
    unknown = [c for c in header if c and c not in COLUMNS]
    if wrong or missing or unknown:
        said = [f"no '{c}' column" for c in missing] + [f"the column '{c}' is not one of a tallies file"
                                                          for c in unknown]
        return problems + wrong + ([Problem(Location(rel, first[0]), f"the header row has {', '.join(said)}; "
                                            f"a tallies file has the columns {', '.join(COLUMNS)}")] if said else [])
    col = {name: header.index(name) for name in header}
    width = len(header)
    for line, row in rows:
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        loc = Location(rel, line)
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            bad.add("tally row", f"the row has more cells than the header has columns ({width})", loc)
            continue
        reason, tally = _row(cells, loc)
        if reason:
            bad.add("tally row", reason, loc)
        else:
            out.append(tally)
    return problems


def _row(cells: dict, loc: Location) -> tuple[str, DayTally | None]:
    """(why the row is skipped, or "" and the row)."""
    if not cells["submission"]:
        return "no submission id", None
    try:
        value = float(cells["value"])
    except ValueError:
        return "'value' is not a number", None
    if not math.isfinite(value):
        return "'value' is not a number", None
    try:
        votes = float(cells["votes"])
    except ValueError:
        votes = -1.0
    if not 0 <= votes <= MAX_TALLY or votes != int(votes):  # nan and inf fail too
        return f"'votes' must be a whole number from 0 to {MAX_TALLY:,}", None
    day_text = cells.get("day", "")
    if not day_text:
        if cells.get("first") or cells.get("last"):
            return "'first' and 'last' need the 'day' they fall on", None
        return "", DayTally(cells["submission"], loc, None, value, int(votes))
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return "'day' is not a date like 2026-05-01", None
    try:
        first, last = parse_timestamp(cells.get("first", "")), parse_timestamp(cells.get("last", ""))
    except ValueError:
        return f"'first' and 'last' are needed with a 'day'; {TIMESTAMP_ADVICE}", None
    number = (day - EPOCH).days
    if not first <= last or int(first // 86400) != number or int(last // 86400) != number:
        return f"'first' and 'last' must fall on the day {day_text} (UTC), 'first' not after 'last'", None
    return "", DayTally(cells["submission"], loc, number, value, int(votes), first, last)
