"""``build()``: the pipeline, top to bottom.

    load → tally → rank → gallery views → page plan → render → write (swap)

Only the first stage reads the site and only the last writes the output; the
stages between are pure functions of what they are given.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from . import embeds, exports, feeds, images, jury, lifecycle, search, share, share_images, sitemap
from .errors import BuildError, DataError
from .load import load_site
from .config import CONFIG_FILE
from .model import Location, Problem, Site
from .plan import Page, plan_pages
from .rank import CampaignRanking, rank_site
from .render import render_pages
from .sources import is_ignored
from .tally import tally_votes
from .theme import Theme, available_themes, find_theme, make_environment
from .views import Gallery, build_gallery
from .write import Staging, check_output_folder


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line can change about a build."""

    strict: bool = False
    drafts: bool = False
    now: datetime | None = None
    base_url: str | None = None
    jobs: int | None = None
    file_urls: bool = False  # every link ends in index.html (hosting.py); also `urls: files` in site.yaml


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    warnings: tuple[Problem, ...]
    now: datetime
    seconds: float
    share_images_drawn: int = 0  # of the share images written, how many were drawn (not found in the cache)


@dataclass(frozen=True, slots=True)
class Checked:
    """A loaded, tallied and ranked site: everything a build knows before it renders."""

    site: Site
    rankings: dict[str, CampaignRanking]
    warnings: tuple[Problem, ...]
    now: datetime
    theme: Theme
    stats: dict | None = None  # vote counts by value and by day, for the charts (tally.py)
    image_settings: images.ImageSettings = images.ImageSettings()


@contextmanager
def bulk_allocation():
    """Pause the cyclic garbage collector while a build allocates millions of small objects.

    The pipeline makes no reference cycles worth collecting mid-build, and with a
    million vote rows the collector's repeated passes cost more than the work
    itself.  The objects made so far are frozen before workers fork, so the
    workers neither scan nor copy them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


NO_BASE_URL = ("there is no base_url, so pages have no canonical link, link-preview image or share links, and "
               "no feeds or sitemap are written; add 'base_url: https://…/' (the address the site is published at)")


def check(site_dir: Path, options: Options = Options()) -> Checked:
    """Load, validate, tally and rank; raise DataError with every problem, or return the ranked site.

    Also warns when there is no base_url (a build is fine without one, but a published site wants it).
    """
    with bulk_allocation():
        return _check(site_dir, options, warn_absolute=True)


def _check(site_dir: Path, options: Options, warn_absolute: bool = False) -> Checked:
    overrides = {"base_url": options.base_url, "urls": "files" if options.file_urls else None}
    site, problems = load_site(site_dir, include_drafts=options.drafts, overrides=overrides)
    if site is not None:
        stats: dict = {}
        tallies, found = tally_votes(site, stats)
        problems += found
        theme = find_theme(site.config.theme, site.config.site_dir)
        if theme is None:
            problems.append(Problem(None, f"there is no theme '{site.config.theme}' (built-in themes: "
                                          f"{', '.join(available_themes())}; or give a path to a theme folder)"))
        image_settings, found = images.read_settings(site.config.images, site.config.images_at)
        problems += found + images.inspect_images(site.config.site_dir, images.named_images(site))
    errors = [p for p in problems if p.severity == "error"]
    if site is not None and not errors and warn_absolute and not site.config.base_url:
        # said once the data is sound: about publishing, not a mistake in the data
        problems.append(Problem(Location(CONFIG_FILE), NO_BASE_URL, "warning"))
    if site is None or errors or (options.strict and problems):
        raise DataError(problems, strict=options.strict)
    now = options.now or default_clock(site)
    site = replace(site, votes=type(site.votes)())  # a million vote rows are not needed past the tally
    site = lifecycle.apply_clock(site, now)  # statuses worked out from dates at the build's clock
    rankings = rank_site(site, tallies, now.timestamp())
    rankings = jury.blend_site(site, rankings)
    return Checked(site, rankings, tuple(problems), now, theme, stats, image_settings)


def build(site_dir: Path, out: Path, options: Options = Options()) -> BuildResult:
    with bulk_allocation():
        return _build(site_dir, out, options)


def _build(site_dir: Path, out: Path, options: Options) -> BuildResult:
    started = time.perf_counter()
    site_dir, out = Path(site_dir), Path(out)
    checked = _check(site_dir, options)
    site = checked.site

    check_output_folder(out, site_dir)  # before any slow work: a wrong -o is said at once

    # Everything below is computed from the checked site; nothing has been written yet.
    gallery = build_gallery(site, checked.rankings, checked.stats)
    config = site.config
    prepared, problems = images.prepare_images(config.site_dir, images.named_images(site),
                                               checked.image_settings, options.jobs)  # into the cache
    if prepared is None:
        raise DataError(problems)
    pages = plan_pages(gallery, config.per_page)
    pages += embeds.plan_embeds(gallery, config) + exports.plan_exports(gallery, prepared.pictures)
    feed_titles = feeds.feed_titles(gallery, config) if config.base_url else {}
    if config.base_url:  # feeds and the sitemap need absolute addresses
        pages += feeds.plan_feeds(gallery, config, checked.now)
    pages += sitemap.plan_files(pages, config.base_url, checked.now)
    assets = plan_assets(site, checked.theme) + list(prepared.files)
    share_files, drawn = share_images.prepare(gallery, config, options.jobs) if config.base_url else ({}, 0)
    assets += [(path, rel) for rel, path in sorted(share_files.items())]
    env = make_environment(config.site_dir, checked.theme)
    shared = {"site": config, "campaign_links": [(c.title, c.url) for c in gallery.campaigns],
              "totals": gallery.totals, "built": checked.now, "file_urls": config.urls == "files",
              "share_meta": share.PageMeta(config, frozenset(share_files), feed_titles, prepared.pictures),
              "entry_line": share.entry_line,
              "images": prepared.pictures}  # site image path → its published copies, for the templates

    # Write: into a staging folder, swapped in only when every file is there.
    with Staging(out) as stage:
        for page in pages:
            stage.claim(page.path, f"the page {page.url or '/'}")
        for source, rel in assets:
            stage.claim(rel, str(source.relative_to(site_dir) if site_dir in source.parents else rel))
        stage.claim(search.INDEX_PATH, "the search index")
        stage.write(search.INDEX_PATH, search.index_bytes(gallery))
        gc.freeze()
        render_pages(env, pages, shared, stage.write, options.jobs)
        for source, rel in assets:
            stage.copy(source, rel)
        stage.commit()
    html = sum(1 for page in pages if page.template)
    return BuildResult(out.resolve(), html, len(pages) + len(assets) + 1, checked.warnings, checked.now,
                       time.perf_counter() - started, drawn)


def default_clock(site: Site) -> datetime:
    """The build's clock when --now is not given: the newest vote, else the newest submission, else 1970.

    Taken from the data, so building the same input twice gives the same site.
    """
    stamps = [t for t in site.votes.timestamp if t is not None]
    if stamps:
        return datetime.fromtimestamp(max(stamps), timezone.utc)
    dates = [s.submitted for s in site.submissions if s.submitted]
    return max(dates) if dates else datetime(1970, 1, 1, tzinfo=timezone.utc)


def _static_files(folder: Path) -> Iterable[tuple[Path, str]]:
    if not folder.is_dir():
        return []
    return ((p, p.relative_to(folder).as_posix()) for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(is_ignored(part) for part in p.relative_to(folder).parts))


def plan_assets(site: Site, theme: Theme) -> list[tuple[Path, str]]:
    """Files copied as they are: the theme's static files, the site's (overriding them).

    The images the data names are published by images.prepare_images (resized, stripped, cleaned).
    """
    static: dict[str, Path] = {}
    for folder in (theme.static, site.config.site_dir / "static"):
        for source, rel in _static_files(folder):
            static[f"static/{rel}"] = source
    return sorted(((src, rel) for rel, src in static.items()), key=lambda item: item[1])
