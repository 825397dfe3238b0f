"""What the templates see: the site's records joined with their tallies and ranks.

Built once per build, after ranking; each submission, designer and campaign has
one view object that every page showing it shares, so a figure cannot differ
between two pages.  Crowd text stays raw here; templates escape it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from crowdgallery.load.fields import slugify
from crowdgallery.load.jury import WEIGHT
from crowdgallery.load.strings import Strings
from crowdgallery.model import Campaign, Designer, Site, Submission, Tally
from crowdgallery.rank.clock import tallies_hidden
from crowdgallery.rank.methods import METHODS, describe
from crowdgallery.rank.order import CampaignRanking, Ranked
from crowdgallery.urls import (
    campaign_api_url,
    campaign_url,
    designer_url,
    media_url,
    results_url,
    submission_url,
    tag_url,
)
from crowdgallery.views import figures, outcomes, reputation
from crowdgallery.views.pages import menus, page_view
from crowdgallery.views.phases import shuffled

CLOSED = ("closed", "announced")


@dataclass(slots=True, eq=False)
class TagView:
    slug: str
    name: str
    url: str
    entries: list["EntryView"] = field(default_factory=list)
    # The titles of the campaigns its entries belong to, each once, in first-seen order: filled in once by
    # build_gallery (read on every page of the tag, so not walked through the entries there).
    campaign_titles: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The tag for people: a tag written as a slug ("pixel-art") reads "pixel art"; a name stays as written."""
        return self.name.replace("-", " ") if self.name == self.slug else self.name


@dataclass(slots=True, eq=False)
class DesignerView:
    designer: Designer
    url: str
    avatar: str
    entries: list["EntryView"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.designer.id

    @property
    def name(self) -> str:
        return self.designer.name

    # Totals, filled in once by build_gallery when every entry is known:
    votes: int = 0
    wins: list["EntryView"] = field(default_factory=list)
    best_rank: int | None = None
    campaigns: int = 0
    # Reputation, filled in by views/reputation.py:
    finalist_places: list["EntryView"] = field(default_factory=list)
    inspired: int = 0  # ideas by others that built on theirs
    badges: list = field(default_factory=list)
    rank_history: list = field(default_factory=list)
    rank_chart: object = None

    def _sum_up(self) -> None:
        self.votes = sum(e.tally.count for e in self.entries)
        self.wins = [e for e in self.entries if e.is_winner]
        ranks = [e.rank for e in self.entries if e.rank is not None]
        self.best_rank = min(ranks) if ranks else None
        self.campaigns = len({e.campaign.id for e in self.entries})


@dataclass(slots=True, eq=False)
class EntryView:
    submission: Submission
    url: str
    rank: int | None
    score: float
    tally: Tally
    images: list[str]
    designers: list[DesignerView] = field(default_factory=list)
    tags: list[TagView] = field(default_factory=list)
    campaign: "CampaignView | None" = None
    is_winner: bool = False
    builds_on: list["EntryView"] = field(default_factory=list)
    built_upon_by: list["EntryView"] = field(default_factory=list)
    # Outcomes, filled in by outcomes.py:
    place: int | None = None  # 1, 2, 3 … among the winners
    prize: object = None
    is_finalist: bool = False
    jury: object = None  # jury.JuryResult
    status: object = None  # statuses.Status
    duplicate_of: "EntryView | None" = None
    duplicates: list["EntryView"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.submission.id

    @property
    def title(self) -> str:
        return self.submission.title

    @property
    def image(self) -> str:
        return self.images[0] if self.images else ""

    @property
    def comments(self) -> int | None:
        """How many comments the idea had where it was collected (Fider, Decidim …); None when the data does not
        say.  The theme words it ('3 comments', partials/macros.html comments)."""
        return self.submission.comments

    @property
    def score_text(self) -> str:
        """The ranking score a visitor reads (card, submission page, results table): see views/figures.py."""
        return self.campaign.score_text(self.score)

    @property
    def ranking_score_text(self) -> str:
        """The same as score_text (the name themes used when cards showed a raw tally)."""
        return self.score_text

    @property
    def figure(self) -> str:
        return self.campaign.figure

    def votes_json(self) -> dict:
        out: dict = {"count": self.tally.count}
        if self.campaign.voting == "updown":
            out.update(up=self.tally.up, down=self.tally.down)
        elif self.campaign.voting == "score":
            out["mean"] = round(self.tally.mean, 6) if self.tally.count else None
        return out


@dataclass(slots=True, eq=False)
class CampaignView:
    campaign: Campaign
    url: str
    results_url: str
    api_url: str
    cover: str
    method: str
    params: Mapping[str, float]
    method_description: str
    entries: list[EntryView] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.campaign.id

    @property
    def title(self) -> str:
        return self.campaign.title

    @property
    def voting(self) -> str:
        return self.campaign.voting

    @property
    def is_closed(self) -> bool:
        return self.campaign.status in CLOSED

    # Totals, filled in once by build_gallery:
    winners: list[EntryView] = field(default_factory=list)
    designer_count: int = 0
    vote_count: int = 0
    text_first: bool = False  # most entries have no image (an idea board): the theme lists them as rows
    # Lifecycle and outcomes, filled in by outcomes.py:
    hidden: bool = False  # show_votes: after_close and voting not over: no figures anywhere
    timeline: list = field(default_factory=list)
    finalists: list[EntryView] = field(default_factory=list)
    status_groups: list = field(default_factory=list)
    responses: list[EntryView] = field(default_factory=list)
    most_built_upon: list[EntryView] = field(default_factory=list)
    jury_weight: float = 0.0
    show_judges: bool = False
    charts: dict = field(default_factory=dict)
    # The gallery tools' choices (partials/gallery_tools.html), once per campaign rather than once per page:
    tool_tags: dict = field(default_factory=dict)  # tag slug → label, in first-seen order
    tool_tag_urls: dict = field(default_factory=dict)  # tag slug → its page
    tool_marks: dict = field(default_factory=dict)  # "winner", "finalist", status id → status label (None: the theme names it)
    # How the ranking score reads, filled in once by build_gallery (views/figures.py):
    figure: str = figures.UNKNOWN  # its kind, 'weighted_rating': the theme words its label and "ranked by" note
    score_digits: int = 0  # extra digits that tell neighbours on different ranks apart

    def score_text(self, score: float, extra: int | None = None) -> str:
        return figures.score_text(self.method, self.voting, self.campaign.scale[1], WEIGHT in self.params, score,
                                  self.score_digits if extra is None else extra)

    @property
    def param_texts(self) -> list[tuple[str, str]]:
        """The ranking's parameters as given: [('jury_weight', '0.004'), ('z', '1.28155')]."""
        return figures.parameter_texts(self.params)

    def _sum_up(self) -> None:
        self.figure = figures.kind(self.method, self.voting, WEIGHT in self.params)
        ranked = [(e.rank, e.score) for e in self.entries if e.rank is not None]
        self.score_digits = figures.extra_digits(ranked, self.score_text)
        self.winners = [e for e in self.entries if e.is_winner]
        self.designer_count = len({d.id for e in self.entries for d in e.designers})
        self.vote_count = sum(e.tally.count for e in self.entries)
        self.text_first = 2 * sum(1 for e in self.entries if e.image) < len(self.entries)


@dataclass(slots=True, eq=False)
class Gallery:
    campaigns: list[CampaignView]
    entries: list[EntryView]
    designers: list[DesignerView]
    tags: list[TagView]
    pages: list = field(default_factory=list)  # views.pages.PageView: the organiser's pages
    menu: dict = field(default_factory=dict)  # "header"/"footer" → [views.pages.MenuLink]

    @property
    def totals(self) -> dict[str, int]:
        return {"campaigns": len(self.campaigns), "submissions": len(self.entries),
                "designers": len(self.designers), "votes": sum(e.tally.count for e in self.entries)}


def _campaign_order(c: Campaign):
    opens = c.opens.timestamp() if c.opens else float("-inf")
    return (-opens, c.id)


def build_gallery(site: Site, rankings: Mapping[str, CampaignRanking], stats: Mapping | None = None,
                  strings: Strings | None = None) -> Gallery:
    """Join records, tallies and ranks into the view objects the pages share, worded in ``strings``' language."""
    designers = {d.id: DesignerView(d, designer_url(d.id), media_url(d.avatar) if d.avatar else "")
                 for d in site.designers}
    submissions = {s.id: s for s in site.submissions}
    tags: dict[str, TagView] = {}
    entries: dict[str, EntryView] = {}
    campaigns: list[CampaignView] = []
    for c in sorted(site.campaigns, key=_campaign_order):
        ranking = rankings[c.id]
        view = CampaignView(c, campaign_url(c.id), results_url(c.id), campaign_api_url(c.id),
                            media_url(c.cover) if c.cover else "", ranking.method, ranking.params,
                            ranking.description)
        winners = _winners(c, ranking)
        ranked_entries = ranking.entries
        if tallies_hidden(c):  # no rank, score or count: a stable shuffle instead
            ranked_entries = [Ranked(r.id, None, 0.0, Tally())
                              for r in shuffled(ranking.entries, c.id, key=lambda r: r.id)]
            view.method_description = describe(METHODS[ranking.method], ranking.params, strings=strings)
            view.hidden = True
        for ranked in ranked_entries:
            s = submissions[ranked.id]
            entry = EntryView(s, submission_url(s.id), ranked.rank, ranked.score, ranked.tally,
                              [media_url(i) for i in s.images], campaign=view, is_winner=s.id in winners)
            entry.designers = [designers[d] for d in s.designers]
            for name in s.tags:
                slug = slugify(name)
                tag = tags.setdefault(slug, TagView(slug, name, tag_url(slug)))
                if tag not in entry.tags:  # two names with one slug: once (entry.tags is short, tag.entries is not)
                    tag.entries.append(entry)
                    entry.tags.append(tag)
            view.entries.append(entry)
            entries[s.id] = entry
        view._sum_up()
        campaigns.append(view)
    ordered = [e for c in campaigns for e in c.entries]
    for entry in ordered:
        for parent in entry.submission.builds_on:
            if parent in entries:
                entry.builds_on.append(entries[parent])
                entries[parent].built_upon_by.append(entry)
        for d in entry.designers:
            d.entries.append(entry)
    for d in designers.values():
        d._sum_up()
    people = sorted(designers.values(), key=lambda d: (-len(d.wins), -d.votes, d.name.casefold(), d.id))
    for tag in tags.values():
        tag.campaign_titles = list(dict.fromkeys(e.campaign.title for e in tag.entries))
    gallery = Gallery(campaigns, ordered, people, [tags[k] for k in sorted(tags)])
    gallery.pages = [page_view(p) for p in site.pages]
    gallery.menu = menus(site.config.menu, gallery.pages, campaigns)
    outcomes.fill(gallery, site, rankings, stats or {}, strings)
    reputation.fill(gallery, site.config, strings)
    return gallery


def _winners(c: Campaign, ranking: CampaignRanking) -> set[str]:
    """An explicit list always stands; 'winners: N' names the top N once the campaign is closed (ties included)."""
    if isinstance(c.winners, tuple):
        return set(c.winners)
    if c.status not in CLOSED or not c.winners:
        return set()
    return {r.id for r in ranking.entries if r.rank <= c.winners and r.tally.count}


def timestamp(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None
