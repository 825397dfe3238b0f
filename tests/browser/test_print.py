"""The results page printed by Chromium to A4 PDF: a handout of two or three pages for the example site's
biggest campaign, in both built-in themes, without the screen's chrome, no ranking row cut by a page break."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest

pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install '.[test]')")


def _results_pages(built) -> list[str]:
    return sorted(f"campaigns/{p.parent.parent.name}/results/" for p in built.glob("campaigns/*/results/index.html"))


def _biggest(page, server, built) -> tuple[str, list[dict]]:
    """The results page with the most ranking rows, and those rows as the screen shows them."""
    best: tuple[str, list[dict]] = ("", [])
    for path in _results_pages(built):
        page.goto(server.url(path))
        rows = page.eval_on_selector_all("table:has(#ranking-caption) tbody tr", """rows => rows.map(r => ({
            title: r.querySelector('th').innerText.replace(/\\s*(Winner|Finalist)$/, '').trim(),
            cells: Array.from(r.querySelectorAll('td.num')).map(c => c.innerText.trim())}))""")
        if len(rows) > len(best[1]):
            best = (path, rows)
    return best


def _words(text: str) -> str:
    """Text with its spaces made single and ligatures (ﬂ, ﬁ) undone, as PDF text extraction gives them."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("theme", ["default", "poster"])
def test_results_page_prints_on_two_or_three_a4_pages(request, theme, serve, page_at):
    built = request.getfixturevalue("built_example" if theme == "default" else "built_poster")
    server = serve(built)
    page = page_at(1280)
    path, rows = _biggest(page, server, built)
    assert len(rows) >= 20, "the example site's biggest campaign should fill a long ranking"
    page.goto(server.url(path))
    campaign_title = page.inner_text(".page-title__sub").strip()
    method = page.eval_on_selector(".method .facts dd", "dd => dd.firstChild.textContent.trim()")
    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    pages = [_words(p.extract_text()) for p in pdf.pages]
    assert 2 <= len(pages) <= 3, f"{theme}: {path} prints on {len(pages)} A4 pages"
    first, everything = pages[0], " ".join(pages)
    # The handout's head: the campaign, its dates and how it was ranked, on the first page.
    assert campaign_title in first and re.search(r"\d{4} – \d{1,2} \w+ \d{4}", first), first[:400]
    assert f"Ranked by {method}" in first, first[:400]
    # No screen chrome: navigation, search, share and download links, skip link.
    for gone in ("Skip to content", "Campaigns Designers Tags", "Download the ranking", "Download as JSON",
                 "Copy link", "Embed", "Search"):
        assert gone not in everything, f"{theme}: '{gone}' is printed"
    # Every ranking row is whole on one page: its title and each of its figures on the same page.
    for row in rows:
        holders = [n for n, text in enumerate(pages) if _words(row["title"]) in text]
        assert holders, f"{theme}: {row['title']!r} is not printed"
        assert any(all(_words(cell) in pages[n] for cell in row["cells"]) for n in holders), \
            f"{theme}: the row of {row['title']!r} is cut by a page break"
