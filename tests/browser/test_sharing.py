"""Sharing in a real browser: the copy-link button (added by share.js), the plain links without
JavaScript, the snippet boxes, and the embed card inside another page's iframe."""
from __future__ import annotations

ADDRESS = "https://lab.example.org/submissions/retro-sunset/"


def test_copy_link_button_copies_the_address_and_says_so(built_example, serve, browser, axe):
    server = serve(built_example)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url("").rstrip("/"))
    try:
        page = context.new_page()
        page.goto(server.url("submissions/retro-sunset/"))
        button = page.get_by_role("button", name="Copy link")
        assert button.is_visible()
        button.focus()
        ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                       return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
        assert (ring[0] != "none" and ring[1] != "0px") or ring[2] != "none"  # focus is visible
        page.keyboard.press("Enter")
        status = page.get_by_role("status")
        status.filter(has_text="Link copied.").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == ADDRESS
        page.get_by_text("Embed on your site").click()  # open the snippets, so axe checks them too
        assert page.get_by_label("A card for this entry").input_value().startswith(
            '<iframe src="https://lab.example.org/embed/submissions/retro-sunset/"')
        assert axe(page) == []
    finally:
        context.close()


def test_without_javascript_the_plain_links_and_the_address_do_the_job(built_example, serve, browser, axe):
    server = serve(built_example)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url("designers/zoe-ng/"))
        assert page.locator("button[data-copy]").is_hidden()  # nothing that would not work
        assert page.locator("button[data-share-url]").is_hidden()
        links = page.locator(".share__links a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert len(hrefs) == 3 and all("lab.example.org%2Fdesigners%2Fzoe-ng%2F" in h for h in hrefs)
        assert hrefs[-1].startswith("mailto:")
        assert page.get_by_label("Link to this page").input_value() == "https://lab.example.org/designers/zoe-ng/"
    finally:
        context.close()


def test_embed_card_works_inside_another_sites_iframe(built_example, serve, page_at, axe, tmp_path):
    server = serve(built_example)
    host = tmp_path / "brand"
    host.mkdir()
    snippet = f'<iframe src="{server.url("embed/submissions/retro-sunset/")}" title="Retro Sunset" width="340" height="440"></iframe>'
    (host / "index.html").write_text(f"<!doctype html><html lang=en><title>Brand</title><main>{snippet}</main></html>")
    brand = serve(host)
    page = page_at(1280)
    page.goto(brand.url(""))
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", name="Retro Sunset").wait_for()
    assert "Winner · #1 in Summer Tees 2026" in frame.locator("body").inner_text()
    width = frame.locator("img").evaluate("img => img.naturalWidth")
    assert width > 0  # the design loads from the gallery's own host
    card = page_at(340, 440)
    card.goto(server.url("embed/submissions/retro-sunset/"))
    assert axe(card) == []
