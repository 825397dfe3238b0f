"""Crowd Markdown: sanitised, links marked as user content, headings kept under the page's own."""
from crowdgallery.markup import CrowdText


def render_markdown(text: str, top: int = 3):
    return CrowdText().render_markdown(text, top)  # a fresh converter: nothing carried between tests


def plain_text(text: str, limit: int = 160) -> str:
    return CrowdText().plain_text(text, limit)


def test_headings_start_at_the_level_the_page_asks_for_and_keep_their_order():
    html = str(render_markdown("# Big\n\ntext\n\n## Smaller\n\n#### Deep\n", 3))
    # h1 → h3, h2 → h4, h4 → h6: the same gaps, one shift
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html and "<h6>Deep</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_headings_deeper_than_the_top_move_up_and_never_past_h6():
    assert "<h2>Section</h2>" in str(render_markdown("### Section\n\n###### Tiny\n", 2))
    assert "<h5>Tiny</h5>" in str(render_markdown("### Section\n\n###### Tiny\n", 2))
    assert "<h6>Five</h6>" in str(render_markdown("# One\n\n##### Five\n", 3))  # 5 + 2 = 7, capped at 6


def test_images_in_crowd_markdown_are_dropped_so_no_third_party_host_sees_visitors():
    html = str(render_markdown('Look ![pixel](https://tracker.example/p.gif) here <img src="https://t.example/x.png">'))
    assert "<img" not in html and "tracker.example" not in html and "t.example" not in html
    assert "Look" in html and "here" in html


def test_links_are_nofollow_ugc_and_scripts_are_gone():
    html = str(render_markdown('[site](https://example.org) <script>alert(1)</script> [x](javascript:alert(1))'))
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in html
    assert "<script" not in html and "javascript:" not in html


def test_plain_text_excerpt_is_unescaped_text_cut_at_a_word():
    text = "Fish &amp; **chips** " + "word " * 60
    excerpt = plain_text(text, 30)
    assert excerpt.startswith("Fish & chips word")
    assert excerpt.endswith("…") and len(excerpt) <= 31


def test_the_plain_paragraph_shortcut_gives_exactly_what_markdown_gives():
    """Text with no Markdown syntax skips the Markdown pass; the HTML must be the same either way."""
    import random

    import markdown

    from crowdgallery.markup import EXTENSIONS, _plain_paragraphs

    pieces = ["word", "Idea", "30 cm.", "1.", "2)", "-", "=", ">", "(note)", "it's", '"quoted"', "a/b", "50%",
              "café", "x:", "#tag", "*", "_", "&", "<b>", "  ", " ", "\xa0", "\n", "\n\n", "\n\n\n", "\t", "?", ","]
    pieces += ["word", "design", "print", "colour", "Idea", "\n", "\n\n", ".", ","] * 4  # mostly plain text
    rng = random.Random(7)
    texts = ["Plain words.", "One.\n\nTwo.", "Line one\nline two", "\nLeading and trailing\n\n", "1. not a list?"]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 14))) for _ in range(4000)]
    taken = 0
    for text in texts:
        fast = _plain_paragraphs(text)
        if fast is not None:
            taken += 1
            assert fast == markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html"), repr(text)
    assert taken > 250  # the shortcut is really exercised, not refused for everything


def test_placeholder_initials_and_hue_for_entries_without_an_image():
    from crowdgallery.render.theme import hue, initials

    assert initials("Keep the Light") == "KL"
    assert initials("A repair bench") == "RB"  # a leading small word is skipped
    assert initials("“Quoted” words") == "QW"  # punctuation is not an initial
    assert initials("zebra") == "Z" and initials("") == "?"
    assert hue("Keep the Light") == hue("Keep the Light") and 0 <= hue("Keep the Light") < 360
    assert hue("Keep the Light") != hue("Keep the Night!")  # neighbours differ


def test_a_link_whose_address_is_dropped_leaves_no_empty_anchor():
    html = str(render_markdown("Try [this](javascript:alert(1)) or [that](https://example.org/)."))
    assert "<a rel" not in html  # an <a> with rel but no href is invalid HTML (and looks like a link)
    assert "this" in html and "javascript" not in html
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">that</a>' in html


def test_a_document_starts_at_h2_with_anchors_the_theme_does_not_use_and_a_table_of_contents():
    from crowdgallery.markup import render_document
    doc = render_document("# Content\n\ntext\n\n## Who & why?\n\n<h2 id=\"site-search-q\">raw</h2>\n\n# Prizes\n")
    assert '<h2 id="content-section">Content</h2>' in doc.html  # 'content' is the main element's id
    assert '<h3 id="who-why">Who &amp; why?</h3>' in doc.html
    assert 'id="site-search-q"' not in doc.html  # raw HTML cannot take a theme id either
    assert [(t.id, t.text, [c.text for c in t.children]) for t in doc.toc] == [
        ("content-section", "Content", ["Who & why?"]), ("prizes", "Prizes", [])]


def test_a_document_is_sanitised_like_crowd_text():
    from crowdgallery.markup import render_document
    doc = render_document('<script>alert(1)</script>\n\n[x](javascript:alert(2)) <a href="#" onclick="alert(3)">y</a>\n')
    assert "alert" not in doc.html and "<script" not in doc.html and "onclick" not in doc.html
    assert "javascript:" not in doc.html
