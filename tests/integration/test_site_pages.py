"""The organiser's pages (pages/), the header and footer menus (menu: in site.yaml) and aliases (old
addresses): real site folders, real builds, the output read as a visitor and a crawler would."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import PNG, assert_no_traceback, build_site, cli, link_tags, meta_tags, read_page, write_files

RULES = """
    ---
    title: Contest rules
    description: Who may enter and how votes count.
    menu: 2
    aliases: [old-rules, archive/rules.html]
    ---
    # Who may enter

    Anyone. See the [FAQ](help/faq.md#voting), the [terms](terms.pdf) and [the poster](<files/poster 2026.png>).

    <script>alert("rules")</script>
    [click me](javascript:alert(1)) <a href="#" onclick="alert(2)">handler</a>

    ## Teams

    Teams name every member.

    # Judging

    The jury scores every entry.

    # Prizes

    Three prizes.
    """
FAQ = """
    ---
    title: FAQ
    menu: 1
    ---
    ## Voting

    Back to the [rules](../rules.md).
    """


@pytest.fixture
def site(site_copy):
    folder = site_copy("gallery")
    write_files(folder, {"pages/rules.md": RULES, "pages/help/faq.md": FAQ, "pages/terms.pdf": b"%PDF-1.4 terms",
                         "pages/files/poster 2026.png": PNG})
    return folder


def errors_of(result) -> list[str]:
    return [line for line in (result.output + (result.stderr or "")).splitlines() if ": error: " in line]


def warnings_of(result) -> list[str]:
    return [line for line in (result.output + (result.stderr or "")).splitlines() if ": warning: " in line]


def headings(page) -> list[tuple[int, str]]:
    """(level, id) of every heading inside <main>, in order."""
    levels, inside = [], False
    for tag, attrs in page.tags:
        if tag == "main":
            inside = True
        elif tag == "footer":
            inside = False
        elif inside and re.fullmatch(r"h[1-6]", tag):
            levels.append((int(tag[1]), attrs.get("id") or ""))
    return levels


# --- pages ---------------------------------------------------------------------------------

def test_pages_are_published_at_their_addresses_with_headings_in_order(site, tmp_path):
    out = build_site(site, tmp_path / "out")
    rules = read_page(out / "rules" / "index.html")
    assert rules.title.startswith("Contest rules · Test Gallery")
    found = headings(rules)
    assert found[0][0] == 1 and "Contest rules" in rules.text  # the page's title is the only h1
    assert [level for level, _ in found].count(1) == 1
    levels = [level for level, _ in found]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no level skipped
    ids = [i for level, i in found if level == 2 and i]
    assert {"who-may-enter", "judging", "prizes"} <= set(ids)  # "# Who may enter" became an anchored h2
    # Three sections: a table of contents linking each
    toc = [a["href"] for a in rules.anchors if (a.get("href") or "").startswith("#") and a["href"] != "#content"]
    assert toc[:4] == ["#who-may-enter", "#teams", "#judging", "#prizes"]
    # Nested folders map to nested addresses
    faq = read_page(out / "help" / "faq" / "index.html")
    assert headings(faq)[:2] == [(1, ""), (2, "voting")]


def test_links_between_pages_and_to_files_work_from_the_published_addresses(site, tmp_path):
    out = build_site(site, tmp_path / "out")
    rules = read_page(out / "rules" / "index.html")
    hrefs = {a.get("href") for a in rules.anchors}
    assert "../help/faq/#voting" in hrefs and "../terms.pdf" in hrefs
    assert (out / "terms.pdf").read_bytes() == b"%PDF-1.4 terms"  # the linked file is published
    assert "../files/poster%202026.png" in hrefs and (out / "files" / "poster 2026.png").read_bytes() == PNG
    faq = read_page(out / "help" / "faq" / "index.html")
    assert "../../rules/" in {a.get("href") for a in faq.anchors}


def test_a_page_is_sanitised_like_crowd_text(site, tmp_path):
    out = build_site(site, tmp_path / "out")
    html = (out / "rules" / "index.html").read_text(encoding="utf-8")
    rules = read_page(out / "rules" / "index.html")
    assert not any("alert" in s for s in rules.scripts)  # the page's <script> is gone
    assert 'alert("rules")' not in html
    assert not any((a.get("href") or "").lower().startswith("javascript:") for a in rules.anchors)
    assert "click me" in rules.text  # the link's text stays, as text
    assert not any(k.startswith("on") for _, attrs in rules.tags for k in attrs)


def test_a_page_has_link_previews_and_is_in_the_sitemap_but_not_its_redirects(site, tmp_path):
    out = build_site(site, tmp_path / "out", "--base-url", "https://gallery.example.org/")
    rules = read_page(out / "rules" / "index.html")
    meta = meta_tags(rules)
    assert meta["og:title"] == "Contest rules"
    assert meta["og:description"] == meta["description"] == "Who may enter and how votes count."
    assert meta["og:image"] == "https://gallery.example.org/share.jpg"  # the site's own preview image
    assert (out / "share.jpg").is_file()
    assert link_tags(rules, "canonical")[0]["href"] == "https://gallery.example.org/rules/"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {e.text for e in ET.parse(out / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    assert {"https://gallery.example.org/rules/", "https://gallery.example.org/help/faq/"} <= listed
    assert not any("old-rules" in url or "archive/" in url for url in listed)
    # A page without a description is described by its first words
    assert meta_tags(read_page(out / "help" / "faq" / "index.html"))["description"] == "Voting Back to the rules."


def test_drafts_are_left_out_unless_asked_for(site, tmp_path):
    write_files(site, {"pages/draft.md": "---\ntitle: Soon\ndraft: true\n---\nNot yet.\n"})
    assert not (build_site(site, tmp_path / "out") / "draft").exists()
    assert (build_site(site, tmp_path / "drafts", "--drafts") / "draft" / "index.html").is_file()


def test_front_matter_mistakes_are_all_reported_at_their_lines(site):
    write_files(site, {
        "pages/one.md": "---\ndescription: no title here\nmenu: soon\n---\nText.\n",
        "pages/two.md": "---\ntitle: Two\nslug: ../up\ndraft: maybe\n---\nText.\n",
        "pages/three.md": "---\ntitle: [not, text]\n---\n",
    })
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    errors = errors_of(result)
    assert any(e.startswith("pages/one.md:") and "no 'title'" in e for e in errors)
    assert any(e.startswith("pages/one.md:3:") and "'menu'" in e for e in errors)
    assert any(e.startswith("pages/two.md:3:") and "slug" in e for e in errors)
    assert any(e.startswith("pages/two.md:4:") and "'draft'" in e for e in errors)
    assert any(e.startswith("pages/three.md:2:") and "'title'" in e for e in errors)


def test_files_not_read_are_named_and_images_are_warned_about(site, tmp_path):
    write_files(site, {"pages/notes.docx": b"PK\x03\x04", "pages/poster.md": "---\ntitle: P\n---\n\n![art](art.png)\n",
                       "pages/art.png": b"\x89PNG", "pages/gone.md": "---\ntitle: G\n---\nSee [x](missing.md).\n"})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    warnings = warnings_of(result)
    assert any(w.startswith("pages/notes.docx: warning: this file is not read") for w in warnings)
    assert any(w.startswith("pages/poster.md:5:") and "no images" in w for w in warnings)
    assert any(w.startswith("pages/gone.md:4:") and "missing.md" in w for w in warnings)
    assert not (tmp_path / "out" / "notes.docx").exists()


@pytest.mark.parametrize("path, text, clash", [
    ("pages/designers.md", "title: Designers", "the designers list"),
    ("pages/campaigns/tees.md", "title: Tees", "the campaign 'tees' (campaigns.yaml:1)"),
    ("pages/tags.md", "title: T", "the tags list"),
    ("pages/elsewhere.md", "title: E\nslug: feed.xml", "the site's feed"),
    ("pages/api/notes.md", "title: N", "inside api/"),
    ("pages/index.md", "title: Welcome", "the home page"),
])
def test_a_page_at_an_address_the_site_uses_is_an_error_naming_both(site, path, text, clash):
    write_files(site, {path: f"---\n{text}\n---\nText.\n"})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    errors = errors_of(result)
    assert any(e.startswith(path + ":") and clash in e for e in errors), errors


def test_two_files_for_one_page_are_an_error(site):
    write_files(site, {"pages/help/index.md": "---\ntitle: Help\n---\n", "pages/help.md": "---\ntitle: Help too\n---\n"})
    result = cli("check", site)
    assert result.exit_code == 1
    assert any("pages/help/index.md" in e and "pages/help.md" in e for e in errors_of(result))


# --- menus ---------------------------------------------------------------------------------

def footer_links(page) -> list[tuple[str, str | None]]:
    """(href, aria-current) of the footer's menu links."""
    out, inside = [], False
    for tag, attrs in page.tags:
        if tag == "nav" and attrs.get("class") == "site-footer__nav":
            inside = True
        elif inside and tag == "a":
            out.append((attrs["href"], attrs.get("aria-current")))
        elif inside and tag == "p":
            break
    return out


def test_without_a_menu_the_pages_are_in_the_footer_by_weight(site, tmp_path):
    out = build_site(site, tmp_path / "out")
    home = read_page(out / "index.html")
    assert [href for href, _ in footer_links(home)] == ["help/faq/", "rules/"]  # menu: 1, then menu: 2
    rules = read_page(out / "rules" / "index.html")
    assert footer_links(rules) == [("../help/faq/", None), ("../rules/", "page")]


def test_the_menu_lists_pages_campaigns_and_addresses_and_marks_the_current_page(site, tmp_path):
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "menu:\n  header:\n    - page: rules\n      label: Rules\n    - campaign: mugs\n"
        "    - url: https://shop.example.org/\n      label: Shop\n  footer:\n    - page: help/faq\n"), encoding="utf-8")
    out = build_site(site, tmp_path / "out")
    rules = read_page(out / "rules" / "index.html")
    header = [a for a in rules.anchors if a.get("href") in ("../rules/", "../campaigns/mugs/", "https://shop.example.org/")]
    assert {a["href"] for a in header} == {"../rules/", "../campaigns/mugs/", "https://shop.example.org/"}
    assert all(a.get("aria-current") == "page" for a in header if a["href"] == "../rules/")
    assert not any(a.get("aria-current") for a in header if a["href"] != "../rules/")
    assert "Shop" in rules.text
    assert footer_links(rules) == [("../help/faq/", None)]


def test_menu_mistakes_are_errors_at_their_line_of_site_yaml(site):
    config = site / "site.yaml"
    lines = len(config.read_text(encoding="utf-8").splitlines())
    config.write_text(config.read_text(encoding="utf-8") + (
        "menu:\n  header:\n    - page: rulez\n    - campaign: nope\n    - url: https://x.example.org/\n"
        "    - url: javascript:alert(1)\n      label: X\n  sidebar: []\n"), encoding="utf-8")
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    errors = errors_of(result)
    assert any(e.startswith(f"site.yaml:{lines + 3}:") and "no page 'rulez'" in e and "rules" in e for e in errors)
    assert any(e.startswith(f"site.yaml:{lines + 4}:") and "no campaign 'nope'" in e for e in errors)
    assert any(e.startswith(f"site.yaml:{lines + 5}:") and "label" in e for e in errors)
    assert any(e.startswith(f"site.yaml:{lines + 6}:") and "javascript" in e for e in errors)
    assert any(e.startswith(f"site.yaml:{lines + 8}:") and "sidebar" in e for e in errors)


# --- aliases -------------------------------------------------------------------------------

def with_aliases(site, designer: str = "[cy-old, people/cy]", submission: str = "[old-wave]"):
    write_files(site, {"designers/cy.md": f"---\nname: Cy Loop\naliases: {designer}\n---\nPainter of loops.\n"})
    text = (site / "submissions.yaml").read_text(encoding="utf-8")
    (site / "submissions.yaml").write_text(
        text.replace("- id: tee-wave\n", f"- id: tee-wave\n  redirect_from: {submission}\n", 1), encoding="utf-8")


def redirect_of(path) -> dict:
    page = read_page(path)
    meta = meta_tags(page)
    refresh = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "refresh")
    return {"refresh": refresh, "robots": meta.get("robots"), "canonical": link_tags(page, "canonical")[0]["href"],
            "links": [a["href"] for a in page.anchors], "scripts": page.scripts, "text": page.text}


def test_an_alias_writes_a_redirect_page_and_the_badge_at_the_old_address(site, tmp_path):
    with_aliases(site)
    out = build_site(site, tmp_path / "out", "--base-url", "https://gallery.example.org/")
    old = redirect_of(out / "designers" / "cy-old" / "index.html")
    assert old["refresh"] == "0; url=../../designers/cy/"
    assert old["robots"] == "noindex"
    assert old["canonical"] == "https://gallery.example.org/designers/cy/"
    assert old["links"] == ["../../designers/cy/"] and "Cy Loop" in old["text"] and old["scripts"] == []
    # What other sites embed from the old address: the same badge and feed as at the new one
    assert (out / "designers/cy-old/badge.svg").read_bytes() == (out / "designers/cy/badge.svg").read_bytes()
    assert (out / "designers/cy-old/feed.xml").read_bytes() == (out / "designers/cy/feed.xml").read_bytes()
    assert redirect_of(out / "people" / "cy" / "index.html")["refresh"] == "0; url=../../designers/cy/"
    # A submission's old id: its page, badge and iframe card
    assert redirect_of(out / "submissions/old-wave/index.html")["links"] == ["../../submissions/tee-wave/"]
    assert (out / "submissions/old-wave/badge.svg").read_bytes() == (out / "submissions/tee-wave/badge.svg").read_bytes()
    card = read_page(out / "embed/submissions/old-wave/index.html")
    assert "Wave Tee" in card.text
    # A page's aliases, one an old .html file
    assert redirect_of(out / "old-rules" / "index.html")["links"] == ["../rules/"]
    assert redirect_of(out / "archive" / "rules.html")["links"] == ["../rules/"]


def test_redirects_name_index_html_when_browsed_from_the_disk(site, tmp_path):
    with_aliases(site)
    out = build_site(site, tmp_path / "out", "--file-urls")
    old = redirect_of(out / "designers" / "cy-old" / "index.html")
    assert old["refresh"] == "0; url=../../designers/cy/index.html"
    assert old["links"] == ["../../designers/cy/index.html"]


@pytest.mark.parametrize("designer, clash", [
    ("[ada]", "is also the designer 'ada' (designers.csv:2)"),  # another designer's handle
    ("[../../etc]", "is not a safe address"),
    ("['/']", "is the site's root"),
    ("['people/%2e%2e/x']", "is not a safe address"),
    ("[old-wave]", None),  # fine: a designer's old handle and a submission's old id live in different folders
    ("[tags/blue]", "is also the tag 'blue'"),
    ("['/rules/']", "is also the page pages/rules.md"),
    ("[api/x]", "inside api/"),
])
def test_an_alias_that_collides_or_escapes_is_an_error_naming_both(site, designer, clash):
    with_aliases(site, designer)
    result = cli("check", site)
    assert_no_traceback(result)
    errors = errors_of(result)
    if clash is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert any(e.startswith("designers/cy.md:3:") and clash in e for e in errors), errors


def test_two_aliases_of_one_address_are_an_error_naming_both(site):
    with_aliases(site, designer="[shared/old]", submission="[shared/old]")
    result = cli("check", site)
    assert result.exit_code == 1
    errors = errors_of(result)
    assert any("an alias of the designer 'cy'" in e and "an alias of the submission 'tee-wave'" in e
               and "designers/cy.md:3" in e for e in errors), errors


def test_alias_text_is_escaped_everywhere(site, tmp_path):
    """A hostile alias never reaches the output: it is refused before anything is written."""
    with_aliases(site, designer="['\"><script>alert(1)</script>']")
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
    assert any("not a safe address" in e for e in errors_of(result))


def test_the_words_around_a_page_and_a_redirect_are_the_sites_language(site, tmp_path):
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    with_aliases(site)
    out = build_site(site, tmp_path / "out")
    rules = read_page(out / "rules" / "index.html")
    assert "Sur cette page" in rules.text  # the table of contents' heading
    old = read_page(out / "designers" / "cy-old" / "index.html")
    assert old.title.startswith("Déplacée : Cy Loop")
    assert "Cette page a changé d’adresse" in old.text and "Elle se trouve désormais ici : Cy Loop." in old.text
