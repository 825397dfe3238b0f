"""Themes: folders of templates and static files, and the one Jinja environment of a build.

A theme is found by name among the built-in themes (shipped inside the package)
or as a path relative to the site.  Its ``theme.yaml`` gives its ``name``, the
theme it ``extends`` (a built-in name or a path relative to the theme folder)
and ``options`` with their defaults.  Templates and static files are looked up
along the chain: the site's own ``templates/`` and ``static/`` first, then the
theme, then the theme it extends, and so on, file by file.  A template reaches
past the chain to one theme's own file with that theme's name as a prefix:
``{% extends "default:base.html" %}`` is the default theme's ``base.html`` even
where the site or another theme overrides ``base.html``.
"""
from __future__ import annotations

import importlib.resources
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import quote

import jinja2

from crowdgallery import __version__
from crowdgallery.load.paths import is_inside
from crowdgallery.load.readers import is_ignored
from crowdgallery.load.readers.yamlfile import load_yaml, read_text
from crowdgallery.load.strings import Strings, english, load_strings
from crowdgallery.markup import CrowdText
from crowdgallery.model import EMPTY
from crowdgallery.problems import Location, Problem

THEME_FILE = "theme.yaml"
PREFIX_DELIMITER = ":"  # "default:base.html": the default theme's own base.html

_CHECKOUT_THEMES = Path(__file__).resolve().parents[2] / "themes"


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
    parent: "Theme | None" = None  # the theme this one extends
    defaults: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # options and their defaults, down the chain

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"

    @property
    def chain(self) -> tuple["Theme", ...]:
        """This theme, the one it extends, and so on: the order files are looked up in."""
        return (self,) + (self.parent.chain if self.parent else ())

    def template_files(self) -> list[Path]:
        """Every template file of every theme in the chain (what the page cache's key covers)."""
        return sorted(p for t in self.chain for p in t.templates.rglob("*")
                      if p.is_file() and not any(is_ignored(part) for part in p.relative_to(t.path).parts))


def _locate(name: str, base: Path) -> Path | None:
    """A theme folder: a path relative to ``base`` (the site, or the extending theme), else a built-in name."""
    local = base / name
    if (local / "templates").is_dir() or (local / THEME_FILE).is_file():
        return local
    builtin = builtin_themes_dir() / name
    if name and "/" not in name and (builtin / "templates").is_dir():
        return builtin
    return None


def _where(path: Path, site_dir: Path) -> str:
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"  # a built-in theme's file


def _read_theme_file(folder: Path, site_dir: Path, problems: list[Problem]) -> dict:
    path = folder / THEME_FILE
    if not path.is_file():
        return {}
    where = _where(path, site_dir)
    text, found = read_text(path, where)
    problems += found
    data, found = load_yaml(text, where) if text is not None else (None, [])
    problems += found
    if data is not None and not isinstance(data, dict):
        problems.append(Problem(Location(where, 1), "theme.yaml must be a mapping with name, extends and options"))
        return {}
    lines = getattr(data, "key_lines", None) or {}
    data = dict(data or {})
    if data.get("options") is not None and not isinstance(data["options"], dict):
        problems.append(Problem(Location(where, lines.get("options", 1)),
                                "'options' must map each option's name to its default"))
        data["options"] = {}
    return data


OUTSIDE = ("leads outside the site folder; a theme is a built-in theme's name or a folder inside the site "
           "(paths are relative to it): copy the theme in, for example with 'crowdgallery theme new'")


def _outside(folder: Path, site_dir: Path) -> bool:
    """A theme folder that is neither built in nor inside the site folder (links followed)."""
    return not is_inside(builtin_themes_dir(), folder) and not is_inside(site_dir, folder)


def load_theme(name: str, site_dir: Path, problems: list[Problem], at: Location | None = None,
               anywhere: bool = False) -> Theme | None:
    """The theme ``name`` and the chain it extends; mistakes (a missing parent, a loop, a folder outside
    the site) become problems.

    ``at``: where the theme was chosen (site.yaml's line), named by the error.  ``anywhere``: a theme
    folder outside the site is fine (``theme new --from`` copies one in)."""
    folder = _locate(name, site_dir)
    if folder is not None and not anywhere and _outside(folder, site_dir):
        problems.append(Problem(at, f"the theme '{name}' {OUTSIDE}"))
        return None
    if folder is None:
        problems.append(Problem(at, f"there is no theme '{name}' (built-in themes: {', '.join(available_themes())}; "
                                      "or give a path to a theme folder)"))
        return None
    folders: list[tuple[Path, dict]] = []
    seen: set[Path] = set()
    while folder is not None:
        if folder.resolve() in seen:
            chain = " → ".join(f.name for f, _ in folders) + f" → {folder.name}"
            problems.append(Problem(None, f"the themes extend each other in a loop ({chain}); break the loop in one "
                                          "theme.yaml"))
            return None
        seen.add(folder.resolve())
        data = _read_theme_file(folder, site_dir, problems)
        folders.append((folder, data))
        parent = data.get("extends")
        if parent is None:
            break
        folder = _locate(str(parent), folder)
        if folder is not None and not anywhere and _outside(folder, site_dir):
            problems.append(Problem(Location(_where(folders[-1][0] / THEME_FILE, site_dir)),
                                    f"the theme extends '{parent}', which {OUTSIDE}"))
            return None
        if folder is None:
            problems.append(Problem(Location(_where(folders[-1][0] / THEME_FILE, site_dir)),
                                    f"the theme extends '{parent}', which is not a theme (built-in themes: "
                                    f"{', '.join(available_themes())}; or a path relative to this theme)"))
            return None
    theme = None
    names: set[str] = set()
    for folder, data in reversed(folders):  # the root first, so each theme gets its parent
        theme_name = str(data.get("name") or folder.name)
        if theme_name in names:
            problems.append(Problem(None, f"two themes in the chain are called '{theme_name}'; give the copy its own "
                                          "name in its theme.yaml"))
            return None
        names.add(theme_name)
        defaults = {**(theme.defaults if theme else {}), **(data.get("options") or {})}
        theme = Theme(theme_name, folder, theme, MappingProxyType(defaults))
    return theme


def available_themes() -> list[str]:
    root = builtin_themes_dir()
    return sorted(p.name for p in root.iterdir() if (p / "templates").is_dir()) if root.is_dir() else []


def theme_options(theme: Theme, chosen: Mapping[str, Any], at: Location | None,
                  problems: list[Problem]) -> Mapping[str, Any]:
    """The theme's option defaults with the site's choices (site.yaml ``theme: {name, options}``) on top."""
    for key in chosen:
        if key not in theme.defaults:
            known = ", ".join(theme.defaults) or "none"
            problems.append(Problem(at, f"the theme '{theme.name}' has no option '{key}' (its options: {known})",
                                    "warning"))
    return MappingProxyType({**theme.defaults, **chosen})


def copy_theme(theme: Theme, dest: Path, name: str) -> None:
    """Copy a theme's folder (not its parents: the copy still extends them) to ``dest``, renamed ``name``."""
    shutil.copytree(theme.path, dest, ignore=lambda folder, names: [n for n in names if is_ignored(n)])
    path = dest / THEME_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = [line for line in text.splitlines() if not line.startswith("name:")]
    path.write_text(f"name: {name}\n" + "\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def url_path(path: str) -> str:
    """Percent-encode a path from the crowd for an href/src (file names may hold spaces or '#')."""
    return path if "://" in path else quote(path, safe="/")


_SMALL_WORDS = frozenset(("a", "an", "the", "A", "An", "The", "of", "for", "and", "in", "to", "&"))
_PUNCT = "\"'“”‘’„«»‹›([{<¿¡#*~_-–—.,:;!?@/\\|+=>)]}"


def initials(text: str) -> str:
    """Up to two initials, for image placeholders: "Keep the Light" → "KL", "A repair bench" → "RB"."""
    words = text.split()
    if len(words) > 1 and words[0] in _SMALL_WORDS:
        words = words[1:]
    if len(words) > 2 and words[1] in _SMALL_WORDS:
        words = words[:1] + words[2:]
    first = words[0].strip(_PUNCT)[:1] if words else ""
    second = words[1].strip(_PUNCT)[:1] if len(words) > 1 else ""
    return (first + second).upper() or text[:1].upper() or "?"


def hue(text: str) -> int:
    """A stable hue (0–359) for a placeholder, so neighbouring placeholders differ."""
    return (len(text) * 47 + text.count(" ") * 71 + text.count("e") * 29 + (text[:1].upper() in "AEIOU") * 113) % 360


def translation_folders(site_dir: Path, theme: Theme) -> list[Path]:
    """Where the interface's words are looked up, lowest layer first: the theme chain from its root, then the site."""
    return [t.path / "translations" for t in reversed(theme.chain)] + [site_dir / "translations"]


def theme_strings(config, theme: Theme, problems: list[Problem]) -> Strings:
    """The site's language's words: the theme chain's catalogs, the site's, then site.yaml's ``strings``."""
    return load_strings(config.language, translation_folders(config.site_dir, theme), config.strings,
                        config.site_dir, problems, config.strings_at)


def make_environment(site_dir: Path, theme: Theme, text: CrowdText, options: Mapping[str, Any] | None = None,
                     environment_class: type[jinja2.Environment] = jinja2.Environment,
                     strings: Strings | None = None) -> jinja2.Environment:
    """One environment per build: autoescaping on, site templates before the theme chain's, the site's language's
    words behind ``_()``, ``gettext``, ``ngettext`` and ``{% trans %}`` (Jinja's i18n extension, new style); crowd
    Markdown shown through ``text`` (the build's converter)."""
    strings = strings or english()
    search = [str(site_dir / "templates")] + [str(t.templates) for t in theme.chain]
    prefixed = {t.name: jinja2.FileSystemLoader(str(t.templates)) for t in theme.chain}
    env = environment_class(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(search),
                                    jinja2.PrefixLoader(prefixed, delimiter=PREFIX_DELIMITER)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(strings, newstyle=True)
    env.filters.update(markdown=text.render_markdown, excerpt=text.plain_text, initials=initials, hue=hue,
                       date=strings.date, number=strings.number, figure=strings.figure, url_path=url_path)
    env.globals.update(generator=f"crowdgallery {__version__}",
                       theme={"name": theme.name, "chain": [t.name for t in theme.chain],
                              "options": options if options is not None else theme.defaults},
                       language={"code": strings.locale.language, "tag": str(strings.locale).replace("_", "-"),
                                 "dir": strings.direction})
    return env
