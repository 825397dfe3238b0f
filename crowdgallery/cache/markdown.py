"""Crowd Markdown converted by earlier builds, kept by text and by the versions that convert it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from crowdgallery.cache.memory import Memory
from crowdgallery.cache.store import Codec, file_digest, library_versions, read_entry, write_entry
from crowdgallery.model import Site
from crowdgallery.write.cachedir import CacheDir

ENTRY = "markdown"


@dataclass(frozen=True, slots=True)
class MarkdownEntry:
    key: tuple  # MarkdownCache.key(): the versions and markup.py that made the conversions
    converted: dict  # Markdown text → sanitised HTML


CODEC = Codec((MarkdownEntry,))


class MarkdownCache:
    """Crowd Markdown converted in earlier builds, so an unchanged text is not converted again.

    Keyed by the text itself, and valid only for the same crowdgallery, Python, Python-Markdown, nh3,
    Jinja and Pillow versions and the same markup.py (its allow-lists decide the output).  Holds what the main process
    converted (every description, for the search index and the pages); what only the render workers
    convert is converted again next time.
    """

    def __init__(self, cache: CacheDir | None, memory: Memory | None = None):
        self.cache = cache
        self.enabled = cache is not None
        self.memory = memory if self.enabled else None
        self.key = self._key()
        if memory is not None and memory.markdown is not None:
            stored = memory.markdown
        else:
            stored = read_entry(cache, ENTRY, CODEC) if cache is not None else None
        self.known: dict[str, str] = dict(stored.converted) \
            if isinstance(stored, MarkdownEntry) and stored.key == self.key else {}
        if self.memory is not None and isinstance(stored, MarkdownEntry):
            self.memory.markdown = stored  # read from the cache folder once, then kept

    @staticmethod
    def _key() -> tuple:
        from crowdgallery import markup
        return library_versions() + (file_digest(Path(markup.__file__)),)

    def save(self, converted: Mapping[str, str], texts: Iterable[str]) -> None:
        """Keep the conversions of this build's texts (dropping texts no longer in the site), if any changed."""
        if not self.enabled:
            return
        keep = {t: converted[t] for t in texts if t in converted}
        if keep != self.known:
            entry = MarkdownEntry(self.key, keep)
            if self.memory is not None:
                self.memory.keep("markdown", entry, lambda cache: write_entry(cache, ENTRY, entry, CODEC))
            else:
                write_entry(self.cache, ENTRY, entry, CODEC)


def crowd_texts(site: Site) -> list[str]:
    """Every Markdown text of the site (descriptions, answers, bios, briefs, outcomes): what the cache keeps."""
    texts = [t for s in site.submissions for t in (s.description, s.response) if t]
    texts += [d.bio for d in site.designers if d.bio]
    return texts + [t for c in site.campaigns for t in (c.brief, c.outcome) if t]
