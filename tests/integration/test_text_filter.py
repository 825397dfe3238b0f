"""One filter for every text: characters no output format can carry never reach an output file.

Every text field of every record and of site.yaml carries C0 and C1 control characters, U+FFFE, U+FFFF and a
lone surrogate; every output is then parsed as what it claims to be (HTML, Atom, sitemap, SVG, JSON, CSV).
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from conftest import build_site, write_files

BAD = r"\x01\x08\x0b\x1f\x7f\x85\x9f\uFFFE\uFFFF\uFDD0\U0001FFFE"  # YAML escapes (libyaml refuses a lone surrogate)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe]")


def hostile(word: str) -> str:
    """A YAML double-quoted text: ``word`` split by every unwanted character (what survives is ``word``)."""
    return f'"{word[:2]}{BAD}{word[2:]}"'


def site_files() -> dict:
    h = hostile
    return {
        "site.yaml": f"""
            title: {h("Gallery")}
            description: {h("Ideas")}
            base_url: https://gallery.example/
            statuses:
              - {{id: tested, label: {h("Tested")}, color: "#0b7285", description: {h("Tried once")}}}
            badges:
              add:
                - {{id: starter, name: {h("Starter")}, total: submissions, at_least: 1, description: {h("One entry")}}}
            """,
        "campaigns.yaml": f"""
            - id: c1
              title: {h("Mugs")}
              summary: {h("Summary")}
              brief: {h("Brief")}
              outcome: {h("Outcome")}
              status: closed
              opens: 2026-01-01
              closes: 2026-02-01
              winners: [s1]
              show_judges: true
              prizes: [{{place: 1, title: {h("Prize")}, description: {h("Prizetext")}}}]
            """,
        "designers.yaml": f"""
            - id: ada
              name: {h("Ada Lovelace")}
              bio: {h("Biography")}
              location: {h("London")}
              links: {{{h("Homepage")}: "https://ada.example/"}}
            """,
        "submissions.yaml": f"""
            - id: s1
              title: {h("Teapot")}
              designer: ada
              campaign: c1
              description: {h("Description")}
              tags: [{h("Ceramic")}]
              status: tested
              response: {h("Response")}
              response_by: {h("Brand team")}
              submitted: 2026-01-05
            """,
        "jury.yaml": f"- {{submission: s1, judge: {h('Judge Dredd')}, score: 8}}\n",
        "votes.csv": "submission,voter,value,timestamp\ns1,v1,1,2026-01-10T00:00:00Z\n",
    }


class Strict(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []

    def handle_data(self, data):
        self.text.append(data)


def test_every_output_parses_and_carries_no_unwanted_character(tmp_path):
    site = write_files(tmp_path / "site", site_files())
    csv_designers = site / "designers.csv"  # a CSV cell carries the raw characters (no escapes in CSV)
    csv_designers.write_text("id,name,bio\nbob,Bo\x01\x7f\x85\ufffe\uffffb,Hel\x1flo\n", encoding="utf-8")
    out = build_site(site, tmp_path / "out")
    seen = ""
    kinds = set()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        suffix = path.suffix
        if suffix not in (".html", ".xml", ".svg", ".json", ".csv", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")  # a lone surrogate could not even be written as UTF-8
        found = FORBIDDEN.search(text)
        assert found is None, f"{path.relative_to(out)} carries U+{ord(found.group()):04X}"
        if suffix == ".html":
            parser = Strict()
            parser.feed(text)
            parser.close()
            seen += " ".join(parser.text)
        elif suffix in (".xml", ".svg"):
            root = ET.fromstring(text.encode("utf-8"))  # raises on a character XML does not allow
            seen += " ".join(root.itertext())
        elif suffix == ".json":
            seen += json.dumps(json.loads(text), ensure_ascii=False)
        elif suffix == ".csv":
            seen += " ".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
        kinds.add(path.name if suffix == ".xml" else suffix)
    assert {".html", ".svg", ".json", ".csv", "feed.xml", "sitemap.xml"} <= kinds
    for word in ("Gallery", "Teapot", "Ada Lovelace", "Prize", "Tested", "Starter", "Judge Dredd", "Homepage",
                 "Ceramic", "Bob", "Hello"):
        assert word in seen, word  # the text survives, minus the characters
