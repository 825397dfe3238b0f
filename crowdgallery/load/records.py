"""Raw records → model objects, one function per kind.

Only the checks that concern one record live here; checks across records
(duplicate ids, references) are in :mod:`crowdgallery.load`.
"""
from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from crowdgallery.load.addresses import read_aliases
from crowdgallery.load.config import read_ranking
from crowdgallery.load.fields import FieldReader
from crowdgallery.load.lifecycle import read_campaign_outcomes, read_scale, read_submission_outcomes
from crowdgallery.load.readers.base import RawRecord
from crowdgallery.model import (
    CAMPAIGN_STATUSES,
    VOTING_KINDS,
    Campaign,
    Designer,
    Submission,
)
from crowdgallery.problems import Problem


def to_campaign(record: RawRecord, problems: list[Problem], site_dir: Path) -> Campaign | None:
    r = FieldReader(record, problems, "campaign")
    ident, title = r.ident("id"), r.text("title", required=True)
    voting = r.choice("voting", VOTING_KINDS, "likes")
    scale = read_scale(r, "scale", (1.0, 5.0)) if voting == "score" else (1.0, 5.0)
    if voting != "score" and r.has("scale"):
        r.error("scale", f"'scale' applies to score voting only; this campaign's voting is '{voting}'", "warning")
    opens, closes = r.moment("opens"), r.moment("closes")
    if opens and closes and closes < opens:
        r.error("closes", "'closes' is before 'opens'; swap them or fix the dates")
    campaign = Campaign(
        id=ident, title=title, loc=record.loc,
        summary=r.text("summary"), brief=r.text("brief"),
        voting=voting, scale=scale, ranking=read_ranking(r),
        opens=opens, closes=closes,
        status=r.choice("status", CAMPAIGN_STATUSES, "open"),
        winners=_winners(r), outcome=r.text("outcome"), cover=r.image("cover", site_dir),
        **read_campaign_outcomes(r, opens, closes),
        extra=r.extra(), lines=MappingProxyType(record.lines),
    )
    return campaign if ident and title else None


def _winners(r: FieldReader) -> int | tuple[str, ...]:
    value = r.get("winners")
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    else:
        return r.id_list("winners")
    if number < 0:
        r.error("winners", "'winners' must be a number of at least 0 or a list of submission ids")
        return 0
    return number


def to_designer(record: RawRecord, problems: list[Problem], site_dir: Path) -> Designer | None:
    r = FieldReader(record, problems, "designer")
    ident = r.ident("id")
    designer = Designer(
        id=ident, name=r.text("name") or ident, loc=record.loc,
        bio=r.text("bio"), avatar=r.image("avatar", site_dir), location=r.text("location"),
        links=r.links("links"), aliases=read_aliases(r), extra=r.extra(), lines=MappingProxyType(record.lines),
    )
    return designer if ident else None


def to_submission(record: RawRecord, problems: list[Problem], site_dir: Path, only_campaign: str) -> Submission | None:
    r = FieldReader(record, problems, "submission")
    ident, title = r.ident("id"), r.text("title", required=True)
    named = r.id_list("designer")
    designers = named + tuple(d for d in r.id_list("designers") if d not in named)
    if not r.has("designer") and not r.has("designers"):
        r.error("designer", "this submission has no 'designer'; name the designer's id (or 'designers' for a team)")
    campaign = r.ident("campaign", required=False)
    if not campaign:
        if only_campaign:
            campaign = only_campaign
        elif not r.has("campaign"):
            r.error("campaign", "this submission has no 'campaign'; name the campaign's id (it may be left out only "
                                "when the site has exactly one campaign)")
    images = r.images("images", site_dir)
    if r.has("image"):
        images = (r.image("image", site_dir),) + images
    submitted = r.moment("submitted")
    submission = Submission(
        id=ident, title=title, designers=designers, campaign=campaign, loc=record.loc,
        description=r.text("description"), images=tuple(i for i in images if i), tags=r.text_list("tags"),
        submitted=submitted, status=r.text("status"), response=r.text("response"),
        builds_on=r.id_list("builds_on"), draft=r.boolean("draft"), comments=r.count("comments"),
        **read_submission_outcomes(r), aliases=read_aliases(r), extra=r.extra(), lines=MappingProxyType(record.lines),
    )
    return submission if ident and title and designers and campaign else None
