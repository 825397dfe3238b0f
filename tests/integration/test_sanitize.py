"""Crowd text is shown, never run: tests/sites/unsafe tries every trick in titles, Markdown and links."""
from __future__ import annotations

import shutil

import pytest
from conftest import SITES, cli, html_pages, read_page

CROWD_HOSTS = ("https://e.org", "https://mallory.example.org/")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("unsafe")
    site = shutil.copytree(SITES / "unsafe", root / "site")
    result = cli("build", site, "-o", root / "out")
    assert result.exit_code == 0, result.output
    return root / "out"


def pages(out):
    return [(p.relative_to(out).as_posix(), p.read_text(encoding="utf-8"), read_page(p)) for p in html_pages(out)]


def test_no_script_handler_or_active_url_reaches_a_page(out):
    for name, html, page in pages(out):
        assert "<script>alert" not in html, name
        assert all("alert" not in body for body in page.scripts), name
        for tag, attrs in page.tags:
            theme_own = (tag == "form" and attrs.get("class") in ("site-search", "gallery-tools")
                         or tag == "input" and attrs.get("id") == "site-search-q")  # search box, gallery tools
            assert theme_own or tag not in ("iframe", "form", "input", "object", "embed"), (name, tag, attrs)
            for attr, value in attrs.items():
                assert not attr.startswith("on"), (name, tag, attr)
                value = (value or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (name, tag, attr, value)
                if attr == "style":  # the theme may set its own custom properties, never the crowd's styles
                    assert "color:red" not in value.replace(" ", "") and "position" not in value, (name, value)
            if tag == "script":
                assert attrs.get("src", "").startswith(("static/", "../", "/static/")), (name, attrs)  # 404: from /
        assert "onerror" not in html.replace("onerror=alert(&#34;name&#34;)", "").replace(
            "onerror=alert(&quot;name&quot;)", ""), name  # only as escaped text of the designer's name


def test_the_markdown_keeps_its_harmless_parts(out):
    page = read_page(out / "submissions/xss/index.html")
    assert "Look at this:" in page.text
    assert ("strong", {}) in page.tags
    assert "a link" in page.text and "https://e.org" in page.links


def test_crowd_links_carry_nofollow_ugc_noopener(out):
    seen = 0
    for name, _, page in pages(out):
        for attrs in page.anchors:
            href = attrs.get("href") or ""
            if href.startswith(CROWD_HOSTS):
                assert set((attrs.get("rel") or "").split()) >= {"nofollow", "ugc", "noopener"}, (name, attrs)
                seen += 1
    # the description's link, the bio's link and the designer's 'Home' link
    assert seen >= 3


def test_the_title_is_shown_escaped(out):
    page = read_page(out / "submissions/xss/index.html")
    html = (out / "submissions/xss/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in page.title
    assert "<script>alert(1)</script>" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the designer's name and the tag too: shown as text, not as markup
    assert '<img src=x onerror=alert("name")>Mallory' in page.text
    assert "#<b>bold</b>" in page.text or "<b>bold</b>" in page.text
    assert ("b", {}) not in page.tags

    profile = read_page(out / "designers/mallory/index.html")
    assert '<script>alert("location")</script>' in profile.text
    assert "I make things." in profile.text


def test_a_crowd_link_cannot_break_out_of_its_attribute(out):
    profile = read_page(out / "designers/mallory/index.html")
    assert 'https://mallory.example.org/"><script>alert("link")</script>' in profile.links


def test_voter_ids_never_reach_the_output(out):
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"voter" not in data.lower().replace(b"voters", b""), path
            assert b'alert("voter")' not in data and b"alert(&#34;voter" not in data, path
