"""``crowdgallery serve``: build, serve, watch, rebuild, and reload open pages.

The server serves the output folder exactly as ``build`` wrote it; the only
difference is a small script added to HTML responses as they are sent (never to
the files) that listens to ``/__crowdgallery__/events``, a server-sent events
stream, and reloads the page when a build finishes.  While the last build
failed, the previous good site is still served and every HTML page also shows
an overlay with the problems (file, line, message, all escaped).

Builds go through the usual staging folder and swap; requests wait while a
build runs, so a page is never read from a half-swapped folder.  The server
binds to 127.0.0.1 unless told otherwise and never serves a path outside the
output folder.
"""
from __future__ import annotations

import html
import mimetypes
import os
import signal
import threading
import time
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from crowdgallery.build import Options, build
from crowdgallery.cache.memory import Memory
from crowdgallery.errors import CrowdgalleryError, DataError
from crowdgallery.load.config import CACHE_FOLDER, load_config
from crowdgallery.load.readers import is_ignored
from crowdgallery.problems import Problem
from crowdgallery.render.theme import load_theme
from crowdgallery.report import problems_from_text
from crowdgallery.write.cachedir import CacheDir
from crowdgallery.write.staging import check_output_folder

EVENTS_PATH = "/__crowdgallery__/events"
DEBOUNCE = 0.25  # seconds of quiet after a change before rebuilding
KEEPALIVE = 15.0  # seconds between comments on an idle event stream

RELOAD_SCRIPT = """<script>/* crowdgallery serve: reload when the site is rebuilt (not in built files) */
(() => {
  const events = new EventSource("%s");
  events.addEventListener("reload", () => { events.close(); location.reload(); });
})();
</script>
""" % EVENTS_PATH

OVERLAY = """<div id="crowdgallery-overlay" role="alertdialog" aria-modal="true" aria-labelledby="crowdgallery-overlay-title"
 style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(10,10,14,.94);color:#fff;
 font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem">
<h2 id="crowdgallery-overlay-title" style="margin:0 0 1rem;color:#ffb4b4;font-size:1.3rem">The last build failed</h2>
<p style="margin:0 0 1rem">The previous good site is shown underneath. Fix the problem and save: the page reloads by itself.</p>
<ol style="margin:0;padding-left:1.5rem">%s</ol>
</div>
"""


def overlay_html(problems: list[Problem]) -> str:
    """The overlay listing each problem as file:line: message, every part escaped."""
    items = []
    for p in problems:
        where = f"<strong>{html.escape(str(p.loc))}</strong>: " if p.loc else ""
        items.append(f'<li style="margin-bottom:.5rem">{where}{html.escape(p.severity)}: {html.escape(p.message)}</li>')
    return OVERLAY % "".join(items)


def ignored_change(path: str, out: Path, site_dir: Path, cache_dir: Path | None = None) -> bool:
    """Changes that never need a rebuild: the output folder, the cache, hidden and editor temporary files."""
    target = Path(path)
    for folder in (out, site_dir / CACHE_FOLDER) + ((cache_dir,) if cache_dir else ()):
        if target == folder or folder in target.parents:
            return True
    try:
        parts = target.relative_to(site_dir).parts
    except ValueError:
        parts = target.parts[-3:]
    return any(is_ignored(part) or part == "4913" for part in parts)  # 4913: vim's write test file


class SiteServer:
    """The state of one ``serve``: the last build's outcome, a generation counter, the watcher."""

    def __init__(self, site_dir: Path, out: Path, options: Options, echo: Callable[[str], None] = print):
        self.site_dir = Path(site_dir).resolve()
        self.out = Path(out).resolve()
        self.options = options
        self.cache_dir = Path(options.cache_dir).resolve() if options.cache_dir else None
        self.echo = echo
        self.problems: list[Problem] = []  # of the last build, when it failed
        self.generation = 0
        self.changed = threading.Condition()
        self.building = threading.Lock()  # held while a build runs; requests wait for it
        self._dirty_at: float | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.observer = Observer()
        self._watched: set[Path] = set()
        self.memory = Memory()  # the caches between rebuilds (cache/memory.py), saved when serve stops

    # --- building ---------------------------------------------------------------

    def rebuild(self, announce: bool = False) -> None:
        with self.building:
            if announce:
                self.echo("Rebuilding after a change ...")
            started = time.perf_counter()
            try:
                result = build(self.site_dir, self.out, self.options, memory=self.memory if self.options.cache else None)
            except DataError as exc:
                self.problems = list(exc.problems)
            except CrowdgalleryError as exc:
                self.problems = problems_from_text(exc.format_message()) or [Problem(None, exc.format_message())]
            except OSError as exc:
                self.problems = [Problem(None, f"cannot write {exc.filename or self.out}: {exc.strerror or exc}")]
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the rebuild thread; show it instead
                self.problems = [Problem(None, f"the build failed unexpectedly ({type(exc).__name__}: {exc}); "
                                               "please report this")]
            else:
                self.problems = []
                self.echo(f"Built {result.pages:,} pages in {time.perf_counter() - started:.2f} s: "
                          f"{result.pages - result.pages_unchanged:,} written, {result.pages_unchanged:,} unchanged.")
            if self.problems:
                self.echo("Build failed; still serving the previous site:\n" +
                          "\n".join(str(p) for p in self.problems))
        self._watch()
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def _watch(self) -> None:
        """Watch the site folder (its own files, and each subfolder but the output and hidden ones) and every
        theme folder of the active chain; called again after each build, so new folders and themes join."""
        wanted: dict[Path, bool] = {self.site_dir: False}  # folder → recursive
        for child in self.site_dir.iterdir():
            if child.is_dir() and not ignored_change(str(child), self.out, self.site_dir, self.cache_dir):
                wanted[child.resolve()] = True
        config, _ = load_config(self.site_dir)
        theme = load_theme(config.theme, self.site_dir, []) if config is not None else None
        for t in theme.chain if theme is not None else ():
            folder = t.path.resolve()
            if self.site_dir not in folder.parents:
                wanted[folder] = True
        for folder, recursive in sorted(wanted.items()):
            if folder not in self._watched:
                self.observer.schedule(_Changes(self), str(folder), recursive=recursive)
                self._watched.add(folder)

    def mark_dirty(self) -> None:
        self._dirty_at = time.monotonic()
        self._wake.set()

    def _rebuild_loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            while self._dirty_at is not None and time.monotonic() - self._dirty_at < DEBOUNCE:
                time.sleep(DEBOUNCE / 5)
            if self._stop.is_set():
                return
            if self._dirty_at is not None:
                self._dirty_at = None
                self.rebuild(announce=True)

    def start_watching(self) -> None:
        self._watch()
        self.observer.daemon = True
        self.observer.start()
        threading.Thread(target=self._rebuild_loop, name="crowdgallery-rebuild", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.observer.stop()
        with self.changed:
            self.generation += 1  # wake the event streams so they end
            self.changed.notify_all()
        with self.building:
            self.save_caches()

    def save_caches(self) -> None:
        """Write the caches held in memory to the cache folder, for the next build."""
        if not self.memory.unsaved:
            return
        cache = CacheDir.open(self.site_dir, self.options.cache_dir)
        try:
            self.memory.flush(cache)
        finally:
            cache.close()

    # --- serving ---------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """The file a request path names inside the output folder, or None if it would leave it."""
        rel = unquote(url_path)
        parts = [p for p in rel.split("/") if p]
        if any(p in ("..", ".") or "\\" in p or "\0" in p for p in parts):
            return None
        target = (self.out / "/".join(parts)).resolve() if parts else self.out
        if target != self.out and self.out not in target.parents:
            return None
        return target


class _Changes(FileSystemEventHandler):
    def __init__(self, server: SiteServer):
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
        if all(ignored_change(os.fsdecode(p), self.server.out, self.server.site_dir, self.server.cache_dir)
               for p in paths):
            return
        self.server.mark_dirty()


def make_handler(state: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "crowdgallery"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            if urlsplit(self.path).path == EVENTS_PATH:
                self._events()
            else:
                self._serve(head=False)

        def _send(self, status: int, body: bytes, content_type: str, head: bool, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _serve(self, head: bool) -> None:
            raw_path = urlsplit(self.path).path
            target = state.resolve(raw_path)
            if target is None:
                self._send(HTTPStatus.FORBIDDEN, b"Forbidden: that path leaves the site.\n", "text/plain; charset=utf-8",
                           head)
                return
            with state.building:  # never read a folder that is being swapped
                if target.is_dir():
                    if not raw_path.endswith("/"):
                        self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", head, {"Location": raw_path + "/"})
                        return
                    target = target / "index.html"
                status = HTTPStatus.OK
                if not target.is_file():
                    status, target = HTTPStatus.NOT_FOUND, state.out / "404.html"
                try:
                    body = target.read_bytes()
                except OSError:
                    body, target = b"", Path("missing.html")
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type == "text/html":
                body = self._inject(body)
                content_type += "; charset=utf-8"
            elif content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
                content_type += "; charset=utf-8"
            self._send(status, body, content_type, head)

        def _inject(self, body: bytes) -> bytes:
            extra = RELOAD_SCRIPT + (overlay_html(state.problems) if state.problems else "")
            if not body:  # no good build yet: a page that only shows the overlay
                body = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>" \
                       b"</head><body></body></html>"
            data = extra.encode("utf-8")
            at = body.rfind(b"</body>")
            return body[:at] + data + body[at:] if at >= 0 else body + data

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            with state.changed:
                seen = state.generation
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while not state._stop.is_set():
                    with state.changed:
                        state.changed.wait_for(lambda: state.generation != seen or state._stop.is_set(), KEEPALIVE)
                        now = state.generation
                    if state._stop.is_set():
                        return
                    if now != seen:
                        seen = now
                        self.wfile.write(f"event: reload\ndata: {now}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

    return Handler


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(site_dir: Path, out: Path, options: Options, host: str = "127.0.0.1", port: int = 8000,
          echo: Callable[[str], None] = print, ready: Callable[[str], None] | None = None) -> None:
    """Build, then serve and rebuild on changes until interrupted."""
    check_output_folder(out, site_dir)  # never serve a folder a build would refuse (the site's own, or not ours)
    state = SiteServer(site_dir, out, options, echo)
    state.rebuild()  # before any thread starts, so render workers may be forked
    # Rebuilds run beside the server's threads, where forking is best avoided; they render few pages anyway.
    state.options = replace(options, jobs=1)
    httpd = DevServer((host, port), make_handler(state))
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{httpd.server_address[1]}/"
    state.start_watching()
    echo(f"Serving {site_dir} at {url} (watching for changes; Ctrl+C to stop)")
    if ready is not None:
        ready(url)
    if threading.current_thread() is threading.main_thread():  # stopped by a signal: save the caches all the same
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        state.stop()
        httpd.server_close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt

