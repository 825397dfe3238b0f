"""Incremental builds: skip the work whose inputs did not change, and prove it.

Three layers, each safe on its own:

1. **Output files** (``write.Staging``): a file whose bytes equal the previous
   output's is linked, not rewritten; its mtime stays.  Every feature that
   writes through Staging gets this.
2. **Votes and tallies** (``VoteCache``): reading and tallying a million votes
   is the slowest stage.  Its result is cached under
   ``SITE/.crowdgallery-cache/build/`` keyed by the SHA-256 of every vote file's
   bytes and by everything else the tally reads (each submission's campaign and
   ``duplicate_of``, each campaign's voting and scale, drafts left out, tally
   rows from mapped exports).  Same key, same result: the tally is a pure
   function of exactly these.
3. **Pages** (``PageCache``): a page is rendered again only if something it
   *read* changed.  While a page renders, the Jinja environment records every
   top-level variable it resolves and every attribute or item it reads from a
   gallery object (an entry, a campaign, a designer, a tag, a record, the site
   settings, a page).  A value is snapshotted in full, except that gallery
   objects inside it are kept as references (``("E", "retro-sunset")``), whose
   own attributes are recorded when read.  On the next build each recorded read
   is replayed on the new gallery; a page is reused when every read gives the
   same snapshot, its template files and the theme options are unchanged
   and its previous output file is untouched (same inode, size and mtime).
   Reads the recorder cannot follow (a method of a gallery object, an object
   too deep to snapshot) mark the page as always rendered.

``--no-cache`` skips layers 2 and 3 (reading and writing the cache); layer 1 is
a comparison of output bytes and always on.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
from array import array
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import jinja2
from jinja2.runtime import Context, Macro, Undefined

from crowdgallery import __version__
from crowdgallery.load.config import CACHE_FOLDER
from crowdgallery.model import Campaign, Designer, Site, Submission

BUILD_CACHE = "build"
FORMAT = 1  # bump when what is stored changes


def cache_folder(site_dir: Path) -> Path:
    return Path(site_dir) / CACHE_FOLDER / BUILD_CACHE


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != (FORMAT, __version__):
        return None
    return stored


def _save(path: Path, data: dict) -> None:
    """Write a cache file whole or not at all (a crash never leaves half a file to be trusted).

    The cache only saves time: a site folder that cannot be written (read-only, full) goes without.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({**data, "format": (FORMAT, __version__)}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --- votes and tallies -------------------------------------------------------------

class VoteCache:
    """Reading and tallying votes, skipped when the vote files and what the tally reads are unchanged."""

    def __init__(self, site_dir: Path, enabled: bool):
        self.site_dir = Path(site_dir)
        self.enabled = enabled
        self.path = cache_folder(site_dir) / "votes.pickle"
        self.stored = _load(self.path) if enabled else None
        self.files_key: tuple | None = None
        self.read_result = None  # (table, tally rows, problems) when the votes were read in this build
        self.hit_files = False
        self.pending: dict | None = None  # what save() stores

    def read_votes(self, read: Callable, site_dir: Path, files: list[Path]):
        """Stands in for sources.votes.read_votes: on a cache hit, returns no rows (the tally is cached too)."""
        if not self.enabled:
            return read(site_dir, files)
        self.files_key = tuple((f.relative_to(site_dir).as_posix(), file_digest(f)) for f in files)
        if self.stored is not None and self.stored["files"] == self.files_key:
            self.hit_files = True
            table, _rows, _problems = read(site_dir, [])  # an empty table of the right type
            return table, list(self.stored["tally_rows"]), list(self.stored["read_problems"])
        self.read_result = read(site_dir, files)
        table, rows, problems = self.read_result
        return table, rows, problems

    @staticmethod
    def tally_key(site: Site) -> tuple:
        """Everything tally_votes reads besides the vote rows."""
        return (
            tuple((c.id, c.voting, c.scale) for c in site.campaigns),
            tuple((s.id, s.campaign, s.duplicate_of) for s in site.submissions),
            tuple(sorted(site.hidden)),
            tuple(site.tally_rows),
        )

    def tally(self, site: Site, tally: Callable, reread: Callable) -> tuple[dict, dict, list, float | None]:
        """(tallies, stats, problems, newest vote timestamp), from the cache when its key matches."""
        if not self.enabled:
            stats: dict = {}
            tallies, problems = tally(site, stats)
            return tallies, stats, problems, _newest(site.votes.timestamp)
        key = self.tally_key(site)
        if self.hit_files and self.stored["tally_key"] == key:
            return self.stored["tallies"], self.stored["stats"], list(self.stored["tally_problems"]), \
                self.stored["newest"]
        if self.hit_files:  # same votes, but the tally's other inputs changed: read the rows again
            table, _rows, _problems = reread(self.site_dir)
            site = dataclasses.replace(site, votes=table)
        stats = {}
        tallies, problems = tally(site, stats)
        newest = _newest(site.votes.timestamp)
        read_rows, read_problems = (self.read_result[1], self.read_result[2]) if self.read_result else \
            (self.stored["tally_rows"], self.stored["read_problems"])
        self.pending = {"files": self.files_key, "tally_rows": tuple(read_rows), "read_problems": tuple(read_problems),
                        "tally_key": key, "tallies": tallies, "stats": stats, "tally_problems": tuple(problems),
                        "newest": newest}
        return tallies, stats, problems, newest

    def save(self) -> None:
        """Store this build's votes and tally; called once the build has succeeded."""
        if self.pending is not None:
            _save(self.path, self.pending)
            self.pending = None


class MarkdownCache:
    """Crowd Markdown converted in earlier builds, so an unchanged text is not converted again.

    Keyed by the text itself, and valid only for the same crowdgallery, Python-Markdown and nh3
    versions and the same markup.py (its allow-lists decide the output).  Holds what the main process
    converted (every description, for the search index and the pages); what only the render workers
    convert is converted again next time.
    """

    def __init__(self, site_dir: Path, enabled: bool):
        self.enabled = enabled
        self.path = cache_folder(site_dir) / "markdown.pickle"
        self.key = self._key()
        stored = _load(self.path) if enabled else None
        self.known: dict[str, str] = stored["converted"] if stored and stored.get("key") == self.key else {}

    @staticmethod
    def _key() -> tuple:
        import markdown as markdown_lib
        import nh3
        from crowdgallery import markup
        return (markdown_lib.__version__, getattr(nh3, "__version__", ""), file_digest(Path(markup.__file__)))

    def preload(self, converted: dict[str, str]) -> None:
        if self.enabled:
            converted.update(self.known)

    def save(self, converted: Mapping[str, str], texts: Iterable[str]) -> None:
        """Keep the conversions of this build's texts (dropping texts no longer in the site), if any changed."""
        if not self.enabled:
            return
        keep = {t: converted[t] for t in texts if t in converted}
        if keep != self.known:
            _save(self.path, {"key": self.key, "converted": keep})


def _newest(stamps: Iterable[float | None]) -> float | None:
    return max((t for t in stamps if t is not None), default=None)


# --- snapshots of what a page reads ------------------------------------------------

class Untraceable(Exception):
    """A read the recorder cannot replay: the page is always rendered."""


class Unknown:
    """The snapshot of a read that cannot be snapshotted (or failed): equal to nothing, never stored."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


_SCALARS = (str, int, float, bool, type(None), bytes)
_EXACT_SCALARS = frozenset((int, float, bool, type(None), bytes))
_MAX_DEPTH = 40


def gallery_objects(gallery, pages, config) -> dict[tuple, Any]:
    """Every object a read can start from, by a key that names the same object in the next build."""
    objects: dict[tuple, Any] = {("@", "site"): config}
    for c in gallery.campaigns:
        objects[("@", "C", c.id)], objects[("@", "c", c.id)] = c, c.campaign
    for e in gallery.entries:
        objects[("@", "E", e.id)], objects[("@", "s", e.id)] = e, e.submission
    for d in gallery.designers:
        objects[("@", "D", d.id)], objects[("@", "d", d.id)] = d, d.designer
    for t in gallery.tags:
        objects[("@", "T", t.slug)] = t
    for p in pages:
        objects[("@", "P", p.path)] = p
    return objects


_RECORD_TYPES = (Campaign, Designer, Submission)

SHARED_OBJECTS = ("share_meta", "entry_line", "images")


class Snapshots:
    """Turns values into comparable, picklable snapshots; gallery objects become references."""

    def __init__(self, keys: dict[int, tuple]):
        self.keys = keys
        self._fields: dict[type, tuple[str, ...]] = {}

    def snap(self, value: Any, depth: int = 0) -> Any:
        kind = type(value)
        if kind is str:
            return value
        if kind in _EXACT_SCALARS:
            return (kind.__name__, value)
        key = self.keys.get(id(value))
        if key is not None:
            return key  # ("@", kind, id): a reference to a gallery object
        if kind is list or kind is tuple:
            keys = self.keys
            refs = tuple(keys.get(id(v)) for v in value)  # the common case: a list of gallery objects
            if None not in refs:
                return (kind.__name__, refs)
            return (kind.__name__, tuple(self.snap(v, depth + 1) for v in value))
        if isinstance(value, str):
            return ("M", str(value))  # Markup and other kinds of str
        if isinstance(value, _SCALARS):
            return (kind.__name__, value)
        if depth > _MAX_DEPTH:
            raise Untraceable("too deep")
        if isinstance(value, (datetime, date)):
            return ("dt", value.isoformat(), kind.__name__)
        if isinstance(value, (list, tuple)):
            return (kind.__name__, tuple(self.snap(v, depth + 1) for v in value))
        if isinstance(value, Mapping):
            return ("{", tuple((self.snap(k, depth + 1), self.snap(v, depth + 1)) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return ("set", frozenset(self.snap(v, depth + 1) for v in value))
        if isinstance(value, Undefined):
            return ("undefined",)
        if isinstance(value, (Macro, jinja2.environment.TemplateModule)):
            return ("template",)  # made from the templates, whose files are part of every page's key
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if isinstance(value, _RECORD_TYPES):
                raise Untraceable("a record outside the gallery")
            names = self._fields.get(type(value))
            if names is None:
                names = self._fields[type(value)] = tuple(f.name for f in dataclasses.fields(value))
            return ("dc", type(value).__qualname__, tuple(self.snap(getattr(value, n), depth + 1) for n in names))
        self_ = getattr(value, "__self__", None)
        if callable(value) and self_ is not None and not isinstance(self_, type):
            if self.keys.get(id(self_)) is not None or dataclasses.is_dataclass(self_):
                raise Untraceable("a method of a gallery object")
            return ("method", getattr(value, "__name__", ""), self.snap(self_, depth + 1))
        if isinstance(value, range):
            return ("range", value.start, value.stop, value.step)
        raise Untraceable(f"a {type(value).__name__}")


# --- recording while rendering ----------------------------------------------------

class Recorder:
    """What the page being rendered has read: top-level names, and (object key, attribute) pairs."""

    def __init__(self, keys: dict[int, tuple]):
        self.keys = keys
        self.names: set[str] = set()
        self.reads: set[tuple] = set()

    def take(self) -> tuple[frozenset, frozenset]:
        taken = (frozenset(self.names), frozenset(self.reads))
        self.names, self.reads = set(), set()
        return taken


_RECORDER: Recorder | None = None  # set in the parent before rendering; forked workers inherit it


class TracingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        if _RECORDER is not None:
            _RECORDER.names.add(key)
        return super().resolve_or_missing(key)

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:  # every call a template makes
        recorder = _RECORDER
        if recorder is not None:
            key = recorder.keys.get(id(obj))
            if key is not None and key[1] == "fn":
                recorder.reads.add(_call_read(recorder.keys, key, args, kwargs))
        return super().call(obj, *args, **kwargs)


def _call_read(keys: Mapping[int, tuple], key: tuple, args: tuple, kwargs: Mapping) -> tuple:
    """A call of a shared function (see SHARED_OBJECTS) as a read: its arguments as references or values.

    Replayed by calling the next build's function with the next build's objects, so whatever the
    function reads in Python, its result is compared, not assumed.
    """
    refs = []
    for arg in args:
        ref = keys.get(id(arg))
        if ref is None and type(arg) in (str, int, float, bool, type(None)):
            ref = ("=", arg)
        if ref is None or kwargs:
            return key, "x", None  # an argument the replay cannot find again: the page is always rendered
        refs.append(ref)
    return key, "c", tuple(refs)


class TracingEnvironment(jinja2.Environment):
    """A Jinja environment that tells the recorder what each page reads."""

    context_class = TracingContext

    @staticmethod
    def _note(obj: Any, kind: str, name: Any) -> None:
        recorder = _RECORDER
        if recorder is not None:
            key = recorder.keys.get(id(obj))
            if key is not None:
                recorder.reads.add((key, kind, name))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._note(obj, "a", attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._note(obj, "i", argument)
        return super().getitem(obj, argument)


def replay(env: jinja2.Environment, objects: Mapping[tuple, Any], read: tuple) -> Any:
    key, kind, name = read
    obj = objects.get(key)
    if obj is None:
        raise Untraceable("the object is gone")
    if kind == "c":
        return obj(*(ref[1] if ref[0] == "=" else objects[ref] for ref in name))
    if kind == "x":
        raise Untraceable("a call with arguments the recorder cannot name")
    return jinja2.Environment.getattr(env, obj, name) if kind == "a" else jinja2.Environment.getitem(env, obj, name)


# --- the page cache ------------------------------------------------------------------

class PageCache:
    """Which pages can be kept from the previous output, and what this build's pages read."""

    def __init__(self, site_dir: Path, out: Path, enabled: bool, templates_key: str):
        self.enabled = enabled
        self.path = cache_folder(site_dir) / "pages.pickle"
        self.traces = cache_folder(site_dir) / "traces"  # one folder per build, so two builds never mix
        self.trace_dir = self.traces
        self.out = str(Path(out).resolve())
        self.templates_key = templates_key
        stored = _load(self.path) if enabled else None
        if stored is not None and (stored["out"] != self.out or stored["templates"] != templates_key):
            stored = None
        self.stored = stored
        self.records: dict[str, tuple] = {}  # page path → (template, names, reads, variables snapshot)
        self.kept: set[str] = set()
        self.changed: set[int] = set()  # indices of the stored reads whose value changed
        self.current: list = []  # this build's snapshot of each stored read

    def start(self, env: jinja2.Environment, gallery, pages, config, shared: Mapping[str, Any]) -> None:
        global _RECORDER
        if not self.enabled:
            return
        self.env = env
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
        except OSError:  # a site folder we cannot write: build without the page cache
            self.enabled = False
            return
        _RECORDER = Recorder(self.keys)

    def _snap_read(self, read: tuple) -> Any:
        """This build's snapshot of one recorded read."""
        try:
            return self.snapshots.snap(replay(self.env, self.objects, read))
        except Exception:  # noqa: BLE001 - untraceable, or a read that fails now (it fails rendering, too)
            return Unknown()  # equal to nothing: every page that read it is rendered

    def _variables(self, page, names: Iterable[str]) -> tuple:
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
        return tuple(out)

    def reusable(self, pages) -> list:
        """The pages whose previous output can be kept; the rest must be rendered.

        Every read any page made last time is replayed once on this build's gallery; a page is kept when
        none of its reads changed, nor the top-level variables it resolved, nor its template.
        """
        if not self.enabled or self.stored is None:
            return []
        reads, old_snaps = self.stored["reads"], self.stored["snaps"]
        self.current = [self._snap_read(read) for read in reads]
        self.changed = {i for i, (new, old) in enumerate(zip(self.current, old_snaps)) if new != old}
        keep = []
        for page in pages:
            record = self.stored["pages"].get(page.path)
            if record is None or page.template is None:
                continue
            template, names, indices, variables, _stat = record
            if template != page.template or not self.changed.isdisjoint(indices):
                continue
            try:
                if self._variables(page, names) != variables:
                    continue
            except Untraceable:
                continue
            keep.append((page, record))
        return keep

    def keep(self, page, record) -> None:
        template, names, indices, variables, stat = record
        self.records[page.path] = (template, names, None, indices, variables, stat)  # reads as stored indices
        self.kept.add(page.path)

    def sink(self, write: Callable[[str, bytes], None]) -> Callable[[str, bytes], None]:
        """Wrap the staging writer: after each page, note what it read (in a file per worker process)."""
        if not self.enabled:
            return write
        handles: dict[int, Any] = {}

        def record_and_write(rel: str, data: bytes) -> None:
            write(rel, data)
            names, reads = _RECORDER.take()
            pid = os.getpid()
            handle = handles.get(pid)
            if handle is None:
                handle = handles[pid] = open(self.trace_dir / f"{pid}.pickle", "ab")
            pickle.dump((rel, names, reads), handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()

        return record_and_write

    def finish(self, pages, stats_of: Callable[[str], tuple | None]) -> None:
        """Save what every page read (traces from every worker) with the snapshots of this build."""
        global _RECORDER
        if not self.enabled:
            return
        _RECORDER = None
        by_path = {p.path: p for p in pages}
        rendered = 0
        for trace in sorted(self.trace_dir.glob("*.pickle")):
            with open(trace, "rb") as handle:
                while True:
                    try:
                        rel, names, reads = pickle.load(handle)
                    except EOFError:
                        break
                    page = by_path.get(rel)
                    if page is None or page.template is None:
                        continue
                    rendered += 1
                    try:
                        variables = self._variables(page, names)
                    except Untraceable:
                        continue
                    self.records[rel] = (page.template, names, reads, None, variables, None)
            trace.unlink()
        if not rendered and self.stored is not None and not self.changed and len(self.kept) == len(self.records) \
                and len(self.stored["pages"]) == len(self.records):
            return  # nothing rendered, nothing read changed: the stored cache still describes the output
        if self.stored is not None and rendered * 10 <= len(self.records):
            # A few pages rendered: keep the stored reads (kept pages point into them) and add the new ones.
            reads_list = list(self.stored["reads"])
            snaps = list(self.current)
            index = {read: i for i, read in enumerate(reads_list)}
        else:  # start afresh, dropping reads no page makes any more
            reads_list, snaps, index = [], [], {}
            old_reads = self.stored["reads"] if self.stored is not None else []
            for rel, (template, names, reads, indices, variables, stat) in list(self.records.items()):
                if reads is None:
                    self.records[rel] = (template, names, frozenset(old_reads[i] for i in indices), None, variables,
                                         stat)
        unknown = {i for i, snap in enumerate(snaps) if isinstance(snap, Unknown)}
        records = {}
        for rel, (template, names, reads, indices, variables, stat) in self.records.items():
            stat = stat or stats_of(rel)
            if stat is None:
                continue
            if reads is not None:
                found = []
                for read in reads:
                    i = index.get(read)
                    if i is None:
                        i = index[read] = len(reads_list)
                        reads_list.append(read)
                        snap = self._snap_read(read)
                        snaps.append(snap)
                        if isinstance(snap, Unknown):
                            unknown.add(i)
                    found.append(i)
                indices = array("I", sorted(found))
            if unknown.isdisjoint(indices):
                records[rel] = (template, names, indices, variables, stat)
        snaps = [None if i in unknown else snap for i, snap in enumerate(snaps)]
        _save(self.path, {"out": self.out, "templates": self.templates_key, "pages": records,
                          "reads": reads_list, "snaps": snaps})

    def abandon(self) -> None:
        """Forget this build's recording (it ended, or failed); its trace folder goes."""
        global _RECORDER
        _RECORDER = None
        if self.trace_dir != self.traces:
            shutil.rmtree(self.trace_dir, ignore_errors=True)


def templates_key(paths: Iterable[Path], extra: Any) -> str:
    """A digest of every template and theme file and of anything else every page depends on."""
    digest = hashlib.sha256(repr(extra).encode("utf-8"))
    for path in sorted(set(paths)):
        digest.update(str(path).encode("utf-8"))
        digest.update(file_digest(path).encode("ascii"))
    return digest.hexdigest()
