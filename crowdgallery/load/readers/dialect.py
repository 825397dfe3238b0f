"""How a CSV file is written: its encoding and its delimiter, found before any row is read.

Spreadsheets save CSV in more than one way: "CSV UTF-8" (often with a BOM),
"Unicode text" (UTF-16 with a BOM, tab-separated), and in European locales
``;`` between cells (Decidim's open-data export too).  The encoding is told by
the byte-order mark (none: UTF-8); the delimiter by the header row: the one of
``,`` ``;`` tab that splits it (outside quotes), the standard library's
``csv.Sniffer`` deciding between two that both do.  What cannot be told is
refused with a message saying what was found, never read as one column.

Rows come with the line they start on.  A quote that never closes, a cell in a
vote file that spans lines (a quote closed rows later) and a cell longer than
``CELL_LIMIT`` are problems at the line where the cell began.
"""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from crowdgallery.problems import Location, Problem

CELL_LIMIT = 1_000_000  # characters in one CSV cell (Python's own default is 131,072)
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
# Longest first: a UTF-32 LE mark starts with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a BOM"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"))
ADVICE = "save it as 'CSV UTF-8' (or 'Unicode text')"


@dataclass(frozen=True, slots=True)
class CsvText:
    """A CSV file's decoded text and how it was written."""

    text: str
    encoding: str = "UTF-8"
    delimiter: str = ","

    def described(self) -> str:
        """'read as ';'-separated UTF-8': said beside a problem that may come from a misread file."""
        return f"read as '{self.delimiter}'-separated {self.encoding}".replace("'\t'", "tab")


def read_csv_text(path: Path, rel: str) -> tuple[CsvText | None, list[Problem]]:
    """Read and decode a CSV file and find its delimiter; None and a problem when it cannot be told."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(Location(rel), f"cannot read the file: {exc.strerror}")]
    text, encoding, problem = decode(data, rel)
    if problem is not None:
        return None, [problem]
    delimiter, problem = sniff_delimiter(text, rel)
    if problem is not None:
        return None, [problem]
    return CsvText(text, encoding, delimiter), []


def decode(data: bytes, rel: str) -> tuple[str, str, Problem | None]:
    """Bytes → (text, the encoding's name, None), or a problem naming what the bytes look like."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name, None
            except UnicodeDecodeError as exc:
                line = data[:exc.start].decode(codec, errors="replace").count("\n") + 1
                return "", name, Problem(Location(rel, line), f"the file starts as {name} but is not valid {name} "
                                                              f"from byte {exc.start} on; {ADVICE}")
    head = data[:4096]
    if head.count(b"\0") * 4 > len(head):  # ASCII text in UTF-16: every other byte is zero
        order = "LE" if head[1:2] == b"\0" else "BE"
        return "", "", Problem(Location(rel, 1), f"the file looks like UTF-16 {order} text without a byte-order mark "
                                                 f"(every other byte is zero), which cannot be read safely; {ADVICE}")
    try:
        return data.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        line = data[:exc.start].count(b"\n") + 1
        guess = bytes([byte]).decode("cp1252", errors="replace")
        hint = f", which is '{guess}' in Windows-1252/Latin-1" if guess.isprintable() and guess != "\ufffd" else ""
        return "", "", Problem(Location(rel, line), f"the file is not UTF-8 text: byte 0x{byte:02X} at offset "
                                                    f"{exc.start}{hint}; {ADVICE}")


def _outside_quotes(line: str) -> dict[str, int]:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def sniff_delimiter(text: str, rel: str) -> tuple[str, Problem | None]:
    """The delimiter the header row uses: ',' ';' or tab (',' for a one-column file)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = _outside_quotes(header)
    found = [d for d, n in counts.items() if n]
    if len(found) <= 1:
        if not found and "|" in header:
            return ",", Problem(Location(rel, 1), f"the header row '{header[:80]}' reads as one column; separate "
                                                  "columns with ',' ';' or a tab, not '|'")
        return (found or [","])[0], None
    sample = "\n".join(text.splitlines()[:50])
    try:
        chosen = csv.Sniffer().sniff(sample, delimiters="".join(found)).delimiter
    except csv.Error:
        seen = ", ".join(f"{counts[d]} {DELIMITERS[d]}{'s' * (counts[d] != 1)}" for d in found)
        return ",", Problem(Location(rel, 1), f"cannot tell which character separates the columns: the header row "
                                              f"has {seen} outside quotes; quote the column names that contain "
                                              "the other one")
    return chosen, None


def rows_with_lines(handle, delimiter: str = ",", problems: list[Problem] | None = None, rel: str = "",
                    one_line_cells: bool = False) -> Iterator[tuple[int, list[str]]]:
    """Yield (starting line, cells) for every row, blank rows skipped.

    With ``problems``, what stops a row being read is a problem at the line its cell began (and the rest of
    the file is not read); without, a csv.Error is raised as the csv module does.  ``one_line_cells``: no
    cell may hold a line break (a vote file's ids, values and dates never do: it is a quote closed late).
    """
    csv.field_size_limit(CELL_LIMIT)  # the same value every time: set here, where it is relied upon
    ended = []

    def lines():
        yield from handle
        ended.append(True)

    reader = csv.reader(lines(), delimiter=delimiter)
    previous = 0
    try:
        for row in reader:
            start = previous + 1
            previous = reader.line_num
            if ended and problems is not None:  # the row was finished by the end of the file, inside a quote
                opened = start + sum(cell.count("\n") for cell in row[:-1])
                problems.append(Problem(Location(rel, opened), f"a quote opened on this line is never closed, so "
                                        f"lines {opened}–{previous} were read as one cell; close the quote "
                                        "(a quote inside a cell is written twice: \"\")"))
                return
            if one_line_cells and previous > start and problems is not None:
                first = next((i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell), 0)
                opened = start + sum(cell.count("\n") for cell in row[:first])
                problems.append(Problem(Location(rel, opened), f"a quote opened on this line closes only on line "
                                        f"{previous}, so lines {opened}–{previous} were read as one cell and "
                                        "their rows are lost; close the quote on its own line"))
                continue
            if row and any(cell.strip() for cell in row):
                yield start, row
    except csv.Error as exc:
        if problems is None:
            raise
        at = Location(rel, previous + 1)
        if "field larger than field limit" in str(exc):
            problems.append(Problem(at, f"a cell starting on this line is longer than {CELL_LIMIT:,} characters "
                                        "(most likely a quote that is not closed); the rest of the file is not read"))
        else:
            problems.append(Problem(at, f"cannot read this CSV row: {exc}"))


def text_rows(csv_text: CsvText, rel: str, problems: list[Problem],
              one_line_cells: bool = False) -> Iterator[tuple[int, list[str]]]:
    """The rows of a decoded file, in its own delimiter."""
    return rows_with_lines(io.StringIO(csv_text.text, newline=""), csv_text.delimiter, problems, rel,
                           one_line_cells)
