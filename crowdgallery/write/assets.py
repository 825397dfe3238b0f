"""The files published as they are: the theme chain's static files, then the site's (overriding them).

The images the data names are published by :mod:`crowdgallery.write.images` (resized, stripped, cleaned).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from crowdgallery.load.paths import inside_files, is_inside
from crowdgallery.load.readers import is_ignored
from crowdgallery.model import Site
from crowdgallery.render.theme import Theme


def plan_assets(site: Site, theme: Theme) -> list[tuple[Path, str]]:
    """(source file, output path) for every static file and every file a page links, in output-path order."""
    static: dict[str, Path] = {}
    site_dir = site.config.site_dir
    folders = [(t.static, site_dir if is_inside(site_dir, t.path) else t.path) for t in reversed(theme.chain)]
    for folder, root in folders + [(site_dir / "static", site_dir)]:
        for source, rel in _static_files(folder, root):
            static[f"static/{rel}"] = source
    for rel in site.attachments:  # files the organiser's pages link (load/pages.py), at their path under pages/
        static[rel] = site_dir / "pages" / rel
    return sorted(((src, rel) for rel, src in static.items()), key=lambda item: item[1])


def _static_files(folder: Path, root: Path) -> Iterable[tuple[Path, str]]:
    """The files under ``folder`` that stay inside ``root`` once links are followed (a link out is an
    error of build.boundary_problems)."""
    if not folder.is_dir():
        return []
    found = (p for p in sorted(folder.rglob("*"))
             if p.is_file() and not any(is_ignored(part) for part in p.relative_to(folder).parts))
    return ((p, p.relative_to(folder).as_posix()) for p in inside_files(root, found))
