#!/usr/bin/env python3
"""Write a synthetic crowdgallery site for benchmarking.

    python benchmarks/generate.py OUT_DIR [--size g10k|g100k] [--submissions 10000] [--designers 2000]
                                          [--campaigns 4] [--votes 1000000] [--seed 1]

``--size`` picks a preset (``g10k``: the defaults; ``g100k``: 100,000 submissions,
20,000 designers, 8 campaigns, 10,000,000 votes); a flag given beside it wins.

The site follows the crowdgallery site format: ``site.yaml``, ``campaigns.yaml``
(score voting on a 0–5 scale, statuses announced/closed/voting, 3 winners each),
``designers.csv`` (short Markdown bios), ``submissions.csv`` (titles, 1–3 tags,
Markdown descriptions, submission dates, no images) and ``votes.csv`` (raw 0–5
score votes from ~200,000 voters, timestamps spread over the campaigns' voting
weeks).

The output depends only on the arguments: every random draw comes from one
``random.Random(seed)``.  Only the standard library is used.  Rows are built as
strings and each file is written in one go, so a million votes take a few seconds.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# Bump when the output for a given set of arguments changes (run.py keys its cache on it).
FORMAT_VERSION = 1

# The last vote of the newest campaign falls on this day; everything else is before it.
TIMELINE_END = date(2026, 6, 30)
SUBMISSION_WEEKS = 3
VOTING_WEEKS = 3
CAMPAIGN_STAGGER_DAYS = 14

TAGS = [
    "minimal", "retro", "typography", "illustration", "geometric", "hand-drawn",
    "monochrome", "colourful", "pastel", "neon", "vintage", "modern", "abstract",
    "botanical", "animals", "urban", "nature", "ocean", "mountains", "space",
    "pixel-art", "watercolour", "ink", "collage", "photography", "3d", "isometric",
    "flat", "gradient", "line-art", "pattern", "mascot", "logo", "poster", "sticker",
    "t-shirt", "tote-bag", "mug", "badge", "humour", "cute", "bold", "elegant",
    "playful", "dark", "summer", "winter", "festival", "sport", "music",
]

CAMPAIGN_THEMES = [
    ("city-poster", "City Poster", "a poster celebrating the city and its neighbourhoods"),
    ("mascot", "Mascot", "a friendly mascot for the community"),
    ("tote-bag", "Tote Bag", "a print for the festival tote bag"),
    ("mug", "Mug", "an all-round print for the members' mug"),
    ("t-shirt", "T-Shirt", "the front print of this year's volunteer t-shirt"),
    ("sticker", "Sticker Pack", "a set of laptop stickers"),
    ("badge", "Badge", "an enamel pin badge"),
    ("banner", "Banner", "a banner for the main stage"),
]

ADJECTIVES = [
    "Midnight", "Golden", "Quiet", "Electric", "Paper", "Velvet", "Rusty", "Northern",
    "Little", "Wild", "Silver", "Crimson", "Lazy", "Brave", "Hidden", "Neon", "Salty",
    "Sunny", "Frozen", "Secret", "Wandering", "Tiny", "Giant", "Lucky", "Sleepy",
    "Restless", "Bright", "Misty", "Copper", "Hollow",
]
NOUNS = [
    "Fox", "Harbour", "Garden", "Lighthouse", "Tram", "Owl", "Bridge", "Market",
    "Comet", "Whale", "Forest", "Rooftop", "Lantern", "Bicycle", "Orchard", "River",
    "Tiger", "Kite", "Station", "Moon", "Canyon", "Heron", "Teapot", "Island", "Robot",
    "Meadow", "Parade", "Bakery", "Cactus", "Skyline",
]
FORMS = ["", "", "", " Poster", " Study", " No. 2", " (Remix)", " Pattern", " Sketch", " Print"]

FIRST_NAMES = [
    "Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farah", "Gustav", "Hana", "Ivan", "Júlia",
    "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven",
    "Tomás", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Aiko", "Björn", "Carmen",
    "Diego", "Elif", "Finn", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Maya",
    "Noor",
]
LAST_NAMES = [
    "Almeida", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
    "Ito", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "O'Brien", "Petrov",
    "Quinn", "Rossi", "Schmidt", "Tanaka", "Urban", "Vega", "Weber", "Xu", "Yilmaz",
    "Zimmermann", "Nakamura", "Okafor", "Silva", "Horvath",
]
PLACES = [
    "Lisbon, Portugal", "Berlin, Germany", "Lyon, France", "Kraków, Poland", "Osaka, Japan",
    "Montréal, Canada", "Austin, USA", "Nairobi, Kenya", "São Paulo, Brazil",
    "Melbourne, Australia", "Oslo, Norway", "Bologna, Italy", "Seoul, South Korea",
    "Mexico City, Mexico", "Ghent, Belgium", "Tallinn, Estonia", "Cape Town, South Africa",
    "Glasgow, UK", "Istanbul, Türkiye", "Wellington, New Zealand",
]
CRAFTS = [
    "illustrator", "graphic designer", "print maker", "letterer", "art student",
    "architect who draws at night", "motion designer", "hobby painter", "UX designer",
    "comic artist",
]
MEDIA = [
    "ink and paper", "vector shapes", "linocut", "gouache", "a drawing tablet",
    "collage", "risograph prints", "pixel grids", "watercolour", "found photographs",
]

SENTENCES = [
    "The idea started with a {noun_l} I pass every morning on the way to work.",
    "I kept the palette to {n} colours so it prints cleanly on *any* background.",
    "Everything was drawn by hand in {medium}, then scanned and cleaned up.",
    "The shapes are meant to read from across the room, even at {size} cm.",
    "It plays with the contrast between a **{adj_l}** mood and a playful layout.",
    "Thanks to everyone who gave feedback on the first sketches in the forum.",
    "The lettering is custom; no font was harmed in the making of this design.",
    "There is a small {noun_l} hidden somewhere, if you look closely.",
    "I wanted something that still feels {adj_l} after the tenth time you see it.",
    "This version simplifies the earlier draft and drops two of the colours.",
    "The composition follows a simple grid, so it adapts to square and tall formats.",
    "Inspired by old travel posters and the way they flattened whole landscapes.",
    "It works in one colour too, which should keep printing costs low.",
    "See the [process notes](https://example.org/notes/{sid}) for the sketches.",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def width(n: int) -> int:
    return max(3, len(str(max(n, 1))))


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def campaign_timeline(count: int) -> list[dict]:
    """Oldest first; the newest campaign's voting ends on TIMELINE_END."""
    out = []
    for i in range(count):
        age = count - 1 - i
        voting_end = TIMELINE_END - timedelta(days=age * CAMPAIGN_STAGGER_DAYS)
        voting_start = voting_end - timedelta(weeks=VOTING_WEEKS) + timedelta(days=1)
        sub_start = voting_start - timedelta(weeks=SUBMISSION_WEEKS)
        if i == count - 1:
            status = "voting"
        elif i == count - 2 and count >= 3:
            status = "closed"
        else:
            status = "announced"
        theme = CAMPAIGN_THEMES[i % len(CAMPAIGN_THEMES)]
        round_no = i // len(CAMPAIGN_THEMES) + 1
        cid = f"{voting_end.year}-{theme[0]}" + (f"-{round_no}" if round_no > 1 else "")
        title = f"{theme[1]} Challenge {voting_end.year}" + (f" #{round_no}" if round_no > 1 else "")
        out.append({
            "id": cid, "title": title, "status": status, "about": theme[2],
            "sub_start": sub_start, "voting_start": voting_start,
        })
    return out


def generate(out_dir: str | os.PathLike, submissions: int = 10_000, designers: int = 2_000,
             campaigns: int = 4, votes: int = 1_000_000, seed: int = 1,
             voters: int | None = None) -> dict[str, int]:
    """Write the site into out_dir (created if needed); return {file name: bytes written}."""
    if submissions < 1 or designers < 1 or campaigns < 1 or votes < 0:
        raise ValueError("need at least one submission, designer and campaign, and votes >= 0")
    if voters is None:
        voters = min(200_000, max(1, votes // 5))
    voters = max(1, voters)
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}

    # site.yaml
    sizes["site.yaml"] = write_text(out / "site.yaml", (
        f"title: {q('Community Design Gallery (benchmark)')}\n"
        f"description: {q(f'Synthetic gallery: {submissions} submissions, {votes} votes, seed {seed}.')}\n"
        "per_page: 24\n"
    ))

    # campaigns.yaml
    timeline = campaign_timeline(campaigns)
    lines = []
    for c in timeline:
        summary = f"Design {c['about']}. Submissions open {c['sub_start'].isoformat()}; " \
                  f"the crowd scores every entry from 0 to 5."
        lines += [
            f"- id: {c['id']}",
            f"  title: {q(c['title'])}",
            "  voting: score",
            "  scale: [0, 5]",
            f"  status: {c['status']}",
            "  winners: 3",
            f"  summary: {q(summary)}",
        ]
    sizes["campaigns.yaml"] = write_text(out / "campaigns.yaml", "\n".join(lines) + "\n")

    # designers.csv
    dw = width(designers)
    designer_ids = [f"d{i:0{dw}d}" for i in range(1, designers + 1)]
    rows = []
    for i, did in enumerate(designer_ids):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        place = rng.choice(PLACES)
        bio = (f"{rng.choice(CRAFTS).capitalize()} from **{place.split(',')[0]}**, "
               f"working mostly with {rng.choice(MEDIA)}. "
               f"More work on [my portfolio](https://example.com/{did}).")
        if rng.random() < 0.25:
            bio += f"\n\nFavourite tags: *{rng.choice(TAGS)}* and *{rng.choice(TAGS)}*."
        rows.append([did, name, bio, place])
    sizes["designers.csv"] = write_text(out / "designers.csv",
                                        csv_text(["id", "name", "bio", "location"], rows))

    # submissions.csv
    sw = width(submissions)
    # A few prolific designers (hundreds of entries), most with a handful, some with none.
    designer_cum = []
    total = 0.0
    for i in range(designers):
        total += 1.0 / (1 + i) ** 0.8
        designer_cum.append(total)
    designer_order = designer_ids[:]
    rng.shuffle(designer_order)
    sub_ids: list[str] = []
    sub_campaign: list[int] = []
    rows = []
    for i in range(1, submissions + 1):
        sid = f"s{i:0{sw}d}"
        ci = rng.randrange(campaigns)
        c = timeline[ci]
        designer = rng.choices(designer_order, cum_weights=designer_cum)[0]
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}{rng.choice(FORMS)}"
        tags = ";".join(rng.sample(TAGS, rng.randint(1, 3)))
        sentences = [
            s.format(noun_l=rng.choice(NOUNS).lower(), adj_l=rng.choice(ADJECTIVES).lower(),
                     n=rng.randint(2, 4), size=rng.choice((30, 50, 70)),
                     medium=rng.choice(MEDIA), sid=sid)
            for s in rng.sample(SENTENCES, rng.randint(2, 4))
        ]
        if len(sentences) > 2 and rng.random() < 0.2:
            description = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
        else:
            description = " ".join(sentences)
        submitted = c["sub_start"] + timedelta(days=rng.randrange(SUBMISSION_WEEKS * 7))
        sub_ids.append(sid)
        sub_campaign.append(ci)
        rows.append([sid, title, designer, c["id"], description, tags, submitted.isoformat()])
    sizes["submissions.csv"] = write_text(out / "submissions.csv", csv_text(
        ["id", "title", "designer", "campaign", "description", "tags", "submitted"], rows))
    rows = None

    # votes.csv — the hot loop: everything per row is a table look-up.
    vw = width(voters)
    voter_ids = [f"v{i:0{vw}d}" for i in range(1, voters + 1)]
    rng.shuffle(voter_ids)  # so the busiest voters are not v000001, v000002, ...
    # Popularity: heavy-tailed, so a few entries get thousands of votes.
    sub_cum = []
    total = 0.0
    for _ in range(submissions):
        total += min(rng.paretovariate(1.3), 200.0)
        sub_cum.append(total)
    # Each entry has a quality (0.8–4.4 in steps of 0.1); its votes are drawn from a
    # 256-slot table of noisy scores around that quality, one table per step.
    slots = 256
    tables_by_step = []
    for step in range(37):
        quality = 0.8 + step / 10
        table = []
        for _ in range(slots):
            v = round(quality + rng.gauss(0.0, 1.1))
            table.append(str(0 if v < 0 else 5 if v > 5 else v))
        tables_by_step.append(table)
    value_tables = [tables_by_step[rng.randrange(37)] for _ in range(submissions)]
    prefixes = [sid + "," for sid in sub_ids]
    # Timestamps: seconds since the earliest voting day, rendered via day and time-of-day tables.
    epoch = min(c["voting_start"] for c in timeline)
    window = VOTING_WEEKS * 7 * 86400
    vote_offsets = [(timeline[ci]["voting_start"] - epoch).days * 86400 for ci in sub_campaign]
    last_day = (max(c["voting_start"] for c in timeline) - epoch).days + VOTING_WEEKS * 7
    days = [(epoch + timedelta(days=d)).isoformat() + "T" for d in range(last_day + 1)]
    tods = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]

    picks = rng.choices(range(submissions), cum_weights=sub_cum, k=votes)
    rnd = rng.random
    lines = ["submission,voter,value,timestamp"]
    append = lines.append
    for s in picks:
        t = vote_offsets[s] + int(rnd() * window)
        r = rnd()
        append(f"{prefixes[s]}{voter_ids[int(voters * r * r)]},"
               f"{value_tables[s][int(rnd() * slots)]},{days[t // 86400]}{tods[t % 86400]}")
    lines.append("")
    sizes["votes.csv"] = write_text(out / "votes.csv", "\n".join(lines))
    return sizes


# Named sizes: (submissions, designers, campaigns, votes).
SIZES = {
    "g10k": (10_000, 2_000, 4, 1_000_000),
    "g100k": (100_000, 20_000, 8, 10_000_000),
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write a synthetic crowdgallery site for benchmarks.")
    p.add_argument("out_dir", help="folder to write the site into (created if missing)")
    p.add_argument("--size", choices=sorted(SIZES), default="g10k",
                   help="a preset: g10k (the defaults) or g100k (100,000 submissions, 10,000,000 votes)")
    p.add_argument("--submissions", type=int, default=None)
    p.add_argument("--designers", type=int, default=None)
    p.add_argument("--campaigns", type=int, default=None)
    p.add_argument("--votes", type=int, default=None)
    p.add_argument("--voters", type=int, default=None,
                   help="distinct voter ids (default: votes/5, at most 200,000)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    for name, preset in zip(("submissions", "designers", "campaigns", "votes"), SIZES[args.size]):
        if getattr(args, name) is None:
            setattr(args, name, preset)
    start = time.perf_counter()
    try:
        sizes = generate(args.out_dir, args.submissions, args.designers, args.campaigns,
                         args.votes, args.seed, args.voters)
    except (ValueError, OSError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    for name, size in sizes.items():
        print(f"{name:16} {size / 1e6:9.2f} MB")
    print(f"wrote {args.out_dir} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
