"""Votes and tallies, cached by the bytes of every vote file and everything else the tally reads."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from crowdgallery.cache.memory import Memory
from crowdgallery.cache.store import Codec, file_digest, read_entry, write_entry
from crowdgallery.model import DayTally, Site, Tally, TallyRow
from crowdgallery.problems import Location, Problem
from crowdgallery.write.cachedir import CacheDir

ENTRY = "votes"


@dataclass(frozen=True, slots=True)
class VotesEntry:
    """What one build's votes and tally left for the next."""

    files: tuple  # (vote file relative to the site, SHA-256 of its bytes) for each vote file
    tally_rows: tuple  # TallyRow records read from the vote files
    read_problems: tuple  # Problems found reading them
    tally_key: tuple  # VoteCache.tally_key: everything else the tally read
    tallies: dict  # submission id → Tally
    stats: dict  # tally.py's stats (vote counts by value and by day)
    tally_problems: tuple
    newest: float | None  # the newest vote's timestamp


CODEC = Codec((VotesEntry, Tally, TallyRow, DayTally, Location, Problem))


class VoteCache:
    """Reading and tallying votes, skipped when the vote files and what the tally reads are unchanged."""

    def __init__(self, site_dir: Path, cache: CacheDir | None, memory: Memory | None = None):
        self.site_dir = Path(site_dir)
        self.enabled = cache is not None
        self.cache = cache
        self.memory = memory if self.enabled else None
        if memory is not None and memory.votes is not None:
            stored = memory.votes
        else:
            stored = read_entry(cache, ENTRY, CODEC) if cache is not None else None
        self.stored: VotesEntry | None = stored if isinstance(stored, VotesEntry) else None
        if self.memory is not None and self.stored is not None:
            self.memory.votes = self.stored  # read from the cache folder once, then kept
        self.files_key: tuple | None = None
        self.read_result = None  # (table, tally rows, problems) when the votes were read in this build
        self.hit_files = False
        self.pending: VotesEntry | None = None  # what save() stores

    def read_votes(self, read: Callable, site_dir: Path, files: list[Path], source=None):
        """Stands in for readers.votes.read_votes: on a cache hit, returns no rows (the tally is cached too).

        ``source``: the mapping of a vote export (sources: votes), part of the key as the files are.
        """
        if not self.enabled:
            return read(site_dir, files, source)
        digest = self.memory.digest if self.memory is not None else file_digest
        self.files_key = tuple((f.relative_to(site_dir).as_posix(), digest(f)) for f in files) + (_mapping_key(source),)
        if self.stored is not None and self.stored.files == self.files_key:
            self.hit_files = True
            table, _rows, _problems = read(site_dir, [])  # an empty table of the right type
            return table, list(self.stored.tally_rows), list(self.stored.read_problems)
        self.read_result = read(site_dir, files, source)
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
            tuple(site.day_tallies),
        )

    def tally(self, site: Site, tally: Callable, reread: Callable) -> tuple[dict, dict, list, float | None]:
        """(tallies, stats, problems, newest counted vote's timestamp), from the cache when its key matches."""
        if not self.enabled:
            stats: dict = {}
            tallies, problems = tally(site, stats)
            return tallies, stats, problems, stats.get("newest")
        key = self.tally_key(site)
        if self.hit_files and self.stored.tally_key == key:
            return self.stored.tallies, self.stored.stats, list(self.stored.tally_problems), self.stored.newest
        if self.hit_files:  # same votes, but the tally's other inputs changed: read the rows again
            table, _rows, _problems = reread(self.site_dir)
            site = dataclasses.replace(site, votes=table)
        stats = {}
        tallies, problems = tally(site, stats)
        newest = stats.get("newest")
        read_rows, read_problems = (self.read_result[1], self.read_result[2]) if self.read_result else \
            (self.stored.tally_rows, self.stored.read_problems)
        self.pending = VotesEntry(self.files_key, tuple(read_rows), tuple(read_problems), key, tallies, stats,
                                  tuple(problems), newest)
        return tallies, stats, problems, newest

    def save(self) -> None:
        """Store this build's votes and tally; called once the build has succeeded."""
        if self.pending is not None:
            pending = self.pending
            if self.memory is not None:
                self.memory.keep("votes", pending, lambda cache: write_entry(cache, ENTRY, pending, CODEC))
            else:
                write_entry(self.cache, ENTRY, pending, CODEC)
            self.pending = None


# --- snapshots of what a page reads ------------------------------------------------


def _mapping_key(source) -> str:
    """A vote export's mapping as text that is the same in every run (no set or dict order in it)."""
    if source is None:
        return ""
    return repr((source.columns, sorted((k, sorted(v.items())) for k, v in source.values.items())))
