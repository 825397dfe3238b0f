"""The one filter every text from a site's data passes, and the limits that bound the work per text.

Every record (site.yaml, campaigns, designers, submissions, jury rows) goes through
:func:`clean_record` when it is read, before any field is checked:

* characters no output format can carry are dropped from every string, keys
  included: C0 and C1 control characters (tab, line feed and carriage return
  stay), lone surrogates and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF
  and the last two of every plane).  HTML, XML feeds, SVG badges, JSON and CSV
  then never break on them;
* a value YAML can build but crowdgallery has no meaning for (a ``!!set``,
  ``!!binary`` bytes, ``!!omap`` pairs) is an error at its line, so no output
  depends on a set's hash order;
* a text longer than its limit, or whose Markdown would take time out of
  proportion to its size (deep nesting, thousands of unclosed brackets or
  tags, a flood of entities) is an error at the record's line, found by cheap
  scans before any Markdown runs.

The limits are documented in docs/site-format.md ('Limits').
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from crowdgallery.problems import Problem

MAX_LINE_TEXT = 300  # a title, a name, a label: shown in headings, tabs, feeds and cards
MAX_TEXT = 100_000  # any other text (descriptions, bios, briefs): about 15,000 words
MAX_NESTING = 32  # lists and quotes inside each other (a 4-column indent counts as one level)
MAX_OPEN = 32  # '[' not yet closed by ']', or '<tag' not yet closed by '>', at any point of a text
MAX_ENTITIES = 5_000  # '&' (HTML entities) in one text
LINE_FIELDS = frozenset({"title", "name", "label"})

# Astral characters in a character class make every search slow, so the last two code points of planes 1-16
# are found by a range and then tested one by one, only in text that has astral characters at all.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NESTING = 32  # lists and quotes inside each other (a 4-column indent counts as one level)
MAX_OPEN = 32  # '[' not yet closed by ']', or '<tag' not yet closed by '>', at any point of a text
MAX_ENTITIES = 5_000  # '&' (HTML entities) in one text
LINE_FIELDS = frozenset({"title", "name", "label"})

_PLANE_NONCHARACTERS = "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17))
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                      + _PLANE_NONCHARACTERS + "]")
_NESTING = re.compile(r"^([ \t]*)((?:(?:[*+-]|\d{1,9}[.)]|>)[ \t]*)*)", re.MULTILINE)
_MARKERS = re.compile(r"[*+>-]|\d{1,9}[.)]")
_BRACKETS = re.compile(r"[\[\]]")
_TAGS = re.compile(r"<[A-Za-z/!?]|>")
_SCALARS = (str, int, float, bool, date, type(None))


def scrub(text: str) -> str:
    """``text`` without the characters no output format can carry (see the module's docstring)."""
    if text.isprintable() or text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text  # every unwanted character is unprintable: most texts are done here, at C speed
    if UNWANTED.search(text):
        text = UNWANTED.sub("", text)
    if not text.isascii() and _ASTRAL.search(text):
        text = "".join(c for c in text if ord(c) <= 0xFFFF or ord(c) & 0xFFFE != 0xFFFE)
    return text


def _deepest_nesting(text: str) -> int:
    deepest = 0
    for match in _NESTING.finditer(text):
        indent = match.group(1).expandtabs(4)
        depth = len(indent) // 4 + len(_MARKERS.findall(match.group(2)))
        deepest = max(deepest, depth)
    return deepest


def _most_open(text: str, pattern: re.Pattern, closer: str) -> int:
    depth = most = 0
    for match in pattern.finditer(text):
        if match.group() == closer:
            depth = max(0, depth - 1)
        else:
            depth += 1
            most = max(most, depth)
    return most


def text_problem(key: str, text: str) -> str | None:
    """Why ``text`` (the value of a field named ``key``) is refused, or None when it is within the limits."""
    limit = MAX_LINE_TEXT if key in LINE_FIELDS else MAX_TEXT
    if len(text) > limit:
        return f"is {len(text):,} characters long; the limit is {limit:,}: shorten it"
    if len(text) <= MAX_OPEN:
        return None  # too short to exceed any limit below
    if text.count("&") > MAX_ENTITIES:
        return f"holds {text.count('&'):,} '&' characters; the limit is {MAX_ENTITIES:,} in one text"
    if text.count("[") > MAX_OPEN and _most_open(text, _BRACKETS, "]") > MAX_OPEN:
        return f"opens more than {MAX_OPEN} '[' before closing them; close the brackets (or write \\[)"
    if text.count("<") > MAX_OPEN and _most_open(text, _TAGS, ">") > MAX_OPEN:
        return f"opens more than {MAX_OPEN} '<' tags before closing them; close them (or write &lt;)"
    if ("\n" in text or text.lstrip()[:1] in "*+->0123456789") and _deepest_nesting(text) > MAX_NESTING:
        return (f"nests lists or quotes more than {MAX_NESTING} levels deep (every 4 columns of indentation count "
                f"as one); flatten it")
    return None


def _clean(value: Any, key: str, found: list[str]) -> Any:
    """``value`` with every string scrubbed; a reason is appended to ``found`` for each refused part."""
    if isinstance(value, str):
        value = scrub(value)
        reason = text_problem(key, value)
        if reason:
            found.append(f"'{key}' {reason}")
            return ""
        return value
    if isinstance(value, dict):
        cleaned = {}
        for k, v in value.items():
            name = scrub(k) if isinstance(k, str) else k
            if not isinstance(name, _SCALARS) or isinstance(name, (dict, list)):
                found.append(f"a key in '{key}' is a {type(k).__name__}, not text")
                continue
            cleaned[name] = _clean(v, str(name), found)
        if type(value) is not dict:  # a LineDict keeps its lines
            value.clear()
            value.update(cleaned)
            return value
        return cleaned
    if isinstance(value, list):
        return [_clean(item, key, found) for item in value]
    if isinstance(value, _SCALARS):
        return value
    what = {"set": "a set (!!set)", "bytes": "binary data (!!binary)", "tuple": "a pair"}.get(
        type(value).__name__, f"a {type(value).__name__}")
    found.append(f"'{key}' is {what}, which crowdgallery does not read; write text, a number, a list or a mapping")
    return None


def clean_record(record, problems: list[Problem]) -> None:
    """Scrub and check every field of a raw record in place; each refused field is an error at its line."""
    fields = record.fields
    for key in list(fields):
        found: list[str] = []
        name = scrub(key)
        value = _clean(fields.pop(key), name, found)
        fields[name] = value
        if name != key and key in record.lines:
            record.lines[name] = record.lines[key]
        for reason in found:
            problems.append(Problem(record.line_of(name), reason))
    for key, value in list(record.raw.items()):
        if isinstance(value, str):
            record.raw[key] = scrub(value)
        elif isinstance(value, list):
            record.raw[key] = [scrub(v) if isinstance(v, str) else v for v in value]

