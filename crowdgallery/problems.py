"""Grouping many alike problems into one line ("1,204 rows skipped: … (at a:3, a:9 …)")."""
from __future__ import annotations

from .model import Location, Problem

EXAMPLES = 5  # how many places of one kind of problem to name


class GroupedProblems:
    """Counts problems by message, keeping the first few places of each."""

    def __init__(self, severity: str = "warning") -> None:
        self.severity = severity
        self.by_message: dict[str, list] = {}

    def add(self, message: str, loc: Location) -> None:
        entry = self.by_message.setdefault(message, [0, []])
        entry[0] += 1
        if len(entry[1]) < EXAMPLES:
            entry[1].append(loc)

    def problems(self) -> list[Problem]:
        out = []
        for message, (count, places) in self.by_message.items():
            where = ", ".join(str(p) for p in places) + (" …" if count > len(places) else "")
            out.append(Problem(places[0], f"{count:,} {message} (at {where})", self.severity))
        return out
