"""How problems and progress reach the person (or the CI job) running a command.

Three formats for the same problems: ``text`` (``file:line: error: message``,
the default), ``github`` (GitHub Actions workflow commands, which become
annotations on the pull request's files) and ``json`` (one document on
stdout, for other tools).  A progress bar is drawn only on an interactive
terminal, never in CI or when the output is piped, and only once a build has
run for a second.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Iterable, TextIO

from crowdgallery.problems import Location, Problem

FORMATS = ("text", "github", "json")

# 'templates/x.html:12: error: message' as render.py and errors.py write them
_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<severity>error|warning): (?P<message>.*)$")


def problems_from_text(text: str) -> list[Problem]:
    """Problems from a message written as lines of ``file:line: error: message`` (a build failure)."""
    found = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            loc = Location(match["path"], int(match["line"] or 0))
            found.append(Problem(loc, match["message"], match["severity"]))
        elif line.startswith(("error: ", "warning: ")):
            severity, _, message = line.partition(": ")
            found.append(Problem(None, message, severity))
    return found


def _file_for(loc: Location | None, site_dir: Path) -> str | None:
    """A problem's file as the repository sees it: relative to the working folder where possible."""
    if loc is None or not loc.path:
        return None
    path = Path(loc.path)
    if not path.is_absolute():
        path = site_dir / path
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


def _escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF are escaped (GitHub's toolkit does the same)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem, site_dir: Path) -> str:
    """``::error file=site/votes.csv,line=3::message`` for one problem."""
    props = []
    file = _file_for(problem.loc, site_dir)
    if file:
        props.append(f"file={_escape_property(file)}")
        if problem.loc.line:
            props.append(f"line={problem.loc.line}")
    kind = "error" if problem.severity == "error" else "warning"
    return f"::{kind}{' ' + ','.join(props) if props else ''}::{_escape_data(problem.message)}"


def problem_json(problem: Problem, site_dir: Path) -> dict:
    return {"file": _file_for(problem.loc, site_dir), "line": problem.loc.line if problem.loc and problem.loc.line
            else None, "severity": problem.severity, "message": problem.message}


def emit_problems(problems: Iterable[Problem], fmt: str, site_dir: Path, stream: TextIO | None = None) -> None:
    """Print problems one per line in the text or github format (json is written whole by ``emit_json``)."""
    stream = stream or sys.stderr
    for problem in problems:
        print(github_line(problem, site_dir) if fmt == "github" else str(problem), file=stream)


def emit_json(ok: bool, problems: Iterable[Problem], site_dir: Path, summary: dict, message: str) -> None:
    """The whole outcome of a command as one JSON document on stdout."""
    document = {"ok": ok, "problems": [problem_json(p, site_dir) for p in problems], "summary": summary,
                "message": message}
    print(json.dumps(document, ensure_ascii=False, indent=1))


def interactive(stream: TextIO) -> bool:
    """A person is watching: a terminal, and not a CI job (CI=true, GITHUB_ACTIONS) or a dumb terminal."""
    if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """A one-line bar on stderr, drawn only when a person watches and the work has taken a second."""

    DELAY = 1.0
    WIDTH = 30

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.enabled = interactive(self.stream)
        self.started = time.monotonic()
        self.drawn = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0 or time.monotonic() - self.started < self.DELAY:
            return
        filled = int(self.WIDTH * done / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")  # clear the line, so the summary starts clean
            self.stream.flush()
            self.drawn = False
