"""``crowdgallery init``: a small site that builds at once and shows every collection's format."""
from __future__ import annotations

from pathlib import Path

STARTER_FILES: dict[str, str] = {
    "site.yaml": """\
# The site's settings. Every option is described in the crowdgallery README.
title: Community Mug Challenge
description: Design the next community mug. The crowd votes, the top three get printed.
language: en
per_page: 24
# base_url: https://example.org/mugs/
""",
    "campaigns.yaml": """\
# One record per campaign. A campaign's long brief may also live in campaigns/<id>.md.
- id: mugs-2026
  title: Mug Challenge 2026
  summary: Your design on 500 mugs.
  voting: score        # likes | updown | score
  scale: [0, 5]
  status: voting       # upcoming | open | voting | closed | announced
  winners: 3
  opens: 2026-03-01
  closes: 2026-04-15
  brief: |
    Send a design that wraps around a **standard 11 oz mug**. Two colours at most.
""",
    "designers.yaml": """\
- id: ada
  name: Ada Park
  location: Busan
  bio: Illustrator. Likes *bold lines* and bad puns.
  links:
    Portfolio: https://example.org/ada
- id: ben
  name: Ben Okoro
  bio: Letterer and sign painter.
""",
    "pages/rules.md": """\
---
title: Rules
description: Who may enter and how the mugs are chosen.
---
Your own pages live in pages/ as Markdown: this one is published at rules/
and listed in every page's footer. Add menu: to site.yaml to choose the
header's and footer's links.

## Who may enter

Anyone. One design per person.

## How the winners are chosen

The three designs with the best score when voting closes.
""",
    "submissions/tidal-mug.md": """\
---
title: Tidal
designer: ada
campaign: mugs-2026
image: images/tidal.svg
tags: [waves, blue]
submitted: 2026-03-04
---
A wave that goes all the way round, so it never breaks.
""",
    "submissions/good-morning.md": """\
---
title: Good Morning, Probably
designer: ben
tags: [lettering]
submitted: 2026-03-09
---
Hand lettering for people who are not morning people.
""",
    "votes.csv": """\
submission,voter,value,timestamp
tidal-mug,v1,5,2026-04-01T09:00:00Z
tidal-mug,v2,4,2026-04-01T10:30:00Z
good-morning,v1,3,2026-04-01T09:01:00Z
good-morning,v3,5,2026-04-02T18:45:00Z
""",
    "images/tidal.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">
  <rect width="400" height="400" fill="#0b3d91"/>
  <path d="M0 250 Q50 200 100 250 T200 250 T300 250 T400 250 V400 H0 Z" fill="#7cc6fe"/>
</svg>
""",
    "static/.gitkeep": "",
    ".gitignore": "_site/\n.*.building-*/\n.*.old-*/\n.crowdgallery-cache/\n",
}


def write_starter_site(directory: Path) -> None:
    for rel, text in STARTER_FILES.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
