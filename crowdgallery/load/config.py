"""``site.yaml`` → a frozen :class:`SiteConfig`.

Each option is declared once in ``OPTIONS`` with its default and what it does;
the table in docs/site-format.md is written from the same words.  Unknown options are a
warning (a typo should not pass silently), except under ``extra:``, which is the
place for a theme's own settings.
"""
from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from crowdgallery.load import statuses
from crowdgallery.load.badges import read_rules
from crowdgallery.load.fields import FieldReader, is_web_url
from crowdgallery.load.mapping import read_sources
from crowdgallery.load.strings import parse_locale
from crowdgallery.load.readers.yamlfile import (
    LineDict,
    load_yaml,
    read_text,
    record_from_mapping,
)
from crowdgallery.model import EMPTY, ImageSettings, RankingSpec, SiteConfig
from crowdgallery.problems import Location, Problem
from crowdgallery.urls import URL_MODES

CONFIG_FILE = "site.yaml"
CACHE_FOLDER = ".crowdgallery-cache"  # where older versions kept the cache, beside site.yaml: never read now

OPTIONS: Mapping[str, str] = {
    "title": "The site's name, shown in every page's header and title (required).",
    "description": "One or two sentences about the gallery, shown on the home page and in link previews.",
    "base_url": "The address the site is published at (https://…/). Links stay relative; this is for "
                "canonical and preview tags.",
    "language": "The pages' language as a BCP 47 code (default: en): it picks the theme's translation, date and "
                "number formats and the text direction (see docs/languages.md).",
    "strings": "Your own wording for single theme strings, keyed by the English text: "
               "{\"See the results\": \"Voir le palmarès\"} (a plural string takes the list of its forms).",
    "theme": "A built-in theme's name or a path to a theme folder, relative to the site (default: default); "
             "or {name: NAME, options: {option: value}} to set the theme's options.",
    "per_page": "How many cards a gallery page shows before the next page (default: 24).",
    "ranking": "The default ranking for every campaign: a method name, or {method: NAME, parameter: value}.",
    "extra": "Anything you want templates to see, as site.extra.",
    "statuses": "Idea statuses of your own, or new labels for the built-in ones: [{id, label, color, description}].",
    "badges": "Designer badges: {disable: [built-in ids], add: [{id, name, total, at_least, description}]}.",
    "urls": "How links are written: default (folders, for any web server, at its root or under a path) or "
            "files (every link ends in index.html, so the folder can be browsed from the disk).",
    "images": "How images are published: {publish_originals: true} also publishes each full-size image "
              "(metadata stripped); by default only resized copies are.",
    "sources": "Form and tool exports: per collection {file, preset, columns, values, skip} (see docs/site-format.md).",
}


def read_ranking(reader: FieldReader, name: str = "ranking") -> RankingSpec | None:
    """``ranking: wilson`` or ``ranking: {method: wilson, z: 2.58}`` → a RankingSpec (checked later by rank.resolve)."""
    value = reader.get(name)
    if value is None:
        return None
    loc = reader.at(name)
    if isinstance(value, str):
        if "{" in value or ":" in value:  # a CSV cell may hold 'method: bayesian; prior_weight: 10'
            parts = [p.partition(":") for p in value.strip("{} ").replace(",", ";").split(";") if p.strip()]
            value = {k.strip(): v.strip() for k, _, v in parts}
        else:
            return RankingSpec(value.strip(), EMPTY, loc)
    if not isinstance(value, dict) or not isinstance(value.get("method"), str):
        reader.error(name, f"'{name}' must be a method name, or a mapping with 'method' and its parameters")
        return None
    params = {str(k): v for k, v in value.items() if k != "method"}
    return RankingSpec(value["method"].strip(), MappingProxyType(params), loc)


def read_theme_choice(r: FieldReader) -> tuple[str, dict]:
    """``theme: poster`` or ``theme: {name: poster, options: {accent: pink}}`` → (name, chosen options)."""
    value = r.get("theme")
    if not isinstance(value, dict):
        return r.text("theme", default="default"), {}
    name, options = value.get("name"), value.get("options") or {}
    if not isinstance(name, str) or not name.strip() or not isinstance(options, dict):
        r.error("theme", "'theme' must be a theme name, or {name: NAME, options: {option: value}}")
        return "default", {}
    return name.strip(), dict(options)


IMAGE_OPTIONS = {"publish_originals": "true: also publish each image at full size (metadata stripped too)"}


def read_image_settings(value: Any, loc: Location | None, problems: list[Problem]) -> ImageSettings:
    """site.yaml's ``images:`` mapping → ImageSettings (unknown keys and wrong types are errors there)."""
    if value is None:
        return ImageSettings()
    if not isinstance(value, dict):
        problems.append(Problem(loc, "'images' must be a mapping, like {publish_originals: true}"))
        return ImageSettings()
    problems += [Problem(loc, f"'images' has no option '{key}' (known: {', '.join(IMAGE_OPTIONS)})")
                 for key in value if key not in IMAGE_OPTIONS]
    originals = value.get("publish_originals", False)
    if not isinstance(originals, bool):
        problems.append(Problem(loc, "'images: publish_originals' must be true or false"))
        originals = False
    return ImageSettings(publish_originals=originals)


def load_config(site_dir: Path, overrides: Mapping[str, Any] | None = None) -> tuple[SiteConfig | None, list[Problem]]:
    """Read site.yaml; ``overrides`` (from the command line, e.g. base_url) win over the file."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        return None, [Problem(Location(CONFIG_FILE), f"there is no {CONFIG_FILE} in {site_dir}; "
                                                     "run 'crowdgallery init' to start a site, or name the site folder")]
    text, problems = read_text(path, CONFIG_FILE)
    if text is None:
        return None, problems
    data, problems = load_yaml(text, CONFIG_FILE)
    if problems:
        return None, problems
    if data is None:
        data = LineDict()
        data.line, data.key_lines, data.raw, data.duplicates = 1, {}, {}, []
    record, problems = record_from_mapping(data, CONFIG_FILE)
    if record is None:
        return None, problems
    for key, value in (overrides or {}).items():
        if value is not None:
            record.fields[key] = value
    r = FieldReader(record, problems, "site")
    title = r.text("title", required=True)
    base_url = r.text("base_url")
    if base_url:
        if not is_web_url(base_url):
            r.error("base_url", "'base_url' must be an http:// or https:// address, like https://example.org/gallery/")
            base_url = ""
        elif not base_url.endswith("/"):
            base_url += "/"
    per_page = r.get("per_page")
    if per_page is None:
        per_page = 24
    elif isinstance(per_page, bool) or not str(per_page).isdigit() or not 1 <= int(per_page) <= 1000:
        r.error("per_page", "'per_page' must be a whole number from 1 to 1000")
        per_page = 24
    urls = r.text("urls", default="default")
    if urls not in URL_MODES:
        r.error("urls", f"'urls' must be one of {', '.join(URL_MODES)}")
        urls = "default"
    extra = r.get("extra")
    if extra is not None and not isinstance(extra, dict):
        r.error("extra", "'extra' must be a mapping of names to values")
        extra = None
    theme, chosen = read_theme_choice(r)
    language = r.text("language", default="en")
    if parse_locale(language) is None:
        r.error("language", f"'language' must be a language code like en, fr, de, pt-BR, ja, zh-Hans or ar; "
                            f"'{language}' is not one")
        language = "en"
    strings = r.get("strings")
    if strings is not None and not isinstance(strings, dict):
        r.error("strings", "'strings' must map a theme string's English text to your wording")
        strings = None
    for key in record.fields:
        if key not in OPTIONS:
            r.error(key, f"'{key}' is not a site option (known: {', '.join(OPTIONS)}); "
                         "put your own settings under 'extra:'", "warning")
    config = SiteConfig(
        site_dir=site_dir,
        title=title,
        description=r.text("description"),
        base_url=base_url,
        language=language,
        strings=MappingProxyType(dict(strings or {})), strings_at=r.at("strings"),
        theme=theme, theme_options=MappingProxyType(chosen), theme_at=r.at("theme"),
        per_page=int(per_page),
        ranking=read_ranking(r),
        extra=MappingProxyType(dict(extra or {})),
        statuses=MappingProxyType(statuses.catalogue(r.get("statuses"), problems, r.at("statuses"))),
        badges=read_rules(r.get("badges"), problems, r.at("badges")), urls=urls,
        images=read_image_settings(r.get("images"), r.at("images"), problems),
        sources=MappingProxyType(read_sources(r.get("sources"), r.at("sources"), site_dir, problems)),
    )
    return config, problems
