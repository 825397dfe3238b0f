"""``builds_on`` as a graph: cycles are errors; the most built-upon ideas are worth showing.

An idea cannot grow from itself, even by a long way round: a cycle is an error
that names every id on it, at the first submission of the cycle.
"""
from __future__ import annotations


def most_built_upon(entries, limit: int = 5) -> list:
    """Entries with the most ideas built directly on them, most first (ties: the ranking's order)."""
    chosen = [e for e in entries if e.built_upon_by]
    chosen.sort(key=lambda e: -len(e.built_upon_by))
    return chosen[:limit]
