"""The first stage: a site folder → a validated :class:`Site` and every problem found.

It reads every collection, turns records into model objects, then checks what
crosses records: duplicate ids, references between campaigns, designers and
submissions, ranking settings.  It never stops at the first problem.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

from crowdgallery.load import jury, mapping, statuses
from crowdgallery.load.config import load_config
from crowdgallery.load.lineage import check_cycles
from crowdgallery.load.readers import collection_files, read_collection, unread_files
from crowdgallery.load.readers.tallies import read_tallies
from crowdgallery.load.readers.votes import read_votes
from crowdgallery.load.records import to_campaign, to_designer, to_submission
from crowdgallery.model import Designer, Site, SiteConfig, Source, Submission
from crowdgallery.problems import Location, Problem

T = TypeVar("T")


def load_site(site_dir: Path, include_drafts: bool = False, overrides: Mapping[str, Any] | None = None,
              votes_reader: Callable = read_votes) -> tuple[Site | None, list[Problem]]:
    """Read and check a whole site.  Returns (None, problems) when site.yaml itself is unusable.

    ``votes_reader`` reads the vote files (cache.votes.VoteCache stands in for it to skip unchanged votes).
    """
    site_dir = Path(site_dir)
    config, problems = load_config(site_dir, overrides)
    if config is None:
        return None, problems

    sources = config.sources
    mapped_tallies = []

    def read_records(name: str, body_field: str) -> tuple[list, list[Problem]]:
        """A collection's own files, then its mapped exports."""
        source = sources.get(name)
        skip = frozenset(source.files) if source else frozenset()
        records, found = read_collection(site_dir, name, body_field, skip)
        if source is not None:
            more, tallies, bad = mapping.read_mapped(site_dir, source, config.language)
            records, found = records + more, found + bad
            mapped_tallies.extend(tallies)
        return records, found

    raw, found = read_records("campaigns", "brief")
    problems += found
    campaigns = _unique(_convert(raw, problems, lambda r: to_campaign(r, problems, site_dir)), "campaign", problems)
    only_campaign = campaigns[0].id if len(campaigns) == 1 else ""

    raw, found = read_records("designers", "bio")
    problems += found
    designers = _unique(_convert(raw, problems, lambda r: to_designer(r, problems, site_dir)), "designer", problems)

    raw, found = read_records("submissions", "description")
    problems += found
    submissions = _unique(
        _convert(raw, problems, lambda r: to_submission(r, problems, site_dir, only_campaign)), "submission", problems)

    votes, tally_rows, found = votes_reader(site_dir, *vote_inputs(site_dir, config))
    problems += found
    tally_rows += mapped_tallies
    day_tallies, found = read_tallies(site_dir, collection_files(site_dir, "tallies"))
    problems += found

    raw, found = read_records("jury", "comment")
    problems += found
    jury_scores = _convert(raw, problems, lambda r: jury.to_jury_score(r, problems))

    named = frozenset(site_dir / path for path in _images(campaigns, designers, submissions) if "://" not in path)
    for name in ("campaigns", "designers", "submissions", "votes", "tallies", "jury"):
        problems += unread_files(site_dir, name, named)

    drafts = {s.id for s in submissions if s.draft}
    if not include_drafts:
        submissions = [s for s in submissions if not s.draft]
    designers += _designers_without_record(designers, submissions, problems)
    _check_references(campaigns, submissions, drafts if not include_drafts else set(), problems)
    statuses.check_submissions(config.statuses, submissions, problems)
    statuses.check_duplicates(None, submissions, problems)
    check_cycles(submissions, problems)
    jury.check(config.ranking, campaigns, submissions, jury_scores, problems, drafts if not include_drafts else ())
    jury_scores = [j for j in jury_scores if j.submission in {s.id for s in submissions}]

    site = Site(config=config, campaigns=tuple(campaigns), designers=tuple(designers),
                submissions=tuple(submissions), votes=votes, tally_rows=tuple(tally_rows),
                day_tallies=tuple(day_tallies),
                hidden=frozenset(drafts) if not include_drafts else frozenset(), jury=tuple(jury_scores))
    return site, problems


def vote_inputs(site_dir: Path, config: SiteConfig) -> tuple[list[Path], Source | None]:
    """The vote files (the collection's own, then a mapped export's) and the mapping of ``sources: votes``."""
    source = config.sources.get("votes")
    files = collection_files(site_dir, "votes")
    if source is not None:
        files += [f for f in source.files if f not in files]
    return files, source


def _images(campaigns, designers, submissions) -> Iterable[str]:
    yield from (c.cover for c in campaigns if c.cover)
    yield from (d.avatar for d in designers if d.avatar)
    for s in submissions:
        yield from s.images


def _convert(raw: Iterable, problems: list[Problem], convert: Callable) -> list:
    return [item for item in (convert(record) for record in raw) if item is not None]


def _unique(items: list[T], kind: str, problems: list[Problem]) -> list[T]:
    """Keep the first record of each id; a later one with the same id is an error at its place."""
    seen: dict[str, Location] = {}
    out = []
    for item in items:
        if item.id in seen:
            problems.append(Problem(item.at("id"), f"the {kind} id '{item.id}' is used twice (first at {seen[item.id]}); "
                                                   "ids must be unique"))
            continue
        seen[item.id] = item.at("id")
        out.append(item)
    return out


def _designers_without_record(designers: list[Designer], submissions: list[Submission],
                              problems: list[Problem]) -> list[Designer]:
    """A designer named by a submission but with no record still gets a profile (and a warning)."""
    known = {d.id for d in designers}
    added: list[Designer] = []
    for submission in submissions:
        for handle in submission.designers:
            if handle not in known:
                known.add(handle)
                where = submission.at("designers" if "designers" in submission.lines else "designer")
                added.append(Designer(id=handle, name=handle, loc=where, has_record=False))
                problems.append(Problem(where, f"the designer '{handle}' has no record; their profile shows "
                                                        "only the handle (add them to designers to give a name and bio)",
                                        "warning"))
    return added


def _check_references(campaigns, submissions: list[Submission], drafts: set[str], problems: list[Problem]) -> None:
    campaign_ids = {c.id for c in campaigns}
    submission_ids = {s.id for s in submissions}
    by_campaign: dict[str, set[str]] = {}
    for s in submissions:
        by_campaign.setdefault(s.campaign, set()).add(s.id)
        if s.campaign not in campaign_ids:
            known = ", ".join(sorted(campaign_ids)) or "none yet"
            problems.append(Problem(s.at("campaign"), f"the campaign '{s.campaign}' does not exist (known: {known})"))
        for parent in s.builds_on:
            if parent == s.id:
                problems.append(Problem(s.at("builds_on"), f"'{s.id}' builds on itself; remove it from builds_on"))
            elif parent in drafts:
                problems.append(Problem(s.at("builds_on"), f"'{s.id}' builds on '{parent}', which is a draft; "
                                               "publish it, remove the reference, or build with --drafts"))
            elif parent not in submission_ids:
                problems.append(Problem(s.at("builds_on"), f"'{s.id}' builds on '{parent}', which is not a submission id"))
    for c in campaigns:
        if isinstance(c.winners, tuple):
            for winner in c.winners:
                if winner not in by_campaign.get(c.id, ()):
                    problems.append(Problem(c.at("winners"), f"the winner '{winner}' is not a submission of campaign '{c.id}'"))
