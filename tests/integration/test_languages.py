"""The example site in every shipped language: no English left in the theme's chrome, local dates and
numbers, right-to-left Arabic, complete catalogs with each language's plural forms."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from conftest import build_site, cli, write_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_site"
TRANSLATIONS = ROOT / "themes" / "default" / "translations"
OWN = ROOT / "crowdgallery" / "translations"  # the words the Python code writes: charts, badges, feeds, share lines
SHIPPED = ["es", "fr", "de", "pt_BR", "it", "nl", "ja", "zh_Hans", "ar"]
TAGS = {"pt_BR": "pt-BR", "zh_Hans": "zh-Hans"}
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# English that is not the theme's or crowdgallery's: the example site's own footer override, and "Submitted",
# which begins sentences of the example's crowd descriptions (feeds carry them as plain text, not isolated).
# Listed so that anything else left in English fails; statuses are checked on their own below.
OUTSIDE_TEMPLATES = {"Submitted", "Built with crowdgallery."}
CROWD = {"bdi"}  # crowd text is isolated in <bdi> or carries dir="auto"; the rest is the theme's chrome


def template(folder: Path = TRANSLATIONS):
    with (folder / "messages.pot").open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def catalog(lang: str, folder: Path = TRANSLATIONS):
    with (folder / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


class Chrome(HTMLParser):
    """Text nodes and translatable attributes outside crowd text, <script>, <style> and the Markdown prose."""

    ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "data-text-copied", "data-text-failed",
                  "data-text-all", "data-text-some", "data-text-none")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # whether each open element is outside the chrome
        self.texts: list[str] = []
        self.html_attrs: dict = {}

    VOID = {"meta", "link", "img", "input", "br", "hr", "source"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        skip = (tag in CROWD or tag in ("script", "style", "code", "textarea", "time") or a.get("dir") == "auto"
                or "prose" in (a.get("class") or "").split() or (self.stack and self.stack[-1]))
        if not skip:
            self.texts += [a[k] for k in self.ATTRIBUTES if a.get(k) and k not in ("title", "alt")]
        if tag not in self.VOID:
            self.stack.append(bool(skip))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data)


def chrome(path: Path) -> Chrome:
    reader = Chrome()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def english_pieces(lang: str, folder: Path = TRANSLATIONS) -> set[str]:
    """What of the English msgids would show if a string stayed untranslated: whole msgids without placeholders,
    and the literal pieces (12+ characters) around the placeholders of the others; left out where the language
    writes the same words (German 'Status', French 'Badges')."""
    translated = catalog(lang, folder)
    pieces = set()
    same = {t for f in (TRANSLATIONS, OWN) for m in catalog(lang, f) if m.id
            for t in ([m.string] if isinstance(m.string, str) else m.string)}  # German 'Tag' is a day
    for message in template(folder):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        found = translated.get(message.id, context=message.context)
        strings = [found.string] if isinstance(found.string, str) else list(found.string)
        for msgid in ids:
            if msgid in strings or msgid in same or len(msgid.strip(" .,")) < 3 or msgid in OUTSIDE_TEMPLATES:
                continue
            parts = [p.strip() for p in PLACEHOLDER.split(msgid)]
            if len(parts) == 1:
                pieces.add(msgid.strip())
            else:
                pieces.update(p for p in parts if len(p) >= 12 and not any(p in s for s in strings))
    return {p for p in pieces if p not in OUTSIDE_TEMPLATES}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example site built once per language."""
    root = tmp_path_factory.mktemp("languages")
    sites = {}
    for lang in ["en"] + SHIPPED:
        site = root / lang
        shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".crowdgallery-cache", "_site"))
        config = site / "site.yaml"
        text = re.sub(r"(?m)^language:.*$", f"language: {TAGS.get(lang, lang)}", config.read_text(encoding="utf-8"))
        config.write_text(text, encoding="utf-8")
        sites[lang] = build_site(site, site / "out")
    return sites


@pytest.mark.parametrize("folder", [TRANSLATIONS, OWN], ids=["theme", "crowdgallery"])
def test_catalogs_are_complete_with_every_plural_form(folder):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template(folder)}
    for lang in SHIPPED:
        messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(lang, folder) if m.id}
        assert set(messages) == ids, lang
        forms = get_plural(lang).num_plurals
        for msgid, message in messages.items():
            if isinstance(message.string, str):
                assert message.string.strip(), (lang, msgid)
            else:
                assert len(message.string) == forms and all(s.strip() for s in message.string), (lang, msgid)
            ids_placeholders = set(PLACEHOLDER.findall(msgid))
            for text in [message.string] if isinstance(message.string, str) else message.string:
                assert set(PLACEHOLDER.findall(text)) <= ids_placeholders, (lang, msgid, text)


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_english_left_in_the_chrome(built, lang):
    out = built[lang]
    pieces = english_pieces(lang)
    with_placeholders = {p for m in template() for i in ([m.id] if isinstance(m.id, str) else m.id)
                         if PLACEHOLDER.search(i) for p in PLACEHOLDER.split(i)}
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 100
    left = {}
    for page in pages:
        for text in chrome(page).texts:
            for piece in pieces:
                if piece == text.strip() or (len(piece) >= 12 and piece in text and piece in with_placeholders):
                    left.setdefault(piece, page.relative_to(out).as_posix())
    assert not left, f"English theme strings left in {lang}: {left}"


def python_texts(out: Path) -> dict[str, list[str]]:
    """What the Python code wrote, read from the output files: every feed's titles and summaries (Atom XML),
    every SVG badge's texts, the share images' lines (each page's og:image:alt says what its image shows),
    and the charts, phases and badges of the pages (their chrome)."""
    found: dict[str, list[str]] = {}
    for feed in out.rglob("*.xml"):
        if feed.name == "sitemap.xml":
            continue
        root = ET.parse(feed).getroot()
        found[feed.relative_to(out).as_posix()] = [e.text or "" for e in root.iter()
                                                   if e.tag.endswith(("}title", "}summary"))]
    for badge in out.rglob("badge.svg"):
        root = ET.parse(badge).getroot()
        found[badge.relative_to(out).as_posix()] = [e.text or "" for e in root.iter()
                                                    if e.tag.endswith(("}text", "}title"))]
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        alts = re.findall(r'<meta property="og:image:alt" content="([^"]*)"', html)
        found[page.relative_to(out).as_posix()] = [unescape(a) for a in alts] + chrome(page).texts
    return found


@pytest.mark.parametrize("lang", SHIPPED)
def test_feeds_badges_share_lines_and_charts_carry_no_english(built, lang):
    out = built[lang]
    pieces = english_pieces(lang, OWN)
    found = python_texts(out)
    site_words = (EXAMPLE / "site.yaml").read_text(encoding="utf-8")  # the site's own badges say what it wrote
    assert sum(name.endswith(".xml") for name in found) > 5 and sum(name.endswith(".svg") for name in found) > 20
    left = {}
    for name, texts in found.items():
        for text in (t for t in texts if t.strip() not in site_words):
            for piece in pieces:
                if piece == text.strip() or (len(piece) >= 8 and re.search(rf"\b{re.escape(piece)}\b", text)):
                    left.setdefault(piece, name)
    assert not left, f"English written by crowdgallery left in {lang}: {left}"


def test_chart_month_names_are_the_languages(built):
    """The votes-per-day chart labels its days with Babel's month names for the language."""
    def ticks(lang):
        pages = [p for p in built[lang].rglob("results/index.html") if "votes-per-day" in p.read_text("utf-8")]
        assert pages, lang
        return pages[0].read_text(encoding="utf-8")
    assert re.search(r"\d+ (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d", ticks("en"))
    assert re.search(r"20\d\d年\d+月\d+日", ticks("ja"))
    assert re.search(r"\d+ (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) 20\d\d",
                     ticks("fr"))
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", ticks("ar"))


def test_the_english_build_shows_the_msgids(built):
    texts = " ".join(chrome(built["en"] / "index.html").texts)
    assert "Skip to content" in texts and "Current ranking" in texts


EXPECTED = {  # written by hand: what a reader of each language expects on the home page
    "en": ("3,991", "1 October 2026", "ltr"),
    "es": ("3.991", "1 de octubre de 2026", "ltr"),
    "fr": ("3\u202f991", "1 octobre 2026", "ltr"),
    "de": ("3.991", "1. Oktober 2026", "ltr"),
    "pt_BR": ("3.991", "1 de outubro de 2026", "ltr"),
    "it": ("3.991", "1 ottobre 2026", "ltr"),
    "nl": ("3.991", "1 oktober 2026", "ltr"),
    "ja": ("3,991", "2026年10月1日", "ltr"),
    "zh_Hans": ("3,991", "2026年10月1日", "ltr"),
    "ar": ("3,991", "1 أكتوبر 2026", "rtl"),
}


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_dates_numbers_and_direction_are_the_languages(built, lang):
    number, date, direction = EXPECTED[lang]
    reader = chrome(built[lang] / "index.html")
    html = (built[lang] / "index.html").read_text(encoding="utf-8")
    assert reader.html_attrs["lang"] == TAGS.get(lang, lang)
    assert reader.html_attrs["dir"] == direction
    assert f">{number}<" in html  # the hero's vote total
    assert date in html


def test_a_site_string_overrides_the_catalog(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".crowdgallery-cache", "_site"))
    config = site / "site.yaml"
    text = re.sub(r"(?m)^language:.*$", "language: fr", config.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^base_url:.*$", "", text)
    config.write_text(text + '\nstrings:\n  "Skip to content": "Passer au contenu"\n'
                              '  "%(num)s vote": ["%(num)s suffrage", "%(num)s de suffrages", "%(num)s suffrages"]\n',
                      encoding="utf-8")
    out = build_site(site, tmp_path / "out")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Passer au contenu" in html and "Aller au contenu" not in html
    assert "1\u202f674 suffrages" in html


def test_an_unknown_language_is_a_data_error(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yaml").write_text("title: T\nlanguage: klingon-xx\n", encoding="utf-8")
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "site.yaml:2" in result.output and "'language'" in result.output


def test_built_in_statuses_are_in_the_sites_language_and_the_sites_own_as_written(tmp_path):
    """A built-in status is worded by crowdgallery's catalog in its own context ("Submitted" as a status is not the
    submission date's label); a status the site defines keeps the site's words."""
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Idées\nlanguage: fr\nstatuses:\n  - {id: in-store-test, label: Test en magasin}\n",
        "campaigns.yaml": "- {id: ideas, title: Idées, voting: likes}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: a, title: Vélos, designer: ada, campaign: ideas, status: submitted}\n"
                            "- {id: b, title: Bancs, designer: ada, campaign: ideas, status: in-store-test}\n"
                            "- {id: c, title: Lampes, designer: ada, campaign: ideas, status: launched}\n"})
    out = build_site(site, tmp_path / "out", "--now", "2026-06-01T00:00:00Z")
    with (OWN / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        french = read_po(handle, locale="fr")
    submitted, launched = french.get("Submitted", context="status"), french.get("Launched", context="status")
    assert submitted.string and submitted.string != "Submitted" and launched.string != "Launched"
    results = unescape((out / "campaigns" / "ideas" / "results" / "index.html").read_text(encoding="utf-8"))
    titles = re.findall(r'class="roadmap__title">([^<]+?) <', results)
    assert submitted.string in titles and launched.string in titles and "Test en magasin" in titles
    assert "Submitted" not in titles and "Launched" not in titles
    card = unescape((out / "campaigns" / "ideas" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'pill--submitted[^>]*>.*?</span>' + re.escape(submitted.string), card)


def test_a_sites_own_status_words_are_shown_as_written_and_escaped(tmp_path):
    """A site's own label and description are text, not format strings nor markup: '%' stays, '<' is escaped."""
    site = write_files(tmp_path / "site", {
        "site.yaml": ("title: Ideas\nstatuses:\n"
                      "  - {id: half, label: \"50% done\", description: \"R&D <b>lab</b> at 50%\"}\n"),
        "campaigns.yaml": "- {id: ideas, title: Ideas, voting: likes}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: a, title: Bikes, designer: ada, campaign: ideas, status: half}\n"})
    out = build_site(site, tmp_path / "out", "--now", "2026-06-01T00:00:00Z")
    results = (out / "campaigns" / "ideas" / "results" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'class="roadmap__title">([^<]+?) <', results) == ["50% done"]
    assert '<p class="roadmap__about">R&amp;D &lt;b&gt;lab&lt;/b&gt; at 50%</p>' in results
    entry = (out / "submissions" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'title="R&amp;D &lt;b&gt;lab&lt;/b&gt; at 50%"' in entry and "<b>lab</b>" not in entry
    card = (out / "campaigns" / "ideas" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'pill--half[^>]*>.*?</span>50% done</span>', card)


def test_the_rankings_structured_data_is_named_in_the_sites_language(tmp_path):
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Idées\nlanguage: fr\nbase_url: https://idees.example.org/\n",
        "campaigns.yaml": "- {id: ideas, title: Vélos, voting: likes}\n",
        "designers.yaml": "- {id: ada, name: Ada}\n",
        "submissions.yaml": "- {id: a, title: Racks, designer: ada, campaign: ideas}\n"})
    out = build_site(site, tmp_path / "out", "--now", "2026-06-01T00:00:00Z")
    with (OWN / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        wanted = read_po(handle, locale="fr").get("Ranking: %(campaign)s").string % {"campaign": "Vélos"}
    html = (out / "campaigns" / "ideas" / "results" / "index.html").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert [b["name"] for b in blocks if b.get("@type") == "ItemList"] == [wanted] != ["Ranking: Vélos"]
