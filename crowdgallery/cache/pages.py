"""Pages rendered again only when something they read changed."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import jinja2

from crowdgallery.cache.memory import Memory
from crowdgallery.cache.store import (
    cache_folder,
    file_digest,
    library_versions,
    read_entry,
    snapshot_digest,
    write_entry,
)
from crowdgallery.cache.tracing import (
    SHARED_OBJECTS,
    Recorder,
    Snapshots,
    Untraceable,
    gallery_objects,
    replay,
)
from crowdgallery.write.cachedir import CacheDir

ENTRY = "pages"


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What one page read when it was last rendered, and which output file that made."""

    template: str
    names: tuple[str, ...]  # the top-level names it resolved
    indices: array  # its reads, as indices into PagesEntry.reads
    variables: str  # digest of the snapshot of the top-level variables it resolved
    stat: tuple[int, int, int]  # (inode, size, mtime in ns) of the output file it made


@dataclass(frozen=True, slots=True)
class PagesEntry:
    """The page cache of one output folder."""

    out: str  # the output folder (resolved)
    templates: str  # templates_key(): templates, theme options, crowdgallery and library versions
    pages: dict[str, PageRecord]  # output path → record
    reads: list[tuple]  # every read any page made, each (object key, kind, name)
    snaps: list[str | None]  # digest of each read's snapshot (None: it cannot be snapshotted)


@dataclass(slots=True)
class Pending:
    """A page of this build, kept or rendered, on its way into the next PagesEntry."""

    template: str
    names: tuple[str, ...]
    indices: array  # its reads, as indices into the stored reads (a kept page) or into the new ones
    variables: str
    stat: tuple[int, int, int] | None


def _tuples(value: Any) -> Any:
    """A read as JSON gave it back: its lists were tuples."""
    return tuple(map(_tuples, value)) if type(value) is list else value


def _read_of(value: list) -> tuple:
    """A read as JSON gave it back: (object key, kind, name), the key flat, a call's name nested."""
    key, kind, name = value
    return tuple(key), kind, (_tuples(name) if type(name) is list else name)


def _strict(value: Any) -> Any:
    raise TypeError("not JSON")  # json.dumps(default=...): a read holding something else is not traced


def encode_entry(entry: PagesEntry) -> dict:
    pages = {rel: [r.template, list(r.names), base64.b64encode(r.indices.tobytes()).decode("ascii"), r.variables,
                   list(r.stat)] for rel, r in entry.pages.items()}
    return {"out": entry.out, "templates": entry.templates, "byteorder": sys.byteorder, "pages": pages,
            "reads": entry.reads, "snaps": entry.snaps}


def decode_entry(value: dict) -> PagesEntry | None:
    if value.get("byteorder") != sys.byteorder:
        return None
    pages = {}
    for rel, (template, names, indices, variables, stat) in value["pages"].items():
        found = array("I")
        found.frombytes(base64.b64decode(indices))
        pages[rel] = PageRecord(template, tuple(names), found, variables, tuple(stat))
    return PagesEntry(value["out"], value["templates"], pages, [_tuples(r) for r in value["reads"]], value["snaps"])


class PageCache:
    """Which pages can be kept from the previous output, and what this build's pages read."""

    def __init__(self, cache: CacheDir | None, out: Path, templates_key: str, memory: Memory | None = None):
        self.enabled = cache is not None
        self.memory = memory if self.enabled else None
        self.cache = cache
        self.traces = cache_folder(cache) / "traces" if cache is not None else None  # one folder per build
        self.trace_dir = self.traces
        self.out = str(Path(out).resolve())
        self.templates_key = templates_key
        stored = None
        if self.memory is not None and self.memory.pages is not None:
            stored = self.memory.pages
        elif cache is not None:
            value = read_entry(cache, ENTRY)
            try:
                stored = decode_entry(value) if isinstance(value, dict) else None
            except (KeyError, TypeError, ValueError):
                stored = None
        if stored is not None and (stored.out != self.out or stored.templates != templates_key):
            stored = None
        if self.memory is not None and stored is not None:
            self.memory.pages = stored  # read from the cache folder once, then kept
        self.stored = stored
        self.records: dict[str, Pending] = {}  # page path → what it read
        self.kept: set[str] = set()
        self.changed: set[int] = set()  # indices of the stored reads whose value changed
        self.current: list = []  # this build's snapshot digest of each stored read
        self.by_path: dict[str, Any] = {}  # this build's pages by output path (from start)

    def start(self, env: jinja2.Environment, gallery, pages, config, shared: Mapping[str, Any]) -> None:
        if not self.enabled:
            return
        self.env = env
        self.by_path = {page.path: page for page in pages}
        self.objects = gallery_objects(gallery, pages, config)
        for name in SHARED_OBJECTS:  # build-wide values the templates call or index, named like gallery objects
            if name in shared:
                self.objects[("@", "fn", name)] = shared[name]
        self.keys = {id(obj): key for key, obj in self.objects.items()}
        self.snapshots = Snapshots(self.keys)
        self.shared = shared
        self._shared_snaps: dict[str, Any] = {}
        try:
            self.traces.mkdir(parents=True, exist_ok=True)
            self.trace_dir = Path(tempfile.mkdtemp(prefix="build-", dir=self.traces))
        except OSError:  # a cache folder we cannot write: build without the page cache
            self.enabled = False
            return
        env.recorder = Recorder(self.keys)

    def _snap_read(self, read: tuple) -> str | None:
        """The digest of this build's snapshot of one recorded read (None: it cannot be snapshotted)."""
        try:
            return snapshot_digest(self.snapshots.snap(replay(self.env, self.objects, read)))
        except Exception:  # noqa: BLE001 - untraceable, or a read that fails now (it fails rendering, too)
            return None  # equal to nothing: every page that read it is rendered

    def _variables(self, page, names: Iterable[str]) -> str:
        out = []
        for name in sorted(names):
            if name in page.context:
                value = page.context[name]
            elif name == "page":
                value = page
            elif name == "root":
                value = page.root
            elif name in self.shared:
                if name not in self._shared_snaps:
                    self._shared_snaps[name] = self.snapshots.snap(self.shared[name])
                out.append((name, self._shared_snaps[name]))
                continue
            else:
                continue  # a template's own name (a macro, a loop variable) or a global: part of the templates
            out.append((name, self.snapshots.snap(value)))
        return snapshot_digest(tuple(out))

    def reusable(self, pages) -> list[tuple[Any, PageRecord]]:
        """The pages whose previous output can be kept; the rest must be rendered.

        Every read any page made last time is replayed once on this build's gallery; a page is kept when
        none of its reads changed, nor the top-level variables it resolved, nor its template.
        """
        if not self.enabled or self.stored is None:
            return []
        self.current = [self._snap_read(read) for read in self.stored.reads]
        self.changed = {i for i, (new, old) in enumerate(zip(self.current, self.stored.snaps))
                        if new is None or new != old}
        keep = []
        for page in pages:
            record = self.stored.pages.get(page.path)
            if record is None or page.template is None:
                continue
            if record.template != page.template or not self.changed.isdisjoint(record.indices):
                continue
            try:
                if self._variables(page, record.names) != record.variables:
                    continue
            except Untraceable:
                continue
            keep.append((page, record))
        return keep

    def keep(self, page, record: PageRecord) -> None:
        self.records[page.path] = Pending(record.template, record.names, record.indices, record.variables,
                                          record.stat)  # reads as stored indices
        self.kept.add(page.path)

    def sink(self, write: Callable[[str, bytes], None]) -> Callable[[str, bytes], None]:
        """Wrap the staging writer: after each page, note what it read, in a file per worker process.

        A page is a JSON line ``[path, names, variables digest, [numbers of its reads], [new reads]]``.  Each
        worker numbers the reads its pages make from 0 and writes a read once, with the page that made it
        first, as ``[read, digest of its snapshot]``: the digest is worked out there, on the cores that
        render, from the same objects the parent has (forked after ``start``).  So a read that a thousand
        pages make is written, read back and snapshotted once per worker, not once per page.
        """
        if not self.enabled:
            return write
        workers: dict[int, tuple[Any, dict[tuple, int]]] = {}

        def record_and_write(rel: str, data: bytes) -> None:
            write(rel, data)
            names, reads = self.env.recorder.take()
            pid = os.getpid()
            if pid not in workers:
                workers[pid] = (open(self.trace_dir / f"{pid}.jsonl", "a", encoding="utf-8"), {})
            handle, numbers = workers[pid]
            page = self.by_path.get(rel)
            line = None  # none for a data file, or for a page that is always rendered
            if page is not None and page.template is not None:
                found, new = [], []
                for read in reads:
                    number = numbers.get(read)
                    if number is None:
                        number = numbers[read] = len(numbers)
                        new.append((read, self._snap_read(read)))
                    found.append(number)
                try:
                    line = json.dumps([rel, sorted(names), self._variables(page, names), sorted(found), new],
                                      ensure_ascii=False, default=_strict)
                except (TypeError, ValueError, Untraceable):  # a read the trace cannot hold
                    for read, _ in new:  # the last numbers given: taken back, so they stay consecutive
                        del numbers[read]
            if line is not None:
                handle.write(line + "\n")
                handle.flush()  # a forked worker ends without flushing its files

        return record_and_write

    def finish(self, pages, stats_of: Callable[[str], tuple | None]) -> None:
        """Save what every page read (traces from every worker) with the snapshots of this build."""
        if not self.enabled:
            return
        self.env.recorder = None
        stored = self.stored
        rendered = sum(1 for p in pages if p.template is not None and p.path not in self.kept)
        if not rendered and stored is not None and not self.changed and len(stored.pages) == len(self.kept):
            return  # nothing rendered, nothing read changed: the stored cache still describes the output
        old_reads = stored.reads if stored is not None else []
        current = self.current  # this build's digest of each stored read (reusable() took them)
        if stored is not None and rendered * 10 <= rendered + len(self.kept):
            # A few pages rendered: keep the stored reads (kept pages point into them) and add the new ones.
            reads_list, snaps = list(old_reads), list(current)
            index = {read: i for i, read in enumerate(reads_list)}
        else:  # start afresh, dropping reads no page makes any more
            reads_list, snaps, index = [], [], {}
            for pending in self.records.values():  # the kept pages, so far
                found = []
                for i in pending.indices:
                    read = old_reads[i]
                    j = index.get(read)
                    if j is None:
                        j = index[read] = len(reads_list)
                        reads_list.append(read)
                        snaps.append(current[i])
                    found.append(j)
                pending.indices = array("I", sorted(found))
        self._read_traces(reads_list, snaps, index)
        unknown = {i for i, snap in enumerate(snaps) if snap is None}
        records = {}
        for rel, pending in self.records.items():
            stat = pending.stat or stats_of(rel)
            if stat is not None and unknown.isdisjoint(pending.indices):
                records[rel] = PageRecord(pending.template, pending.names, pending.indices, pending.variables,
                                          tuple(stat))
        entry = PagesEntry(self.out, self.templates_key, records, reads_list, snaps)
        if self.memory is not None:
            self.memory.keep("pages", entry, lambda cache: write_entry(cache, ENTRY, encode_entry(entry)))
        else:
            write_entry(self.cache, ENTRY, encode_entry(entry))

    def _read_traces(self, reads: list[tuple], snaps: list[str | None], index: dict[tuple, int]) -> None:
        """Take in what every worker's pages read: each new read joins ``reads`` (with its digest in ``snaps``)
        and each traced page becomes a record pointing into them."""
        for trace in sorted(self.trace_dir.glob("*.jsonl")):
            numbers: list[int] = []  # this worker's read numbers → indices into reads
            with open(trace, encoding="utf-8") as handle:
                for line in handle:
                    rel, names, variables, found, new = json.loads(line)
                    for value, snap in new:
                        read = _read_of(value)
                        i = index.get(read)
                        if i is None:
                            i = index[read] = len(reads)
                            reads.append(read)
                            snaps.append(snap)
                        numbers.append(i)
                    page = self.by_path.get(rel)
                    if names is not None and page is not None and page.template is not None:
                        self.records[rel] = Pending(page.template, tuple(names),
                                                    array("I", sorted(numbers[n] for n in found)), variables, None)
            trace.unlink()

    def abandon(self) -> None:
        """Forget this build's recording (it ended, or failed); its trace folder goes."""
        if getattr(self, "env", None) is not None:
            self.env.recorder = None
        if self.trace_dir != self.traces:
            shutil.rmtree(self.trace_dir, ignore_errors=True)


def templates_key(paths: Iterable[Path], extra: Any) -> str:
    """A digest of every template and theme file and of anything else every page depends on."""
    digest = hashlib.sha256(repr(extra).encode("utf-8"))
    for path in sorted(set(paths)):
        digest.update(str(path).encode("utf-8"))
        digest.update(file_digest(path).encode("ascii"))
    return digest.hexdigest()


def page_inputs_key(site_dir: Path, theme, theme_options: Mapping[str, Any] | None, urls: str,
                    translations: Sequence[Path] = (), language: Any = None) -> str:
    """What every page depends on besides what it reads: templates, theme options, link style, crowdgallery itself,
    the catalogs in the ``translations`` folders and the language settings (code and site.yaml ``strings``)."""
    package = Path(__file__).resolve().parents[1]  # its code and its own catalogs (the words its Python writes)
    code = sorted([*package.rglob("*.py"), *package.glob("translations/*/LC_MESSAGES/*.po")])
    site_templates = sorted(p for p in (site_dir / "templates").rglob("*") if p.is_file()) \
        if (site_dir / "templates").is_dir() else []
    catalogs = sorted(p for folder in translations if folder.is_dir() for p in folder.rglob("*.po"))
    return templates_key(theme.template_files() + site_templates + code + catalogs,
                         (theme.name, [t.name for t in theme.chain], language,
                          sorted((k, repr(v)) for k, v in (theme_options or {}).items()),
                          urls, library_versions()))  # file-URL links are added after the template
