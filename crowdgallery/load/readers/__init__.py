"""Readers: files on disk → raw records that remember their file and line.

A collection (``campaigns``, ``designers``, ``submissions``, ``votes``) may come
from any mix of ``NAME.yaml``/``NAME.yml`` (a YAML list), ``NAME.csv`` and a
folder ``NAME/`` of one-record files (``.yaml``, ``.yml``, or ``.md`` with YAML
front matter) and ``.csv`` files of many records (votes: ``.csv`` and YAML
lists).  Any other file in the folder is named in a warning, unless hidden, a
backup or a file manager's own (``Thumbs.db``, ``desktop.ini``).  Readers never raise for a user's mistake: they return the
records they could read and a list of problems.
"""
from __future__ import annotations

from pathlib import Path

from crowdgallery.load.paths import inside_files
from crowdgallery.load.readers.base import RawRecord
from crowdgallery.load.readers.csvfile import read_csv
from crowdgallery.load.readers.markdown import read_markdown
from crowdgallery.load.readers.yamlfile import read_yaml_list, read_yaml_record
from crowdgallery.problems import Location, Problem

__all__ = ["RawRecord", "read_collection", "collection_files", "is_ignored", "unread_files"]

RECORD_SUFFIXES = (".yaml", ".yml", ".md", ".csv")
VOTE_SUFFIXES = (".csv", ".yaml", ".yml")
OS_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"})  # written by file managers


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and swap files are never data."""
    return name.startswith((".", "_", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def _folder_files(directory: Path) -> list[Path]:
    """Every file under a collection folder that is neither hidden, a backup, nor a file manager's own."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.name.lower() not in OS_FILES
                  and not any(is_ignored(part) for part in p.relative_to(directory).parts))


def suffixes(name: str) -> tuple[str, ...]:
    return VOTE_SUFFIXES if name == "votes" else (".csv",) if name == "tallies" else RECORD_SUFFIXES


def collection_files(site_dir: Path, name: str, folder: bool = True) -> list[Path]:
    """Every file that holds records of collection ``name``, in a stable order."""
    found = [site_dir / f"{name}{suffix}" for suffix in (".yaml", ".yml", ".csv")]
    files = [f for f in found if f.is_file()]
    if folder:
        files.extend(p for p in _folder_files(site_dir / name) if p.suffix.lower() in suffixes(name))
    return inside_files(site_dir, files)  # a link out of the site folder is an error (build.boundary_problems)


def unread_files(site_dir: Path, name: str, used: frozenset[Path] = frozenset()) -> list[Problem]:
    """A warning for each file in the collection's folder that is not read (``used``: named by a record)."""
    kinds = ", ".join(suffixes(name))
    return [Problem(Location(p.relative_to(site_dir).as_posix()),
                    f"this file is not read: the {name} folder holds {kinds} files (and images named by a "
                    "record); convert it, or move it out of the folder", "warning")
            for p in _folder_files(site_dir / name)
            if p.suffix.lower() not in suffixes(name) and p not in used]


def read_collection(site_dir: Path, name: str, body_field: str,
                    skip: frozenset[Path] = frozenset()) -> tuple[list[RawRecord], list[Problem]]:
    """Read every record of a collection; ``body_field`` receives a Markdown file's body.

    ``skip``: files read elsewhere (a mapped export, see mapping.py).
    """
    records: list[RawRecord] = []
    problems: list[Problem] = []
    directory = site_dir / name
    for path in collection_files(site_dir, name):
        if path in skip:
            continue
        rel = path.relative_to(site_dir).as_posix()
        in_folder = directory in path.parents
        if path.suffix.lower() == ".csv":
            got, bad = read_csv(path, rel)
        elif path.suffix.lower() == ".md":
            got, bad = read_markdown(path, rel, body_field)
        elif in_folder:
            got, bad = read_yaml_record(path, rel)
        else:
            got, bad = read_yaml_list(path, rel)
        if in_folder and path.suffix.lower() != ".csv":  # one record per file: its name is the default id
            got = [r.with_default_id(path.stem) for r in got]
        records.extend(got)
        problems.extend(bad)
    return records, problems
