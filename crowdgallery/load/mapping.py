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
collection's other records.  Vote exports are mapped the same way, their
columns renamed as the vote reader reads them (readers/votes.py).
``preset: fider`` and ``preset: decidim`` (presets.py) fill in the mapping of
those tools' exports; anything written beside a preset wins.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from crowdgallery.load.fields import slugify
from crowdgallery.load.presets import COMMENTS_FIELD, PRESETS, TALLY_FIELD
from crowdgallery.load.readers.base import RawRecord
from crowdgallery.load.readers.csvfile import read_csv, read_csv_header
from crowdgallery.load.readers.yamlfile import read_yaml_list
from crowdgallery.model import Column, Source, TallyRow
from crowdgallery.problems import Location, Problem

__all__ = ["COMMENTS_FIELD", "PRESETS", "TALLY_FIELD", "read_sources", "read_mapped", "vote_header", "translate"]

COLLECTIONS = ("campaigns", "designers", "submissions", "jury", "votes")
KEYS = ("file", "preset", "columns", "values", "skip")
VOTE_FIELDS = ("submission", "voter", "value", "timestamp", "up", "down", "votes", "score_sum", "score_count")


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
            problems.append(Problem(where, f"sources: '{name}' cannot be mapped (mappable: {', '.join(COLLECTIONS)})"))
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
        elif path.suffix not in ((".csv",) if name == "votes" else (".csv", ".yaml", ".yml")):
            kinds = "a .csv file" if name == "votes" else "a .csv or .yaml file"
            problems.append(Problem(_line(entry, "file", where), f"sources: '{rel}' must be {kinds}"))
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
    if name == "votes" and columns is not None:
        columns = _vote_columns(columns, skip, _line(entry, "skip", where), problems)
    if len(paths) != len(files) or columns is None:
        return None
    return Source(name, tuple(paths), columns, values, skip, where)


def _vote_columns(columns: tuple[Column, ...], skip: Mapping, skip_at: Location,
                  problems: list[Problem]) -> tuple[Column, ...] | None:
    """A vote export's columns name vote fields, one column each; no row is left out unreported."""
    good = True
    for column in columns:
        if column.field not in VOTE_FIELDS:
            problems.append(Problem(column.at, f"sources: votes have no field '{column.field}' (their fields: "
                                               f"{', '.join(VOTE_FIELDS)})"))
            good = False
        elif column.slug or column.split or column.alternatives or column.default is not None:
            problems.append(Problem(column.at, f"sources: a vote column is one column name; '{column.field}' "
                                               "cannot use slug, split, default or a list"))
            good = False
    if skip:
        problems.append(Problem(skip_at, "sources: votes cannot 'skip' rows: every row is counted or reported"))
        good = False
    return columns if good else None


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
        spec = value if isinstance(value, dict) else {"column": value}
        names = spec.get("column")
        names = [names] if isinstance(names, str) else names
        default = spec.get("default")
        if not names or not isinstance(names, list) or not all(isinstance(n, str) and n for n in names) \
                or not isinstance(default, (str, type(None))):
            problems.append(Problem(at, f"sources: the column for '{name}' must be a column name, a list of them "
                                        "(the first one the export has), or {column: NAME, slug: true, split: ',', "
                                        "default: TEXT}"))
            return None
        columns.append(Column(name, names[0], bool(spec.get("slug")), str(spec.get("split") or ""), at,
                              tuple(names[1:]), default))
    return tuple(columns)


def _columns_of(path: Path, rel: str, records: list[RawRecord]) -> tuple[list[str], str]:
    """The columns a file has (a CSV's header row, or every key its YAML records use), and how it was read."""
    if path.suffix == ".csv":
        names, csv_text = read_csv_header(path, rel)
        return names, f" ({csv_text.described()})" if csv_text else ""
    names = []
    for record in records:
        names += [k for k in record.fields if k not in names]
    return names, ""


def resolve(column: Column, have: list[str], language: str) -> list[str]:
    """The export's columns that fill ``column``, in the order they are tried."""
    out: list[str] = []
    for name in column.names:
        if name.endswith("/*"):
            prefix = name[:-1]
            wanted = [f"{prefix}{language}", f"{prefix}machine_translations/{language}"]
            out += [n for n in wanted if n in have] + [n for n in have if n.startswith(prefix) and n not in wanted]
        elif name in have:
            out.append(name)
    return list(dict.fromkeys(out))


def missing_columns(source: Source, have: list[str], rel: str, how: str, language: str = "") -> list[Problem]:
    """A problem at its site.yaml line for every mapped column the file lacks (one with a default may be)."""
    return [Problem(c.at, f"sources: the column '{c.column}' (for '{c.field}') is not in {rel}; its columns are: "
                          f"{', '.join(have) or 'none'}{how}")
            for c in source.columns if c.default is None and not resolve(c, have, language)]


def vote_header(source: Source, header: list[str], rel: str, how: str) -> tuple[list[str], list[Problem]]:
    """A vote export's header with our field names; an unmapped column named like one of ours is left unread."""
    problems = missing_columns(source, header, rel, how)
    ours = {c.column: c.field for c in source.columns}
    taken = set(ours.values())
    return [ours.get(h) or (f"{h} (not mapped)" if h in taken else h) for h in header], problems


def translate(table: Mapping[str, str] | None, value: str) -> str:
    """Their value → ours by ``values:``, matched exactly, then ignoring case ('Open' and 'open' are one status)."""
    if not table:
        return value
    key = value.strip()
    match = table.get(key)
    if match is None:
        match = next((v for k, v in table.items() if k.casefold() == key.casefold()), None)
    return value if match is None else match


def read_mapped(site_dir: Path, source: Source, language: str = "") -> tuple[list[RawRecord], list[TallyRow],
                                                                             list[Problem]]:
    """Read a mapped collection's files; records come out with our field names, at the export's lines."""
    records: list[RawRecord] = []
    tallies: list[TallyRow] = []
    problems: list[Problem] = []
    for path in source.files:
        rel = path.relative_to(site_dir).as_posix()
        got, bad = read_csv(path, rel) if path.suffix == ".csv" else read_yaml_list(path, rel)
        problems += bad
        have, how = _columns_of(path, rel, got)
        if bad and not have:
            continue
        missing = missing_columns(source, have, rel, how, language)
        problems += missing
        if missing:
            continue
        resolved = {c.field: resolve(c, have, language) for c in source.columns}
        for record in got:
            mapped = _map_record(record, source, resolved)
            if mapped is None:
                continue
            count = mapped.fields.pop(TALLY_FIELD, None) if source.collection == "submissions" else None
            if count is not None:
                tally = _tally(mapped, count, problems)
                if tally is not None:
                    tallies.append(tally)
            records.append(mapped)
    return records, tallies, problems


def _map_record(record: RawRecord, source: Source, resolved: Mapping[str, list[str]]) -> RawRecord | None:
    fields = dict(record.fields)
    lines, raw = dict(record.lines), dict(record.raw)
    renamed: dict[str, Any] = {}
    for column in source.columns:
        present = next((n for n in resolved[column.field] if fields.get(n) not in (None, "")), None)
        if present is None:
            if column.default:
                renamed[column.field] = column.default
            continue
        value = fields[present]
        parts = [p.strip() for p in value.split(column.split)] if column.split and isinstance(value, str) \
            else [value]
        if column.slug:
            parts = [slugify(p, limit=128) or p if isinstance(p, str) else p for p in parts]
        value = ";".join(p for p in parts if p) if column.split else parts[0]
        renamed[column.field] = value
        if present in lines:
            lines[column.field] = lines[present]
        raw.pop(column.field, None)
        if present in raw and not column.slug and not column.split:
            raw[column.field] = raw[present]
    for name, their_values in source.skip.items():
        value = renamed[name] if name in renamed else fields.get(name, "")
        if str(value).strip() in their_values:
            return None
    taken = {n for names in resolved.values() for n in names}
    out = {k: v for k, v in fields.items() if k not in taken and k not in renamed}
    for name, value in renamed.items():
        if isinstance(value, str) and source.values.get(name):
            ours = translate(source.values[name], value)
            if ours is not value:
                value = ours
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
