"""The command line: thin click commands, each calling one function.

User mistakes surface as :class:`~crowdgallery.errors.CrowdgalleryError`
(exit 1, one clear message); usage mistakes are click's (exit 2).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .build import Options, build, check
from .errors import BuildError
from .fields import is_web_url, to_datetime
from .model import Problem


class Moment(click.ParamType):
    """An ISO 8601 date or time on the command line (UTC unless it says otherwise)."""

    name = "ISO-8601"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return to_datetime(value)
        except ValueError:
            self.fail(f"{value!r} is not a date or time like 2026-07-01 or 2026-07-01T12:00:00Z", param, ctx)


site_argument = click.argument("site_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
drafts_option = click.option("--drafts", is_flag=True, help="Include submissions marked draft.")


def check_base_url(value: str | None) -> str | None:
    """--base-url is checked here, so a bad one is a usage error and not blamed on site.yaml."""
    if value is not None and not is_web_url(value):
        raise click.BadParameter(f"{value!r} is not an http:// or https:// address, like https://example.org/gallery/")
    return value


base_url_option = click.option("--base-url", callback=lambda ctx, param, value: check_base_url(value),
                               help="The address the site is published at (overrides site.yaml).")


def echo_warnings(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


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
def build_command(site_dir: Path, out: Path | None, strict: bool, drafts: bool, now: datetime | None,
                  base_url: str | None, jobs: int | None, file_urls: bool) -> None:
    """Build the site in SITE_DIR into its output folder."""
    require_site(site_dir)
    out = out or site_dir / "_site"
    try:
        result = build(site_dir, out, Options(strict=strict, drafts=drafts, now=now, base_url=base_url, jobs=jobs,
                                                 file_urls=file_urls))
    except OSError as exc:  # the disk said no (a folder in the way, no permission, disk full)
        raise BuildError(f"cannot write {exc.filename or out}: {exc.strerror or exc}; "
                         "the previous output, if any, is unchanged") from None
    echo_warnings(result.warnings)
    warn = f", {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}" if result.warnings else ""
    click.echo(f"Built {result.pages:,} pages ({result.files:,} files) into {out} in {result.seconds:.2f} s"
               f"{warn}; clock {result.now.isoformat().replace('+00:00', 'Z')}.")


@main.command("check")
@site_argument
@strict_option
@drafts_option
@base_url_option
def check_command(site_dir: Path, strict: bool, drafts: bool, base_url: str | None) -> None:
    """Load and validate SITE_DIR; print every problem; write nothing."""
    require_site(site_dir)
    checked = check(site_dir, Options(strict=strict, drafts=drafts, base_url=base_url))
    echo_warnings(checked.warnings)
    site = checked.site
    counts = [(len(site.campaigns), "campaign"), (len(site.designers), "designer"),
              (len(site.submissions), "submission")]
    click.echo(f"OK: {', '.join(f'{n:,} {word}' + 's' * (n != 1) for n, word in counts)}; "
               f"{len(checked.warnings)} warning{'s' * (len(checked.warnings) != 1)}.")


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_command(directory: Path) -> None:
    """Write a small working site into DIRECTORY (which must be empty or new)."""
    from .scaffold import write_starter_site

    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"{directory} is not empty; choose a new folder")
    write_starter_site(directory)
    click.echo(f"Created a site in {directory}. Build it with: crowdgallery build {directory}")
