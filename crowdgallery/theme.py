"""Themes: folders of templates and static files, and the one Jinja environment of a build.

A theme is found by name among the built-in themes (shipped inside the package)
or as a path relative to the site.  The site's own ``templates/`` folder comes
first in the search path, so a site overrides a theme's template file by file.
"""
from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import jinja2

from . import __version__
from .markup import plain_text, render_markdown

_CHECKOUT_THEMES = Path(__file__).resolve().parent.parent / "themes"


def builtin_themes_dir() -> Path:
    """The built-in themes: inside the installed package, or beside it in a source checkout."""
    try:
        packaged = importlib.resources.files("crowdgallery") / "themes"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):
        pass
    return _CHECKOUT_THEMES


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


def find_theme(name: str, site_dir: Path) -> Theme | None:
    local = (site_dir / name)
    if (local / "templates").is_dir():
        return Theme(local.name, local)
    builtin = builtin_themes_dir() / name
    if name and "/" not in name and (builtin / "templates").is_dir():
        return Theme(name, builtin)
    return None


def available_themes() -> list[str]:
    root = builtin_themes_dir()
    return sorted(p.name for p in root.iterdir() if (p / "templates").is_dir()) if root.is_dir() else []


def format_date(moment: datetime | None) -> str:
    """'1 May 2026': the same whatever the machine's locale."""
    if moment is None:
        return ""
    return f"{moment.day} {moment.strftime('%B') if False else _MONTHS[moment.month - 1]} {moment.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def url_path(path: str) -> str:
    """Percent-encode a path from the crowd for an href/src (file names may hold spaces or '#')."""
    return path if "://" in path else quote(path, safe="/")


def make_environment(site_dir: Path, theme: Theme) -> jinja2.Environment:
    """One environment per build: autoescaping on, site templates before the theme's."""
    search = [str(site_dir / "templates"), str(theme.templates)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(markdown=render_markdown, excerpt=plain_text, date=format_date, number=format_number,
                       url_path=url_path)
    env.globals.update(generator=f"crowdgallery {__version__}")
    return env
