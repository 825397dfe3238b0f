"""The typed records that flow between the build stages.

Everything here is a frozen dataclass: a stage receives values and returns new
ones, it never mutates what it was given.  Crowd text is kept exactly as it was
written (Markdown sources, titles, links); escaping and sanitising happen when a
page is rendered, never earlier, so no stage can mistake "already escaped" text
for safe text.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from crowdgallery.problems import Location

EMPTY: Mapping[str, Any] = MappingProxyType({})

VOTING_KINDS = ("likes", "updown", "score")
CAMPAIGN_STATUSES = ("upcoming", "open", "voting", "closed", "announced")


@dataclass(frozen=True, slots=True)
class RankingSpec:
    """A ranking method name and its parameters, as the user wrote them."""

    method: str
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    loc: Location | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    title: str
    loc: Location
    summary: str = ""
    brief: str = ""
    voting: str = "likes"
    scale: tuple[float, float] = (1, 5)
    ranking: RankingSpec | None = None
    opens: datetime | None = None
    closes: datetime | None = None
    status: str = "open"
    winners: int | tuple[str, ...] = 0
    outcome: str = ""
    cover: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    # Lifecycle and outcomes (read by load/lifecycle.py and load/jury.py):
    voting_opens: datetime | None = None
    voting_closes: datetime | None = None
    announced: datetime | None = None
    status_given: bool = True  # False: the status is worked out from the dates at the build's clock
    show_votes: str = "always"  # always | after_close
    prizes: tuple["Prize", ...] = ()
    finalists: int = 0
    jury_scale: tuple[float, float] = (1, 10)
    show_judges: bool = False
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # field → line, where known

    def at(self, name: str) -> Location:
        """Where a field was written (its own line in YAML; the record's line in CSV)."""
        line = self.lines.get(name)
        return Location(self.loc.path, line) if line else self.loc


@dataclass(frozen=True, slots=True)
class Prize:
    place: int
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class JuryScore:
    """One judge's score for one submission, on its campaign's ``jury_scale``."""

    submission: str
    judge: str
    score: float
    loc: Location


@dataclass(frozen=True, slots=True)
class Designer:
    id: str
    name: str
    loc: Location
    bio: str = ""
    avatar: str = ""
    location: str = ""
    links: tuple[tuple[str, str], ...] = ()
    has_record: bool = True
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # field → line, where known

    def at(self, name: str) -> Location:
        """Where a field was written (its own line in YAML; the record's line in CSV)."""
        line = self.lines.get(name)
        return Location(self.loc.path, line) if line else self.loc


@dataclass(frozen=True, slots=True)
class Submission:
    id: str
    title: str
    designers: tuple[str, ...]
    campaign: str
    loc: Location
    description: str = ""
    images: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    submitted: datetime | None = None
    status: str = ""
    response: str = ""
    builds_on: tuple[str, ...] = ()
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    duplicate_of: str = ""
    response_by: str = ""
    response_date: datetime | None = None
    comments: int | None = None  # how many comments the idea has where it was collected (Fider, Decidim …)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # field → line, where known

    def at(self, name: str) -> Location:
        """Where a field was written (its own line in YAML; the record's line in CSV)."""
        line = self.lines.get(name)
        return Location(self.loc.path, line) if line else self.loc


@dataclass(frozen=True, slots=True)
class VoteTable:
    """Raw vote events in columns (a million Vote objects would cost too much memory).

    Row i is one event: ``submission[i]`` got ``value[i]`` from ``voter[i]`` at
    ``timestamp[i]`` (POSIX seconds, or None), read from line ``line[i]`` of
    ``files[file[i]]``.  ``voter[i]`` is None for an anonymous event, which is
    always counted.  Voter ids never leave the tally stage.
    """

    submission: list[str] = field(default_factory=list)
    voter: list[str | None] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    timestamp: list[float | None] = field(default_factory=list)
    line: "array[int]" = field(default_factory=lambda: array("l"))  # 8 bytes a row, not 36
    file: "array[int]" = field(default_factory=lambda: array("H"))
    files: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.submission)

    def location(self, i: int) -> Location:
        return Location(self.files[self.file[i]], self.line[i])


@dataclass(frozen=True, slots=True)
class TallyRow:
    """A precomputed tally exported by a voting tool (``up``/``down``/``votes``/``score_sum``+``score_count``)."""

    submission: str
    loc: Location
    up: int = 0
    down: int = 0
    votes: int = 0
    score_sum: float = 0.0
    score_count: int = 0


@dataclass(frozen=True, slots=True)
class Tally:
    """What the crowd said about one submission, after one-vote-per-voter.

    ``count`` is the number of counted votes: likes, up + down, or scores.
    ``total`` is the sum of the counted values (likes: count; updown: up − down;
    score: the sum of the scores).  ``first``/``last`` are vote timestamps.
    """

    count: int = 0
    up: int = 0
    down: int = 0
    total: float = 0.0
    first: float | None = None
    last: float | None = None

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass(frozen=True, slots=True)
class Site:
    """Everything loaded and validated; the input of every pure stage."""

    config: "SiteConfig"
    campaigns: tuple[Campaign, ...]
    designers: tuple[Designer, ...]
    submissions: tuple[Submission, ...]
    votes: VoteTable = field(default_factory=VoteTable)
    tally_rows: tuple[TallyRow, ...] = ()
    hidden: frozenset[str] = frozenset()  # drafts left out of this build: their votes are not "unknown"
    jury: tuple[JuryScore, ...] = ()


@dataclass(frozen=True, slots=True)
class Status:
    """An idea status (built in, or the site's own): its label, colour and place in the roadmap."""

    id: str
    label: str
    color: str
    description: str
    order: int


@dataclass(frozen=True, slots=True)
class BadgeRule:
    """A site's own badge: given when a designer's ``total`` reaches ``at_least``."""

    id: str
    name: str
    total: str
    at_least: float
    description: str


@dataclass(frozen=True, slots=True)
class BadgeSettings:
    """``badges:`` in site.yaml: built-in badges switched off, and the site's own rules."""

    off: frozenset[str] = frozenset()
    rules: tuple[BadgeRule, ...] = ()


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """``images:`` in site.yaml, and the encoding every published copy gets."""

    publish_originals: bool = False
    widths: tuple[int, ...] = (320, 640, 1280, 1600)  # 1600: a page-wide image stays sharp on a high-density screen
    webp_quality: int = 80
    jpeg_quality: int = 82


@dataclass(frozen=True, slots=True)
class Column:
    """One mapped column of a form or tool export: which field it fills, and how."""

    field: str
    column: str
    slug: bool = False
    split: str = ""
    at: Location | None = None
    alternatives: tuple[str, ...] = ()  # more columns, tried in order when ``column`` is absent or empty
    default: str | None = None  # used when every column is absent or empty; None: the column must exist

    @property
    def names(self) -> tuple[str, ...]:
        return (self.column,) + self.alternatives


@dataclass(frozen=True, slots=True)
class Source:
    """One mapped collection (``sources:`` in site.yaml): its files, columns, value translations, rows left out."""

    collection: str
    files: tuple[Path, ...]
    columns: tuple[Column, ...]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    skip: Mapping[str, frozenset[str]] = field(default_factory=dict)
    at: Location | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    site_dir: Path
    title: str
    description: str = ""
    base_url: str = ""
    language: str = "en"
    theme: str = "default"
    per_page: int = 24
    ranking: RankingSpec | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    # The sections, each parsed and checked once, when site.yaml is read (load/config.py):
    statuses: Mapping[str, Status] = field(default_factory=lambda: EMPTY)  # built-ins and the site's, roadmap order
    badges: BadgeSettings = BadgeSettings()
    urls: str = "default"  # or "files": see urls.py
    images: ImageSettings = ImageSettings()
    sources: Mapping[str, Source] = field(default_factory=lambda: EMPTY)  # collection → mapped export
    theme_options: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # checked against the theme's options
    theme_at: Location | None = None
    strings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # site.yaml's own wording of theme strings
    strings_at: Location | None = None


