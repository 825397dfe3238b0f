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
import queue
import signal
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
            text = render_page(env, page, shared)
        except Exception as exc:  # a site's own template can raise anything; report it as a template failure
            errors.append((describe_template_error(exc, page), page.path))
            continue
        finally:
            if progress is not None and done % 50 == 0:
                progress(done, len(pages))
        try:
            sink(page.path, text)
        except OSError as exc:  # a full disk is not the template's fault: the build reports it, naming the file
            raise OSError(exc.errno, exc.strerror, exc.filename or page.path) from exc
    return errors


def _worker(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any], sink: Sink,
            mine: Sequence[int], parts: int, results) -> None:
    """One forked worker: render its parts (every ``parts``-th page from each of ``mine``), reporting each part.

    Everything it needs comes as arguments, inherited through the fork (nothing is pickled); only error
    messages go back through ``results``.
    """
    for part in mine:
        try:
            results.put((part, _render_some(env, pages[part::parts], shared, sink), None))
        except BaseException:  # noqa: BLE001 - reported to the parent, which stops the build with it
            results.put((part, [], traceback.format_exc()))
            return


def render_pages(env: jinja2.Environment, pages: Sequence[Page], shared: Mapping[str, Any], sink: Sink,
                 jobs: int | None = None, progress: Progress | None = None,
                 meanwhile: Callable[[], None] | None = None) -> None:
    """Render and hand over every page; raises BuildError naming every template failure.

    ``meanwhile`` is other work of the build (copying the assets), done in this process while forked workers
    render, or after the pages when they are rendered here.
    """
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(pages) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        errors = _render_some(env, pages, shared, sink, progress)
        if meanwhile is not None:
            meanwhile()
    else:
        errors = _render_forked(env, pages, shared, sink, jobs, progress, meanwhile)
    if errors:
        raise BuildError(summarise_failures(errors))


def worker_stopped(exitcode: int) -> str:
    """What to say when a render worker is gone: killed from outside (most often by the system when memory runs
    out), or ended without reporting."""
    if exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
        return (f"a render worker was stopped by signal {-exitcode}{name}; when nobody stopped it, the system "
                "may have run out of memory: build again with fewer workers (-j 1). The previous site is unchanged")
    return f"a render worker ended with exit code {exitcode} before finishing its pages. The previous site is unchanged"


def _render_forked(env, pages, shared, sink, jobs: int, progress: Progress | None,
                   meanwhile: Callable[[], None] | None = None) -> list[tuple[str, str]]:
    context = multiprocessing.get_context("fork")
    parts = jobs * 4
    results = context.Queue()
    workers = [context.Process(target=_worker, args=(env, pages, shared, sink, range(n, parts, jobs), parts, results),
                               daemon=True) for n in range(jobs)]
    for worker in workers:
        worker.start()
    errors: list[tuple[str, str]] = []
    try:
        if meanwhile is not None:
            meanwhile()  # in this process, after the fork (no thread is running when the workers start)
        for done in range(1, parts + 1):
            while True:
                try:
                    _part, found, failure = results.get(timeout=0.5)
                    break
                except queue.Empty:  # check that every worker still lives
                    dead = [w for w in workers if w.exitcode not in (None, 0)]
                    if dead:
                        raise BuildError(worker_stopped(dead[0].exitcode)) from None
            if failure is not None:
                raise RuntimeError(f"a render worker failed:\n{failure}")
            errors.extend(found)
            if progress is not None:
                progress(len(pages) * done // parts, len(pages))
    except BaseException:
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join()
    return errors


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
