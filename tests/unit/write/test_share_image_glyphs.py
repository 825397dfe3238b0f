"""No missing-glyph boxes ("tofu") on share images: a Japanese and an Arabic title drawn by the real painter.

A character a font lacks is drawn as the font's .notdef glyph, the same box for every such character; so a
character is missing when its drawing equals the drawing of a code point no font has.  The check is shown
to catch tofu with Pillow's default font, which has neither kana, ideographs nor Arabic letters.
"""
from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image, ImageDraw, ImageFont

from crowdgallery.write.share_images import INK, SIZE, Painter, Spec

JAPANESE = "夏のTシャツ「海辺の朝」"
ARABIC = "قميص الصيف صباح البحر"
NO_FONT_HAS = "\U0010fffd"  # the last private-use code point of plane 16: in no font


def drawing(font, text: str) -> bytes:
    image = Image.new("L", (240, 160), 0)
    ImageDraw.Draw(image).text((40, 20), text, font=font, fill=255)
    return image.tobytes()


def missing_glyphs(font, text: str) -> set[str]:
    """The characters of ``text`` the font draws as its missing-glyph box, or not at all."""
    box = drawing(font, NO_FONT_HAS)
    empty = bytes(len(box))
    return {c for c in set(text) if not c.isspace() and drawing(font, c) in (box, empty)}


@pytest.mark.parametrize("title", [JAPANESE, ARABIC], ids=["ja", "ar"])
def test_the_painters_font_has_every_glyph_of_the_title(title):
    font = Painter().font(64, title)  # the font the painter picks for this title
    assert missing_glyphs(font, title) == set()


@pytest.mark.parametrize("title", [JAPANESE, ARABIC], ids=["ja", "ar"])
def test_the_check_finds_tofu_with_pillows_default_font(title):
    assert missing_glyphs(ImageFont.load_default(64), title)


def ink_columns(image, top: int, bottom: int) -> list[int]:
    """The x of every column with title-coloured ink between top and bottom."""
    ink = tuple(int(INK[i:i + 2], 16) for i in (1, 3, 5))
    pixels = image.load()
    return [x for x in range(SIZE[1], SIZE[0])
            if any(sum(abs(a - b) for a, b in zip(pixels[x, y], ink)) < 90 for y in range(top, bottom))]


@pytest.mark.parametrize("title, direction", [(JAPANESE, "ltr"), (ARABIC, "rtl")], ids=["ja", "ar"])
def test_the_drawn_title_has_ink_as_wide_as_its_glyphs(title, direction):
    spec = Spec("x/share.jpg", "submission", title, "", "#1", "Site", "", "T", False, direction)
    image = Image.open(BytesIO(Painter().draw(spec))).convert("RGB")
    columns = ink_columns(image, 120, 196)  # the first title line
    assert columns, "no title drawn"
    first = Painter().wrap(title, 64, SIZE[0] - SIZE[1] - 100, 3)[0]  # the card's text column
    expected = Painter().font(64, title).getlength(first)
    assert abs((columns[-1] - columns[0]) - expected) < 0.1 * expected
    if direction == "rtl":  # set from the right
        assert columns[-1] > SIZE[0] - 70
    else:
        assert columns[0] < SIZE[1] + 70
