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

from .errors import BuildError
from .plan import Page

Sink = Callable[[str, bytes], None]
PARALLEL_FROM = 400  # below this many pages, starting workers costs more than it saves


def render_page(env: jinja2.Environment, page: Page, shared: Mapping[str, Any]) -> bytes:
    if page.template is None:
        return (json.dumps(page.data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    template = env.get_template(page.template)
    return template.render({**shared, **page.context, "page": page, "root": page.root}).encode("utf-8")


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
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return f"{where}error: {message} (while rendering {page.path} with {page.template})"


def _render_some(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any], sink: Sink) -> list[str]:
    errors: list[str] = []
    for page in pages:
        try:
            sink(page.path, render_page(env, page, shared))
        except jinja2.TemplateError as exc:
            errors.append(describe_template_error(exc, page))
            if len(errors) >= 20:
                break
    return errors


_WORK: tuple | None = None  # set in the parent just before forking; read by the workers only


def _work_on(part: int) -> list[str]:
    env, pages, shared, sink, parts = _WORK
    return _render_some(env, pages[part::parts], shared, sink)


def render_pages(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any], sink: Sink,
                 jobs: int | None = None) -> None:
    """Render and hand over every page; raises BuildError naming every template failure."""
    global _WORK
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(pages) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        errors = _render_some(env, pages, shared, sink)
    else:
        parts = jobs * 4
        _WORK = (env, pages, shared, sink, parts)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                errors = [e for chunk in pool.imap_unordered(_work_on, range(parts)) for e in chunk]
        finally:
            _WORK = None
    if errors:
        raise BuildError("\n".join(sorted(set(errors))[:20]) + f"\nBuild stopped: a template failed. Nothing was written.")
