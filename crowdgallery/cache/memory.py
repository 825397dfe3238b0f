"""What ``serve`` keeps in memory between rebuilds, so a rebuild reads from disk only what changed.

A build reads its caches from the cache folder and writes them back (sealed JSON: loading the page
cache of a 10,000-submission gallery takes longer than the rest of a small rebuild).  Across the
rebuilds of one ``serve``, the same values stay in memory instead: the votes and their tally, the
record of each page's reads, the converted Markdown, and the SHA-256 of each file the build hashes
(taken again only when the file's inode, size, mtime or ctime changed).  They are the very values
the build would have written and read back, so a rebuild from memory gives the same output as one
from disk (tests/integration/test_serve_memory.py builds both ways and compares the bytes).
``flush()`` writes them to the cache folder, sealed, when ``serve`` stops, so the next ``build``
starts from them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from crowdgallery.cache.store import file_digest
from crowdgallery.write.cachedir import CacheDir


@dataclass
class Memory:
    """The caches of the last rebuild, as values; ``None`` where nothing is known yet."""

    votes: Any = None  # cache.votes.VotesEntry
    pages: Any = None  # cache.pages.PagesEntry
    markdown: Any = None  # cache.markdown.MarkdownEntry
    digests: dict[str, tuple[tuple, str]] = field(default_factory=dict)  # file → (its stat, SHA-256)
    unsaved: dict[str, Callable[[CacheDir], None]] = field(default_factory=dict)  # entry → how to write it

    def digest(self, path: Path) -> str:
        """The SHA-256 of a file's bytes, taken again only when the file changed."""
        st = os.stat(path)
        stat = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self.digests.get(str(path))
        if known is not None and known[0] == stat:
            return known[1]
        value = file_digest(path)
        self.digests[str(path)] = (stat, value)
        return value

    def keep(self, name: str, value: Any, write: Callable[[CacheDir], None]) -> None:
        """Hold the entry ``name`` for the next rebuild; ``write(cache)`` stores it when serve stops."""
        setattr(self, name, value)
        self.unsaved[name] = write

    def flush(self, cache: CacheDir) -> None:
        """Write every entry kept since the last flush into the cache folder."""
        for write in self.unsaved.values():
            write(cache)
        self.unsaved.clear()
