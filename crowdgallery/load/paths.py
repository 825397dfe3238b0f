"""One rule for every path a build reads or writes: it stays inside its root once links are followed.

A site folder may hold symbolic links, and links that stay inside it are fine (a shared
``images/`` folder, a file kept under two names).  A link that leads out of the site folder would
publish or read what the site's author never put there (``static/p.txt -> /etc/passwd``,
``submissions -> /elsewhere``), so it is refused with an error at the link.  On the writing side,
the output folder and the cache are only ever written below their own root, never through a link
that leads elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from crowdgallery.problems import Location, Problem


def is_inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link followed, is ``root`` or below it (``root`` resolved too)."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def site_relative(site_dir: Path, path: Path) -> str:
    """``path`` as written relative to the site folder (links not followed), else as given."""
    try:
        return Path(path).relative_to(site_dir).as_posix()
    except ValueError:
        return str(path)


def outside_link_problem(site_dir: Path, path: Path) -> Problem:
    target = os.readlink(path) if Path(path).is_symlink() else "a link above it"
    return Problem(Location(site_relative(site_dir, path)),
                   f"this is a symbolic link to {target}, outside the site folder; a site is built only "
                   "from files inside its folder: copy the file (or folder) in instead of linking it")


def outside_links(site_dir: Path, names: Iterable[str | Path]) -> list[Problem]:
    """An error for each file or folder under ``names`` (paths relative to the site) whose links lead
    out of the site folder; a folder that leads out is one error, its contents are not looked at."""
    root = Path(site_dir).resolve()
    problems: list[Problem] = []
    for name in names:
        top = Path(site_dir) / name
        if not top.exists() and not top.is_symlink():
            continue
        if not is_inside(root, top):
            problems.append(outside_link_problem(site_dir, top))
            continue
        if not top.is_dir():
            continue
        seen: set[Path] = set()  # real folders walked, so a link to a folder above it does not loop
        for folder, dirs, files in os.walk(top, followlinks=True):
            real = Path(folder).resolve()
            if real in seen:
                dirs.clear()
                continue
            seen.add(real)
            for entry in sorted(dirs + files):
                path = Path(folder) / entry
                if path.is_symlink() and not is_inside(root, path):
                    problems.append(outside_link_problem(site_dir, path))
                    if entry in dirs:
                        dirs.remove(entry)  # not walked into
            dirs.sort()
    return problems


def inside_files(site_dir: Path, paths: Iterable[Path]) -> list[Path]:
    """The paths that stay inside the site folder (the others are reported by :func:`outside_links`)."""
    root = Path(site_dir).resolve()
    return [p for p in paths if is_inside(root, p)]


def refuse_link(path: Path, what: str) -> str | None:
    """Why ``path`` cannot be written as ``what`` (a folder a build replaces or fills), or None.

    A symbolic link there (even a dangling one) would send the writes, and the removal of old files,
    to wherever it points.
    """
    if Path(path).is_symlink():
        return (f"{what} {path} is a symbolic link (to {os.readlink(path)}); a build never writes through a "
                "link: give the real folder instead, or remove the link")
    return None
