"""Crowd Markdown converted by earlier builds, kept by text and by the versions that convert it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from crowdgallery.cache.store import cache_folder, file_digest, read_entry, write_entry
from crowdgallery.model import Site


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
        stored = read_entry(self.path) if enabled else None
        self.known: dict[str, str] = stored["converted"] if stored and stored.get("key") == self.key else {}

    @staticmethod
    def _key() -> tuple:
        import markdown as markdown_lib
        import nh3

        from crowdgallery import markup
        return (markdown_lib.__version__, getattr(nh3, "__version__", ""), file_digest(Path(markup.__file__)))

    def save(self, converted: Mapping[str, str], texts: Iterable[str]) -> None:
        """Keep the conversions of this build's texts (dropping texts no longer in the site), if any changed."""
        if not self.enabled:
            return
        keep = {t: converted[t] for t in texts if t in converted}
        if keep != self.known:
            write_entry(self.path, {"key": self.key, "converted": keep})


def crowd_texts(site: Site) -> list[str]:
    """Every Markdown text of the site (descriptions, answers, bios, briefs, outcomes): what the cache keeps."""
    texts = [t for s in site.submissions for t in (s.description, s.response) if t]
    texts += [d.bio for d in site.designers if d.bio]
    return texts + [t for c in site.campaigns for t in (c.brief, c.outcome) if t]
