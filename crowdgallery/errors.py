"""The exceptions a user can see.

They subclass ``click.ClickException`` so the command line prints one clear
message and exits with the right code, never a traceback.  Exit codes:
1 for problems in the user's data or the build, 2 for usage (click's own).
"""
from __future__ import annotations

import errno
from pathlib import Path
from typing import Iterable

import click

from crowdgallery.problems import Problem


class CrowdgalleryError(click.ClickException):
    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - click API
        click.echo(self.format_message(), err=True)


class DataError(CrowdgalleryError):
    """The site's data has errors (or warnings under ``--strict``): all of them, at once."""

    def __init__(self, problems: Iterable[Problem], strict: bool = False):
        self.problems = tuple(problems)
        self.strict = strict
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = len(self.problems) - errors
        lines = [str(p) for p in self.problems]
        summary = f"{errors} error{'s' * (errors != 1)}"
        if warnings:
            summary += f", {warnings} warning{'s' * (warnings != 1)}"
            if strict:
                summary += " (warnings are errors under --strict)"
        lines.append(f"Build stopped: {summary}. Nothing was written.")
        super().__init__("\n".join(lines))


class BuildError(CrowdgalleryError):
    """The build could not finish (a template failed, the output folder is unusable)."""

    def format_message(self) -> str:
        message = self.message
        return message if ": error: " in message.split("\n", 1)[0] or message.startswith("error: ") \
            else f"error: {message}"


def write_failure(exc: OSError, out: Path) -> BuildError:
    """A file of the output folder ``out`` (or the cache) could not be written: which, and why, in the system's words.

    A path relative to the output (a page that could not be written) is named inside ``out``."""
    where = exc.filename or out
    if exc.filename and not Path(exc.filename).is_absolute():
        where = Path(out) / exc.filename
    advice = "; the disk is full: free some space, or build into a folder on another disk" \
        if exc.errno == errno.ENOSPC else ""
    return BuildError(f"cannot write {where}: {exc.strerror or exc}{advice}; the previous output, if any, is unchanged")
