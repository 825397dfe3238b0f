"""Outcomes: phases, hidden tallies, winners with prizes, finalists, the jury, idea statuses,
duplicates, official answers, lineage.  Small sites written here, built, and read as a visitor would.
"""
from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from conftest import (
    assert_no_traceback,
    build_site,
    cli,
    read_json,
    read_page,
    submission_links,
    tree_bytes,
    write_files,
)

from crowdgallery.model import Campaign
from crowdgallery.problems import Location
from crowdgallery.rank.clock import status_at
from crowdgallery.views.phases import timeline

UTC = timezone.utc




def errors_of(site):
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    return [line for line in result.stderr.splitlines() if ": error: " in line]



# --- the lifecycle, as pure functions ----------------------------------------------------

def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


CAMPAIGN = Campaign("c", "C", Location("campaigns.yaml", 1), opens=day("2026-03-01"), closes=day("2026-03-31"),
                    voting_closes=day("2026-04-30"), announced=day("2026-05-15"), status_given=False)


@pytest.mark.parametrize("now, status", [
    ("2026-02-28", "upcoming"),
    ("2026-03-01", "open"),
    ("2026-03-31", "voting"),   # entries closed, voting runs on to 30 April
    ("2026-04-30", "closed"),   # voting over, judging until the announcement
    ("2026-05-15", "announced"),
])
def test_status_follows_the_dates_at_the_builds_clock(now, status):
    assert status_at(CAMPAIGN, day(now)) == status


def test_a_written_status_wins_over_the_dates():
    from dataclasses import replace
    assert status_at(replace(CAMPAIGN, status="closed", status_given=True), day("2026-03-05")) == "closed"


def test_timeline_marks_past_current_and_future_phases():
    from dataclasses import replace
    phases = timeline(replace(CAMPAIGN, status="closed"))
    assert [(p.id, p.state) for p in phases] == [
        ("submissions", "past"), ("voting", "past"), ("judging", "current"), ("results", "future")]
    assert (phases[1].start, phases[1].end) == (day("2026-03-01"), day("2026-04-30"))  # voting opens with entries
    assert phases[3].start == day("2026-05-15")


# --- hidden tallies -------------------------------------------------------------------------

HIDDEN_SITE = {
    "site.yaml": "title: Hidden\n",
    "campaigns.yaml": """
        - id: winter
          title: Winter
          voting: likes
          opens: 2026-10-01
          voting_closes: 2026-12-15
          show_votes: after_close
          winners: 1
    """,
    "designers.yaml": "- {id: ada, name: Ada}\n- {id: ben, name: Ben}\n",
    "submissions.yaml": "".join(f"- {{id: s{i}, title: Design {i}, designer: {'ada' if i % 2 else 'ben'}, "
                                f"submitted: 2026-10-0{i}}}\n" for i in range(1, 7)),
    # distinctive figures that would be easy to find anywhere in the output
    "votes.csv": "submission,votes\ns1,98765\ns2,43210\n"
                 "s3,0\n",
}


def test_hidden_tallies_reach_no_output_and_the_order_is_a_stable_shuffle(tmp_path):
    site = write_files(tmp_path / "site", HIDDEN_SITE)
    # with a base_url, so previews, JSON-LD, feeds, the sitemap and share images are written too
    out = build_site(site, tmp_path / "out", "--now", "2026-11-20T00:00:00Z", "--base-url", "https://h.example.org/")
    files = tree_bytes(out)
    assert {"feed.xml", "sitemap.xml", "campaigns/winter/results.csv", "api/submissions.json",
            "submissions/s1/badge.svg", "submissions/s1/share.jpg", "embed/submissions/s1/index.html"} <= files.keys()
    everything = b"\n".join(files.values())
    for figure in (b"98765", b"98,765", b"43210", b"43,210", b"98 765"):
        assert figure not in everything
    generated = b"\n".join(v for k, v in files.items() if not k.startswith("static/") and not k.endswith(".png"))
    for words in (b"#1 ", b"Winner", b"aggregateRating", b"ItemList", b"ratingCount", b'"place"'):
        assert words not in generated, words
    # share images are pictures: what they show cannot be grepped, but it must not depend on the votes
    other_site = write_files(tmp_path / "other-site", {**HIDDEN_SITE, "votes.csv": "submission,votes\ns1,5\ns2,70000\n"})
    other = tree_bytes(build_site(other_site, tmp_path / "other", "--now", "2026-11-20T00:00:00Z",
                             "--base-url", "https://h.example.org/"))
    assert {k: v for k, v in other.items() if k.endswith((".png", ".svg", ".csv", ".xml", ".json"))} == \
        {k: v for k, v in files.items() if k.endswith((".png", ".svg", ".csv", ".xml", ".json"))}
    data = read_json(out / "api/campaigns/winter.json")
    assert data["status"] == "open" and data["order"] == "shuffled until voting closes"
    for entry in data["entries"]:
        assert not {"rank", "score", "votes", "winner"} & entry.keys()
    # the same shuffle docs/outcomes.md promises: sorted ids, shuffled with a seed from the campaign id
    expected = [f"s{i}" for i in range(1, 7)]
    random.Random("crowdgallery:winter").shuffle(expected)
    assert [e["id"] for e in data["entries"]] == expected
    gallery = read_page(out / "campaigns/winter/index.html")
    assert submission_links(gallery) == expected
    assert "Votes are secret until voting closes" in gallery.text
    results = (out / "campaigns/winter/results/index.html").read_text(encoding="utf-8")
    for column in (">Rank</th>", ">Score</th>", ">Votes</th>"):
        assert column not in results
    profile = read_page(out / "designers/ada/index.html")
    assert "votes received" not in profile.text  # hidden votes do not count towards a profile (0: not shown)

    # after voting closes the same data shows its figures: the grep above could have failed
    later = build_site(site, tmp_path / "later", "--now", "2026-12-16T00:00:00Z")
    assert b"98,765" in (later / "campaigns/winter/results/index.html").read_bytes()
    data = read_json(later / "api/campaigns/winter.json")
    assert data["status"] == "closed"
    assert (data["entries"][0]["id"], data["entries"][0]["votes"], data["entries"][0]["winner"]) == (
        "s1", {"count": 98765}, True)


def test_hidden_builds_are_byte_identical(tmp_path):
    site = write_files(tmp_path / "site", HIDDEN_SITE)
    a = tree_bytes(build_site(site, tmp_path / "a", "--now", "2026-11-20T00:00:00Z"))
    b = tree_bytes(build_site(site, tmp_path / "b", "--now", "2026-11-20T00:00:00Z"))
    assert a == b


# --- winners, prizes, finalists, jury -------------------------------------------------------

JURY_SITE = {
    "site.yaml": "title: Jury\n",
    "campaigns.yaml": """
        - id: tees
          title: Tees
          voting: likes
          status: closed
          ranking: {method: count, jury_weight: 0.5}
          jury_scale: [1, 10]
          winners: 1
          finalists: 1
          prizes:
            - {place: 1, title: Golden Tee, description: A thousand shirts printed.}
    """,
    "designers.yaml": "- {id: ada, name: Ada}\n- {id: ben, name: Ben}\n",
    "submissions.yaml": """
        - {id: a, title: Alpha, designer: ada, submitted: 2026-01-01}
        - {id: b, title: Bravo, designer: ben, submitted: 2026-01-02}
        - {id: c, title: Charlie, designer: ada, submitted: 2026-01-03}
        - {id: d, title: Delta, designer: ben, submitted: 2026-01-04}
    """,
    "votes.csv": "submission,votes\na,10\nb,6\nc,2\n",
    "jury.csv": """
        submission,judge,score
        a,Judge Quill,1
        a,Judge Marlow,3
        b,Judge Quill,10
        b,Judge Marlow,10
        c,Judge Quill,5
        c,Judge Marlow,6
    """,
}


def test_jury_blend_ranks_by_the_weighted_sum_and_entries_without_jury_come_last(tmp_path):
    site = write_files(tmp_path / "site", JURY_SITE)
    out = build_site(site, tmp_path / "out")
    data = read_json(out / "api/campaigns/tees.json")
    # public (count) rescaled over a..d: lowest 0 (d), highest 10 (a): a 1.0, b 0.6, c 0.2, d 0
    # jury means on 1–10 rescaled: a 2 → 1/9, b 10 → 1, c 5.5 → 0.5; d has none
    # final = 0.5·public + 0.5·jury: a 1/2 + 1/18 = 5/9, b 0.8, c 0.35; d last (no jury) with 0
    # (published with every digit: 5/9 is 0.5555555555555556)
    got = [(e["id"], e["rank"], e["score"]) for e in data["entries"]]
    assert got == [("b", 1, 0.8), ("a", 2, 5 / 9), ("c", 3, 0.35), ("d", 4, 0.0)]
    assert data["ranking"]["jury_weight"] == 0.5
    assert data["entries"][0]["jury"] == {"mean": 10.0, "count": 2}
    results = read_page(out / "campaigns/tees/results/index.html")
    assert "50% public vote + 50% jury" in results.text
    assert "Entries without jury scores rank below every entry with them" in results.text


def test_winner_shows_place_and_prize_and_the_next_is_a_finalist(tmp_path):
    site = write_files(tmp_path / "site", JURY_SITE)
    out = build_site(site, tmp_path / "out")
    data = read_json(out / "api/campaigns/tees.json")
    assert [(e["id"], e["winner"], e.get("place"), e.get("prize"), e.get("finalist", False))
            for e in data["entries"]] == [("b", True, 1, "Golden Tee", False), ("a", False, None, None, True),
                                          ("c", False, None, None, False), ("d", False, None, None, False)]
    results = read_page(out / "campaigns/tees/results/index.html")
    assert "1st place · Golden Tee" in results.text and "A thousand shirts printed." in results.text
    assert "Finalist" in results.text
    assert "1st place · Golden Tee" in read_page(out / "submissions/b/index.html").text
    assert "Finalist" in read_page(out / "submissions/a/index.html").text


def test_judges_names_appear_only_when_the_campaign_shows_them(tmp_path):
    site = write_files(tmp_path / "site", JURY_SITE)
    out = build_site(site, tmp_path / "out")
    everything = b"\n".join(tree_bytes(out).values())
    assert b"Quill" not in everything and b"Marlow" not in everything
    assert "Jury mean 10.00 on a scale of 1–10, from 2 judges." in read_page(out / "submissions/b/index.html").text

    text = (site / "campaigns.yaml").read_text().replace("winners: 1", "winners: 1\n  show_judges: true")
    (site / "campaigns.yaml").write_text(text)
    shown = build_site(site, tmp_path / "shown")
    assert "Judge Quill: 10" in read_page(shown / "submissions/b/index.html").text


def test_jury_problems_name_their_line(tmp_path):
    files = dict(JURY_SITE)
    files["jury.csv"] = "submission,judge,score\na,Q,11\nzz,Q,5\na,R,2\na,R,3\n"
    site = write_files(tmp_path / "site", files)
    assert errors_of(site) == [
        "jury.csv:2: error: the score 11 is off the jury scale 1–10 of 'tees'; fix it or set 'jury_scale' on the "
        "campaign",
        "jury.csv:3: error: the jury score names 'zz', which is not a submission id",
        "jury.csv:5: error: this judge already scored 'a' at jury.csv:4; keep one score per judge and submission",
    ]


# --- idea statuses, duplicates, answers, lineage ---------------------------------------------

BOARD = {
    "site.yaml": """
        title: Board
        statuses:
          - {id: in-store-test, label: In store test, color: "#0b7285", description: Tried in one store.}
    """,
    "campaigns.yaml": "- {id: ideas, title: Ideas, voting: updown, ranking: net}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n- {id: ben, name: Ben}\n",
    "submissions.yaml": """
        - id: bench
          title: Repair bench
          designer: ada
          status: launched
          response: Open in **Leeds**.
          response_by: Store team
          response_date: 2026-10-02
        - {id: bowl, title: Dog bowl, designer: ben, status: planned}
        - {id: late, title: Late opening, designer: ben, status: in-store-test}
        - {id: shelter, title: Bike shelter, designer: ada, duplicate_of: bowl}
        - {id: kids, title: Kids bench, designer: ben, builds_on: [bench]}
    """,
    "votes.csv": "submission,voter,value\nbowl,v1,1\nbowl,v2,1\nshelter,v2,1\nshelter,v3,-1\nbench,v1,1\n",
}


def test_duplicate_votes_merge_into_the_original_once_per_voter(tmp_path):
    site = write_files(tmp_path / "site", BOARD)
    out = build_site(site, tmp_path / "out")
    data = {e["id"]: e for e in read_json(out / "api/campaigns/ideas.json")["entries"]}
    # bowl: v1 +1, v2 +1 (its own and the duplicate's vote from v2 count once), v3 −1
    assert data["bowl"]["votes"] == {"count": 3, "up": 2, "down": 1}
    assert data["shelter"]["votes"] == {"count": 0, "up": 0, "down": 0}
    assert (data["shelter"]["status"], data["shelter"]["duplicate_of"]) == ("duplicate", "bowl")
    page = read_page(out / "submissions/shelter/index.html")
    assert "This idea duplicates Dog bowl" in page.text
    assert "../../submissions/bowl/" in page.links
    assert "Bike shelter" in read_page(out / "submissions/bowl/index.html").text  # "Merged into this idea"


def test_results_group_ideas_by_status_in_roadmap_order_and_gather_answers(tmp_path):
    site = write_files(tmp_path / "site", BOARD)
    out = build_site(site, tmp_path / "out")
    page = read_page(out / "campaigns/ideas/results/index.html")
    text = page.text
    order = [text.index(label) for label in ("Launched (1)", "Planned (1)", "Duplicate (1)", "In store test (1)")]
    assert order == sorted(order)
    assert "Answered by Store team on 2 October 2026" in text
    assert ("strong", {}) in page.tags  # the answer's Markdown
    entry = read_page(out / "submissions/bench/index.html").text
    assert "Official response" in entry and "Answered by Store team on 2 October 2026" in entry


def test_unknown_status_and_bad_duplicates_are_errors_at_their_line(tmp_path):
    files = dict(BOARD)
    files["submissions.yaml"] = """
        - {id: a, title: A, designer: ada, status: shipped}
        - {id: b, title: B, designer: ada, duplicate_of: nope}
    """
    site = write_files(tmp_path / "site", files)
    errors = errors_of(site)
    assert errors[0].startswith("submissions.yaml:1: error: the status 'shipped' of 'a' is not a status (known: "
                                "launched, in-progress, planned, under-review, submitted, declined, duplicate, "
                                "in-store-test)")
    assert errors[1] == "submissions.yaml:2: error: 'b' is a duplicate of 'nope', which is not a submission id"


def test_a_builds_on_cycle_is_an_error_naming_the_ids(tmp_path):
    files = dict(BOARD)
    files["submissions.yaml"] = """
        - {id: a, title: A, designer: ada, builds_on: [c]}
        - {id: b, title: B, designer: ada, builds_on: [a]}
        - {id: c, title: C, designer: ada, builds_on: [b]}
        - {id: d, title: D, designer: ada, builds_on: [a]}
    """
    site = write_files(tmp_path / "site", files)
    errors = errors_of(site)
    assert len(errors) == 1
    assert errors[0].startswith("submissions.yaml:1: error: builds_on goes round in a circle: a → c → b → a;")


def test_most_built_upon_ideas_on_the_results_page(tmp_path):
    site = write_files(tmp_path / "site", BOARD)
    out = build_site(site, tmp_path / "out")
    text = read_page(out / "campaigns/ideas/results/index.html").text
    assert "Most built-upon ideas" in text and "Repair bench: 1 idea builds on it (Kids bench)" in text


def test_jury_scores_of_a_draft_left_out_are_skipped_silently(tmp_path):
    files = dict(JURY_SITE)
    files["submissions.yaml"] = JURY_SITE["submissions.yaml"].rstrip(" ") + "        - {id: e, title: Echo, designer: ada, draft: true}\n"
    files["jury.csv"] = JURY_SITE["jury.csv"].rstrip(" ") + "        e,Judge Quill,9\n"
    site = write_files(tmp_path / "site", files)
    result = cli("build", site, "-o", tmp_path / "out", "--strict")
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in read_json(tmp_path / "out/api/campaigns/tees.json")["entries"]] == ["b", "a", "c", "d"]
    with_drafts = build_site(site, tmp_path / "drafts", "--drafts")
    # e: no votes (public 0) and a jury score of 9 → 0.5 · 8/9 = 0.4444, between a (0.5556) and c (0.35)
    assert [e["id"] for e in read_json(with_drafts / "api/campaigns/tees.json")["entries"]] == ["b", "a", "e", "c", "d"]
