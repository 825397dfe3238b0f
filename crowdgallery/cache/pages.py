"""Pages rendered again only when something they read changed."""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import jinja2

from crowdgallery.cache.store import cache_folder, file_digest, read_entry, write_entry
from crowdgallery.cache.tracing import (
    SHARED_OBJECTS,
    Recorder,
    Snapshots,
    Unknown,
    Untraceable,
    gallery_objects,
    replay,
)


class PageCache:
    """Which pages can be kept from the previous output, and what this build's pages read."""

    def __init__(self, site_dir: Path, out: Path, enabled: bool, templates_key: str):
        self.enabled = enabled
        self.path = cache_folder(site_dir) / "pages.pickle"
        self.traces = cache_folder(site_dir) / "traces"  # one folder per build, so two builds never mix
        self.trace_dir = self.traces
        self.out = str(Path(out).resolve())
        self.templates_key = templates_key
        stored = read_entry(self.path) if enabled else None
        if stored is not None and (stored["out"] != self.out or stored["templates"] != templates_key):
            stored = None
        self.stored = stored
        self.records: dict[str, tuple] = {}  # page path → (template, names, reads, variables snapshot)
        self.kept: set[str] = set()
        self.changed: set[int] = set()  # indices of the stored reads whose value changed
        self.current: list = []  # this build's snapshot of each stored read

    def start(self, env: jinja2.Environment, gallery, pages, config, shared: Mapping[str, Any]) -> None:
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
        env.recorder = Recorder(self.keys)

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
            names, reads = self.env.recorder.take()
            pid = os.getpid()
            handle = handles.get(pid)
            if handle is None:
                handle = handles[pid] = open(self.trace_dir / f"{pid}.pickle", "ab")
            pickle.dump((rel, names, reads), handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()

        return record_and_write

    def finish(self, pages, stats_of: Callable[[str], tuple | None]) -> None:
        """Save what every page read (traces from every worker) with the snapshots of this build."""
        if not self.enabled:
            return
        self.env.recorder = None
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
        write_entry(self.path, {"out": self.out, "templates": self.templates_key, "pages": records,
                          "reads": reads_list, "snaps": snaps})

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
    code = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    site_templates = sorted(p for p in (site_dir / "templates").rglob("*") if p.is_file()) \
        if (site_dir / "templates").is_dir() else []
    catalogs = sorted(p for folder in translations if folder.is_dir() for p in folder.rglob("*.po"))
    return templates_key(theme.template_files() + site_templates + code + catalogs,
                         (theme.name, [t.name for t in theme.chain], language,
                          sorted((k, repr(v)) for k, v in (theme_options or {}).items()),
                          urls))  # file-URL links are added after the template
