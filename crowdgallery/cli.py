"""The command line: thin click commands, each calling one function.

User mistakes surface as :class:`~crowdgallery.errors.CrowdgalleryError`
(exit 1, one clear message); usage mistakes are click's (exit 2).
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from crowdgallery import __version__
from crowdgallery.build import Options, build, check
from crowdgallery.errors import BuildError, CrowdgalleryError, DataError, write_failure
from crowdgallery.load.fields import OUT_OF_CALENDAR, OutOfCalendar, is_web_url, to_datetime
from crowdgallery.report import (
    FORMATS,
    ProgressBar,
    emit_json,
    emit_problems,
    problems_from_text,
)


class Moment(click.ParamType):
    """An ISO 8601 date or time on the command line (UTC unless it says otherwise)."""

    name = "ISO-8601"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return to_datetime(value)
        except OutOfCalendar:
            self.fail(f"{value!r} {OUT_OF_CALENDAR}", param, ctx)
        except ValueError:
            self.fail(f"{value!r} is not a date or time like 2026-07-01 or 2026-07-01T12:00:00Z", param, ctx)


site_argument = click.argument("site_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
drafts_option = click.option("--drafts", is_flag=True, help="Include submissions marked draft.")
cache_dir_option = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path),
    help="Where the build keeps its caches (default: a folder for this site in the user's cache folder, "
         "$XDG_CACHE_HOME/crowdgallery or ~/.cache/crowdgallery). Entries it did not make are ignored.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="How problems are printed: text lines, GitHub Actions annotations, or one "
                                  "JSON document on stdout.")


def reported(fmt: str, site_dir: Path, run) -> None:
    """Run a command's work and print its problems and one-line summary in the chosen format.

    ``run()`` returns (warnings, summary dict, summary line); a CrowdgalleryError
    it raises becomes the same output with ok false, and exit code 1.
    """
    try:
        warnings, summary, line = run()
    except CrowdgalleryError as exc:
        if fmt == "text":
            raise
        problems = exc.problems if isinstance(exc, DataError) else problems_from_text(exc.format_message())
        message = exc.format_message().splitlines()[-1]
        if fmt == "json":
            emit_json(False, problems, site_dir, {}, message)
        else:
            emit_problems(problems, fmt, site_dir, sys.stdout)
            click.echo(message)
        raise SystemExit(exc.exit_code) from None
    if fmt == "json":
        emit_json(True, warnings, site_dir, summary, line)
        return
    emit_problems(warnings, fmt, site_dir, sys.stdout if fmt == "github" else sys.stderr)
    click.echo(line)


def check_base_url(value: str | None) -> str | None:
    """--base-url is checked here, so a bad one is a usage error and not blamed on site.yaml."""
    if value is not None and not is_web_url(value):
        raise click.BadParameter(f"{value!r} is not an http:// or https:// address, like https://example.org/gallery/")
    return value


base_url_option = click.option("--base-url", callback=lambda ctx, param, value: check_base_url(value),
                               help="The address the site is published at (overrides site.yaml).")


def require_site(site_dir: Path) -> None:
    if not (site_dir / "site.yaml").is_file():
        raise click.UsageError(f"{site_dir} has no site.yaml: name a site folder, or create one with "
                               "'crowdgallery init DIR'")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crowdgallery")
def main() -> None:
    """Build static galleries for crowdsourcing campaigns: ranked entries, designer profiles, outcomes."""


@main.command("build")
@site_argument
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder (default: SITE_DIR/_site). It is replaced whole when the build succeeds.")
@strict_option
@drafts_option
@click.option("--now", type=Moment(), help="The build's clock, for time-dependent ranking "
                                           "(default: the newest vote's time, so builds are reproducible).")
@base_url_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@click.option("--file-urls", is_flag=True, help="End every link in index.html, so the folder can be opened "
                                                "from the disk (file://); also 'urls: files' in site.yaml.")
@click.option("--no-cache", is_flag=True, help="Ignore the build cache (votes, Markdown, pages): read, tally "
                                               "and render everything again.")
@cache_dir_option
@format_option
def build_command(site_dir: Path, out: Path | None, strict: bool, drafts: bool, now: datetime | None,
                  base_url: str | None, jobs: int | None, file_urls: bool, no_cache: bool, cache_dir: Path | None,
                  fmt: str) -> None:
    """Build the site in SITE_DIR into its output folder."""
    require_site(site_dir)
    out = out or site_dir / "_site"
    options = Options(strict=strict, drafts=drafts, now=now, base_url=base_url, jobs=jobs, file_urls=file_urls,
                      cache=not no_cache, cache_dir=cache_dir)

    def run():
        bar = ProgressBar("Rendering")
        try:
            result = build(site_dir, out, options, bar.update)
        except OSError as exc:  # the disk said no (a folder in the way, no permission, disk full)
            raise write_failure(exc, out) from None
        finally:
            bar.close()
        return result.warnings, build_summary(result), summary_line(result, out)

    reported(fmt, site_dir, run)


def build_summary(result) -> dict:
    return {"pages": result.pages, "files": result.files, "pages_written": result.pages - result.pages_unchanged,
            "pages_unchanged": result.pages_unchanged, "pages_rendered": result.pages_rendered,
            "files_written": result.written,
            "files_unchanged": result.unchanged, "warnings": len(result.warnings),
            "seconds": round(result.seconds, 3), "output": str(result.out),
            "clock": result.now.isoformat().replace("+00:00", "Z")}


def summary_line(result, out: Path) -> str:
    """The one line a build ends with: pages, how many were written and kept, warnings, time."""
    warn = f", {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}" if result.warnings else ""
    return (f"Built {result.pages:,} pages ({result.files:,} files) into {out} in {result.seconds:.2f} s: "
            f"{result.pages - result.pages_unchanged:,} pages written, {result.pages_unchanged:,} unchanged"
            f"{warn}; clock {result.now.isoformat().replace('+00:00', 'Z')}.")


@main.command("check")
@site_argument
@strict_option
@drafts_option
@base_url_option
@cache_dir_option
@format_option
def check_command(site_dir: Path, strict: bool, drafts: bool, base_url: str | None, cache_dir: Path | None,
                  fmt: str) -> None:
    """Load and validate SITE_DIR; print every problem; write nothing (no cache is read or written:
    --cache-dir is taken so a script can pass check what it passes build)."""
    require_site(site_dir)

    def run():
        checked = check(site_dir, Options(strict=strict, drafts=drafts, base_url=base_url, cache_dir=cache_dir))
        site = checked.site
        counts = [(len(site.campaigns), "campaign"), (len(site.designers), "designer"),
                  (len(site.submissions), "submission")]
        line = (f"OK: {', '.join(f'{n:,} {word}' + 's' * (n != 1) for n, word in counts)}; "
                f"{len(checked.warnings)} warning{'s' * (len(checked.warnings) != 1)}.")
        summary = {"campaigns": len(site.campaigns), "designers": len(site.designers),
                   "submissions": len(site.submissions), "warnings": len(checked.warnings)}
        return checked.warnings, summary, line

    reported(fmt, site_dir, run)


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_command(directory: Path) -> None:
    """Write a small working site into DIRECTORY (which must be empty or new)."""
    from crowdgallery.scaffold import write_starter_site

    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"{directory} is not empty; choose a new folder")
    write_starter_site(directory)
    click.echo(f"Created a site in {directory}. Build it with: crowdgallery build {directory}\n"
               f"or preview it while you edit: crowdgallery serve {directory}")


@main.command("serve")
@site_argument
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; the default lets only this computer in.")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder (default: SITE_DIR/_site).")
@drafts_option
@click.option("--now", type=Moment(), help="The build's clock (default: the newest vote's time).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64),
              help="Worker processes for the first build (default: one per core); rebuilds use one, "
                   "as they render few pages and run beside the server's threads.")
@click.option("--no-cache", is_flag=True, help="Ignore the build cache: read, tally and render everything each time.")
@cache_dir_option
def serve_command(site_dir: Path, port: int, host: str, out: Path | None, drafts: bool, now: datetime | None,
                  jobs: int | None, no_cache: bool, cache_dir: Path | None) -> None:
    """Build SITE_DIR, serve it, and rebuild and reload open pages when a file changes."""
    from crowdgallery.serve import serve

    require_site(site_dir)
    options = Options(drafts=drafts, now=now, jobs=jobs, cache=not no_cache, cache_dir=cache_dir)
    try:
        serve(site_dir, out or site_dir / "_site", options, host, port,
              echo=lambda line: click.echo(line, err=line.startswith("Build failed")))
    except OSError as exc:  # the port is taken, or the address is not ours
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@main.group("theme")
def theme_group() -> None:
    """Work with themes."""


@theme_group.command("new")
@click.argument("name")
@site_argument
@click.option("--from", "source", help="The theme to copy (default: the site's theme).")
def theme_new_command(name: str, site_dir: Path, source: str | None) -> None:
    """Copy a theme into SITE_DIR/themes/NAME for editing."""
    from crowdgallery.load.config import load_config
    from crowdgallery.load.fields import is_safe_id
    from crowdgallery.render.theme import copy_theme, load_theme

    require_site(site_dir)
    if not is_safe_id(name):
        raise click.BadParameter(f"{name!r} is not a usable theme name: use ASCII letters, digits, '-', '_' and '.'",
                                 param_hint="NAME")
    dest = site_dir / "themes" / name
    if dest.exists():
        raise click.UsageError(f"{dest} already exists; choose another name")
    if source is None:
        config, _problems = load_config(site_dir)
        source = config.theme if config is not None else "default"
    problems: list = []
    theme = load_theme(source, site_dir, problems, anywhere=True)
    if theme is None:
        raise BuildError("\n".join(str(p) for p in problems))
    try:
        copy_theme(theme, dest, name)
    except OSError as exc:  # a file where the themes folder should be, no permission, disk full
        raise BuildError(f"cannot write {exc.filename or dest}: {exc.strerror or exc}") from None
    parent = f" It still extends '{theme.parent.name}'." if theme.parent else ""
    click.echo(f"Copied the theme '{theme.name}' into {dest}.{parent} To use it, set in site.yaml:\n"
               f"  theme: themes/{name}")
