"""Typed reading of one raw record's fields, collecting problems instead of raising.

Every check a record needs (required, text, id, date, list, link) lives here once,
so the messages read alike whatever the collection or the file format.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit

from crowdgallery.load.limits import clean_record
from crowdgallery.load.readers.base import RawRecord
from crowdgallery.problems import Location, Problem

ID_RE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")  # what images.py publishes
# A field is private when its name, lowercased with every separator removed, contains one of these
# ('E-Mail', 'contact_info', 'Phone Number', 'user-agent', 'IP_Address'), or when one of its words is
# 'ip' or 'tel' ('client ip', 'tel').  Private fields never reach ``extra``, so no template can publish them.
PRIVATE_PARTS = ("mail", "voter", "phone", "contact", "useragent", "ipaddr", "address", "mobile")
PRIVATE_WORDS = frozenset({"ip", "tel", "ipv4", "ipv6"})
LIST_SEPARATOR = ";"


def is_safe_id(value: str) -> bool:
    """ids become URL segments and file names: ASCII letters, digits, '-', '_', '.', not starting with '.'."""
    return bool(ID_RE.match(value))


def slugify(text: str, limit: int = 80) -> str:
    """A URL segment or id: lowercase ASCII words joined by '-' ('Été Vibes!' → 'ete-vibes', 'Zoë Ng' → 'zoe-ng');
    at most ``limit`` characters (tags take 80, ids made from display names 128)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:  # a tag in a script with no ASCII letters: a stable code point slug
        slug = "-".join(f"u{ord(c):x}" for c in text.strip()[:12] if not c.isspace())
    return slug[:limit]


def from_iso(text: str) -> datetime:
    """``datetime.fromisoformat`` that also takes a final 'Z' on Python 3.10 (3.11 does by itself),
    and a final ' UTC' as Ruby writes times (Decidim's exports: ``2026-03-01 10:15:00 UTC``)."""
    text = text.strip()
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)


class OutOfCalendar(ValueError):
    """A moment whose UTC time falls outside the years 1 to 9999."""


OUT_OF_CALENDAR = "is outside the years 1 to 9999 once turned into UTC; write a date within them"


def to_datetime(value: Any) -> datetime:
    """A YAML date/datetime or an ISO 8601 string → an aware UTC datetime (ValueError if not one).

    A moment whose UTC time falls outside years 1–9999 (``0001-01-01T00:00:00+14:00``) is a ValueError too.
    """
    try:
        return _utc(value)
    except OverflowError as exc:
        raise OutOfCalendar(str(value)) from exc


def _utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = from_iso(value)
    else:
        raise ValueError(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class FieldReader:
    """Reads the fields of one record; every failed check appends a Problem."""

    def __init__(self, record: RawRecord, problems: list[Problem], kind: str):
        clean_record(record, problems)  # the one filter every text passes, and the limits (limits.py)
        self.record = record
        self.problems = problems
        self.kind = kind
        self.used: set[str] = set()

    def at(self, name: str) -> Location:
        return self.record.line_of(name)

    def error(self, name: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.at(name), message, severity))

    def get(self, name: str) -> Any:
        self.used.add(name)
        value = self.record.fields.get(name)
        return None if value == "" else value

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def text(self, name: str, required: bool = False, default: str = "") -> str:
        value = self.get(name)
        if value is None:
            if required:
                self.error(name, f"this {self.kind} has no '{name}'; add one")
            return default
        if isinstance(value, (dict, list)):
            self.error(name, f"'{name}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return default
        if not isinstance(value, str):
            raw = self.record.raw.get(name)  # what the user typed, for YAML's numbers, booleans, dates
            value = raw if raw is not None else str(value)
        return value.strip()

    def ident(self, name: str, required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and not is_safe_id(value):
            self.error(name, f"the {name} '{value}' is not a safe id: use ASCII letters, digits, '-', '_' and '.' "
                             "(not first), at most 128 characters")
            return ""
        return value

    def text_list(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            items = value.split(LIST_SEPARATOR) if self.record.from_csv or LIST_SEPARATOR in value else [value]
        elif isinstance(value, list):
            raw = self.record.raw.get(name)  # [007, no] as typed, not [7, False]
            typed = raw if isinstance(raw, list) and len(raw) == len(value) else [None] * len(value)
            items = [t if t is not None and v is not None and not isinstance(v, (str, dict, list)) else v
                     for v, t in zip(value, typed)]
        elif isinstance(value, dict):
            items = [value]  # refused below
        else:
            items = [self.record.raw.get(name, str(value))]
        out = []
        for item in items:
            if isinstance(item, (dict, list)) or item is None:
                self.error(name, f"'{name}' must be a list of text items")
                return ()
            item = str(item).strip()
            if item and item not in out:
                out.append(item)
        return tuple(out)

    def id_list(self, name: str) -> tuple[str, ...]:
        items = self.text_list(name)
        for item in items:
            if not is_safe_id(item):
                self.error(name, f"'{item}' in '{name}' is not a safe id: use ASCII letters, digits, '-', '_' and '.'")
                return ()
        return items

    def moment(self, name: str) -> datetime | None:
        value = self.get(name)
        if value is None:
            return None
        try:
            return to_datetime(value)
        except OutOfCalendar:
            self.error(name, f"'{name}' {OUT_OF_CALENDAR}")
        except (ValueError, TypeError):
            self.error(name, f"'{name}' is not a date: write it as 2026-05-01 or 2026-05-01T12:00:00Z")
        return None

    def count(self, name: str) -> int | None:
        """A whole number of at least 0 (``comments: 12``), or None when absent."""
        value = self.get(name)
        if value is None:
            return None
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or not text.isascii():
            self.error(name, f"'{name}' must be a whole number of at least 0, like 12; '{text[:40]}' is not")
            return None
        return int(text)

    def boolean(self, name: str) -> bool:
        value = self.get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "y"):
            return True
        if text in ("false", "no", "0", "n"):
            return False
        self.error(name, f"'{name}' must be true or false")
        return False

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(name)
        if not value:
            return default
        if value not in choices:
            self.error(name, f"'{name}' is '{value}'; use one of: {', '.join(choices)}")
            return default
        return value

    def links(self, name: str) -> tuple[tuple[str, str], ...]:
        """label → URL, from a YAML mapping or a CSV cell 'Label=https://…; Other=https://…'."""
        value = self.get(name)
        if value is None:
            return ()
        pairs: list[tuple[str, str]] = []
        if isinstance(value, dict):
            pairs = [(str(k).strip(), str(v).strip()) for k, v in value.items()]
        elif isinstance(value, str):
            for item in value.split(LIST_SEPARATOR):
                if not item.strip():
                    continue
                label, sep, url = item.partition("=")
                if not sep:
                    self.error(name, f"'{name}' entries are written 'Label=https://…' separated by ';'")
                    return ()
                pairs.append((label.strip(), url.strip()))
        else:
            self.error(name, f"'{name}' must map a label to a URL")
            return ()
        out = []
        for label, url in pairs:
            if not is_web_url(url):
                self.error(name, f"the link '{label}' must be an http:// or https:// address")
                continue
            out.append((label or url, url))
        return tuple(out)

    def image(self, name: str, site_dir: Path) -> str:
        value = self.text(name)
        return self._check_image(name, value, site_dir) if value else ""

    def images(self, name: str, site_dir: Path) -> tuple[str, ...]:
        return tuple(v for v in (self._check_image(name, item, site_dir) for item in self.text_list(name)) if v)

    def _check_image(self, name: str, value: str, site_dir: Path) -> str:
        if "://" in value:
            if not value.startswith("https://") or not is_web_url(value):
                self.error(name, f"the image '{value}' must be a path in the site folder or an https:// URL")
                return ""
            return value
        path = Path(value)
        if path.is_absolute() or ".." in path.parts or value.startswith(("/", "\\")):
            self.error(name, f"the image '{value}' must be a path inside the site folder, like images/tee.png")
            return ""
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self.error(name, f"the image '{value}' is not a picture file ({', '.join(IMAGE_SUFFIXES)})")
            return ""
        full = site_dir / path
        if not full.resolve().is_relative_to(site_dir.resolve()):
            self.error(name, f"the image '{value}' links to a file outside the site folder; copy the file in")
            return ""
        if not full.is_file():
            self.error(name, f"the image '{value}' does not exist in the site folder; check the path")
            return ""
        return path.as_posix()

    def extra(self) -> Mapping[str, Any]:
        """The fields no check used: kept for templates, minus anything private (e-mail, voter)."""
        return MappingProxyType({
            k: v for k, v in self.record.fields.items()
            if k not in self.used and not is_private_field(k)
        })


def is_private_field(name: str) -> bool:
    """Whether a field's name says it holds something personal (see PRIVATE_PARTS and PRIVATE_WORDS)."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(name)).lower()  # 'clientIP' → 'client ip'
    joined = re.sub(r"[^a-z0-9]", "", words)
    return any(part in joined for part in PRIVATE_PARTS) or not PRIVATE_WORDS.isdisjoint(re.split(r"[^a-z0-9]+", words))


def is_web_url(url: str, allow_mailto: bool = False) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and not any(c.isspace() for c in url)
    return allow_mailto and parts.scheme == "mailto" and bool(parts.path)
