"""Results as CSV (safe in a spreadsheet), the read API's lists, badges and embed cards."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from conftest import cli, read_json, read_page, write_files

from crowdgallery.plan.exports import neutralise

SVG = "{http://www.w3.org/2000/svg}"


def read_csv(path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_results_csv_matches_the_ranking(example_built):
    out = example_built
    rows = read_csv(out / "campaigns/summer-tees-2026/results.csv")
    api = read_json(out / "api/campaigns/summer-tees-2026.json")["entries"]
    assert list(rows[0]) == ["rank", "id", "title", "designers", "score", "votes", "status", "winner"]
    assert [(r["id"], int(r["rank"]), int(r["votes"]), r["winner"]) for r in rows] == [
        (e["id"], e["rank"], e["votes"]["count"], "yes" if e["winner"] else "no") for e in api]
    assert rows[0]["title"] == "Retro Sunset" and rows[0]["designers"] == "Tomás Ruiz"
    # still in voting, tallies hidden: ids and titles only, in the pages' shuffled order
    hidden = read_csv(out / "campaigns/winter-layers-2027/results.csv")
    assert hidden and all(r["rank"] == r["score"] == r["votes"] == r["winner"] == "" for r in hidden)
    shuffled = read_json(out / "api/campaigns/winter-layers-2027.json")["entries"]
    assert [r["id"] for r in hidden] == [e["id"] for e in shuffled]


FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+2", "-3", "@SUM(A1)"]


def test_neutralise_covers_tab_and_carriage_return():
    # (the loader strips text fields, so a title cannot start with these; the rule still covers them)
    assert [neutralise(t) for t in ("\tx", "\rx", "x\t", "a=b")] == ["'\tx", "'\rx", "x\t", "a=b"]


def test_cells_that_would_start_a_formula_are_neutralised(tmp_path):
    titles = "".join(f"- {{id: s{i}, title: {json.dumps(t)}, designer: ada}}\n" for i, t in enumerate(FORMULAS))
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: F\n",
        "campaigns.yaml": "- {id: c, title: C, voting: updown, ranking: net}\n",
        "designers.yaml": "- {id: ada, name: '=cmd|'' /C calc''!A0'}\n",
        "submissions.yaml": titles + "- {id: plain, title: Plain - title, designer: ada}\n",
        "votes.csv": "submission,voter,value\ns2,v1,-1\ns2,v2,-1\n",
    })
    out = tmp_path / "out"
    result = cli("build", site, "-o", out)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in read_csv(out / "campaigns/c/results.csv")}
    for i, title in enumerate(FORMULAS):
        assert rows[f"s{i}"]["title"] == "'" + title
        assert rows[f"s{i}"]["designers"] == "'=cmd|' /C calc'!A0"
    assert rows["plain"]["title"] == "Plain - title"  # only a first character makes a formula
    assert rows["s2"]["score"].startswith("-")  # our own numbers stay numbers (net votes can be negative)


def test_read_api_lists_every_submission_and_designer(example_built):
    out = example_built
    subs = read_json(out / "api/submissions.json")
    people = read_json(out / "api/designers.json")
    assert subs["version"] == people["version"] == 1
    ids = [s["id"] for s in subs["submissions"]]
    assert len(ids) == len(set(ids)) == len(list((out / "submissions").glob("*/index.html")))
    for s in subs["submissions"]:
        assert (out / s["url"] / "index.html").is_file()
        assert all((out / image).is_file() for image in s["images"] if "://" not in image)
    retro = next(s for s in subs["submissions"] if s["id"] == "retro-sunset")
    assert (retro["campaign"], retro["designers"], retro["rank"], retro["winner"], retro["place"]) == (
        "summer-tees-2026", ["tomas-ruiz"], 1, True, 1)
    frost = next(s for s in subs["submissions"] if s["id"] == "frost-fern")  # tallies hidden
    assert not {"rank", "score", "votes", "winner", "place"} & frost.keys()
    avatars = [d["avatar"] for d in people["designers"] if d["avatar"] and "://" not in d["avatar"]]
    assert avatars and all((out / avatar).is_file() for avatar in avatars)  # the published copies
    zoe = next(d for d in people["designers"] if d["id"] == "zoe-ng")
    assert zoe["url"] == "designers/zoe-ng/" and zoe["totals"]["wins"] == 1
    assert set(zoe["submissions"]) == {s["id"] for s in subs["submissions"] if "zoe-ng" in s["designers"]}
    assert {"winner"} <= {b["id"] for b in zoe["badges"]}
    assert not [key for d in people["designers"] for key in d if "mail" in key]


def test_badges_are_svg_that_say_the_rank_and_the_wins(example_built):
    out = example_built
    root = ET.parse(out / "submissions/retro-sunset/badge.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Northwind Outfitters Crowd Lab", "Winner · #1 in Summer Tees 2026 · 4.3 ★"]
    assert root.findtext(f"{SVG}title") == "Northwind Outfitters Crowd Lab: Winner · #1 in Summer Tees 2026 · 4.3 ★"
    zoe = ET.parse(out / "designers/zoe-ng/badge.svg").getroot()
    votes = read_json(out / "api/designers.json")
    total = next(d for d in votes["designers"] if d["id"] == "zoe-ng")["totals"]["votes"]
    assert [t.text for t in zoe.iter(f"{SVG}text")] == ["Zoë Ng", f"1 win · {total:,} votes"]
    hidden = ET.parse(out / "submissions/frost-fern/badge.svg").getroot()
    assert [t.text for t in hidden.iter(f"{SVG}text")][1] == "Entry in Winter Layers 2027"


def test_embed_card_has_no_site_chrome_and_opens_the_full_page_on_top(example_built):
    out = example_built
    page = read_page(out / "embed/submissions/retro-sunset/index.html")
    tags = {tag for tag, _ in page.tags}
    assert not {"header", "nav", "footer", "script", "iframe"} & tags
    assert page.title == "Retro Sunset · Northwind Outfitters Crowd Lab"
    assert "Winner · #1 in Summer Tees 2026 · 4.3 ★" in page.text
    links = [a for a in page.anchors]
    assert links and all(a["target"] == "_top" for a in links)
    assert "../../../submissions/retro-sunset/" in [a["href"] for a in links]
    assert "../../../static/embed.css" in page.links
    size = len((out / "embed/submissions/retro-sunset/index.html").read_bytes())
    assert size < 1500, size  # one per submission: kept small


def test_a_winners_list_given_while_tallies_are_hidden_is_told_nowhere(tmp_path):
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: W\nbase_url: https://w.example.org/\n",
        "campaigns.yaml": "- {id: c, title: C, status: voting, show_votes: after_close, winners: [x]}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: x, title: X, designer: ada, submitted: 2026-01-02}\n",
        "votes.csv": "submission,voter\nx,v1\n",
    })
    out = tmp_path / "out"
    assert cli("build", site, "-o", out).exit_code == 0
    ada = read_json(out / "api/designers.json")["designers"][0]
    assert ada["totals"]["wins"] == 0
    assert "winner" not in read_json(out / "api/submissions.json")["submissions"][0]
    badge = ET.parse(out / "designers/ada/badge.svg").getroot()
    assert [t.text for t in badge.iter(f"{SVG}text")] == ["Ada", "0 wins · 0 votes"]
    assert b" won " not in (out / "designers/ada/feed.xml").read_bytes()
    assert read_csv(out / "campaigns/c/results.csv")[0]["winner"] == ""
