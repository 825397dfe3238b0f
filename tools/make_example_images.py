#!/usr/bin/env python3
"""Generate the binary and bulk files of the example site, deterministically.

Writes into ``example_site/``:

* ``images/tees/*.png``      t-shirt mock-ups with flat geometric prints (800×800)
* ``images/covers/*``        the campaign covers (one PNG, one SVG)
* ``images/avatars/*.svg``   designer avatars: initials in a coloured circle
* ``images/ideas/*.svg``     sketches for a few ideas on the "Better Stores" board
* ``images/winter/*``        Winter Layers entries as a designer's camera or app would send them:
                             a JPEG stored sideways with an EXIF orientation tag, GPS position,
                             camera and owner fields and a comment; a WebP with EXIF; an animated GIF
                             with a comment (the build must turn, strip and flatten them)
* ``votes.csv``              a few thousand vote events from a seeded generator,
                             written like a spreadsheet export (UTF-8 BOM, CRLF)

Everything else in ``example_site/`` (site.yaml, campaigns, designers,
submissions, templates) is written by hand; the tables below must agree with it,
and ``--check`` verifies that they do, along with every reference in the site.

Only the standard library and Pillow are needed to generate; ``--check`` also
needs PyYAML.  Running the script twice gives byte-identical files (no
timestamps in the PNGs, fixed seeds everywhere).

Usage::

    python tools/make_example_images.py            # (re)generate everything
    python tools/make_example_images.py --check    # generate, then verify the site
    python tools/make_example_images.py --check-only
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SITE = Path(__file__).resolve().parent.parent / "example_site"

UTC = timezone.utc

# --------------------------------------------------------------------------
# The catalogue.  Keep in step with the hand-written files (``--check`` tells).
# --------------------------------------------------------------------------

#: designer id → display name (for the avatar initials).  dev-kapoor has no avatar on purpose.
AVATARS = {
    "zoe-ng": "Zoë Ng",
    "asa-lindqvist": "Åsa Lindqvist",
    "tomas-ruiz": "Tomás Ruiz",
    "mira-okafor": "Mira Okafor",
    "kenji-mori": "Kenji Mori",
    "lena-brandt": "Lena Brandt",
    "priya-raman": "Priya Raman",
    "olek-wisniewski": "Olek Wiśniewski",
    "hana-dvorak": "Hana Dvořák",
    "sam-teller": "Sam Teller",
    "ines-moreau": "Inès Moreau",
    "jo.park": "Jo Park",
    "marta_silva": "Marta Silva",
    "noor-haddad": "Noor Haddad",
}

SHIRTS = {
    "sand": "#e6d5b3",
    "sea-glass": "#a9d6c8",
    "coral": "#ef8a6f",
    "navy": "#23324e",
    "off-white": "#f3efe6",
    "charcoal": "#3b3d42",
    "heather": "#c8c9cc",
    "mustard": "#e2b34a",
}

#: Campaign windows (UTC): votes fall between a submission's date and the end.
TEE_OPENS = datetime(2026, 3, 2, tzinfo=UTC)
TEE_CLOSES = datetime(2026, 5, 31, 23, 59, 59, tzinfo=UTC)
IDEA_OPENS = datetime(2026, 6, 1, tzinfo=UTC)
IDEA_EXPORTED = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)  # when the "export" was taken


def _t(text: str) -> datetime:
    if "T" in text:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


#: tee id → (motif, shirt colour, print palette, background, submitted, vote mean, vote count)
#: A vote count of 0 means the tee gets no votes (the draft).
TEES = {
    "retro-sunset":     ("retro_sun", "sand", ["#ef6f5e", "#f4934f", "#f2c14e", "#f6e7c1", "#23324e"], "#f7ede0", "2026-03-04T18:20:00Z", 4.45, 236),
    "great-wave-loop":  ("seigaiha", "sea-glass", ["#1d3557", "#2f6690", "#5fa8d3", "#f1faee"], "#e3f1ee", "2026-03-03", 4.25, 214),
    "bauhaus-block":    ("bauhaus", "off-white", ["#d62828", "#f7b801", "#1d4e89", "#111111", "#f3efe6"], "#ece8df", "2026-03-10", 4.2, 188),
    "three-peaks":      ("peaks", "heather", ["#f6d8ae", "#f28f3b", "#5b7f95", "#36536b", "#1f3140"], "#e9ecef", "2026-03-12", 3.55, 162),
    "citrus-slice":     ("citrus", "off-white", ["#e9c400", "#fff6cc", "#ffd93d", "#fff3a8"], "#fbf6dc", "2026-03-06", 3.6, 141),
    "night-swim":       ("night_swim", "navy", ["#0b132b", "#1c2541", "#f6f1d1", "#cfd8e8", "#3a506b"], "#d9dfeb", "2026-03-20T23:05:00Z", 3.4, 118),
    "market-check":     ("checker", "mustard", ["#e63946", "#2a9d8f", "#264653", "#f1faee"], "#f6eccf", "2026-03-18", 2.95, 109),
    "solar-flare":      ("starburst", "charcoal", ["#ff7b00", "#ffb703", "#fb5607", "#ffe8a3"], "#e4e2df", "2026-03-25", 2.9, 97),
    "terrazzo-summer":  ("terrazzo", "off-white", ["#f8e1d4", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#b56576"], "#f0ebe4", "2026-04-02", 3.1, 86),
    "pixel-cactus":     ("pixel_cactus", "sand", ["#9ad1d4", "#2d6a4f", "#52b788", "#f4a261", "#bc6c25", "#ffd166", "#e9c46a"], "#f5eddc", "2026-04-28T21:47:00Z", 4.85, 5),
    "halftone-sun":     ("halftone", "off-white", ["#e4572e", "#29335c"], "#f2ede4", "2026-03-15", 3.25, 128),
    "kite-season":      ("kites", "sea-glass", ["#dff3fb", "#ef476f", "#ffd166", "#06d6a0", "#118ab2", "#073b4c"], "#e5f2ef", "2026-04-05", 2.7, 91),
    "ice-lolly":        ("ice_lolly", "coral", ["#ff5d8f", "#fff1d6", "#ffe3ec", "#c98b55", "#d43d6b"], "#fbe2da", "2026-03-28", 3.35, 104),
    "orbit":            ("orbit", "charcoal", ["#14213d", "#fca311", "#e5e5e5", "#ffffff", "#d1495b"], "#dedfe3", "2026-04-10", 2.5, 72),
    "zigzag-coast":     ("zigzag", "off-white", ["#f4d6a0", "#e9c46a", "#2a9d8f", "#1b6f8a", "#14436a"], "#eaf0ef", "2026-04-14", 2.8, 94),
    "midsommar-wreath": ("flower_ring", "off-white", ["#e76f51", "#f4a261", "#9b5de5", "#f9e45b", "#2d6a4f", "#1d3557"], "#f0f2e6", "2026-04-16", 3.2, 87),
    "lighthouse":       ("lighthouse", "navy", ["#101a33", "#fff1b8", "#d62828", "#f8f4e3", "#264e70", "#f8f4e3"], "#d8dee9", "2026-04-08", 3.7, 150),
    "sunflower-spiral": ("sunflower", "sea-glass", ["#5a3d2b", "#f9c80e", "#8c5a3c", "#f86624"], "#e6f3ef", "2026-04-20", 3.0, 61),
    "dune-lines":       ("dunes", "sand", ["#b5651d", "#6b3e26"], "#f3ead8", "2026-04-22", 2.6, 54),
    "beach-ball":       ("beach_ball", "heather", ["#e63946", "#ffffff", "#1d70b8", "#ffffff", "#ffb703", "#ffffff"], "#eceef0", "2026-04-24", 2.2, 76),
    "sardine-tin":      ("sardines", "sea-glass", ["#9aa5b1", "#52606d", "#8fb8de", "#e4ecf4", "#e76f51", "#1f2933"], "#e4f0ec", "2026-04-30T23:41:00Z", 2.4, 44),
    "cold-front":       ("cold_front", "heather", ["#1d70b8", "#d62828", "#ffffff"], "#ecedef", "2026-04-30", 0, 0),
}

#: Extra colourways: image name → (tee id whose print is reused, shirt colour, print palette)
VARIANTS = {
    "retro-sunset-navy": ("retro-sunset", "navy", ["#ef6f5e", "#f4934f", "#f2c14e", "#f6e7c1", "#f6e7c1"]),
}

#: idea id → (submitted, probability of an up-vote, vote count)
IDEAS = {
    "repair-bench":          ("2026-06-02T08:14:00Z", 0.91, 164),
    "refill-station":        ("2026-06-03", 0.92, 139),
    "gear-library":          ("2026-06-05T19:40:00Z", 0.82, 151),
    "gear-library-kids":     ("2026-06-19", 0.72, 42),
    "quiet-hour":            ("2026-06-08", 0.76, 112),
    "fitting-room-daylight": ("2026-06-11", 0.56, 88),
    "trail-map-wall":        ("2026-06-14T12:02:00Z", 0.88, 121),
    "trail-map-qr":          ("2026-07-01", 0.61, 36),
    "covered-bike-parking":  ("2026-06-20", 0.83, 97),
    "dog-water-bowl":        ("2026-06-22", 0.95, 83),
    "secondhand-rack":       ("2026-06-25", 0.86, 133),
    "trade-in-credit":       ("2026-07-09", 0.71, 68),
    "repair-workshops":      ("2026-07-15", 0.87, 59),
    "byo-bag-discount":      ("2026-07-21", 0.44, 86),
    "late-thursdays":        ("2026-08-04", 0.66, 51),
    "kids-climbing-corner":  ("2026-08-17", 0.51, 94),
    "local-makers-shelf":    ("2026-09-03", 0.79, 64),
    "email-receipts":        ("2026-09-12", 0.90, 73),
    "gift-wrap-station":     ("2026-11-21T16:30:00Z", 0.0, 0),  # brand new: no votes yet
}

#: Added after the first release of the example: their votes come from their own seed, so the
#: votes above are unchanged.  idea id → (submitted, probability of an up-vote, vote count); a
#: duplicate's voters overlap with its original's, to show one vote per voter after the merge.
LATER_IDEAS = {
    "bike-shelter": ("2026-07-03", 0.9, 30),  # duplicate_of: covered-bike-parking
}

#: The "Winter Layers 2027" campaign, still in voting at the site's clock (its tallies are hidden).
#: design id → (submitted, vote mean on 1–5, vote count)
WINTER_OPENS = datetime(2026, 10, 1, tzinfo=UTC)
WINTER_LAST_VOTE = datetime(2026, 11, 21, 23, 59, 59, tzinfo=UTC)
WINTER = {
    "fjord-stripes": ("2026-10-03", 4.1, 47),
    "snowline":      ("2026-10-09", 3.6, 52),
    "aurora-knit":   ("2026-10-14", 4.4, 61),
    "bothy-lights":  ("2026-10-20", 3.2, 33),
    "frost-fern":    ("2026-10-28", 3.9, 40),
}

# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------

SS = 2            # supersampling factor: draw big, shrink with a good filter
SIZE = 800        # final mock-up size
COLOURS = 128     # palette size of the saved PNGs (keeps files small)


def rgb(hex_colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


def shade(hex_colour: str, factor: float) -> tuple[int, int, int, int]:
    r, g, b, a = rgb(hex_colour)
    if factor < 1:
        return int(r * factor), int(g * factor), int(b * factor), a
    f = factor - 1
    return int(r + (255 - r) * f), int(g + (255 - g) * f), int(b + (255 - b) * f), a


def font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def layer(s: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    im = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    return im, ImageDraw.Draw(im)


def clip(im: Image.Image, mask: Image.Image) -> Image.Image:
    """Keep ``im`` only where ``mask`` (mode L) is set."""
    from PIL import ImageChops
    alpha = ImageChops.multiply(im.getchannel("A"), mask)
    out = im.copy()
    out.putalpha(alpha)
    return out


def circle_mask(s: int, inset: float = 0.0) -> Image.Image:
    m = Image.new("L", (s, s), 0)
    d = ImageDraw.Draw(m)
    d.ellipse([inset, inset, s - 1 - inset, s - 1 - inset], fill=255)
    return m


def rounded_mask(s: int, radius: float, inset: float = 0.0) -> Image.Image:
    m = Image.new("L", (s, s), 0)
    ImageDraw.Draw(m).rounded_rectangle([inset, inset, s - 1 - inset, s - 1 - inset], radius=radius, fill=255)
    return m


def ring(d: ImageDraw.ImageDraw, s: int, colour, width: float, inset: float = 0.0) -> None:
    d.ellipse([inset, inset, s - 1 - inset, s - 1 - inset], outline=colour, width=int(width))


# --------------------------------------------------------------------------
# Motifs: each returns an RGBA square of side ``s`` (transparent = shirt shows)
# --------------------------------------------------------------------------

def m_retro_sun(s, p, text=True):
    im, d = layer(s)
    cx, cy, r = s / 2, s * 0.39, s * 0.34
    bands, bd = layer(s)
    top = cy - r
    for i, c in enumerate(p[:4]):
        bd.rectangle([0, top + i * 2 * r / 4, s, top + (i + 1) * 2 * r / 4], fill=rgb(c))
    sun = Image.new("L", (s, s), 0)
    sd = ImageDraw.Draw(sun)
    sd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    y, gap = cy + r * 0.08, s * 0.012
    while y < cy + r:
        sd.rectangle([0, y, s, y + gap], fill=0)
        y += gap + s * 0.05 - gap * 0.6
        gap *= 1.45
    im.alpha_composite(clip(bands, sun))
    for i in range(3):
        yy = cy + r + s * (0.03 + i * 0.028)
        w = r * (1.05 - i * 0.22)
        d.rounded_rectangle([cx - w, yy, cx + w, yy + s * 0.014], radius=s * 0.007, fill=rgb(p[2 - i]))
    if text:
        d.text((cx, s * 0.94), "SUMMER '26", font=font(int(s * 0.1)), anchor="mm", fill=rgb(p[4]))
    return im


def m_seigaiha(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[3]))
    R = s / 7
    rows = int(s / (R / 2)) + 3
    for row in range(-1, rows):
        y = row * R / 2
        off = (row % 2) * R
        for col in range(-1, int(s / (2 * R)) + 2):
            x = col * 2 * R + off
            for k, f in enumerate((1.0, 0.78, 0.56, 0.34)):
                c = p[k % 3] if k % 2 == 0 else p[3]
                if k == 2:
                    c = p[1]
                if k == 3:
                    c = p[2]
                rr = R * f
                d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=rgb(c))
    im = clip(im, circle_mask(s, s * 0.02))
    d = ImageDraw.Draw(im)
    ring(d, s, rgb(p[0]), s * 0.03, s * 0.02)
    return im


def m_bauhaus(s, p):
    im, d = layer(s)
    n, g = 3, s * 0.02
    cell = (s - g * (n + 1)) / n
    shapes = ["quarter", "circle", "half", "half", "quarter", "circle", "circle", "half", "quarter"]
    bgs = [0, 2, 1, 3, 1, 0, 1, 0, 2]
    fgs = [1, 4, 3, 0, 2, 3, 3, 2, 4]
    rots = [0, 0, 90, 270, 180, 0, 0, 180, 90]
    for i in range(n * n):
        x0 = g + (i % n) * (cell + g)
        y0 = g + (i // n) * (cell + g)
        box = [x0, y0, x0 + cell, y0 + cell]
        d.rectangle(box, fill=rgb(p[bgs[i]]))
        fg = rgb(p[fgs[i]])
        if shapes[i] == "circle":
            m = cell * 0.16
            d.ellipse([x0 + m, y0 + m, x0 + cell - m, y0 + cell - m], fill=fg)
        elif shapes[i] == "half":
            a = rots[i]
            d.pieslice([x0, y0, x0 + cell, y0 + cell], a, a + 180, fill=fg)
        else:
            corners = {0: (x0, y0), 90: (x0 + cell, y0), 180: (x0 + cell, y0 + cell), 270: (x0, y0 + cell)}
            cx, cy = corners[rots[i]]
            start = {0: 0, 90: 90, 180: 180, 270: 270}[rots[i]]
            d.pieslice([cx - cell, cy - cell, cx + cell, cy + cell], start, start + 90, fill=fg)
    return im


def m_peaks(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[0]))
    d.ellipse([s * 0.56, s * 0.14, s * 0.84, s * 0.42], fill=rgb(p[1]))
    mountains = [((0.68, 0.30), 0.42, p[2]), ((0.26, 0.24), 0.46, p[3]), ((0.52, 0.40), 0.40, p[4])]
    for (px, py), half, c in mountains:
        base = 1.02
        apex = (px * s, py * s)
        left = ((px - half) * s, base * s)
        right = ((px + half) * s, base * s)
        d.polygon([apex, left, right], fill=rgb(c))
        # snow cap: cut out so the shirt shows through
        f = 0.2
        cl = (apex[0] + (left[0] - apex[0]) * f, apex[1] + (left[1] - apex[1]) * f)
        cr = (apex[0] + (right[0] - apex[0]) * f, apex[1] + (right[1] - apex[1]) * f)
        mid = (apex[0], cl[1] - s * 0.02)
        q1 = (cl[0] + (mid[0] - cl[0]) * 0.5, cl[1] + s * 0.03)
        q2 = (mid[0] + (cr[0] - mid[0]) * 0.5, cr[1] + s * 0.03)
        d.polygon([apex, cl, q1, mid, q2, cr], fill=(0, 0, 0, 0))
    return clip(im, rounded_mask(s, s * 0.12))


def m_citrus(s, p):
    im, d = layer(s)
    c = s / 2
    d.ellipse([0, 0, s - 1, s - 1], fill=rgb(p[0]))
    d.ellipse([s * 0.05, s * 0.05, s * 0.95, s * 0.95], fill=rgb(p[1]))
    r = s * 0.41
    for k in range(10):
        a = k * 36
        d.pieslice([c - r, c - r, c + r, c + r], a + 2.5, a + 36 - 2.5, fill=rgb(p[2]))
    for k in range(10):
        a = math.radians(k * 36)
        d.line([(c, c), (c + r * math.cos(a), c + r * math.sin(a))], fill=rgb(p[1]), width=int(s * 0.022))
    rng = random.Random(7)
    for k in range(10):
        a = math.radians(k * 36 + 18)
        for _ in range(3):
            rr = r * rng.uniform(0.35, 0.85)
            x, y = c + rr * math.cos(a), c + rr * math.sin(a)
            e = s * rng.uniform(0.012, 0.02)
            d.ellipse([x - e, y - e * 1.6, x + e, y + e * 1.6], fill=rgb(p[3]))
    d.ellipse([c - s * 0.045, c - s * 0.045, c + s * 0.045, c + s * 0.045], fill=rgb(p[1]))
    return im


def m_night_swim(s, p):
    im, d = layer(s)
    h = s * 0.58
    d.rectangle([0, 0, s, h], fill=rgb(p[0]))
    d.rectangle([0, h, s, s], fill=rgb(p[1]))
    rng = random.Random(11)
    for _ in range(40):
        x, y = rng.uniform(0, s), rng.uniform(0, h * 0.9)
        e = s * rng.uniform(0.003, 0.008)
        d.ellipse([x - e, y - e, x + e, y + e], fill=rgb(p[3]))
    mr = s * 0.15
    mx, my = s * 0.5, s * 0.33
    d.ellipse([mx - mr, my - mr, mx + mr, my + mr], fill=rgb(p[2]))
    d.ellipse([mx - mr * 0.45, my - mr * 0.35, mx - mr * 0.15, my - mr * 0.05], fill=shade(p[2], 0.9))
    d.ellipse([mx + mr * 0.2, my + mr * 0.2, mx + mr * 0.45, my + mr * 0.45], fill=shade(p[2], 0.9))
    y = h + s * 0.03
    w = mr * 1.1
    i = 0
    while y < s * 0.98:
        jitter = rng.uniform(-0.15, 0.15) * mr
        d.rounded_rectangle([mx - w + jitter, y, mx + w + jitter, y + s * 0.018], radius=s * 0.009, fill=rgb(p[2]))
        y += s * 0.04
        w *= 0.86 if i % 2 else 1.0
        i += 1
    for k in range(6):
        yy = h + s * (0.05 + k * 0.065)
        xx = s * (0.12 + (k % 3) * 0.05)
        d.line([(xx, yy), (xx + s * 0.12, yy)], fill=rgb(p[4]), width=int(s * 0.01))
        d.line([(s - xx - s * 0.12, yy + s * 0.02), (s - xx, yy + s * 0.02)], fill=rgb(p[4]), width=int(s * 0.01))
    im = clip(im, circle_mask(s, s * 0.02))
    ring(ImageDraw.Draw(im), s, rgb(p[3]), s * 0.018, s * 0.02)
    return im


def m_checker(s, p):
    big = int(s * 0.72)
    sq, d = layer(big)
    n = 6
    cell = big / n
    for i in range(n):
        for j in range(n):
            d.rectangle([i * cell, j * cell, (i + 1) * cell, (j + 1) * cell], fill=rgb(p[(i + j) % 2]))
    d.rectangle([0, 0, big - 1, big - 1], outline=rgb(p[2]), width=int(s * 0.03))
    rot = sq.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
    rot = rot.resize((s, s), Image.Resampling.LANCZOS)
    im, d = layer(s)
    im.alpha_composite(rot)
    r = s * 0.16
    d.ellipse([s / 2 - r, s / 2 - r, s / 2 + r, s / 2 + r], fill=rgb(p[2]))
    r2 = r * 0.62
    d.ellipse([s / 2 - r2, s / 2 - r2, s / 2 + r2, s / 2 + r2], fill=rgb(p[3]))
    r3 = r * 0.3
    d.ellipse([s / 2 - r3, s / 2 - r3, s / 2 + r3, s / 2 + r3], fill=rgb(p[0]))
    return im


def m_starburst(s, p):
    im, d = layer(s)
    n = 32
    for k in range(n):
        a = k * 360 / n
        d.pieslice([0, 0, s - 1, s - 1], a, a + 360 / n, fill=rgb(p[k % 2]))
    im = clip(im, circle_mask(s))
    d = ImageDraw.Draw(im)
    for f, c in ((0.27, p[3]), (0.22, p[2]), (0.12, p[3])):
        r = s * f
        d.ellipse([s / 2 - r, s / 2 - r, s / 2 + r, s / 2 + r], fill=rgb(c))
    return im


def m_terrazzo(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[0]))
    rng = random.Random(1234)
    for _ in range(90):
        cx, cy = rng.uniform(0, s), rng.uniform(0, s)
        r = s * rng.uniform(0.015, 0.06)
        k = rng.randint(5, 8)
        a0 = rng.uniform(0, 2 * math.pi)
        pts = []
        for i in range(k):
            a = a0 + 2 * math.pi * i / k
            rr = r * rng.uniform(0.55, 1.0)
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        d.polygon(pts, fill=rgb(rng.choice(p[1:])))
    im = clip(im, circle_mask(s, s * 0.02))
    ring(ImageDraw.Draw(im), s, rgb(p[2]), s * 0.022, s * 0.02)
    return im


CACTUS = [
    "................",
    "...........yy...",
    "..........yyyy..",
    "...........yy...",
    "......GG........",
    ".....GgGG.......",
    ".....GgGG..G....",
    ".G...GgGG.GgG...",
    "GgG..GgGG.GgG...",
    "GgG..GgGG.GgG...",
    "GgGGGGgGGGGgG...",
    ".GGGGGgGGGGG....",
    ".....GgGG.......",
    "...oooooooo.....",
    "....OOOOOO......",
    ".....OOOO.......",
]


def m_pixel_cactus(s, p):
    im, d = layer(s)
    colours = {"G": p[1], "g": p[2], "o": p[3], "O": p[4], "y": p[5]}
    n = 16
    cell = s / (n + 2)
    d.rectangle([cell * 0.5, cell * 0.5, s - cell * 0.5, s - cell * 0.5], fill=rgb(p[0]))
    d.rectangle([cell * 0.5, cell * 14, s - cell * 0.5, s - cell * 0.5], fill=rgb(p[6]))
    for j, row in enumerate(CACTUS):
        for i, ch in enumerate(row):
            if ch in colours:
                x, y = (i + 1.5) * cell, (j + 1) * cell
                d.rectangle([x, y, x + cell, y + cell], fill=rgb(colours[ch]))
    return im


def m_halftone(s, p):
    im, d = layer(s)
    n = 21
    step = s / n
    c = s / 2
    R = s * 0.47
    for j in range(n):
        for i in range(n):
            x, y = (i + 0.5) * step, (j + 0.5) * step
            dist = math.hypot(x - c, y - c) / R
            if dist > 1:
                continue
            r = step * 0.68 * (1 - dist ** 1.4)
            if r > step * 0.08:
                d.ellipse([x - r, y - r, x + r, y + r], fill=rgb(p[0]))
    for k in range(16):
        a = math.radians(k * 22.5 + 11.25)
        r0, r1 = s * 0.43, s * 0.5
        w = math.radians(3)
        d.polygon([(c + r0 * math.cos(a - w), c + r0 * math.sin(a - w)), (c + r1 * math.cos(a), c + r1 * math.sin(a)),
                   (c + r0 * math.cos(a + w), c + r0 * math.sin(a + w))], fill=rgb(p[0]))
    return im


def kite(d, cx, cy, w, h, c1, c2, tail):
    top, right, bottom, left = (cx, cy - h * 0.4), (cx + w / 2, cy), (cx, cy + h * 0.6), (cx - w / 2, cy)
    mid = (cx, cy)
    d.polygon([top, right, mid], fill=c1)
    d.polygon([mid, right, bottom], fill=c2)
    d.polygon([mid, bottom, left], fill=c1)
    d.polygon([top, mid, left], fill=c2)
    pts = []
    for k in range(30):
        t = k / 29
        pts.append((bottom[0] + math.sin(t * 9) * w * 0.12, bottom[1] + t * h * 1.1))
    d.line(pts, fill=tail, width=max(2, int(w * 0.03)))
    for k in (8, 16, 24):
        x, y = pts[k]
        bw = w * 0.08
        d.polygon([(x, y), (x - bw, y - bw * 0.7), (x - bw, y + bw * 0.7)], fill=c1)
        d.polygon([(x, y), (x + bw, y - bw * 0.7), (x + bw, y + bw * 0.7)], fill=c1)


def m_kites(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[0]))
    for cx, cy, r in ((0.2, 0.8, 0.1), (0.3, 0.85, 0.08), (0.75, 0.2, 0.09), (0.85, 0.25, 0.07)):
        d.ellipse([(cx - r) * s, (cy - r * 0.6) * s, (cx + r) * s, (cy + r * 0.6) * s], fill=(255, 255, 255, 255))
    kite(d, s * 0.28, s * 0.28, s * 0.26, s * 0.34, rgb(p[1]), shade(p[1], 0.75), rgb(p[5]))
    kite(d, s * 0.68, s * 0.42, s * 0.22, s * 0.28, rgb(p[2]), shade(p[2], 0.8), rgb(p[5]))
    kite(d, s * 0.46, s * 0.56, s * 0.16, s * 0.2, rgb(p[3]), shade(p[3], 0.75), rgb(p[5]))
    kite(d, s * 0.82, s * 0.7, s * 0.12, s * 0.15, rgb(p[4]), shade(p[4], 0.75), rgb(p[5]))
    return clip(im, rounded_mask(s, s * 0.08))


def m_ice_lolly(s, p):
    im, d = layer(s)
    d.ellipse([0, 0, s - 1, s - 1], fill=rgb(p[2]))
    w, top, bot = s * 0.36, s * 0.12, s * 0.72
    x0, x1 = s / 2 - w / 2, s / 2 + w / 2
    d.rounded_rectangle([s / 2 - s * 0.045, bot - s * 0.05, s / 2 + s * 0.045, s * 0.93], radius=s * 0.04, fill=rgb(p[3]))
    d.rounded_rectangle([x0, top, x1, bot], radius=w * 0.5, fill=rgb(p[0]))
    d.rectangle([x0, top + (bot - top) * 0.55, x1, bot - w * 0.2], fill=rgb(p[1]))
    d.rounded_rectangle([x0, bot - w * 0.5, x1, bot], radius=w * 0.2, fill=rgb(p[1]))
    for k, dx in enumerate((0.2, 0.55, 0.8)):
        x = x0 + w * dx
        ln = s * (0.04 + 0.03 * (k % 2))
        y = top + (bot - top) * 0.55
        d.rounded_rectangle([x - s * 0.025, y - s * 0.01, x + s * 0.025, y + ln], radius=s * 0.025, fill=rgb(p[0]))
    d.rounded_rectangle([x0 + w * 0.15, top + w * 0.25, x0 + w * 0.27, top + (bot - top) * 0.45], radius=s * 0.03,
                        fill=shade(p[0], 1.35))
    br = s * 0.07
    for bx, by in ((x1 - s * 0.01, top + s * 0.09), (x1 + s * 0.02, top + s * 0.19)):
        d.ellipse([bx - br, by - br, bx + br, by + br], fill=(0, 0, 0, 0))
    # the bite cut through the background disc too: put the disc back behind
    bite_bg, bd = layer(s)
    bd.ellipse([0, 0, s - 1, s - 1], fill=rgb(p[2]))
    out = Image.alpha_composite(bite_bg, im)
    d = ImageDraw.Draw(out)
    rng = random.Random(5)
    for _ in range(14):
        x, y = s * rng.uniform(0.1, 0.9), s * rng.uniform(0.1, 0.9)
        if x0 - s * 0.03 < x < x1 + s * 0.03 and top - s * 0.03 < y < s * 0.95:
            continue
        d.rounded_rectangle([x, y, x + s * 0.04, y + s * 0.014], radius=s * 0.007, fill=rgb(p[4]))
    return out


def m_orbit(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[0]))
    rng = random.Random(42)
    for _ in range(70):
        x, y = rng.uniform(0, s), rng.uniform(0, s)
        e = s * rng.choice((0.003, 0.004, 0.006, 0.009))
        d.ellipse([x - e, y - e, x + e, y + e], fill=rgb(p[3]))
    c, r = s / 2, s * 0.2
    box = [c - r * 2.1, c - r * 0.55, c + r * 2.1, c + r * 0.55]
    d.ellipse(box, outline=rgb(p[2]), width=int(s * 0.03))
    d.ellipse([c - r, c - r, c + r, c + r], fill=rgb(p[1]))
    for k in range(3):
        y = c - r * 0.5 + k * r * 0.42
        hw = math.sqrt(max(r * r - (y - c) ** 2, 0))
        d.line([(c - hw * 0.9, y), (c + hw * 0.9, y)], fill=shade(p[1], 0.82), width=int(s * 0.018))
    d.arc(box, 0, 180, fill=rgb(p[2]), width=int(s * 0.03))
    for mx, my, mr, col in ((0.2, 0.22, 0.045, p[2]), (0.8, 0.78, 0.03, p[4])):
        d.ellipse([(mx - mr) * s, (my - mr) * s, (mx + mr) * s, (my + mr) * s], fill=rgb(col))
    return clip(im, rounded_mask(s, s * 0.06))


def m_zigzag(s, p):
    im, d = layer(s)
    n = 9
    teeth = 7
    band = s / n
    amp = band * 0.45
    for i in range(-1, n + 1):
        y = i * band
        top = [(k * s / (teeth * 2), y + (amp if k % 2 else 0)) for k in range(teeth * 2 + 1)]
        bottom = [(x, yy + band) for x, yy in reversed(top)]
        d.polygon(top + bottom, fill=rgb(p[min(max(i, 0), len(p) - 1) if i < len(p) else (i % len(p))]))
    m = Image.new("L", (s, s), 0)
    md = ImageDraw.Draw(m)
    md.polygon([(s * 0.06, 0), (s * 0.94, 0), (s * 0.94, s * 0.62), (s / 2, s), (s * 0.06, s * 0.62)], fill=255)
    return clip(im, m)


def leaf(d, x, y, angle, length, width, colour):
    pts = []
    for k in range(13):
        t = k / 12
        pts.append((t * length, math.sin(t * math.pi) * width / 2))
    for k in range(11, 0, -1):
        t = k / 12
        pts.append((t * length, -math.sin(t * math.pi) * width / 2))
    ca, sa = math.cos(angle), math.sin(angle)
    d.polygon([(x + px * ca - py * sa, y + px * sa + py * ca) for px, py in pts], fill=colour)


def m_flower_ring(s, p):
    im, d = layer(s)
    c, R = s / 2, s * 0.37
    n = 12
    for k in range(n):
        a = 2 * math.pi * (k + 0.5) / n
        x, y = c + R * math.cos(a), c + R * math.sin(a)
        leaf(d, x, y, a + math.pi / 2, s * 0.15, s * 0.06, rgb(p[4]))
        leaf(d, x, y, a - math.pi / 2, s * 0.15, s * 0.06, rgb(p[4]))
    for k in range(n):
        a = 2 * math.pi * k / n
        x, y = c + R * math.cos(a), c + R * math.sin(a)
        col = p[k % 3]
        pr = s * 0.05
        for j in range(6):
            b = 2 * math.pi * j / 6 + a
            px, py = x + pr * 1.1 * math.cos(b), y + pr * 1.1 * math.sin(b)
            d.ellipse([px - pr, py - pr, px + pr, py + pr], fill=rgb(col))
        cr = pr * 0.8
        d.ellipse([x - cr, y - cr, x + cr, y + cr], fill=rgb(p[3]))
    d.text((c, c - s * 0.055), "GLAD", font=font(int(s * 0.09)), anchor="mm", fill=rgb(p[5]))
    d.text((c, c + s * 0.05), "MIDSOMMAR", font=font(int(s * 0.066)), anchor="mm", fill=rgb(p[5]))
    return im


def m_lighthouse(s, p):
    im, d = layer(s)
    d.rectangle([0, 0, s, s], fill=rgb(p[0]))
    rng = random.Random(3)
    for _ in range(30):
        x, y = rng.uniform(0, s), rng.uniform(0, s * 0.6)
        e = s * rng.uniform(0.003, 0.007)
        d.ellipse([x - e, y - e, x + e, y + e], fill=rgb(p[3]))
    lx, ly = s * 0.5, s * 0.3
    d.polygon([(lx, ly), (0, ly - s * 0.2), (0, ly + s * 0.06)], fill=rgb(p[1]))
    d.polygon([(lx, ly), (s, ly - s * 0.12), (s, ly + s * 0.14)], fill=rgb(p[1]))
    base, top = s * 0.78, s * 0.36
    bw, tw = s * 0.11, s * 0.07
    for k in range(5):
        y0 = top + (base - top) * k / 5
        y1 = top + (base - top) * (k + 1) / 5
        w0 = tw + (bw - tw) * k / 5
        w1 = tw + (bw - tw) * (k + 1) / 5
        d.polygon([(lx - w0, y0), (lx + w0, y0), (lx + w1, y1), (lx - w1, y1)], fill=rgb(p[2] if k % 2 == 0 else p[3]))
    d.rectangle([lx - tw * 0.8, ly - s * 0.03, lx + tw * 0.8, top], fill=rgb(p[1]))
    d.rectangle([lx - tw * 1.15, top - s * 0.012, lx + tw * 1.15, top + s * 0.012], fill=rgb(p[3]))
    d.polygon([(lx - tw, ly - s * 0.03), (lx + tw, ly - s * 0.03), (lx, ly - s * 0.1)], fill=rgb(p[2]))
    d.rectangle([0, base, s, s], fill=rgb(p[4]))
    for k in range(4):
        y = base + s * (0.04 + k * 0.045)
        for j in range(5):
            x = s * (0.05 + j * 0.2 + (k % 2) * 0.1)
            d.arc([x, y - s * 0.02, x + s * 0.1, y + s * 0.02], 200, 340, fill=rgb(p[5]), width=int(s * 0.01))
    im = clip(im, circle_mask(s, s * 0.02))
    d = ImageDraw.Draw(im)
    ring(d, s, rgb(p[3]), s * 0.02, s * 0.02)
    return im


def m_sunflower(s, p):
    im, d = layer(s)
    c = s / 2
    R = s * 0.5
    n = 24
    for k in range(n):
        a = 2 * math.pi * k / n
        b = a + math.pi / n
        for ang, rr, col in ((b, R * 0.92, p[3]), (a, R, p[1])):
            tip = (c + rr * math.cos(ang), c + rr * math.sin(ang))
            w = 2 * math.pi / n * 0.55
            l1 = (c + R * 0.45 * math.cos(ang - w), c + R * 0.45 * math.sin(ang - w))
            l2 = (c + R * 0.45 * math.cos(ang + w), c + R * 0.45 * math.sin(ang + w))
            d.polygon([l1, tip, l2, (c, c)], fill=rgb(col))
    rd = R * 0.5
    d.ellipse([c - rd, c - rd, c + rd, c + rd], fill=rgb(p[0]))
    golden = math.radians(137.508)
    seeds = 400
    for i in range(seeds):
        r = rd * 0.96 * math.sqrt((i + 0.5) / seeds)
        a = i * golden
        x, y = c + r * math.cos(a), c + r * math.sin(a)
        e = s * (0.004 + 0.007 * (r / rd))
        d.ellipse([x - e, y - e, x + e, y + e], fill=rgb(p[2] if i % 3 else p[1]))
    return im


def m_dunes(s, p):
    im, d = layer(s)
    c = s / 2
    sr = s * 0.12
    d.ellipse([c - sr, s * 0.1, c + sr, s * 0.1 + 2 * sr], fill=rgb(p[1]))
    for k in range(14):
        base = s * (0.34 + k * 0.05)
        pts = []
        for i in range(81):
            x = s * i / 80
            y = base + s * 0.035 * math.sin(x / s * 2 * math.pi * (1.2 + k * 0.07) + k * 0.9) \
                + s * 0.015 * math.sin(x / s * 2 * math.pi * 3.1 + k)
            pts.append((x, y))
        d.line(pts, fill=rgb(p[k % 2]), width=int(s * (0.012 if k % 2 else 0.02)), joint="curve")
    im = clip(im, circle_mask(s, s * 0.02))
    ring(ImageDraw.Draw(im), s, rgb(p[1]), s * 0.02, s * 0.02)
    return im


def m_beach_ball(s, p):
    im, d = layer(s)
    n = len(p)
    for k in range(n):
        a = -90 + k * 360 / n
        d.pieslice([0, 0, s - 1, s - 1], a, a + 360 / n, fill=rgb(p[k]))
    c = s / 2
    for k in range(n):
        a = math.radians(-90 + k * 360 / n)
        d.line([(c, c), (c + c * math.cos(a), c + c * math.sin(a))], fill=(40, 40, 40, 255), width=int(s * 0.008))
    r = s * 0.07
    d.ellipse([c - r, c - r, c + r, c + r], fill=(255, 255, 255, 255), outline=(40, 40, 40, 255), width=int(s * 0.008))
    ring(d, s, (40, 40, 40, 255), s * 0.012)
    d.ellipse([s * 0.2, s * 0.16, s * 0.34, s * 0.24], fill=(255, 255, 255, 200))
    return im


def fish(d, x, y, length, facing, body, belly, eye):
    h = length * 0.28
    x0, x1 = (x, x + length * 0.82) if facing > 0 else (x + length * 0.18, x + length)
    d.ellipse([x0, y - h / 2, x1, y + h / 2], fill=body)
    d.chord([x0, y - h / 2, x1, y + h / 2], 0, 180, fill=belly)
    if facing > 0:
        tail = [(x0 + length * 0.04, y), (x, y - h * 0.55), (x, y + h * 0.55)]
        ex = x1 - length * 0.12
    else:
        tail = [(x1 - length * 0.04, y), (x + length, y - h * 0.55), (x + length, y + h * 0.55)]
        ex = x0 + length * 0.12
    d.polygon(tail, fill=body)
    e = h * 0.11
    d.ellipse([ex - e, y - h * 0.18 - e, ex + e, y - h * 0.18 + e], fill=eye)


def m_sardines(s, p):
    im, d = layer(s)
    d.rounded_rectangle([s * 0.06, s * 0.2, s * 0.94, s * 0.92], radius=s * 0.14, fill=rgb(p[0]))
    d.rounded_rectangle([s * 0.1, s * 0.24, s * 0.9, s * 0.88], radius=s * 0.11, fill=rgb(p[1]))
    for k in range(5):
        y = s * (0.33 + k * 0.115)
        fish(d, s * 0.14, y, s * 0.72, 1 if k % 2 == 0 else -1, rgb(p[2]), rgb(p[3]), rgb(p[5]))
    d.rounded_rectangle([s * 0.14, s * 0.02, s * 0.86, s * 0.16], radius=s * 0.06, fill=rgb(p[0]))
    d.ellipse([s * 0.44, s * 0.045, s * 0.56, s * 0.135], outline=rgb(p[1]), width=int(s * 0.018))
    d.text((s / 2, s * 0.962), "SARDINHAS", font=font(int(s * 0.05)), anchor="mm", fill=rgb(p[4]))
    return im


def m_cold_front(s, p):
    im, d = layer(s)
    for row in range(4):
        y0 = s * (0.15 + row * 0.23)
        pts = [(s * i / 40, y0 + s * 0.03 * math.sin(i / 40 * 2 * math.pi + row)) for i in range(41)]
        col = p[row % 2]
        d.line(pts, fill=rgb(col), width=int(s * 0.014))
        for k in range(3, 40, 6):
            x, y = pts[k]
            if row % 2 == 0:
                d.polygon([(x - s * 0.03, y), (x + s * 0.03, y), (x, y - s * 0.05)], fill=rgb(col))
            else:
                d.pieslice([x - s * 0.03, y - s * 0.03, x + s * 0.03, y + s * 0.03], 180, 360, fill=rgb(col))
    return im


MOTIFS = {name[2:]: fn for name, fn in globals().items() if name.startswith("m_")}

# --------------------------------------------------------------------------
# The t-shirt mock-up
# --------------------------------------------------------------------------

SHIRT = [(0.385, 0.075), (0.235, 0.12), (0.05, 0.29), (0.14, 0.41), (0.235, 0.345), (0.235, 0.95),
         (0.765, 0.95), (0.765, 0.345), (0.86, 0.41), (0.95, 0.29), (0.765, 0.12), (0.615, 0.075)]


def shirt_polygon(n: int) -> list[tuple[float, float]]:
    pts = [(x * n, y * n) for x, y in SHIRT]
    # the collar scoop, from the right collar point back to the left one
    cx, cy, rx, ry = 0.5 * n, 0.075 * n, 0.115 * n, 0.07 * n
    for k in range(1, 16):
        a = math.pi * k / 16
        pts.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return pts


def mockup(print_art: Image.Image, shirt: str, background: str) -> Image.Image:
    n = SIZE * SS
    im = Image.new("RGBA", (n, n), rgb(background))
    d = ImageDraw.Draw(im)
    poly = shirt_polygon(n)
    d.polygon([(x + n * 0.012, y + n * 0.016) for x, y in poly], fill=shade(background, 0.86))
    d.polygon(poly, fill=rgb(SHIRTS[shirt]))
    dark = shade(SHIRTS[shirt], 0.88)
    cx, cy, rx, ry = 0.5 * n, 0.075 * n, 0.115 * n, 0.07 * n
    d.arc([cx - rx, cy - ry, cx + rx, cy + ry], 0, 180, fill=dark, width=int(n * 0.018))
    for side in (-1, 1):
        x = 0.5 * n + side * 0.265 * n
        d.line([(x, 0.125 * n), (x, 0.345 * n)], fill=dark, width=int(n * 0.004))
    d.line([(0.235 * n, 0.93 * n), (0.765 * n, 0.93 * n)], fill=dark, width=int(n * 0.004))
    size = int(n * 0.38)
    art = print_art.resize((size, size), Image.Resampling.LANCZOS) if print_art.size[0] != size else print_art
    im.alpha_composite(art, (int(n / 2 - size / 2), int(n * 0.3)))
    return im


def save_png(im: Image.Image, path: Path) -> None:
    small = im.convert("RGB").resize((im.width // SS, im.height // SS), Image.Resampling.LANCZOS)
    pal = small.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    pal.save(path, format="PNG", optimize=True)


def art_for(tee_id: str, palette: list[str]) -> Image.Image:
    motif = TEES[tee_id][0]
    return MOTIFS[motif](int(SIZE * SS * 0.38), palette)


def make_tees(out: Path) -> list[Path]:
    written = []
    for tee_id, (motif, shirt, palette, background, *_rest) in TEES.items():
        path = out / f"{tee_id}.png"
        save_png(mockup(art_for(tee_id, palette), shirt, background), path)
        written.append(path)
    for name, (tee_id, shirt, palette) in VARIANTS.items():
        background = TEES[tee_id][3]
        path = out / f"{name}.png"
        save_png(mockup(art_for(tee_id, palette), shirt, background), path)
        written.append(path)
    return written


def make_cover(path: Path) -> None:
    w, h = 1200 * SS, 630 * SS
    im = Image.new("RGBA", (w, h), rgb("#23324e"))
    d = ImageDraw.Draw(im)
    bands = ["#f6e7c1", "#f2c14e", "#f4934f", "#ef6f5e"]
    for i, c in enumerate(bands):
        d.rectangle([0, h * (0.56 + i * 0.11), w, h], fill=rgb(c))
    sun = m_retro_sun(int(h * 0.9), ["#ef6f5e", "#f4934f", "#f2c14e", "#f6e7c1", "#23324e"], text=False)
    im.alpha_composite(sun, (int(w * 0.58), int(h * 0.02)))
    # a row of small shirts in the summer colours
    for k, shirt in enumerate(("sand", "sea-glass", "coral", "off-white")):
        n = int(h * 0.3)
        pts = [(x * n + w * 0.06 + k * n * 1.05, y * n + h * 0.62) for x, y in shirt_polygon(1)]
        d.polygon(pts, fill=rgb(SHIRTS[shirt]))
    d.text((w * 0.06, h * 0.2), "Summer Tees 2026", font=font(int(h * 0.13)), anchor="lm", fill=rgb("#f6e7c1"))
    d.text((w * 0.06, h * 0.36), "Northwind Outfitters Crowd Lab", font=font(int(h * 0.06)), anchor="lm",
           fill=rgb("#f2c14e"))
    save_png(im, path)


# --------------------------------------------------------------------------
# Winter photos: the metadata a phone leaves in a file, for the build to strip
# --------------------------------------------------------------------------

def winter_scene(w: int, h: int, sky: str, ground: str, accent: str) -> Image.Image:
    """A night landscape: sky, hills, snow and a warm light, drawn flat (photo-sized, deterministic)."""
    im = Image.new("RGB", (w, h), sky)
    d = ImageDraw.Draw(im)
    for i in range(12):  # a soft sky gradient in bands
        d.rectangle([0, i * h * 0.05, w, (i + 1) * h * 0.05], fill=shade(sky, 1 + i * 0.04)[:3])
    d.polygon([(0, h * 0.62), (w * 0.3, h * 0.38), (w * 0.55, h * 0.58), (w * 0.8, h * 0.34), (w, h * 0.55),
               (w, h), (0, h)], fill=ground)
    d.polygon([(w * 0.24, h * 0.44), (w * 0.3, h * 0.38), (w * 0.36, h * 0.44)], fill="#f4f6fb")
    d.polygon([(w * 0.74, h * 0.40), (w * 0.8, h * 0.34), (w * 0.86, h * 0.40)], fill="#f4f6fb")
    d.rectangle([0, h * 0.8, w, h], fill="#e8eef7")
    d.rectangle([w * 0.42, h * 0.62, w * 0.58, h * 0.8], fill="#3b2a20")
    d.polygon([(w * 0.39, h * 0.63), (w * 0.5, h * 0.52), (w * 0.61, h * 0.63)], fill="#2a1d16")
    d.rectangle([w * 0.47, h * 0.67, w * 0.53, h * 0.73], fill=accent)
    for k in range(40):  # stars, placed by a fixed rule
        x, y = (k * 7919) % w, (k * 104729) % int(h * 0.3)
        d.ellipse([x, y, x + 3, y + 3], fill="#fdf6d8")
    return im


def phone_exif(orientation: int) -> Image.Exif:
    """EXIF as a phone writes it: orientation, camera, owner, and where the photo was taken."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Northwind Phone Co."  # Make
    exif[0x0110] = "NW-7 Pro"  # Model
    exif[0x013B] = "Olek Wisniewski"  # Artist
    exif[0x0132] = "2026:10:19 21:14:03"  # DateTime
    gps = {1: "N", 2: (61.0, 37.0, 12.5), 3: "E", 4: (8.0, 18.0, 44.1), 5: 0, 6: 1100.0}  # GPSInfo: Jotunheimen
    exif[0x8825] = gps
    return exif


def make_winter(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    bothy = out / "bothy-lights.jpg"
    upright = winter_scene(1600, 1000, "#1b2a4a", "#3a4f6e", "#ffc45c")
    # stored turned a quarter left, with Orientation 6 ("turn right to view"), as cameras do
    upright.transpose(Image.Transpose.ROTATE_90).save(
        bothy, "JPEG", quality=88, exif=phone_exif(6), comment=b"Home: 12 Fjellveien, Lom")
    aurora = out / "aurora-knit.webp"
    winter_scene(900, 900, "#12324a", "#2e5e4e", "#7de2b8").save(aurora, "WEBP", quality=85,
                                                                 exif=phone_exif(1))
    fjord = out / "fjord-stripes.gif"
    frames = [winter_scene(640, 480, sky, "#27496d", "#ffd27f").quantize(64, dither=Image.Dither.NONE)
              for sky in ("#0d1b2a", "#1b263b")]
    frames[0].save(fjord, "GIF", save_all=True, append_images=frames[1:], duration=600, loop=0,
                   comment=b"made at 12 Fjellveien")
    return [bothy, aurora, fjord]


# --------------------------------------------------------------------------
# SVGs
# --------------------------------------------------------------------------

AVATAR_COLOURS = ["#1d4e89", "#2a9d8f", "#d1495b", "#6a4c93", "#e76f51", "#386641",
                  "#8c5a3c", "#0b7a75", "#b5179e", "#3d405b", "#bc4b51", "#00798c"]


def initials(name: str) -> str:
    parts = name.split()
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


def avatar_svg(designer_id: str, name: str) -> str:
    colour = AVATAR_COLOURS[int(hashlib.sha256(designer_id.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)]
    label = escape(name, {'"': "&quot;"})
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96" '
        f'role="img" aria-label="{label}">'
        f'<circle cx="48" cy="48" r="48" fill="{colour}"/>'
        '<text x="48" y="48" dy="0.35em" text-anchor="middle" font-family="system-ui, -apple-system, '
        'Segoe UI, Roboto, sans-serif" font-size="38" font-weight="600" fill="#ffffff">'
        f"{escape(initials(name))}</text></svg>\n"
    )


def svg(width: int, height: int, label: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(label)}">\n{body.strip()}\n</svg>\n')


IDEA_SVGS = {
    "repair-bench": svg(640, 400, "Sketch: a workbench with a sewing machine and spools of thread", """
<rect width="640" height="400" fill="#f4efe6"/>
<rect x="80" y="230" width="480" height="24" rx="4" fill="#8c5a3c"/>
<rect x="110" y="254" width="18" height="110" fill="#6b4428"/>
<rect x="512" y="254" width="18" height="110" fill="#6b4428"/>
<path d="M200 230v-70a20 20 0 0 1 20-20h150a20 20 0 0 1 20 20v20h-40v-10H240v60z" fill="#1d4e89"/>
<rect x="350" y="200" width="14" height="30" fill="#1d4e89"/>
<rect x="346" y="226" width="22" height="4" fill="#333"/>
<circle cx="430" cy="212" r="18" fill="#e76f51"/><rect x="420" y="190" width="20" height="6" fill="#8c5a3c"/>
<circle cx="470" cy="214" r="16" fill="#2a9d8f"/><rect x="461" y="194" width="18" height="6" fill="#8c5a3c"/>
<path d="M140 110l60 40M150 160l40-60" stroke="#555" stroke-width="8" stroke-linecap="round"/>
"""),
    "gear-library": svg(640, 400, "Sketch: shelves of tents and packs with a rental tag", """
<rect width="640" height="400" fill="#eef3ee"/>
<rect x="60" y="60" width="300" height="300" fill="none" stroke="#6b4428" stroke-width="10"/>
<line x1="60" y1="160" x2="360" y2="160" stroke="#6b4428" stroke-width="10"/>
<line x1="60" y1="260" x2="360" y2="260" stroke="#6b4428" stroke-width="10"/>
<path d="M80 155l50-70 50 70z" fill="#2a9d8f"/><path d="M190 155l50-70 50 70z" fill="#e9c46a"/>
<rect x="90" y="190" width="50" height="65" rx="12" fill="#e76f51"/><rect x="170" y="190" width="50" height="65" rx="12" fill="#1d4e89"/>
<rect x="260" y="200" width="70" height="55" rx="8" fill="#264653"/>
<path d="M430 120h120l40 40-40 40H430z" fill="#f2c14e"/><circle cx="455" cy="160" r="10" fill="#eef3ee"/>
<text x="500" y="168" font-family="system-ui, sans-serif" font-size="26" text-anchor="middle" fill="#264653">RENT</text>
"""),
    "trail-map-wall": svg(640, 400, "Sketch: a wall map of hills with pins and a dashed trail", """
<rect width="640" height="400" fill="#f6f1e7"/>
<rect x="60" y="40" width="520" height="320" rx="8" fill="#dbe8d4" stroke="#5a6b4f" stroke-width="6"/>
<path d="M90 300q80-120 160-60t160-90 140 40" fill="none" stroke="#9bb38a" stroke-width="26"/>
<path d="M120 320q60-60 120-20t140-80 150-10" fill="none" stroke="#c94c4c" stroke-width="6" stroke-dasharray="14 10"/>
<g fill="#e76f51"><circle cx="240" cy="300" r="14"/><circle cx="380" cy="220" r="14"/><circle cx="530" cy="210" r="14"/></g>
<g fill="#f6f1e7"><circle cx="240" cy="300" r="5"/><circle cx="380" cy="220" r="5"/><circle cx="530" cy="210" r="5"/></g>
<path d="M440 90l30-40 30 40z" fill="#5a6b4f"/><path d="M480 90l40-55 40 55z" fill="#43523a"/>
"""),
    "covered-bike-parking": svg(640, 400, "Sketch: a bicycle under a small roofed shelter", """
<rect width="640" height="400" fill="#eaf0f4"/>
<path d="M90 120L320 60l230 60z" fill="#1d4e89"/>
<rect x="110" y="120" width="12" height="230" fill="#3d405b"/><rect x="518" y="120" width="12" height="230" fill="#3d405b"/>
<g fill="none" stroke="#222" stroke-width="10">
<circle cx="240" cy="290" r="55"/><circle cx="400" cy="290" r="55"/>
<path d="M240 290l60-90h70l30 90M300 200l30 90h-90M290 190h30M370 200l-10-25h30"/>
</g>
<path d="M60 350h520" stroke="#9aa5b1" stroke-width="8"/>
<path d="M150 100q10-30 0-50M480 100q-10-30 0-50" stroke="#5fa8d3" stroke-width="6" fill="none" stroke-linecap="round"/>
"""),
}

STORES_COVER = svg(1200, 630, "A Northwind store front with a striped awning", """
<rect width="1200" height="630" fill="#e9f1ee"/>
<rect x="0" y="540" width="1200" height="90" fill="#9aa5b1"/>
<rect x="220" y="170" width="760" height="370" fill="#f6f1e7"/>
<rect x="220" y="130" width="760" height="60" fill="#23324e"/>
<text x="600" y="172" font-family="system-ui, sans-serif" font-size="34" font-weight="700" text-anchor="middle" fill="#f6e7c1" letter-spacing="6">NORTHWIND OUTFITTERS</text>
<g>
<path d="M200 190h80l-10 70h-60z" fill="#2a9d8f"/><path d="M280 190h80l-10 70h-60z" fill="#f6f1e7"/>
<path d="M360 190h80l-10 70h-60z" fill="#2a9d8f"/><path d="M440 190h80l-10 70h-60z" fill="#f6f1e7"/>
<path d="M520 190h80l-10 70h-60z" fill="#2a9d8f"/><path d="M600 190h80l-10 70h-60z" fill="#f6f1e7"/>
<path d="M680 190h80l-10 70h-60z" fill="#2a9d8f"/><path d="M760 190h80l-10 70h-60z" fill="#f6f1e7"/>
<path d="M840 190h80l-10 70h-60z" fill="#2a9d8f"/><path d="M920 190h80l-10 70h-60z" fill="#f6f1e7"/>
</g>
<rect x="270" y="300" width="300" height="200" fill="#bcd8e8" stroke="#23324e" stroke-width="8"/>
<rect x="640" y="300" width="130" height="240" fill="#8c5a3c"/><circle cx="750" cy="420" r="7" fill="#f2c14e"/>
<rect x="820" y="300" width="110" height="200" fill="#bcd8e8" stroke="#23324e" stroke-width="8"/>
<path d="M330 480l40-70 40 70zM420 480l30-50 30 50z" fill="#2a9d8f"/>
<circle cx="1080" cy="110" r="50" fill="#f2c14e"/>
<circle cx="110" cy="420" r="70" fill="#52b788"/><rect x="102" y="470" width="16" height="70" fill="#6b4428"/>
""")

# --------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_votes(path: Path) -> int:
    """Write votes.csv; return the number of rows."""
    rng = random.Random(20260302)
    tee_voters = [f"v{i:05d}" for i in range(1, 1301)]
    idea_voters = [f"v{i:05d}" for i in range(900, 2101)]
    events: list[tuple[datetime, str, str, int]] = []

    def when(start: datetime, end: datetime) -> datetime:
        span = (end - start).total_seconds()
        # most votes arrive soon after a submission appears, a long tail later
        return start + timedelta(seconds=int(span * rng.random() ** 1.8))

    for tee_id, (*_art, submitted, mean, count) in TEES.items():
        if count == 0:
            continue
        start = max(_t(submitted), TEE_OPENS) + timedelta(minutes=5)
        sd = 0.55 if count < 20 else 1.15
        for voter in rng.sample(tee_voters, count):
            value = min(5, max(0, round(rng.gauss(mean, sd))))
            events.append((when(start, TEE_CLOSES), tee_id, voter, value))
    for idea_id, (submitted, p_up, count) in IDEAS.items():
        if count == 0:
            continue
        start = max(_t(submitted), IDEA_OPENS) + timedelta(minutes=5)
        for voter in rng.sample(idea_voters, count):
            events.append((when(start, IDEA_EXPORTED), idea_id, voter, 1 if rng.random() < p_up else -1))

    # A few people change their mind: a second vote on the same submission, later.
    changed = rng.sample(range(len(events)), 24)
    for i in sorted(changed):
        t, sub, voter, value = events[i]
        end = TEE_CLOSES if sub in TEES else IDEA_EXPORTED
        later = min(t + timedelta(seconds=rng.randint(3600, 6 * 86400)), end)
        if later <= t:
            continue
        if sub in TEES:
            new = min(5, max(0, value + rng.choice((-2, -1, 1, 2))))
            if new == value:
                new = 5 - value if value != 2.5 else 0
        else:
            new = -value
        events.append((later, sub, voter, new))

    later_rng = random.Random(20261001)
    originals = {"bike-shelter": "covered-bike-parking"}
    for idea_id, (submitted, p_up, count) in LATER_IDEAS.items():
        start = max(_t(submitted), IDEA_OPENS) + timedelta(minutes=5)
        theirs = sorted({v for _t0, sub, v, _v in events if sub == originals.get(idea_id)})
        pool = later_rng.sample(theirs, count // 2) + later_rng.sample(idea_voters, count - count // 2)
        for voter in dict.fromkeys(pool):
            span = (IDEA_EXPORTED - start).total_seconds()
            t = start + timedelta(seconds=int(span * later_rng.random() ** 1.8))
            events.append((t, idea_id, voter, 1 if later_rng.random() < p_up else -1))
    for design_id, (submitted, mean, count) in WINTER.items():
        start = max(_t(submitted), WINTER_OPENS) + timedelta(minutes=5)
        for voter in later_rng.sample(tee_voters, count):
            span = (WINTER_LAST_VOTE - start).total_seconds()
            t = start + timedelta(seconds=int(span * later_rng.random() ** 1.8))
            events.append((t, design_id, voter, min(5, max(1, round(later_rng.gauss(mean, 0.9))))))

    events.sort(key=lambda e: (e[0], e[1], e[2]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["submission", "voter", "value", "timestamp"])
        for t, sub, voter, value in events:
            w.writerow([sub, voter, value, iso(t)])
    return len(events)


# --------------------------------------------------------------------------


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def generate(site: Path) -> None:
    images = site / "images"
    tees = make_tees(images / "tees")
    make_cover(images / "covers" / "summer-tees-2026.png")
    photos = make_winter(images / "winter")
    write_text(images / "covers" / "better-stores.svg", STORES_COVER)
    for designer_id, name in AVATARS.items():
        write_text(images / "avatars" / f"{designer_id}.svg", avatar_svg(designer_id, name))
    for idea_id, text in IDEA_SVGS.items():
        write_text(images / "ideas" / f"{idea_id}.svg", text)
    rows = make_votes(site / "votes.csv")
    total = sum(p.stat().st_size for p in images.rglob("*") if p.is_file())
    print(f"wrote {len(tees)} tee mock-ups, {len(photos)} winter photos, 1 cover PNG + 1 cover SVG, {len(AVATARS)} avatars, "
          f"{len(IDEA_SVGS)} idea sketches ({total / 1024:.0f} KiB of images) and {rows} votes")


# --------------------------------------------------------------------------
# --check: load the whole site the way the contract describes and verify it
# --------------------------------------------------------------------------


def check(site: Path) -> int:
    import re

    import yaml

    problems: list[str] = []
    safe_id = re.compile(r"^[A-Za-z0-9._-]+$")

    def front_matter(path: Path) -> tuple[dict, str]:
        text = path.read_text(encoding="utf-8-sig")
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].rstrip() != "---":
            return {}, text
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                return yaml.safe_load("".join(lines[1:i])) or {}, "".join(lines[i + 1:])
        raise ValueError(f"{path}: unterminated front matter")

    def load_collection(name: str, body: str) -> list[dict]:
        records = []
        for suffix in (".yaml", ".yml"):
            f = site / f"{name}{suffix}"
            if f.is_file():
                data = yaml.safe_load(f.read_text(encoding="utf-8-sig")) or []
                for r in data:
                    r["_src"] = f.name
                    records.append(r)
        f = site / f"{name}.csv"
        if f.is_file():
            with open(f, encoding="utf-8-sig", newline="") as fh:
                for r in csv.DictReader(fh):
                    r = {k: v.strip() for k, v in r.items() if v and v.strip()}
                    r["_src"] = f.name
                    records.append(r)
        folder = site / name
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.suffix == ".md":
                    fm, text = front_matter(f)
                    if text.strip():
                        if body in fm:
                            problems.append(f"{f}: '{body}' both in front matter and body")
                        fm[body] = text.strip()
                elif f.suffix in (".yaml", ".yml"):
                    fm = yaml.safe_load(f.read_text(encoding="utf-8-sig")) or {}
                else:
                    continue
                fm.setdefault("id", f.stem)
                fm["_src"] = str(f.relative_to(site))
                records.append(fm)
        return records

    config = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    if not config.get("title"):
        problems.append("site.yaml: no title")
    campaigns = {c["id"]: c for c in load_collection("campaigns", "brief")}
    designers = {d["id"]: d for d in load_collection("designers", "bio")}
    subs_list = load_collection("submissions", "description")
    subs = {s["id"]: s for s in subs_list}
    if len(subs) != len(subs_list):
        problems.append("duplicate submission ids")

    def exists(rel: str, where: str) -> None:
        if not (site / rel).is_file():
            problems.append(f"{where}: missing file {rel}")

    for kind, coll in (("campaign", campaigns), ("designer", designers), ("submission", subs)):
        for rid, r in coll.items():
            if not safe_id.match(str(rid)):
                problems.append(f"{r['_src']}: unsafe {kind} id {rid!r}")
    for c in campaigns.values():
        if c.get("cover"):
            exists(c["cover"], c["_src"])
        for key in ("opens", "closes"):
            if key in c and not hasattr(c[key], "year"):
                problems.append(f"{c['_src']}: {key} is not a date")
    for d in designers.values():
        if d.get("avatar"):
            exists(d["avatar"], d["_src"])
        links = d.get("links")
        if isinstance(links, str):
            links = dict(part.strip().split("=", 1) for part in links.split(";") if part.strip())
        for label, url in (links or {}).items():
            if not str(url).startswith("https://"):
                problems.append(f"{d['_src']}: link {label} is not https")
        if not d.get("name"):
            problems.append(f"{d['_src']}: designer without a name")
    graph = {}
    for s in subs.values():
        where = s["_src"]
        names = s.get("designers") or [s.get("designer")]
        for n in names:
            if n not in designers:
                problems.append(f"{where}: unknown designer {n!r} in {s['id']}")
        if s.get("campaign") not in campaigns:
            problems.append(f"{where}: unknown campaign in {s['id']}")
        imgs = s.get("images") or ([s["image"]] if s.get("image") else [])
        for rel in imgs:
            exists(rel, where)
        for b in s.get("builds_on") or []:
            if b not in subs:
                problems.append(f"{where}: {s['id']} builds on unknown {b!r}")
        graph[s["id"]] = list(s.get("builds_on") or [])
        sub_date = s.get("submitted")
        if sub_date is None:
            problems.append(f"{where}: {s['id']} has no submitted date")
    # no cycles in builds_on
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                problems.append(f"builds_on cycle through {node} → {nxt}")
            elif nxt in graph and nxt not in state:
                visit(nxt)
        state[node] = 2
    for node in graph:
        if node not in state:
            visit(node)

    # the script's tables agree with the hand-written files
    for sid, s in subs.items():
        table = {"summer-tees-2026": TEES, "winter-layers-2027": WINTER}.get(s.get("campaign"),
                                                                            {**IDEAS, **LATER_IDEAS})
        if sid not in table:
            problems.append(f"{s['_src']}: {sid} is missing from the script's tables")
            continue
        submitted = TEES[sid][4] if table is TEES else table[sid][0]
        got = s.get("submitted")
        got = iso(got.replace(tzinfo=UTC)) if isinstance(got, datetime) else str(got)
        want = iso(_t(submitted)) if "T" in submitted else submitted
        if got != want:
            problems.append(f"{s['_src']}: submitted {got} but the script says {want}")
    for sid in list(TEES) + list(IDEAS) + list(LATER_IDEAS) + list(WINTER):
        if sid not in subs:
            problems.append(f"script table names {sid}, which the site does not have")
    for did in AVATARS:
        if did not in designers:
            problems.append(f"avatar for unknown designer {did}")

    # votes
    raw = (site / "votes.csv").read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf") or b"\r\n" not in raw or raw.replace(b"\r\n", b"").count(b"\n"):
        problems.append("votes.csv: expected a UTF-8 BOM and CRLF line ends only")
    latest: dict[tuple[str, str], tuple[str, float]] = {}
    rows = 0
    voters = set()
    with open(site / "votes.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["submission", "voter", "value", "timestamp"]:
            problems.append(f"votes.csv: header {reader.fieldnames}")
        for r in reader:
            rows += 1
            s = subs.get(r["submission"])
            if s is None:
                problems.append(f"votes.csv:{reader.line_num}: unknown submission")
                continue
            if s.get("draft"):
                problems.append(f"votes.csv:{reader.line_num}: vote for a draft")
            c = campaigns[s["campaign"]]
            v = float(r["value"])
            if c["voting"] == "updown" and v not in (1, -1):
                problems.append(f"votes.csv:{reader.line_num}: bad up/down value")
            if c["voting"] == "score" and not (c["scale"][0] <= v <= c["scale"][1]):
                problems.append(f"votes.csv:{reader.line_num}: score off the scale")
            t = datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00"))
            opens = datetime.combine(c["opens"], datetime.min.time(), UTC)
            closes = datetime.combine(c.get("voting_closes", c["closes"]), datetime.max.time(), UTC)
            if not (opens <= t <= closes) or t > IDEA_EXPORTED:
                problems.append(f"votes.csv:{reader.line_num}: timestamp outside the window")
            sub_t = s["submitted"]
            sub_t = sub_t.replace(tzinfo=UTC) if isinstance(sub_t, datetime) else \
                datetime.combine(sub_t, datetime.min.time(), UTC)
            if t < sub_t:
                problems.append(f"votes.csv:{reader.line_num}: vote before the submission")
            key = (r["submission"], r["voter"])
            if key not in latest or r["timestamp"] >= latest[key][0]:
                latest[key] = (r["timestamp"], v)
            voters.add(r["voter"])

    # ranking preview
    tallies: dict[str, list[float]] = {}
    for (sid, _), (_, v) in latest.items():
        tallies.setdefault(sid, []).append(v)
    tee_scores = [v for sid, vs in tallies.items() if subs[sid]["campaign"] == "summer-tees-2026" for v in vs]
    m = sum(tee_scores) / len(tee_scores)
    rank = []
    for sid, s in subs.items():
        if s["campaign"] != "summer-tees-2026" or s.get("draft"):
            continue
        vs = tallies.get(sid, [])
        bayes = (10 * m + sum(vs)) / (10 + len(vs))
        bayes_mid = (10 * 2.5 + sum(vs)) / (10 + len(vs))
        rank.append((bayes, bayes_mid, sum(vs) / len(vs) if vs else 0, len(vs), sid))
    rank.sort(reverse=True)
    print(f"\n{len(campaigns)} campaigns, {len(designers)} designers, {len(subs)} submissions "
          f"({sum(1 for s in subs.values() if s.get('draft'))} draft), {rows} vote rows, "
          f"{len(latest)} counted votes from {len(voters)} voters")
    print(f"tee ranking (bayesian, prior weight 10, prior mean = campaign mean {m:.3f}):")
    for i, (b, bm, mean, n, sid) in enumerate(rank, 1):
        print(f"  {i:2d}. {sid:18s} bayes {b:.3f}  (prior 2.5: {bm:.3f})  mean {mean:.2f}  n={n}")
    ideas = []
    for sid, s in subs.items():
        if s["campaign"] == "better-stores":
            vs = tallies.get(sid, [])
            ideas.append((sum(vs), sum(1 for v in vs if v > 0), sum(1 for v in vs if v < 0), sid))
    ideas.sort(reverse=True)
    print("idea board (net, up, down):")
    for net, up, down, sid in ideas:
        print(f"  {sid:22s} {int(net):+4d}  {up:3d} up  {down:3d} down  {subs[sid].get('status', '-')}")

    # every file under images/ is used
    used = {c.get("cover") for c in campaigns.values()} | {d.get("avatar") for d in designers.values()}
    for s in subs.values():
        used |= set(s.get("images") or []) | {s.get("image")}
    for f in (site / "images").rglob("*"):
        if f.is_file() and str(f.relative_to(site)) not in used:
            problems.append(f"unused image {f.relative_to(site)}")

    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=SITE, help="the example site folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="after generating, verify the whole site")
    ap.add_argument("--check-only", action="store_true", help="verify without generating")
    args = ap.parse_args(argv)
    if not args.check_only:
        generate(args.site)
    if args.check or args.check_only:
        return check(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
