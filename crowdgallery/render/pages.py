"""Pages → bytes, on every core.

``render_page`` is the whole rendering rule for one page.  ``render_pages``
runs it over many pages: in this process for small sites, or in forked worker
processes for big ones (forking shares the loaded site and the compiled
templates with the workers at no cost; nothing is pickled but error messages).
Each rendered page goes straight to ``sink`` (the staging folder's writer).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import traceback
from typing import Any, Callable, Mapping, Sequence

import jinja2

from crowdgallery.errors import BuildError
from crowdgallery.plan.pages import Page
from crowdgallery.urls import explicit_index

Sink = Callable[[str, bytes], None]
Progress = Callable[[int, int], None]  # (pages done, pages in all), for a progress bar
PARALLEL_FROM = 400  # below this many pages, starting workers costs more than it saves


def render_page(env: jinja2.Environment, page: Page, shared: Mapping[str, Any]) -> bytes:
    if page.template is None:
        data = page.data() if callable(page.data) else page.data  # a callable is made here, in the workers
        if isinstance(data, bytes):  # feeds, badges, CSV: made whole by their module
            return data
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    template = env.get_template(page.template)
    html = template.render({**shared, **page.context, "page": page, "root": page.root}).encode("utf-8")
    return explicit_index(html) if shared.get("file_urls") else html


def describe_template_error(exc: Exception, page: Page) -> str:
    """'templates/x.html:12: message (while rendering submissions/a/index.html)' from a Jinja error."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name}:{exc.lineno}: "
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".svg", ".txt", ".json")):
                where = f"{frame.filename}:{frame.lineno}: "
                break
    if isinstance(exc, jinja2.TemplateError) and exc.message:
        message = exc.message
    else:
        message = f"{type(exc).__name__}: {exc}"
    return f"{where}error: {message}"


def _render_some(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any],
                 sink: Sink, progress: Progress | None = None) -> list[tuple[str, str]]:
    """Render pages; return (error, page path) for each page that failed."""
    errors: list[tuple[str, str]] = []
    for done, page in enumerate(pages, 1):
        try:
            sink(page.path, render_page(env, page, shared))
        except Exception as exc:  # a site's own template can raise anything; report it as a template failure
            errors.append((describe_template_error(exc, page), page.path))
        if progress is not None and done % 50 == 0:
            progress(done, len(pages))
    return errors


_WORK: tuple | None = None  # set in the parent just before forking; read by the workers only


def _work_on(part: int) -> list[tuple[str, str]]:
    env, pages, shared, sink, parts = _WORK
    return _render_some(env, pages[part::parts], shared, sink)


def render_pages(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any], sink: Sink,
                 jobs: int | None = None, progress: Progress | None = None) -> None:
    """Render and hand over every page; raises BuildError naming every template failure."""
    global _WORK
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(pages) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        errors = _render_some(env, pages, shared, sink, progress)
    else:
        parts = jobs * 4
        _WORK = (env, pages, shared, sink, parts)
        errors = []
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for done, chunk in enumerate(pool.imap_unordered(_work_on, range(parts)), 1):
                    errors.extend(chunk)
                    if progress is not None:
                        progress(len(pages) * done // parts, len(pages))
        finally:
            _WORK = None
    if errors:
        raise BuildError(summarise_failures(errors))


def summarise_failures(errors: list[tuple[str, str]]) -> str:
    """One line per distinct template error, naming how many pages it broke and the first of them."""
    pages: dict[str, list[str]] = {}
    for message, path in errors:
        pages.setdefault(message, []).append(path)
    lines = []
    for message, paths in sorted(pages.items()):
        paths.sort()
        more = f" and {len(paths) - 1:,} more" if len(paths) > 1 else ""
        lines.append(f"{message} (while rendering {paths[0]}{more})")
    lines.append("Build stopped: a template failed. The previous site was left as it was.")
    return "\n".join(lines)
