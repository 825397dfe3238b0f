"""Votes: ``votes.csv``/``votes.yaml`` (and files in ``votes/``) → a column table.

A row is either a vote event (``submission`` plus optional ``voter``,
``value``, ``timestamp``) or a precomputed tally (``submission`` plus any of
``up``, ``down``, ``votes``, ``score_sum`` with ``score_count``).  This reader
is the hot loop of a big build (a million rows), so it works on plain lists.
Rows it cannot read are counted and reported once, with the first few places.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from ..model import Location, Problem, TallyRow, VoteTable
from ..problems import GroupedProblems
from .csvfile import check_header, open_csv, rows_with_lines
from .yamlfile import LineDict, load_yaml, read_text

TALLY_COLUMNS = ("up", "down", "votes", "score_sum", "score_count")
EVENT_COLUMNS = ("submission", "voter", "value", "timestamp")


def parse_timestamp(value) -> float:
    """ISO 8601 (``2026-05-01T12:00:00Z``, a date, or YAML's own types) → POSIX seconds, UTC if no zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        moment = datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def read_votes(site_dir: Path, files: list[Path]) -> tuple[VoteTable, list[TallyRow], list[Problem]]:
    table = VoteTable()
    tallies: list[TallyRow] = []
    problems: list[Problem] = []
    bad = GroupedProblems()
    for path in files:
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".csv":
            problems += _read_csv(path, rel, table, tallies, bad)
        elif path.suffix in (".yaml", ".yml"):
            problems += _read_yaml(path, rel, table, tallies, bad)
        else:
            problems.append(Problem(Location(rel), "votes are read from .csv and .yaml files only; convert this file or move it"))
    return table, tallies, problems + bad.problems()


def _read_csv(path: Path, rel: str, table: VoteTable, tallies: list[TallyRow], bad: GroupedProblems) -> list[Problem]:
    file_index = len(table.files)
    table.files.append(rel)
    try:
        with open_csv(path) as handle:
            rows = rows_with_lines(handle)
            first = next(rows, None)
            if first is None:
                return []
            header, problems = check_header(first[1], rel, first[0])
            if problems:
                return problems
            if "submission" not in header:
                return [Problem(Location(rel, first[0]), "the header row has no 'submission' column; "
                                                         "name the column that holds the submission id 'submission'")]
            col = {name: header.index(name) for name in header}
            has_tally = any(c in col for c in TALLY_COLUMNS)
            s_i = col["submission"]
            v_i, x_i, t_i = col.get("voter"), col.get("value"), col.get("timestamp")
            width = len(header)
            sub_a, voter_a, value_a = table.submission.append, table.voter.append, table.value.append
            time_a, line_a, file_a = table.timestamp.append, table.line.append, table.file.append
            fromiso = datetime.fromisoformat
            utc = timezone.utc
            for line, row in rows:
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                submission = row[s_i].strip()
                if not submission:
                    bad.add("vote rows skipped: no submission id", Location(rel, line))
                    continue
                if has_tally and any(row[col[c]].strip() for c in TALLY_COLUMNS if c in col):
                    tally = _tally_row(submission, {c: row[col[c]] for c in TALLY_COLUMNS if c in col},
                                       Location(rel, line), bad)
                    if tally:
                        tallies.append(tally)
                    continue
                try:
                    cell = row[x_i].strip() if x_i is not None else ""
                    value = float(cell) if cell else 1.0
                except ValueError:
                    bad.add("vote rows skipped: the value is not a number", Location(rel, line))
                    continue
                stamp = None
                if t_i is not None:
                    cell = row[t_i].strip()
                    if cell:
                        try:
                            moment = fromiso(cell)
                        except ValueError:
                            bad.add("vote rows skipped: the timestamp is not ISO 8601 (like 2026-05-01T12:00:00Z)", Location(rel, line))
                            continue
                        if moment.tzinfo is None:
                            moment = moment.replace(tzinfo=utc)
                        stamp = moment.timestamp()
                voter = row[v_i].strip() if v_i is not None else ""
                sub_a(submission)
                voter_a(voter or None)
                value_a(value)
                time_a(stamp)
                line_a(line)
                file_a(file_index)
    except UnicodeDecodeError as exc:
        return [Problem(Location(rel), f"the file is not UTF-8 text (bad byte at offset {exc.start}); export it as 'CSV UTF-8'")]
    except OSError as exc:
        return [Problem(Location(rel), f"cannot read the file: {exc.strerror}")]
    return []


def _tally_row(submission: str, cells: dict, loc: Location, bad: GroupedProblems) -> TallyRow | None:
    numbers = {}
    for name, cell in cells.items():
        if cell is None or str(cell).strip() == "":
            continue
        try:
            number = float(cell)
        except (TypeError, ValueError):
            bad.add(f"vote rows skipped: '{name}' is not a number", loc)
            return None
        if number < 0 or (name != "score_sum" and number != int(number)):
            bad.add(f"vote rows skipped: '{name}' must be a whole number of at least 0", loc)
            return None
        numbers[name] = number
    if ("score_sum" in numbers) != ("score_count" in numbers):
        bad.add("vote rows skipped: 'score_sum' and 'score_count' go together", loc)
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
            bad.add("vote rows skipped: a row must be a mapping like {submission: id, voter: v1, value: 1}", Location(rel))
            continue
        loc = Location(rel, row.line)
        submission = row.raw.get("submission", row.get("submission"))
        if submission in (None, ""):
            bad.add("vote rows skipped: no submission id", loc)
            continue
        submission = str(submission)
        if any(c in row for c in TALLY_COLUMNS):
            tally = _tally_row(submission, {c: row.get(c) for c in TALLY_COLUMNS}, loc, bad)
            if tally:
                tallies.append(tally)
            continue
        value = row.get("value", 1)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad.add("vote rows skipped: the value is not a number", loc)
            continue
        stamp = None
        if row.get("timestamp") not in (None, ""):
            try:
                stamp = parse_timestamp(row["timestamp"])
            except ValueError:
                bad.add("vote rows skipped: the timestamp is not ISO 8601 (like 2026-05-01T12:00:00Z)", loc)
                continue
        voter = row.raw.get("voter", row.get("voter"))
        table.submission.append(submission)
        table.voter.append(str(voter) if voter not in (None, "") else None)
        table.value.append(float(value))
        table.timestamp.append(stamp)
        table.line.append(row.line)
        table.file.append(file_index)
    return []
