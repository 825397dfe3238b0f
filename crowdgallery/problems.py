"""What every stage reports with: where a record came from (:class:`Location`), what is wrong
(:class:`Problem`), and grouping many alike problems into one line
("1,204 vote rows skipped: … (at a:3, a:9 …)").
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record came from: a path relative to the site folder and a 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's data: where, what, and whether it stops the build."""

    loc: Location | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}{self.severity}: {self.message}"


EXAMPLES = 5  # how many places of one kind of problem to name


class GroupedProblems:
    """Counts problems by message, keeping the first few places of each."""

    def __init__(self, severity: str = "warning") -> None:
        self.severity = severity
        self.by_message: dict[tuple[str, str], list] = {}

    def add(self, unit: str, reason: str, loc: Location) -> None:
        """Count one skipped ``unit`` ("vote row", "vote") for ``reason`` at ``loc``."""
        entry = self.by_message.setdefault((unit, reason), [0, []])
        entry[0] += 1
        if len(entry[1]) < EXAMPLES:
            entry[1].append(loc)

    def problems(self) -> list[Problem]:
        out = []
        for (unit, reason), (count, places) in self.by_message.items():
            where = ", ".join(str(p) for p in places) + (" …" if count > len(places) else "")
            what = unit if count == 1 else f"{unit}s"
            out.append(Problem(places[0], f"{count:,} {what} skipped: {reason} (at {where})", self.severity))
        return out
