"""``build()``: the pipeline, top to bottom.

    load → tally → rank → gallery views → page plan → render → write (swap)

Only the first stage reads the site and only the last writes the output; the
stages between are pure functions of what they are given.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from functools import partial
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import jinja2

from . import jury, lifecycle
from .errors import BuildError, DataError
from .fields import is_web_url
from .incremental import PageCache, TracingEnvironment, VoteCache, templates_key
from .load import load_site
from .model import Problem, Site
from .plan import Page, media_url, plan_pages
from .rank import CampaignRanking, rank_site
from .render import Progress, render_pages
from .sources import collection_files, is_ignored
from .sources.votes import read_votes
from .tally import tally_votes
from .theme import Theme, load_theme, make_environment, theme_options
from .views import Gallery, build_gallery
from .write import Staging, check_output_folder, file_stat


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line can change about a build."""

    strict: bool = False
    drafts: bool = False
    now: datetime | None = None
    base_url: str | None = None
    jobs: int | None = None
    cache: bool = True  # --no-cache: read, tally and render everything again (see incremental.py)


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    warnings: tuple[Problem, ...]
    now: datetime
    seconds: float
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
    stats: dict | None = None  # vote counts by value and by day, for the charts (tally.py)
    theme_options: Any = None  # the theme's option defaults with the site's choices on top
    votes_cache: Any = None  # incremental.VoteCache: saved when the build succeeds


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


def check(site_dir: Path, options: Options = Options()) -> Checked:
    """Load, validate, tally and rank; raise DataError with every problem, or return the ranked site.

    Checking writes nothing, not even the build cache.
    """
    with bulk_allocation():
        return _check(site_dir, replace(options, cache=False))


def _check(site_dir: Path, options: Options) -> Checked:
    votes = VoteCache(site_dir, options.cache)  # skips reading and tallying votes that did not change
    site, problems = load_site(site_dir, include_drafts=options.drafts, overrides={"base_url": options.base_url},
                               votes_reader=partial(votes.read_votes, read_votes))
    if site is not None:
        tallies, stats, found, newest = votes.tally(
            site, tally_votes, reread=lambda folder: read_votes(folder, collection_files(folder, "votes")))
        problems += found
        theme = load_theme(site.config.theme, site.config.site_dir, problems)
        if theme is not None:
            chosen = theme_options(theme, site.config.theme_options, site.config.theme_at, problems)
    errors = [p for p in problems if p.severity == "error"]
    if site is None or errors or (options.strict and problems):
        raise DataError(problems, strict=options.strict)
    now = options.now or default_clock(site, newest)
    site = replace(site, votes=type(site.votes)())  # a million vote rows are not needed past the tally
    site = lifecycle.apply_clock(site, now)  # statuses worked out from dates at the build's clock
    rankings = rank_site(site, tallies, now.timestamp())
    rankings = jury.blend_site(site, rankings)
    return Checked(site, rankings, tuple(problems), now, theme, stats, chosen, votes)


def build(site_dir: Path, out: Path, options: Options = Options(), progress: Progress | None = None) -> BuildResult:
    """Build the site into ``out``; ``progress(done, total)`` hears how rendering goes."""
    with bulk_allocation():
        return _build(site_dir, out, options, progress)


def _build(site_dir: Path, out: Path, options: Options, progress: Progress | None = None) -> BuildResult:
    started = time.perf_counter()
    site_dir, out = Path(site_dir), Path(out)
    checked = _check(site_dir, options)
    site = checked.site

    # Everything below is computed from the checked site; nothing has been written yet.
    gallery = build_gallery(site, checked.rankings, checked.stats)
    pages = plan_pages(gallery, site.config.per_page)
    assets = plan_assets(site, checked.theme)
    env = make_environment(site.config.site_dir, checked.theme, checked.theme_options,
                           TracingEnvironment if options.cache else jinja2.Environment)
    shared = {"site": site.config, "campaign_links": [(c.title, c.url) for c in gallery.campaigns],
              "totals": gallery.totals, "built": checked.now}
    cache = PageCache(site_dir, out, options.cache, page_inputs_key(site_dir, checked))

    # Write: into a staging folder, swapped in only when every file is there.
    check_output_folder(out, site_dir)
    try:
        with Staging(out, reuse=True) as stage:
            for page in pages:
                stage.claim(page.path, f"the page {page.url or '/'}")
            for source, rel in assets:
                stage.claim(rel, str(source.relative_to(site_dir) if site_dir in source.parents else rel))
            cache.start(env, gallery, pages, site.config, shared)
            for page, record in cache.reusable(pages):  # pages whose every input is unchanged: not rendered
                if stage.reuse(page.path, record[-1]):
                    cache.keep(page, record)
            gc.freeze()
            render_pages(env, [p for p in pages if p.path not in cache.kept], shared, cache.sink(stage.write),
                         options.jobs, progress)
            for source, rel in assets:
                stage.copy(source, rel)
            stage.commit()
        cache.finish(pages, lambda rel: file_stat(stage.out / rel))
        checked.votes_cache.save()
    finally:
        cache.abandon()
    return BuildResult(out.resolve(), len(pages), len(pages) + len(assets), checked.warnings, checked.now,
                       time.perf_counter() - started, stage.written, len(stage.kept),
                       sum(1 for page in pages if page.path in stage.kept), len(pages) - len(cache.kept))


def default_clock(site: Site, newest_vote: float | None = None) -> datetime:
    """The build's clock when --now is not given: the newest vote, else the newest submission, else 1970.

    Taken from the data, so building the same input twice gives the same site.  ``newest_vote``: the
    newest vote's timestamp when the votes were not read in this build (incremental.VoteCache).
    """
    stamps = [t for t in site.votes.timestamp if t is not None]
    if stamps or newest_vote is not None:
        return datetime.fromtimestamp(max(stamps + [newest_vote] if newest_vote is not None else stamps),
                                      timezone.utc)
    dates = [s.submitted for s in site.submissions if s.submitted]
    return max(dates) if dates else datetime(1970, 1, 1, tzinfo=timezone.utc)


def _static_files(folder: Path) -> Iterable[tuple[Path, str]]:
    if not folder.is_dir():
        return []
    return ((p, p.relative_to(folder).as_posix()) for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(is_ignored(part) for part in p.relative_to(folder).parts))


def page_inputs_key(site_dir: Path, checked: Checked) -> str:
    """What every page depends on besides what it reads: template files, theme options, crowdgallery itself."""
    code = sorted(Path(__file__).parent.rglob("*.py"))
    site_templates = sorted(p for p in (site_dir / "templates").rglob("*") if p.is_file()) \
        if (site_dir / "templates").is_dir() else []
    return templates_key(checked.theme.template_files() + site_templates + code,
                         (checked.theme.name, [t.name for t in checked.theme.chain],
                          sorted((k, repr(v)) for k, v in (checked.theme_options or {}).items())))


def plan_assets(site: Site, theme: Theme) -> list[tuple[Path, str]]:
    """Files copied as they are: the theme's static files, the site's (overriding them), the images named."""
    static: dict[str, Path] = {}
    for folder in [t.static for t in reversed(theme.chain)] + [site.config.site_dir / "static"]:
        for source, rel in _static_files(folder):
            static[f"static/{rel}"] = source
    images = {c.cover for c in site.campaigns} | {d.avatar for d in site.designers}
    images |= {i for s in site.submissions for i in s.images}
    media = {media_url(i): site.config.site_dir / i for i in images if i and not is_web_url(i)}
    return sorted(((src, rel) for rel, src in (static | media).items()), key=lambda item: item[1])
