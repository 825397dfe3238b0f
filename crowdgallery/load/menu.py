"""``menu:`` in site.yaml: the links of the header and the footer.

    menu:
      header:
        - page: rules              # one of the organiser's pages (its id: pages/rules.md → rules)
        - campaign: summer-tees    # a campaign's gallery
        - url: https://shop.example.org/
          label: Shop              # an outside address needs a label
      footer:
        - page: faq
          label: Questions         # a page or campaign may be given a label of its own

Read when site.yaml is (``read_menu``); the pages and campaigns named are checked once they are loaded
(``check_menu``), each mistake at its line of site.yaml.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from crowdgallery.load.fields import is_web_url
from crowdgallery.model import MenuEntry, SitePage
from crowdgallery.problems import Location, Problem

GROUPS = ("header", "footer")
KINDS = ("page", "campaign", "url")
EXAMPLE = "{page: rules}, {campaign: ID} or {url: https://…, label: Shop}"


def _line(value: Any, fallback: Location | None) -> Location | None:
    line = getattr(value, "line", 0)
    return Location(fallback.path, line) if fallback is not None and line else fallback


def read_menu(value: Any, loc: Location | None, problems: list[Problem]) -> dict[str, tuple[MenuEntry, ...]] | None:
    """site.yaml's ``menu:`` → {"header": entries, "footer": entries}; None when there is no ``menu:``.
    A group not given is absent from the result (the theme's default applies to it)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(Problem(loc, "'menu' must be a mapping with 'header' and/or 'footer', each a list of "
                                     f"entries like {EXAMPLE}"))
        return None
    key_lines = getattr(value, "key_lines", {}) or {}
    menu: dict[str, tuple[MenuEntry, ...]] = {}
    for group, entries in value.items():
        at = Location(loc.path, key_lines[group]) if loc is not None and group in key_lines else loc
        if group not in GROUPS:
            problems.append(Problem(at, f"'menu' has no group '{group}' (known: {', '.join(GROUPS)})"))
            continue
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            problems.append(Problem(at, f"'menu: {group}' must be a list of entries like {EXAMPLE}"))
            continue
        menu[group] = tuple(e for e in (_entry(item, at, group, problems) for item in entries) if e is not None)
    return menu


def _entry(item: Any, at: Location | None, group: str, problems: list[Problem]) -> MenuEntry | None:
    where = _line(item, at)
    if isinstance(item, str):
        item = {"page": item}  # a bare name is a page
    if not isinstance(item, dict):
        problems.append(Problem(where, f"each entry of 'menu: {group}' must be like {EXAMPLE}"))
        return None
    kinds = [k for k in KINDS if item.get(k) not in (None, "")]
    unknown = [k for k in item if k not in KINDS and k != "label"]
    if unknown:
        problems.append(Problem(where, f"a menu entry has no field '{unknown[0]}' (known: {', '.join(KINDS)}, label)"))
        return None
    if len(kinds) != 1:
        problems.append(Problem(where, "a menu entry names exactly one of page, campaign or url"
                                       f"{' (this one names ' + ' and '.join(kinds) + ')' if kinds else ''}"))
        return None
    kind, label = kinds[0], item.get("label")
    target = item[kind]
    if not isinstance(target, str) or (label is not None and not isinstance(label, str)):
        problems.append(Problem(where, f"'{kind}' and 'label' of a menu entry must be text"))
        return None
    label = (label or "").strip()
    if kind == "url":
        if not is_web_url(target.strip(), allow_mailto=True):
            problems.append(Problem(where, f"'{target}' is not an http://, https:// or mailto: address"))
            return None
        if not label:
            problems.append(Problem(where, f"the menu entry for {target} needs a 'label' (the text of the link)"))
            return None
    return MenuEntry(kind, target.strip().strip("/") if kind == "page" else target.strip(), label, where)


def check_menu(menu: Mapping[str, tuple[MenuEntry, ...]] | None, pages: Iterable[SitePage],
               drafts: Iterable[str], campaigns: Iterable[str]) -> list[Problem]:
    """An error at each entry naming a page or campaign that does not exist (or a draft left out)."""
    if not menu:
        return []
    page_ids, draft_ids, campaign_ids = {p.id for p in pages}, set(drafts), set(campaigns)
    problems = []
    for entries in menu.values():
        for entry in entries:
            if entry.kind == "page" and entry.target not in page_ids:
                if entry.target in draft_ids:
                    problems.append(Problem(entry.loc, f"the page '{entry.target}' is a draft; publish it, remove "
                                                       "it from the menu, or build with --drafts"))
                else:
                    known = ", ".join(sorted(page_ids)) or "none: add Markdown files to pages/"
                    problems.append(Problem(entry.loc, f"there is no page '{entry.target}' (pages: {known}); a page "
                                                       "is named by its file under pages/ without .md"))
            elif entry.kind == "campaign" and entry.target not in campaign_ids:
                known = ", ".join(sorted(campaign_ids)) or "none yet"
                problems.append(Problem(entry.loc, f"there is no campaign '{entry.target}' (known: {known})"))
    return problems
