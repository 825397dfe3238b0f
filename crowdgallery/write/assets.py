"""The files published as they are: the theme chain's static files, then the site's (overriding them).

The images the data names are published by :mod:`crowdgallery.write.images` (resized, stripped, cleaned).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from crowdgallery.load.readers import is_ignored
from crowdgallery.model import Site
from crowdgallery.render.theme import Theme


def plan_assets(site: Site, theme: Theme) -> list[tuple[Path, str]]:
    """(source file, output path) for every static file, in output-path order."""
    static: dict[str, Path] = {}
    for folder in [t.static for t in reversed(theme.chain)] + [site.config.site_dir / "static"]:
        for source, rel in _static_files(folder):
            static[f"static/{rel}"] = source
    return sorted(((src, rel) for rel, src in static.items()), key=lambda item: item[1])


def _static_files(folder: Path) -> Iterable[tuple[Path, str]]:
    if not folder.is_dir():
        return []
    return ((p, p.relative_to(folder).as_posix()) for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(is_ignored(part) for part in p.relative_to(folder).parts))
