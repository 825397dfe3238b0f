"""Votes: ``votes.csv``/``votes.yaml`` (and files in ``votes/``) → a column table.

A row is either a vote event (``submission`` plus optional ``voter``,
``value``, ``timestamp``) or a precomputed tally (``submission`` plus any of
``up``, ``down``, ``votes``, ``score_sum`` with ``score_count``).  This reader
is the hot loop of a big build (a million rows), so it works on plain lists.
Rows it cannot read are counted and reported once, with the first few places.
"""
from __future__ import annotations

import csv
import math
import sys
from array import array
from datetime import date, datetime, timezone
from pathlib import Path
from sys import intern

from crowdgallery.load import mapping
from crowdgallery.load.fields import OUT_OF_CALENDAR, OutOfCalendar, from_iso, to_datetime
from crowdgallery.load.readers.csvfile import check_header
from crowdgallery.load.readers.dialect import CsvText, read_csv_text, text_rows
from crowdgallery.load.readers.yamlfile import LineDict, load_yaml, read_text
from crowdgallery.model import Source, TallyRow, VoteTable
from crowdgallery.problems import GroupedProblems, Location, Problem

TIMESTAMP_ADVICE = "the timestamp is not ISO 8601 (like 2026-05-01T12:00:00Z)"
MAX_TALLY = 10 ** 12  # a count in a tally row; score_sum may be up to MAX_TALLY times the largest scale
TALLY_COLUMNS = ("up", "down", "votes", "score_sum", "score_count")
EVENT_COLUMNS = ("submission", "voter", "value", "timestamp")


# The first and last second a vote may carry: UTC years 1 to 9999, so every later step can turn it back into a date.
EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc).timestamp()
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc).timestamp()


def parse_timestamp(value) -> float:
    """ISO 8601 (``2026-05-01T12:00:00Z``, a date, or YAML's own types) → POSIX seconds, UTC if no zone.

    ValueError if it is not one, or if it falls outside UTC years 1 to 9999."""
    stamp = to_datetime(value if isinstance(value, (date, datetime)) else str(value)).timestamp()
    if not EARLIEST <= stamp <= LATEST:
        raise OutOfCalendar(str(value))
    return stamp


def read_votes(site_dir: Path, files: list[Path],
               source: Source | None = None) -> tuple[VoteTable, list[TallyRow], list[Problem]]:
    """Read vote files; those of ``source`` (sources: votes in site.yaml) through its column mapping."""
    table = VoteTable()
    tallies: list[TallyRow] = []
    problems: list[Problem] = []
    bad = GroupedProblems()
    for path in files:
        problems += read_vote_file(site_dir, path, table, tallies, bad, source)
    return table, tallies, problems + bad.problems()


def read_vote_file(site_dir: Path, path: Path, table: VoteTable, tallies: list[TallyRow], bad: GroupedProblems,
                   source: Source | None = None) -> list[Problem]:
    """Read one vote file into ``table`` and ``tallies``; skipped rows go to ``bad``, other problems are returned."""
    rel = path.relative_to(site_dir).as_posix()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        mapped = source if source is not None and path in source.files else None
        return _read_csv(path, rel, table, tallies, bad, mapped)
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, rel, table, tallies, bad)
    return [Problem(Location(rel), "votes are read from .csv and .yaml files only; convert this file or move it")]


def _read_csv(path: Path, rel: str, table: VoteTable, tallies: list[TallyRow], bad: GroupedProblems,
              source: Source | None = None) -> list[Problem]:
    csv_text, problems = read_csv_text(path, rel)  # any encoding and delimiter a spreadsheet writes
    if csv_text is None:
        return problems
    file_index = len(table.files)
    table.files.append(rel)
    if source is None and csv_text.delimiter == "," and _read_plain_csv(csv_text.text, rel, file_index, table):
        return []
    return _read_csv_rows(csv_text, rel, file_index, table, tallies, bad, source)


def _read_plain_csv(text: str, rel: str, file_index: int, table: VoteTable) -> bool:
    """The fast path for the common export: event columns only, no quotes, no blanks, nothing to skip.

    Works column by column (list comprehensions run at C speed); returns False,
    having changed nothing, as soon as the file needs the careful row-by-row reader.
    """
    if '"' in text or " " in text or "\t" in text:
        return False
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return False
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) < 2 or "" in lines:
        return False
    header = lines[0].split(",")
    if "submission" not in header or len(set(header)) != len(header) or "" in header \
            or not set(header) <= set(EVENT_COLUMNS):
        return False
    width = len(header)
    count = len(lines) - 1
    if text.count(",") != (width - 1) * len(lines):
        return False  # some row is wider or narrower than the header
    # Column by column, a chunk of rows at a time (a million split rows at once would cost ~300 MB).
    new: dict[str, list] = {name: [] for name in header}
    values: dict[str, float] = {}
    for start in range(1, count + 1, CHUNK):
        columns = list(zip(*(line.split(",") for line in lines[start:start + CHUNK])))
        if len(columns) != width:
            return False  # with the comma count above, every row now has exactly `width` cells
        for name, cells in zip(header, columns):
            try:
                if name == "timestamp":
                    new[name].extend(timestamps_of(cells))
                elif name == "value":  # few distinct values: convert each once, share the floats
                    values.update((x, float(x) if x else 1.0) for x in set(cells).difference(values))
                    new[name].extend(map(values.__getitem__, cells))
                elif name == "voter" and "" in cells:
                    new[name].extend(intern(x) if x else None for x in cells)
                else:  # ids repeat: one shared string each saves ~50 bytes a row
                    new[name].extend(map(intern, cells))
            except ValueError:
                return False
    del lines
    if "" in new["submission"]:
        return False
    if not math.isfinite(math.fsum(values.values())):
        return False
    table.submission.extend(new["submission"])
    table.voter.extend(new["voter"] if "voter" in new else [None] * count)
    table.value.extend(new["value"] if "value" in new else [1.0] * count)
    table.timestamp.extend(new["timestamp"] if "timestamp" in new else [None] * count)
    table.line.extend(range(2, count + 2))
    table.file.extend(array("H", [file_index]) * count)
    return True


CHUNK = 65536


def timestamps_of(cells) -> list[float | None]:
    fromiso = datetime.fromisoformat if sys.version_info >= (3, 11) else from_iso  # 3.10 does not take 'Z'
    moments = [fromiso(x) if x else None for x in cells]
    stamps = [(m if m.tzinfo else m.replace(tzinfo=timezone.utc)).timestamp() if m is not None else None
              for m in moments]
    known = [x for x in stamps if x is not None]
    if known and (min(known) < EARLIEST or max(known) > LATEST):
        raise OutOfCalendar(cells)
    return stamps


def _read_csv_rows(csv_text: CsvText, rel: str, file_index: int, table: VoteTable, tallies: list[TallyRow],
                   bad: GroupedProblems, source: Source | None = None) -> list[Problem]:
    """The careful reader: quoted cells, blank rows, tally rows, and a reason for every row it skips."""
    problems: list[Problem] = []  # a quote closed late or never, a huge cell: at the line the cell began
    try:
        rows = text_rows(csv_text, rel, problems, one_line_cells=True)
        first = next(rows, None)
        if first is None:
            return problems
        header, bad_header = check_header(first[1], rel, first[0])
        if bad_header:
            return problems + bad_header
        how = f" ({csv_text.described()})"
        if source is not None:
            header, missing = mapping.vote_header(source, header, rel, how)
            if missing:
                return problems + missing
        if "submission" not in header:
            return problems + [Problem(Location(rel, first[0]), f"the header row has no 'submission' column (its "
                                       f"columns: {', '.join(header)}; {how[2:-1]}); name the column that holds "
                                       "the submission id 'submission', or map it with sources: votes")]
        their_values = source.values.get("value") if source is not None else None
        col = {name: header.index(name) for name in header}
        has_tally = any(c in col for c in TALLY_COLUMNS)
        s_i = col["submission"]
        v_i, x_i, t_i = col.get("voter"), col.get("value"), col.get("timestamp")
        width = len(header)
        for line, row in rows:
            if len(row) < width:
                row = row + [""] * (width - len(row))
            elif len(row) > width and any(cell.strip() for cell in row[width:]):
                # cells past the header's columns: most likely an unquoted comma that shifted the row
                bad.add("vote row", f"the row has more cells than the header has columns ({width}); "
                                    "a value with a comma needs quotes", Location(rel, line))
                continue
            submission = row[s_i].strip()
            if not submission:
                bad.add("vote row", "no submission id", Location(rel, line))
                continue
            if has_tally and any(row[col[c]].strip() for c in TALLY_COLUMNS if c in col):
                tally = _tally_row(submission, {c: row[col[c]] for c in TALLY_COLUMNS if c in col},
                                   Location(rel, line), bad)
                if tally:
                    tallies.append(tally)
                continue
            try:
                cell = row[x_i].strip() if x_i is not None else ""
                cell = mapping.translate(their_values, cell) if their_values else cell
                value = float(cell) if cell else 1.0
                if not math.isfinite(value):
                    raise ValueError(cell)
            except ValueError:
                bad.add("vote row", "the value is not a number", Location(rel, line))
                continue
            stamp = None
            if t_i is not None and row[t_i].strip():
                try:
                    stamp = timestamps_of([row[t_i].strip()])[0]
                except OutOfCalendar:
                    bad.add("vote row", f"the timestamp {OUT_OF_CALENDAR}", Location(rel, line))
                    continue
                except ValueError:
                    bad.add("vote row", TIMESTAMP_ADVICE,
                            Location(rel, line))
                    continue
            voter = row[v_i].strip() if v_i is not None else ""
            table.submission.append(submission)
            table.voter.append(voter or None)
            table.value.append(value)
            table.timestamp.append(stamp)
            table.line.append(line)
            table.file.append(file_index)
    except csv.Error as exc:
        return problems + [Problem(Location(rel), f"cannot read this CSV file: {exc}")]
    return problems


def _tally_row(submission: str, cells: dict, loc: Location, bad: GroupedProblems) -> TallyRow | None:
    numbers = {}
    for name, cell in cells.items():
        if cell is None or str(cell).strip() == "":
            continue
        try:
            number = float(cell)
        except (TypeError, ValueError):
            bad.add("vote row", f"'{name}' is not a number", loc)
            return None
        whole = name != "score_sum"
        limit = MAX_TALLY if whole else MAX_TALLY * 10 ** 6
        if not 0 <= number <= limit or (whole and number != int(number)):  # inf, -inf and nan fail too
            bad.add("vote row", f"'{name}' must be a {'whole' if whole else 'finite'} number from 0 to {limit:,}", loc)
            return None
        numbers[name] = number
    if ("score_sum" in numbers) != ("score_count" in numbers):
        bad.add("vote row", "'score_sum' and 'score_count' go together", loc)
        return None
    return TallyRow(submission, loc, up=int(numbers.get("up", 0)), down=int(numbers.get("down", 0)),
                    votes=int(numbers.get("votes", 0)), score_sum=numbers.get("score_sum", 0.0),
                    score_count=int(numbers.get("score_count", 0)))


def _read_yaml(path: Path, rel: str, table: VoteTable, tallies: list[TallyRow], bad: GroupedProblems) -> list[Problem]:
    text, problems = read_text(path, rel)
    if text is None:
        return problems
    data, problems = load_yaml(text, rel)
    if problems or data is None:
        return problems
    if not isinstance(data, list):
        return [Problem(Location(rel, 1), "a votes file must hold a YAML list of rows (each starting with '- ')")]
    file_index = len(table.files)
    table.files.append(rel)
    for row in data:
        if not isinstance(row, LineDict):
            bad.add("vote row", "a row must be a mapping like {submission: id, voter: v1, value: 1}", Location(rel))
            continue
        loc = Location(rel, row.line)
        submission = row.raw.get("submission", row.get("submission"))
        if submission in (None, ""):
            bad.add("vote row", "no submission id", loc)
            continue
        submission = str(submission)
        if any(c in row for c in TALLY_COLUMNS):
            tally = _tally_row(submission, {c: row.get(c) for c in TALLY_COLUMNS}, loc, bad)
            if tally:
                tallies.append(tally)
            continue
        value = row.get("value", 1)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad.add("vote row", "the value is not a number", loc)
            continue
        stamp = None
        if row.get("timestamp") not in (None, ""):
            try:
                stamp = parse_timestamp(row["timestamp"])
            except OutOfCalendar:
                bad.add("vote row", f"the timestamp {OUT_OF_CALENDAR}", loc)
                continue
            except (ValueError, TypeError):
                bad.add("vote row", TIMESTAMP_ADVICE, loc)
                continue
        voter = row.raw.get("voter", row.get("voter"))
        table.submission.append(submission)
        table.voter.append(str(voter) if voter not in (None, "") else None)
        table.value.append(float(value))
        table.timestamp.append(stamp)
        table.line.append(row.line)
        table.file.append(file_index)
    return []
