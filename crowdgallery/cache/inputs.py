"""A build none of whose inputs changed since the last build of the same output folder: nothing to do.

Every file the build could read (the whole site folder but the output and the cache, the folders of
the theme chain, crowdgallery's own package with its themes and catalogs) is listed with its size,
its mtime and the SHA-256 of its bytes; with the options, the library versions and every file of the
output folder as that build left it (inode, size, mtime, ctime), that is the build's fingerprint.  When the
next build finds the same fingerprint, the output is already what a full build would write, and the
build stops there.  A file whose size or mtime differs is hashed again, so a touched file (a
checkout, a save without change) still counts as unchanged (the content-hash fallback).  The entry
is sealed like every other entry of the build cache (write/cachedir.py).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from crowdgallery import __version__
from crowdgallery.cache.store import Codec, file_digest, library_versions, read_entry, write_entry
from crowdgallery.problems import Location, Problem
from crowdgallery.write.cachedir import CacheDir

ENTRY = "inputs"
PACKAGE = Path(__file__).resolve().parents[1]
SKIPPED_NAMES = frozenset((".git", ".hg", ".svn", "__pycache__"))
ENVIRONMENT = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "TZ")  # could change what a library prints


@dataclass(frozen=True, slots=True)
class InputsEntry:
    key: str  # options, versions and folders: inputs_key()
    folders: tuple  # the folders listed (site, package, theme folders outside both)
    files: dict  # file path → (stat: inode, size, mtime and ctime; SHA-256 of its bytes or a link's target)
    output: dict  # output file (relative) → its stat (inode, size, mtime, ctime)
    pages: int
    files_count: int
    warnings: tuple  # the build's warnings about the data, said again by a build that stops here
    now: str  # the build's clock (ISO 8601)


CODEC = Codec((InputsEntry, Problem, Location))


def inputs_key(site_dir: Path, out: Path, options: Any) -> str:
    """What every output byte depends on besides the files: the options, the versions, the environment."""
    now = options.now.isoformat() if options.now else None
    parts = (__version__, library_versions(), str(Path(site_dir).resolve()), str(Path(out).resolve()),
             options.strict, options.drafts, now, options.base_url, options.file_urls,
             tuple((name, os.environ.get(name)) for name in ENVIRONMENT))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _walk(folder: Path, wanted: Callable[[os.DirEntry], bool] = lambda entry: True) -> Iterator[os.DirEntry]:
    """Every entry under ``folder`` that is not a real folder (files, links), skipping what ``wanted`` refuses."""
    stack = [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if not wanted(entry):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                yield entry


def _listing(folder: Path, skip: Iterable[Path], skip_prefix: str) -> dict[str, tuple[str, str | None]]:
    """Every file under ``folder``: path → (its stat, None), or a link's target in place of None.

    The stat is inode, size, mtime and ctime: a file written back to its old size with its old mtime set
    again (which ``touch -d`` or a copy tool can do) still has a new ctime, which no one can set back.
    """
    skipped = {str(p) for p in skip}
    found: dict[str, tuple[str, str | None]] = {}

    def wanted(entry: os.DirEntry) -> bool:
        return not (entry.name in SKIPPED_NAMES or entry.path in skipped or entry.name.startswith(skip_prefix))

    for entry in _walk(folder, wanted):
        try:
            if entry.is_symlink():  # a linked file or folder: listed where it is (or it leads out: an error)
                st = os.stat(entry.path) if os.path.exists(entry.path) else None
                found[entry.path] = (_stat(st), "->" + os.readlink(entry.path))
            else:
                found[entry.path] = (_stat(entry.stat()), None)
        except OSError:
            found[entry.path] = ("", None)
    return found


def _stat(st: os.stat_result | None) -> str:
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}" if st is not None else ""


def output_listing(out: Path) -> dict[str, str]:
    """Every file of the output folder: relative path → its stat (inode, size, mtime, ctime)."""
    root = str(out)
    return {os.path.relpath(entry.path, root).replace(os.sep, "/"): _stat(entry.stat(follow_symlinks=False))
            for entry in _walk(out)}


class InputsCache:
    """The fingerprint of the last build of this output folder, and this build's."""

    def __init__(self, cache: CacheDir, site_dir: Path, out: Path, options: Any, skip: Iterable[Path],
                 theme_folders: Iterable[Path] = ()):
        self.cache = cache
        self.site_dir = Path(site_dir).resolve()
        self.out = Path(out).resolve()
        self.key = inputs_key(site_dir, out, options)
        self.skip = [self.out, *(Path(p).resolve() for p in skip)]
        stored = read_entry(cache, ENTRY, CODEC)
        self.stored: InputsEntry | None = stored if isinstance(stored, InputsEntry) and stored.key == self.key \
            else None
        self.folders = self._wanted(theme_folders)
        self.files = self._files(self.folders)

    def _wanted(self, theme_folders: Iterable[Path]) -> tuple[str, ...]:
        """The site, the package and each theme folder outside both."""
        return tuple(dict.fromkeys([str(self.site_dir), str(PACKAGE)] + [
            str(Path(f).resolve()) for f in theme_folders
            if not _inside(Path(f).resolve(), self.site_dir) and not _inside(Path(f).resolve(), PACKAGE)]))

    def _files(self, folders: Iterable[str]) -> dict[str, tuple]:
        """Every input file with its digest: the stored one while size and mtime are unchanged."""
        known = self.stored.files if self.stored is not None else {}
        files = {}
        for folder in folders:
            for path, (stat, link) in _listing(Path(folder), self.skip, f".{self.out.name}.").items():
                old = known.get(path)
                if link is not None:
                    files[path] = (stat, link)
                elif old is not None and old[0] == stat and stat:
                    files[path] = old
                else:
                    try:
                        files[path] = (stat, file_digest(Path(path)))
                    except OSError:
                        files[path] = (stat, "")
        return files

    def unchanged(self) -> InputsEntry | None:
        """The stored entry when every input and every output file is as the last build left them."""
        stored = self.stored
        if stored is None or (self.out / ".crowdgallery").is_symlink():
            return None
        if stored.folders != self.folders or \
                {p: f[1] for p, f in self.files.items()} != {p: f[1] for p, f in stored.files.items()}:
            return None
        if output_listing(self.out) != stored.output:
            return None
        if self.files != stored.files:  # touched but unchanged: remember the new dates
            self._write(stored.folders, stored.output, stored.pages, stored.files_count, stored.warnings, stored.now)
        return stored

    def save(self, folders: Iterable[Path], pages: int, files: int, warnings: Iterable[Problem], now: str) -> None:
        """Keep this build's fingerprint (called once it succeeded and its output is in place)."""
        wanted = self._wanted(folders)
        # A theme folder not listed before the build is stored without its files: the next build finds them
        # new (so it builds), and stores them as that build read them.
        self._write(wanted, output_listing(self.out), pages, files, tuple(warnings), now)

    def _write(self, folders: tuple, output: Mapping, pages: int, files: int, warnings: tuple, now: str) -> None:
        write_entry(self.cache, ENTRY, InputsEntry(self.key, folders, self.files, dict(output), pages, files,
                                                   warnings, now), CODEC)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
