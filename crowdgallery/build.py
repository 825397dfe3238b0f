"""``build()`` and ``check()``: the pipeline, one call per stage, top to bottom.

    load → tally → rank (check) → gallery views → plan_site → render → write (swap)

Only the first stage reads the site and only the last writes the output; the stages between are
pure functions of what they are given.  Each stage lives in its own subpackage (load/, rank/,
views/, plan/, render/, write/) and the caches that let a build skip work in cache/.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from crowdgallery.cache.inputs import InputsCache
from crowdgallery.cache.markdown import MarkdownCache, crowd_texts
from crowdgallery.cache.memory import Memory
from crowdgallery.cache.pages import PageCache, page_inputs_key
from crowdgallery.cache.tracing import TracingEnvironment
from crowdgallery.cache.votes import VoteCache
from crowdgallery.errors import DataError
from crowdgallery.load.config import CACHE_FOLDER, CONFIG_FILE, load_config
from crowdgallery.load.paths import is_inside, outside_links
from crowdgallery.load.readers import columnar
from crowdgallery.load.readers.columnar import read_votes_columnar
from crowdgallery.load.readers.votes import read_votes
from crowdgallery.load.site import load_site, vote_inputs
from crowdgallery.load.strings import Strings
from crowdgallery.markup import CrowdText
from crowdgallery.model import Site
from crowdgallery.plan.pages import SitePlan
from crowdgallery.plan.site import plan_site, shared_context
from crowdgallery.problems import Location, Problem
from crowdgallery.rank.clock import apply_clock, default_clock
from crowdgallery.rank.jury import blend_site
from crowdgallery.rank.order import CampaignRanking, check_rankings, rank_site
from crowdgallery.rank.tally import tally_votes
from crowdgallery.render.pages import Progress, render_pages
from crowdgallery.render.theme import Theme, load_theme, make_environment, theme_options, theme_strings, \
    translation_folders
from crowdgallery.views.gallery import build_gallery
from crowdgallery.write import images, share_images
from crowdgallery.write.assets import plan_assets
from crowdgallery.write.cachedir import CacheDir
from crowdgallery.write.staging import Staging, check_output_folder, file_stat


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line can change about a build."""

    strict: bool = False
    drafts: bool = False
    now: datetime | None = None
    base_url: str | None = None
    jobs: int | None = None
    file_urls: bool = False  # every link ends in index.html (urls.py); also `urls: files` in site.yaml
    cache: bool = True  # --no-cache: read, tally and render everything again (see cache/)
    cache_dir: Path | None = None  # --cache-dir: where the caches live (default: cachedir.default_cache_dir)


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    warnings: tuple[Problem, ...]
    now: datetime
    seconds: float
    share_images_drawn: int = 0  # of the share images written, how many were drawn (not found in the cache)
    written: int = 0  # output files written anew
    unchanged: int = 0  # output files kept as they were (same bytes: not rewritten, same mtime)
    pages_unchanged: int = 0  # of those, pages
    pages_rendered: int = 0  # pages rendered in this build (the others were kept: nothing they read changed)


@dataclass(frozen=True, slots=True)
class Checked:
    """A loaded, tallied and ranked site: everything a build knows before it renders."""

    site: Site
    rankings: dict[str, CampaignRanking]
    warnings: tuple[Problem, ...]
    now: datetime
    theme: Theme
    stats: dict | None = None  # vote counts by value and by day, for the charts (rank/tally.py)
    theme_options: Any = None  # the theme's option defaults with the site's choices on top
    votes_cache: Any = None  # cache.votes.VoteCache: saved when the build succeeds
    strings: Strings | None = None  # the interface's words in the site's language (load/strings.py)


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


@contextmanager
def collecting_garbage():
    """Run the cyclic garbage collector while pages render, the objects made before frozen.

    Each page leaves reference cycles behind (Jinja's imported macros, its contexts and blocks refer
    to each other, holding the page's variables): with the collector paused they piled up, some 20 KB
    a page, gigabytes on a gallery of 100,000 submissions.  What the build made before rendering is
    frozen (``gc.freeze``), so the collector looks only at what rendering makes, and forked render
    workers neither scan nor copy the shared objects.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


NO_BASE_URL = ("there is no base_url, so pages have no canonical link, link-preview image or share links, and "
               "no feeds or sitemap are written; add 'base_url: https://…/' (the address the site is published at)")


def check(site_dir: Path, options: Options = Options()) -> Checked:
    """Load, validate, tally and rank; raise DataError with every problem, or return the ranked site.

    Also warns when there is no base_url (a build is fine without one, but a published site wants it).
    Checking writes nothing, not even the build cache.
    """
    with bulk_allocation():
        return _check(site_dir, replace(options, cache=False), None, warn_absolute=True)


# images/ is checked where each image is named (fields.py)
SITE_FOLDERS = ("campaigns", "designers", "submissions", "votes", "tallies", "jury", "pages", "static", "templates")
LEGACY_CACHE = ("this folder is not read (the cache now lives outside the site folder, or in the folder "
                "--cache-dir names: see docs/security.md), nor published; delete it")


def boundary_problems(site_dir: Path, options: Options) -> list[Problem]:
    """Links that lead out of the site folder (errors), and an old cache folder in it (a warning)."""
    collections = [f"{name}{suffix}" for name in SITE_FOLDERS[:7] for suffix in (".yaml", ".yml", ".csv")]
    problems = outside_links(site_dir, list(SITE_FOLDERS) + collections)
    legacy = site_dir / CACHE_FOLDER
    if (legacy.exists() or legacy.is_symlink()) and not (options.cache_dir and legacy.resolve() ==
                                                          Path(options.cache_dir).resolve()):
        problems.append(Problem(Location(CACHE_FOLDER), LEGACY_CACHE, "warning"))
    return problems


def _check(site_dir: Path, options: Options, cache: CacheDir | None, warn_absolute: bool = False,
           memory: Memory | None = None) -> Checked:
    votes = VoteCache(site_dir, cache if options.cache else None, memory)  # skips reading and tallying unchanged votes
    overrides = {"base_url": options.base_url, "urls": "files" if options.file_urls else None}
    reader = read_votes_columnar if columnar.available() else read_votes  # the same rows either way
    site, problems = load_site(site_dir, include_drafts=options.drafts, overrides=overrides,
                               votes_reader=partial(votes.read_votes, reader))
    problems += boundary_problems(site_dir, options)
    if site is not None:
        problems += check_rankings(site.config.ranking, site.campaigns)
        tallies, stats, found, newest = votes.tally(
            site, tally_votes, reread=lambda folder: reader(folder, *vote_inputs(folder, site.config)))
        problems += found
        theme = load_theme(site.config.theme, site.config.site_dir, problems, site.config.theme_at)
        if theme is not None:
            problems += outside_links(site_dir, [t.path for t in theme.chain if is_inside(site_dir, t.path)])
            chosen = theme_options(theme, site.config.theme_options, site.config.theme_at, problems)
            strings = theme_strings(site.config, theme, problems)
        problems += images.inspect_images(site.config.site_dir, images.named_images(site), site.config.images)
    errors = [p for p in problems if p.severity == "error"]
    if site is not None and not errors and warn_absolute and not site.config.base_url:
        # said once the data is sound: about publishing, not a mistake in the data
        problems.append(Problem(Location(CONFIG_FILE), NO_BASE_URL, "warning"))
    if site is None or errors or (options.strict and problems):
        raise DataError(problems, strict=options.strict)
    now = options.now or default_clock(site, newest)
    site = replace(site, votes=type(site.votes)())  # a million vote rows are not needed past the tally
    site = apply_clock(site, now)  # statuses worked out from dates at the build's clock
    rankings = rank_site(site, tallies, now.timestamp(), strings)
    rankings = blend_site(site, rankings, strings)
    return Checked(site, rankings, tuple(problems), now, theme, stats, chosen, votes, strings)


def build(site_dir: Path, out: Path, options: Options = Options(), progress: Progress | None = None,
          memory: Memory | None = None) -> BuildResult:
    """Build the site into ``out``; ``progress(done, total)`` hears how rendering goes.

    With the cache, a build whose every input and output file is as the last build left them stops
    at once (cache/inputs.py): its output is already what this build would write.  ``memory`` (serve's)
    holds the caches between rebuilds instead of the cache folder (cache/memory.py).
    """
    started = time.perf_counter()
    site_dir, out = Path(site_dir), Path(out)
    check_output_folder(out, site_dir, options.cache_dir)  # before any slow work: a wrong -o is said at once
    cache = CacheDir.open(site_dir, options.cache_dir)
    try:
        inputs = InputsCache(cache, site_dir, out, options, cache_skips(site_dir, options),
                             theme_folders(site_dir)) if options.cache and memory is None else None
        same = inputs.unchanged() if inputs is not None else None
        if same is not None:
            warnings = same.warnings + tuple(cache.notes)  # a --strict build with warnings never stored one
            return BuildResult(out.resolve(), same.pages, same.files_count, warnings, datetime.fromisoformat(same.now),
                               time.perf_counter() - started, 0, 0, same.files_count, same.pages, 0)
        with bulk_allocation():
            result, folders = _build(site_dir, out, options, cache, progress, memory)
        if inputs is not None:
            inputs.save(folders, result.pages, result.files, [w for w in result.warnings if w not in cache.notes],
                        result.now.isoformat())
        return result
    finally:
        cache.close()


def cache_skips(site_dir: Path, options: Options) -> list[Path]:
    """Folders in the site that are never inputs: the cache (where --cache-dir puts it) and an old cache."""
    return [site_dir / CACHE_FOLDER] + ([Path(options.cache_dir)] if options.cache_dir else [])


def theme_folders(site_dir: Path) -> list[Path]:
    """The folders of the site's theme chain as site.yaml names it now (none when it cannot be read)."""
    config, _ = load_config(site_dir)
    theme = load_theme(config.theme, site_dir, [], config.theme_at) if config is not None else None
    return [t.path for t in theme.chain] if theme is not None else []


def _build(site_dir: Path, out: Path, options: Options, cache_dir: CacheDir,
           progress: Progress | None = None, memory: Memory | None = None) -> tuple[BuildResult, list[Path]]:
    started = time.perf_counter()
    build_cache = cache_dir if options.cache else None  # --no-cache: not the votes, Markdown or page caches
    checked = _check(site_dir, options, cache_dir, memory=memory)
    site = checked.site

    converted = MarkdownCache(build_cache, memory)  # crowd Markdown converted by earlier builds
    text = CrowdText(converted.known)

    # Everything below is computed from the checked site; nothing has been written yet.
    gallery = build_gallery(site, checked.rankings, checked.stats, checked.strings)
    config = site.config
    prepared, problems = images.prepare_images(config.site_dir, images.named_images(site),
                                               config.images, cache_dir, options.jobs)
    if prepared is None:
        raise DataError(problems)
    plan = SitePlan(gallery, config, checked.now, prepared.pictures, text, checked.strings)
    pages = plan_site(plan)
    share_files, drawn = (share_images.prepare(gallery, config, cache_dir, options.jobs, prepared.pictures,
                                               checked.strings)
                          if config.base_url else ({}, 0))
    assets = plan_assets(site, checked.theme) + list(prepared.files)
    assets += [(path, rel) for rel, path in sorted(share_files.items())]
    env = make_environment(config.site_dir, checked.theme, text, checked.theme_options,
                           TracingEnvironment if options.cache else jinja2.Environment, checked.strings)
    shared = shared_context(plan, frozenset(share_files))
    cache = PageCache(build_cache, out,
                      page_inputs_key(site_dir, checked.theme, checked.theme_options, config.urls,
                                      translation_folders(site_dir, checked.theme),
                                      (config.language, sorted((k, repr(v)) for k, v in config.strings.items()))),
                      memory)

    # Write: into a staging folder, swapped in only when every file is there.
    try:
        with Staging(out, reuse=True) as stage:
            for page in pages:
                stage.claim(page.path, f"the page {page.url or '/'}")
            for source, rel in assets:
                stage.claim(rel, str(source.relative_to(site_dir) if site_dir in source.parents else rel))
            cache.start(env, gallery, pages, config, shared)
            for page, record in cache.reusable(pages):  # pages whose every input is unchanged: not rendered
                if stage.reuse(page.path, record.stat):
                    cache.keep(page, record)
            with collecting_garbage():
                render_pages(env, [p for p in pages if p.path not in cache.kept], shared, cache.sink(stage.write),
                             options.jobs, progress,
                             meanwhile=lambda: [stage.copy(source, rel) for source, rel in assets])
            stage.commit()
        cache.finish(pages, lambda rel: file_stat(stage.out / rel))
        checked.votes_cache.save()
        converted.save(text.converted, crowd_texts(site))
    finally:
        cache.abandon()
    html = sum(1 for page in pages if page.template)  # "pages" are HTML pages; feeds, JSON, CSV, SVG are files
    warnings = checked.warnings + tuple(cache_dir.notes)  # about the cache, not the data: never --strict's
    return BuildResult(out.resolve(), html, len(pages) + len(assets), warnings, checked.now,
                       time.perf_counter() - started, drawn, stage.written, len(stage.kept),
                       sum(1 for page in pages if page.template and page.path in stage.kept),
                       sum(1 for page in pages if page.template and page.path not in cache.kept)), \
        [t.path for t in checked.theme.chain]

