"""Vote files read into one columnar frame with polars: the fast path for exports of millions of rows.

Optional (``pip install crowdgallery[fast]``).  Without polars, or with
``CROWDGALLERY_VOTES=csv`` in the environment, the reference reader
(:mod:`~crowdgallery.load.readers.votes`, the csv module) reads every file.

The fast path takes only what it can read exactly as the reference does: a
plain comma-separated UTF-8 export with event columns only, no quotes, no
spaces or tabs, no blank lines, every row as wide as the header, every value a
number and every timestamp one the reference accepts.  Any other file (another
encoding or delimiter, a mapped export, a YAML list, tally rows, a row the
reference would skip and report) is read by the reference reader, row by row,
and its rows join the frame in file order.  So both paths give the same rows,
the same problems with the same files and lines, and the same tallies.
"""
from __future__ import annotations

import codecs
import math
import os
from pathlib import Path

from crowdgallery.load.readers.votes import EARLIEST, EVENT_COLUMNS, LATEST, read_vote_file, timestamps_of
from crowdgallery.model import Source, TallyRow, VoteFrame, VoteTable
from crowdgallery.problems import GroupedProblems, Problem

SWITCH = "CROWDGALLERY_VOTES"  # 'csv': always the reference reader
# The one timestamp shape read in bulk; any other is converted by the reference parser, once per distinct text.
PLAIN_STAMP = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$"
OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SCHEMA_ORDER = ("submission", "voter", "value", "timestamp", "line", "file")


def available() -> bool:
    """True when polars can be imported and the environment does not ask for the reference reader."""
    if os.environ.get(SWITCH, "").strip().lower() == "csv":
        return False
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def read_votes_columnar(site_dir: Path, files: list[Path],
                        source: Source | None = None) -> tuple[VoteFrame, list[TallyRow], list[Problem]]:
    """readers.votes.read_votes, into a :class:`VoteFrame`: the same rows, tally rows and problems."""
    import polars as pl

    table = VoteFrame()
    tallies: list[TallyRow] = []
    problems: list[Problem] = []
    bad = GroupedProblems()
    blocks = []
    for path in files:
        mapped = source is not None and path in source.files
        block = None if mapped or path.suffix.lower() != ".csv" else plain_frame(path, len(table.files))
        if block is not None:
            table.files.append(path.relative_to(site_dir).as_posix())
            blocks.append(block)
            continue
        scratch = VoteTable()
        problems += read_vote_file(site_dir, path, scratch, tallies, bad, source)
        if scratch.files:
            blocks.append(frame_of(scratch, len(table.files)))
            table.files.extend(scratch.files)
    if blocks:
        table.frame = pl.concat(blocks, how="vertical", rechunk=False)
    return table, tallies, problems + bad.problems()


def frame_of(scratch: VoteTable, first_file: int = 0):
    """A VoteTable (as the reference reader makes it) as a frame whose file numbers start at ``first_file``."""
    import polars as pl

    return pl.DataFrame({
        "submission": scratch.submission, "voter": scratch.voter, "value": scratch.value,
        "timestamp": scratch.timestamp, "line": list(scratch.line), "file": [f + first_file for f in scratch.file],
    }, schema=_schema())


def _schema() -> dict:
    import polars as pl

    return {"submission": pl.Categorical, "voter": pl.Categorical, "value": pl.Float64, "timestamp": pl.Float64,
            "line": pl.UInt32, "file": pl.UInt16}


def plain_frame(path: Path, file_index: int = 0):
    """The file as a frame when it is a plain export the reference reads without a problem, else None.

    Read in chunks of whole lines, each checked byte-wise and parsed by polars, so memory holds the
    columns and one chunk, never the whole text."""
    import polars as pl

    try:
        with path.open("rb") as handle:
            head = handle.read(CHUNK)
            if head.startswith(OTHER_BOMS):
                return None
            if head.startswith(codecs.BOM_UTF8):
                head = head[len(codecs.BOM_UTF8):]
            end = head.find(b"\n")
            if end < 0 or head.startswith((b"\n", b"\r")):
                return None
            header = head[:end + 1]
            names = [h.decode("ascii", "replace") for h in header.rstrip(b"\r\n").split(b",")]
            if "submission" not in names or len(set(names)) != len(names) or not set(names) <= set(EVENT_COLUMNS):
                return None
            blocks, numbers, rows = [], {}, 0
            rest, more = head[end + 1:], handle.read(CHUNK)
            while rest:
                cut = rest.rfind(b"\n") + 1 if more else len(rest)
                if cut == 0:  # a line longer than a chunk: take more
                    rest, more = rest + more, handle.read(CHUNK)
                    continue
                block = _chunk(header + rest[:cut], names, numbers, rows)
                if block is None:
                    return None
                blocks.append(block)
                rows += block.height
                rest, more = rest[cut:] + more, handle.read(CHUNK) if more else b""
    except OSError:
        return None  # the reference reader says why
    if not rows:
        return None
    return pl.concat(blocks, rechunk=False).with_columns(file=pl.lit(file_index, dtype=pl.UInt16)).select(SCHEMA_ORDER)


CHUNK = 1 << 24
FORBIDDEN = (b'"', b" ", b"\t", b"\0", b"\n\n", b"\n\r\n", b"\r\r")


def _chunk(data: bytes, names: list[str], numbers: dict, before: int):
    """Whole lines under the header: checked as the reference's plain reader would, then parsed; or None."""
    import polars as pl

    if b"\r" in data:
        if data.count(b"\r") != data.count(b"\r\n"):
            return None  # a lone CR: the reference reads it another way
        data = data.replace(b"\r\n", b"\n")
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if any(mark in data for mark in FORBIDDEN) or data.count(b",") != (len(names) - 1) * lines:
        return None  # a row wider or narrower than the header, a blank line, quotes: the reference says where
    try:
        raw = pl.read_csv(data, has_header=True, infer_schema=False, quote_char=None, encoding="utf8")
    except Exception:  # noqa: BLE001 — invalid UTF-8 and whatever else polars refuses: the reference decides
        return None
    del data
    if raw.height != lines - 1 or raw.get_column("submission").null_count():
        return None
    # Ids as categories: 4 bytes a row, and the tally groups by them as small integers.
    columns = [pl.col("submission").cast(pl.Categorical)]
    columns.append(pl.col("voter").cast(pl.Categorical) if "voter" in names else
                   pl.lit(None, dtype=pl.Categorical).alias("voter"))
    if "value" in names:
        new = raw.get_column("value").drop_nulls().unique().to_list()
        found = _values([x for x in new if x not in numbers])
        if found is None:
            return None
        numbers.update(found)
        columns.append(pl.col("value").replace_strict(numbers, return_dtype=pl.Float64, default=None)
                       .fill_null(1.0))
    else:
        columns.append(pl.lit(1.0, dtype=pl.Float64).alias("value"))
    columns.append(_stamps(raw.get_column("timestamp")) if "timestamp" in names else
                   pl.lit(None, dtype=pl.Float64).alias("timestamp"))
    if columns[-1] is None:
        return None
    return raw.select(columns).with_columns(line=pl.int_range(before + 2, before + 2 + raw.height, dtype=pl.UInt32))


def _values(distinct: list) -> dict | None:
    """Each distinct value converted once by Python's float(), as the reference does; None if one fails."""
    try:
        numbers = {x: float(x) for x in distinct}
    except ValueError:
        return None
    return numbers if all(math.isfinite(v) for v in numbers.values()) else None


def _stamps(cells):
    """POSIX seconds: the common shape parsed in bulk, every other distinct text by the reference parser; or None."""
    import polars as pl

    plain = cells.str.contains(PLAIN_STAMP)
    fast = cells.str.to_datetime("%Y-%m-%dT%H:%M:%SZ", strict=False, time_unit="us").dt.epoch("s") \
        .cast(pl.Float64)
    if (plain & fast.is_null()).any():  # e.g. 30 February: not a date; the reference reports it
        return None
    stamps = pl.select(pl.when(plain).then(fast)).to_series()
    others = cells.filter(plain.not_()).unique().to_list()  # (a null cell is neither: no timestamp)
    if others:
        try:
            parsed = dict(zip(others, timestamps_of(others)))
        except ValueError:
            return None
        stamps = stamps.fill_null(cells.replace_strict(parsed, default=None, return_dtype=pl.Float64))
    known = stamps.drop_nulls()
    if known.len() and (known.min() < EARLIEST or known.max() > LATEST):
        return None
    return pl.lit(stamps).alias("timestamp")
