"""Form and tool exports: ``site.yaml``'s ``sources:`` maps an export's columns onto our fields.

A Google Forms, Typeform or Fider export never uses our field names, so a site
names the file and says which column is which::

    sources:
      submissions:
        file: form.csv
        columns: {title: "What is your design called?", designer: {column: "Your handle", slug: true}}
        values: {status: {Open: submitted, Done: launched}}

Each mapped file is read by the usual CSV or YAML reader (so every record keeps
its file and line, and every later check points at the export itself); then
its columns are renamed, values translated, and the result joins the
collection's other records.  ``preset: fider`` fills in the mapping of Fider's
posts CSV export; anything written beside it wins.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any, Mapping

from crowdgallery.load.readers.base import RawRecord
from crowdgallery.load.readers.csvfile import open_csv, read_csv
from crowdgallery.load.readers.yamlfile import read_yaml_list
from crowdgallery.model import Column, Source, TallyRow
from crowdgallery.problems import Location, Problem

COLLECTIONS = ("campaigns", "designers", "submissions", "jury")
KEYS = ("file", "preset", "columns", "values", "skip")
TALLY_FIELD = "votes"  # on submissions: a vote count from the tool, read as a precomputed tally

PRESETS: Mapping[str, Mapping[str, Any]] = {
    # Fider's posts CSV export: number,title,description,created_at,created_by,votes_count,comments_count,
    # status,responded_by,responded_at,response,original_number,original_title,tags
    "fider": {
        "collection": "submissions",
        "columns": {
            "id": "number", "title": "title", "description": "description", "submitted": "created_at",
            "designer": {"column": "created_by", "slug": True}, "status": "status", "response": "response",
            "response_by": "responded_by", "response_date": "responded_at", "duplicate_of": "original_number",
            "tags": {"column": "tags", "split": ","}, TALLY_FIELD: "votes_count",
        },
        "values": {
            "status": {"open": "submitted", "started": "in-progress", "completed": "launched",
                       "declined": "declined", "planned": "planned", "duplicate": "duplicate"},
            "duplicate_of": {"0": ""},
        },
        "skip": {"status": ["deleted"]},
    },
}


def _line(mapping: Any, key: str, fallback: Location) -> Location:
    lines = getattr(mapping, "key_lines", None) or {}
    return Location(fallback.path, lines.get(key, fallback.line))


def read_sources(spec: Any, at: Location | None, site_dir: Path, problems: list[Problem]) -> dict[str, Source]:
    """``site.yaml``'s ``sources:`` → a Source per collection; every mistake is a problem at its line."""
    if spec is None:
        return {}
    at = at or Location("site.yaml")
    if not isinstance(spec, dict):
        problems.append(Problem(at, "'sources' must map a collection name to {file, columns, values}"))
        return {}
    out = {}
    for name, entry in spec.items():
        where = _line(spec, name, at)
        if name not in COLLECTIONS:
            problems.append(Problem(where, f"sources: '{name}' cannot be mapped (mappable: {', '.join(COLLECTIONS)}"
                                           "; votes need our column names: submission, voter, value, timestamp)"))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(where, f"sources: '{name}' must be a mapping with 'file' and 'columns'"))
            continue
        source = _read_source(name, entry, where, site_dir, problems)
        if source is not None:
            out[name] = source
    return out


def _read_source(name: str, entry: dict, where: Location, site_dir: Path, problems: list[Problem]) -> Source | None:
    for key in entry:
        if key not in KEYS:
            problems.append(Problem(_line(entry, key, where), f"sources: '{key}' is not a source option "
                                                              f"(known: {', '.join(KEYS)})"))
    preset: Mapping[str, Any] = {}
    if entry.get("preset") is not None:
        preset = PRESETS.get(str(entry["preset"]), {})
        if not preset:
            problems.append(Problem(_line(entry, "preset", where), f"sources: there is no preset '{entry['preset']}' "
                                                                   f"(presets: {', '.join(PRESETS)})"))
            return None
        if preset["collection"] != name:
            problems.append(Problem(_line(entry, "preset", where), f"sources: the preset '{entry['preset']}' is for "
                                                                   f"{preset['collection']}, not {name}"))
            return None
    files = entry.get("file")
    files = [files] if isinstance(files, str) else files
    if not files or not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        problems.append(Problem(_line(entry, "file", where), f"sources: '{name}' needs 'file': the export's path "
                                                             "in the site folder (or a list of them)"))
        return None
    paths = []
    root = site_dir.resolve()
    for rel in files:
        path = (site_dir / rel).resolve()
        if root not in path.parents:
            problems.append(Problem(_line(entry, "file", where), f"sources: '{rel}' is outside the site folder"))
        elif path.suffix not in (".csv", ".yaml", ".yml"):
            problems.append(Problem(_line(entry, "file", where), f"sources: '{rel}' must be a .csv or .yaml file"))
        elif not path.is_file():
            problems.append(Problem(_line(entry, "file", where), f"sources: there is no file '{rel}' in the site "
                                                                 "folder"))
        else:
            paths.append(site_dir / rel)
    columns = _read_columns(preset.get("columns", {}), entry.get("columns"), _line(entry, "columns", where),
                            problems)
    values = {k: dict(v) for k, v in preset.get("values", {}).items()}
    written = entry.get("values") or {}
    if not isinstance(written, dict) or not all(isinstance(v, dict) for v in written.values()):
        problems.append(Problem(_line(entry, "values", where), "sources: 'values' must map a field to "
                                                               "{their value: our value}"))
        written = {}
    for key, table in written.items():
        values.setdefault(str(key), {}).update({str(k): "" if v is None else str(v) for k, v in table.items()})
    skip = {k: frozenset(v) for k, v in preset.get("skip", {}).items()}
    for key, table in (entry.get("skip") or {}).items() if isinstance(entry.get("skip"), dict) else ():
        skip[str(key)] = frozenset(str(v) for v in (table if isinstance(table, list) else [table]))
    if len(paths) != len(files) or columns is None:
        return None
    return Source(name, tuple(paths), columns, values, skip, where)


def _read_columns(preset: Mapping[str, Any], written: Any, where: Location,
                  problems: list[Problem]) -> tuple[Column, ...] | None:
    if written is not None and not isinstance(written, dict):
        problems.append(Problem(where, "sources: 'columns' must map our field names to the export's column names"))
        return None
    merged: dict[str, tuple[Any, Location]] = {k: (v, where) for k, v in preset.items()}
    for key, value in (written or {}).items():
        merged[str(key)] = (value, _line(written, key, where))
    columns = []
    for name, (value, at) in merged.items():
        if isinstance(value, str):
            columns.append(Column(name, value, at=at))
        elif isinstance(value, dict) and isinstance(value.get("column"), str):
            columns.append(Column(name, value["column"], bool(value.get("slug")), str(value.get("split") or ""), at))
        else:
            problems.append(Problem(at, f"sources: the column for '{name}' must be a column name, or "
                                        "{column: NAME, slug: true, split: ','}"))
            return None
    return tuple(columns)


def _columns_of(path: Path, records: list[RawRecord]) -> list[str]:
    """The columns a file has: a CSV's header row, or every key its YAML records use."""
    if path.suffix == ".csv":
        try:
            with open_csv(path) as handle:
                return [h.strip() for h in next(csv.reader(handle), [])]
        except (OSError, UnicodeDecodeError, csv.Error):
            return []
    names: list[str] = []
    for record in records:
        names += [k for k in record.fields if k not in names]
    return names


def slugify(text: str) -> str:
    """'Zoë Ng' → 'zoe-ng': a safe id from a display name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:128]


def read_mapped(site_dir: Path, source: Source) -> tuple[list[RawRecord], list[TallyRow], list[Problem]]:
    """Read a mapped collection's files; records come out with our field names, at the export's lines."""
    records: list[RawRecord] = []
    tallies: list[TallyRow] = []
    problems: list[Problem] = []
    for path in source.files:
        rel = path.relative_to(site_dir).as_posix()
        got, bad = read_csv(path, rel) if path.suffix == ".csv" else read_yaml_list(path, rel)
        problems += bad
        have = _columns_of(path, got)
        if bad and not have:
            continue
        missing = [c for c in source.columns if c.column not in have]
        for column in missing:
            problems.append(Problem(column.at, f"sources: the column '{column.column}' (for '{column.field}') is not "
                                               f"in {rel}; its columns are: {', '.join(have) or 'none'}"))
        if missing:
            continue
        for record in got:
            mapped = _map_record(record, source, problems)
            if mapped is None:
                continue
            count = mapped.fields.pop(TALLY_FIELD, None) if source.collection == "submissions" else None
            if count is not None:
                tally = _tally(mapped, count, problems)
                if tally is not None:
                    tallies.append(tally)
            records.append(mapped)
    return records, tallies, problems


def _map_record(record: RawRecord, source: Source, problems: list[Problem]) -> RawRecord | None:
    fields = dict(record.fields)
    for name, their_values in source.skip.items():
        column = next((c.column for c in source.columns if c.field == name), name)
        if str(fields.get(column, "")).strip() in their_values:
            return None
    lines, raw = dict(record.lines), dict(record.raw)
    renamed: dict[str, Any] = {}
    for column in source.columns:
        if column.column not in fields:
            continue
        value = fields.get(column.column)
        if column.split and isinstance(value, str):
            value = ";".join(part.strip() for part in value.split(column.split) if part.strip())
        if column.slug and isinstance(value, str):
            value = slugify(value) or value
        renamed[column.field] = value
        if column.column in lines:
            lines[column.field] = lines[column.column]
        raw.pop(column.field, None)
        if column.column in raw and not column.slug and not column.split:
            raw[column.field] = raw[column.column]
    taken = {c.column for c in source.columns}
    out = {k: v for k, v in fields.items() if k not in taken and k not in renamed}
    for name, value in renamed.items():
        table = source.values.get(name)
        if table and isinstance(value, str):
            key = value.strip()
            match = table.get(key)
            if match is None:  # 'Open' and 'open' are one status
                match = next((v for k, v in table.items() if k.casefold() == key.casefold()), None)
            if match is not None:
                value = match
                raw.pop(name, None)
        if value in ("", None):
            continue
        out[name] = value
    return RawRecord(out, record.loc, lines, raw, record.from_csv)


def _tally(record: RawRecord, count: Any, problems: list[Problem]) -> TallyRow | None:
    ident = str(record.fields.get("id", "")).strip()
    text = str(count).strip()
    if not text.isdigit():
        problems.append(Problem(record.line_of(TALLY_FIELD), f"the vote count '{text}' is not a whole number"))
        return None
    return TallyRow(ident, record.line_of(TALLY_FIELD), votes=int(text)) if ident else None
