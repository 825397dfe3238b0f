"""Votes and tallies, cached by the bytes of every vote file and everything else the tally reads."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from crowdgallery.cache.store import cache_folder, file_digest, read_entry, write_entry
from crowdgallery.model import Site


class VoteCache:
    """Reading and tallying votes, skipped when the vote files and what the tally reads are unchanged."""

    def __init__(self, site_dir: Path, enabled: bool):
        self.site_dir = Path(site_dir)
        self.enabled = enabled
        self.path = cache_folder(site_dir) / "votes.pickle"
        self.stored = read_entry(self.path) if enabled else None
        self.files_key: tuple | None = None
        self.read_result = None  # (table, tally rows, problems) when the votes were read in this build
        self.hit_files = False
        self.pending: dict | None = None  # what save() stores

    def read_votes(self, read: Callable, site_dir: Path, files: list[Path]):
        """Stands in for sources.votes.read_votes: on a cache hit, returns no rows (the tally is cached too)."""
        if not self.enabled:
            return read(site_dir, files)
        self.files_key = tuple((f.relative_to(site_dir).as_posix(), file_digest(f)) for f in files)
        if self.stored is not None and self.stored["files"] == self.files_key:
            self.hit_files = True
            table, _rows, _problems = read(site_dir, [])  # an empty table of the right type
            return table, list(self.stored["tally_rows"]), list(self.stored["read_problems"])
        self.read_result = read(site_dir, files)
        table, rows, problems = self.read_result
        return table, rows, problems

    @staticmethod
    def tally_key(site: Site) -> tuple:
        """Everything tally_votes reads besides the vote rows."""
        return (
            tuple((c.id, c.voting, c.scale) for c in site.campaigns),
            tuple((s.id, s.campaign, s.duplicate_of) for s in site.submissions),
            tuple(sorted(site.hidden)),
            tuple(site.tally_rows),
        )

    def tally(self, site: Site, tally: Callable, reread: Callable) -> tuple[dict, dict, list, float | None]:
        """(tallies, stats, problems, newest counted vote's timestamp), from the cache when its key matches."""
        if not self.enabled:
            stats: dict = {}
            tallies, problems = tally(site, stats)
            return tallies, stats, problems, stats.get("newest")
        key = self.tally_key(site)
        if self.hit_files and self.stored["tally_key"] == key:
            return self.stored["tallies"], self.stored["stats"], list(self.stored["tally_problems"]), \
                self.stored["newest"]
        if self.hit_files:  # same votes, but the tally's other inputs changed: read the rows again
            table, _rows, _problems = reread(self.site_dir)
            site = dataclasses.replace(site, votes=table)
        stats = {}
        tallies, problems = tally(site, stats)
        newest = stats.get("newest")
        read_rows, read_problems = (self.read_result[1], self.read_result[2]) if self.read_result else \
            (self.stored["tally_rows"], self.stored["read_problems"])
        self.pending = {"files": self.files_key, "tally_rows": tuple(read_rows), "read_problems": tuple(read_problems),
                        "tally_key": key, "tallies": tallies, "stats": stats, "tally_problems": tuple(problems),
                        "newest": newest}
        return tallies, stats, problems, newest

    def save(self) -> None:
        """Store this build's votes and tally; called once the build has succeeded."""
        if self.pending is not None:
            write_entry(self.path, self.pending)
            self.pending = None


# --- snapshots of what a page reads ------------------------------------------------
