"""``builds_on`` for the pages: the most built-upon ideas of a campaign.
"""
from __future__ import annotations


def most_built_upon(entries, limit: int = 5) -> list:
    """Entries with the most ideas built directly on them, most first (ties: the ranking's order)."""
    chosen = [e for e in entries if e.built_upon_by]
    chosen.sort(key=lambda e: -len(e.built_upon_by))
    return chosen[:limit]
