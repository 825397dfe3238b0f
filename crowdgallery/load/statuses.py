"""Idea statuses: the roadmap an idea moves along, built in or defined by the site.

A site may add statuses, or relabel built-in ones, in ``site.yaml``::

    statuses:
      - {id: in-store-test, label: In store test, color: "#0b7285", description: Being tried in one store}

Built-in labels and descriptions are msgids of crowdgallery's catalog, in the context "status": the theme shows every status's
words through the site's language (a site's own words pass as written, being no msgid).

A submission's ``status`` must be one of them; anything else is an error at its
file and line.  The results page groups entries in roadmap order: the built-in
order below, then the site's own statuses in the order written.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from crowdgallery.load.fields import is_safe_id
from crowdgallery.load.strings import NC_
from crowdgallery.model import Site, Status, Submission
from crowdgallery.problems import Problem

# Listed in the order a results page shows them: what came of the ideas first.
BUILT_IN = (
    ("launched", NC_("status", "Launched"), "#135c31", NC_("status", "Live: you can see it in stores or use it now.")),
    ("in-progress", NC_("status", "In progress"), "#1d3f9a", NC_("status", "Being built right now.")),
    ("planned", NC_("status", "Planned"), "#4a22c9", NC_("status", "We have decided to do it; the answer says when.")),
    ("under-review", NC_("status", "Under review"), "#7a4a00", NC_("status", "The team is looking at what it would take.")),
    ("submitted", NC_("status", "Submitted"), "#45434f", NC_("status", "New; not reviewed yet.")),
    ("declined", NC_("status", "Declined"), "#8f1d1d", NC_("status", "Not now; the answer says why.")),
    ("duplicate", NC_("status", "Duplicate"), "#45434f", NC_("status", "Already suggested; its votes count for the original.")),
)


def catalogue(site_statuses, problems: list[Problem] | None = None, at=None) -> dict[str, Status]:
    """Built-in statuses merged with the site's (``site.yaml`` ``statuses``), in roadmap order."""
    out = {sid: Status(sid, label, color, text, i) for i, (sid, label, color, text) in enumerate(BUILT_IN)}
    if site_statuses is None:
        return out

    def error(message: str) -> None:
        if problems is not None:
            problems.append(Problem(at, message))

    advice = "write statuses as a list like [{id: in-store-test, label: In store test, color: '#0b7285'}]"
    if not isinstance(site_statuses, list):
        error(f"'statuses' must be a list; {advice}")
        return out
    for item in site_statuses:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not is_safe_id(item["id"]):
            error(f"every status needs an 'id' made of letters, digits, '-', '_' and '.'; {advice}")
            continue
        sid = item["id"]
        base = out.get(sid)
        color = str(item.get("color") or (base.color if base else "#45434f"))
        if not (color.startswith("#") and len(color) in (4, 7)
                and all(ch in "0123456789abcdefABCDEF" for ch in color[1:])):
            error(f"the colour of status '{sid}' must be written like #1d3f9a")
            color = base.color if base else "#45434f"
        out[sid] = Status(sid, str(item.get("label") or (base.label if base else sid.replace("-", " ").capitalize())),
                          color, str(item.get("description") or (base.description if base else "")),
                          base.order if base else len(out))
    return out


def check_submissions(known: Mapping[str, Status], submissions: Iterable[Submission], problems: list[Problem]) -> None:
    """An unknown status is an error at its submission, naming the statuses there are (``known``: the catalogue)."""
    for s in submissions:
        if s.status and s.status not in known:
            problems.append(Problem(s.loc, f"the status '{s.status}' of '{s.id}' is not a status (known: "
                                           f"{', '.join(known)}); fix it or add it to 'statuses' in site.yaml"))
        if s.duplicate_of and s.status and s.status != "duplicate":
            problems.append(Problem(s.loc, f"'{s.id}' is a duplicate of '{s.duplicate_of}' but its status is "
                                           f"'{s.status}'; leave the status out or make it 'duplicate'"))


def effective_status(s: Submission) -> str:
    """A duplicate's status is 'duplicate' even when not written."""
    return s.status or ("duplicate" if s.duplicate_of else "")


def check_duplicates(site: Site | None, submissions: Iterable[Submission], problems: list[Problem]) -> None:
    """``duplicate_of`` must name another submission of the same campaign that is not itself a duplicate."""
    submissions = list(submissions)
    by_id = {s.id: s for s in submissions}
    for s in submissions:
        if not s.duplicate_of:
            continue
        original = by_id.get(s.duplicate_of)
        if original is None:
            problems.append(Problem(s.loc, f"'{s.id}' is a duplicate of '{s.duplicate_of}', which is not a "
                                           "submission id"))
        elif original.id == s.id:
            problems.append(Problem(s.loc, f"'{s.id}' is a duplicate of itself; remove 'duplicate_of'"))
        elif original.campaign != s.campaign:
            problems.append(Problem(s.loc, f"'{s.id}' is a duplicate of '{original.id}' from another campaign; "
                                           "votes can only be merged within one campaign"))
        elif original.duplicate_of:
            problems.append(Problem(s.loc, f"'{s.id}' is a duplicate of '{original.id}', which is itself a "
                                           f"duplicate of '{original.duplicate_of}'; point it at "
                                           f"'{original.duplicate_of}'"))
