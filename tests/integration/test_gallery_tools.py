"""The gallery tools' choices (filter by tag, by status): every page of a campaign offers the whole
campaign's tags and marks, not only those of the entries it shows.  Built from a small site and read
from the pages as a visitor's browser would."""
from __future__ import annotations

from conftest import build_site, read_page, write_files

ENTRIES = [  # id, tags, status; s1 gets the most votes and wins
    ("s1", ["Zebra"], "planned"),
    ("s2", ["apple"], None),
    ("s3", ["Mango", "apple"], "in-store-test"),
    ("s4", ["banana-split"], None),
    ("s5", ["Zebra"], "planned"),
]

SITE = {
    "site.yaml": ("title: Tools\nper_page: 2\nstatuses:\n"
                  "  - {id: in-store-test, label: In store test, color: \"#0b7285\"}\n"),
    "campaigns.yaml": "- {id: c, title: C, voting: likes, status: announced, winners: 1}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": "".join(
        f"- {{id: {i}, title: T{i}, designer: ada, submitted: 2026-01-0{n}, tags: [{', '.join(tags)}]"
        + (f", status: {status}" if status else "") + "}\n"
        for n, (i, tags, status) in enumerate(ENTRIES, 1)),
    "votes.csv": "submission,votes\ns1,50\ns2,40\ns3,30\ns4,20\ns5,10\n",
}


def options(page, select_id: str) -> list[tuple[str, str]]:
    """(value, text) of each <option> of the <select id=select_id>, in page order."""
    found, inside = [], False
    for tag, attrs in page.tags:
        if tag == "select":
            inside = attrs.get("id") == select_id
        elif tag == "option" and inside:
            found.append(attrs.get("value"))
    return found


def test_every_page_of_a_campaign_offers_the_whole_campaigns_tags_and_marks(tmp_path):
    site = write_files(tmp_path / "site", SITE)
    out = build_site(site, tmp_path / "out")
    # the reference: every tag once, ordered by its label ignoring case; a slug-like name reads with spaces
    labels = {"zebra": "Zebra", "apple": "apple", "mango": "Mango", "banana-split": "banana split"}
    expected_tags = [""] + sorted(labels, key=lambda slug: labels[slug].casefold())
    # marks in the order first seen down the ranking: s1 wins (and is planned), then s3's status
    expected_marks = ["", "winner", "planned", "in-store-test"]
    # page 3 shows one entry: nothing to filter or sort there, so no tools
    assert options(read_page(out / "campaigns/c/page/3/index.html"), "filter-tag") == []
    for path in (out / "campaigns/c/index.html", out / "campaigns/c/page/2/index.html"):
        page = read_page(path)
        assert options(page, "filter-tag") == expected_tags, path
        assert options(page, "filter-status") == expected_marks, path
        text = page.text
        for words in ("Winners", "Planned", "In store test", "banana split", "Mango"):
            assert words in text, (path, words)
        assert "Finalists" not in text  # no campaign finalists: not offered


def test_the_marks_the_theme_names_are_in_the_sites_language(tmp_path):
    from pathlib import Path

    from babel.messages.pofile import read_po
    po = Path(__file__).resolve().parents[2] / "themes/default/translations/fr/LC_MESSAGES/messages.po"
    with po.open("rb") as handle:
        french = {m.id: m.string for m in read_po(handle, locale="fr") if m.id}
    site = write_files(tmp_path / "site", {**SITE, "site.yaml": SITE["site.yaml"].replace("title: Tools\n",
                                                                                          "title: Tools\nlanguage: fr\n")})
    out = build_site(site, tmp_path / "out")
    page = read_page(out / "campaigns/c/page/2/index.html")
    assert options(page, "filter-status") == ["", "winner", "planned", "in-store-test"]
    assert french["Winners"] and french["Winners"] != "Winners"
    html = (out / "campaigns/c/page/2/index.html").read_text(encoding="utf-8")
    assert f'<option value="winner">{french["Winners"]}</option>' in html
    assert "In store test" in page.text  # the site's own status label, as written
