"""A tag's pages: each entry once however its names are spelled, and on every page of a long tag the
campaigns its entries come from, each once, in gallery order.  Built from a small site and read as a
visitor's browser would."""
from __future__ import annotations

from conftest import build_site, read_page, submission_links, write_files

SITE = {
    "site.yaml": "title: Tags\nper_page: 1\n",
    "campaigns.yaml": ("- {id: alpha, title: Alpha Cup, voting: likes, opens: 2026-03-01}\n"
                       "- {id: beta, title: Beta Cup, voting: likes, opens: 2026-01-01}\n"),
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": (
        "- {id: a1, title: A1, designer: ada, campaign: alpha, tags: [Pixel Art, pixel-art]}\n"  # one slug, twice
        "- {id: a2, title: A2, designer: ada, campaign: alpha, tags: [pixel-art]}\n"
        "- {id: b1, title: B1, designer: ada, campaign: beta, tags: [Pixel art]}\n"),
    "votes.csv": "submission,votes\na1,5\na2,3\nb1,4\n",
}


def test_an_entry_tagged_twice_with_one_slug_is_listed_once(tmp_path):
    out = build_site(write_files(tmp_path / "site", SITE), tmp_path / "out")
    shown = [link for n in ("", "page/2/", "page/3/")
             for link in submission_links(read_page(out / f"tags/pixel-art/{n}index.html"))]
    assert shown == ["a1", "a2", "b1"]
    assert not (out / "tags/pixel-art/page/4/index.html").exists()
    entry = read_page(out / "submissions/a1/index.html")
    assert [a["href"] for a in entry.anchors if "tags/pixel" in (a["href"] or "")] == ["../../tags/pixel-art/"]


def test_every_page_of_a_tag_names_its_campaigns_once_each(tmp_path):
    out = build_site(write_files(tmp_path / "site", SITE), tmp_path / "out")
    for n in ("", "page/2/", "page/3/"):
        text = read_page(out / f"tags/pixel-art/{n}index.html").text
        assert "3 entries in Alpha Cup, Beta Cup." in text, n  # the newest campaign first, as in the gallery
