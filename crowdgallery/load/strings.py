"""The words of the interface in the site's language: gettext catalogs, dates, numbers, direction.

``language:`` in site.yaml (a BCP 47 code: ``fr``, ``pt-BR``, ``zh-Hans``) picks
a Babel locale, which gives date and number formats, plural rules and the text
direction.  Theme strings come from gettext catalogs read with Babel at build
time (nothing is compiled or committed beside the ``.po`` files), one layer over
the other, later layers winning string by string:

1. crowdgallery's own catalog (``crowdgallery/translations``: the words of
   badges, share images and feeds, which are drawn outside any template);
2. each theme of the chain, the root first (``<theme>/translations``);
3. the site's own ``translations/`` folder;
4. ``strings:`` in site.yaml, keyed by the English text (the msgid):
   ``strings: {"See the results": "Voir le palmarès"}``; a string with a plural
   takes the list of its plural forms in the language's order.

Each layer's file is ``<folder>/<lang>/LC_MESSAGES/messages.po``; ``pt-BR`` looks
in ``pt_BR`` and then ``pt``.  A missing string stays in English.
"""
from __future__ import annotations

import gettext
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import babel
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from crowdgallery.problems import Location, Problem

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the msgids are English
SOURCE_LOCALE = babel.Locale.parse(SOURCE_LANGUAGE)
SOURCE_DATE = "d MMMM y"  # the English pages' dates since before translations: '2 October 2026'
PACKAGE_TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))


def NC_(context: str, message: str) -> str:
    """N_ with a context (the .po file's msgctxt), for a word that means another thing elsewhere; the code that
    shows it translates it with ``strings.pgettext(context, message)``."""
    return message


def N_(message: str) -> str:
    """Marks an English text as a msgid where it is defined (tools/translations.py extracts it); the code
    that shows it translates it then, with the build's Strings: ``strings.gettext(METHODS[name].doc)``."""
    return message


def strip_bidi_controls(text: str) -> str:
    """Text without Unicode direction controls (U+202A–U+202E, U+2066–U+2069, the marks LRM, RLM, ALM).

    Crowd text with a right-to-left override (U+202E) would otherwise show a title
    backwards, or flip the words around it; the templates also isolate crowd text
    (``<bdi>`` / ``dir="auto"``), so a title written in Arabic still reads right.
    """
    return text.translate(BIDI_CONTROLS) if text else text


def parse_locale(language: str) -> babel.Locale | None:
    """The Babel locale of a BCP 47 code ('pt-BR', 'zh-Hans', 'en'), or None if Babel knows no such language."""
    try:
        return babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None


def catalog_names(locale: babel.Locale) -> list[str]:
    """Folder names to try, most specific first: zh_Hans_CN → zh_Hans_CN, zh_Hans, zh; pt_BR → pt_BR, pt."""
    parts = [locale.language] + [p for p in (locale.script, locale.territory) if p]
    names = ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if locale.script and locale.territory:
        names.insert(1, f"{locale.language}_{locale.territory}")
    if locale.language == "zh" and not locale.script:  # zh, zh-CN: Simplified; zh-TW, zh-HK: Traditional
        names.insert(-1, "zh_Hant" if locale.territory in ("TW", "HK", "MO") else "zh_Hans")
    return names


class Strings(gettext.NullTranslations):
    """The interface's words for one language, with its plural rule; what Jinja's i18n extension calls."""

    def __init__(self, locale: babel.Locale, messages: Mapping[str, str | tuple[str, ...]]):
        super().__init__()
        self.locale = locale
        self.messages = dict(messages)
        self.plural = gettext.c2py(get_plural(locale).plural_expr)
        self.direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
        self.symbols = {".": babel_numbers.get_decimal_symbol(locale),
                        ",": babel_numbers.get_group_symbol(locale),
                        "-": babel_numbers.get_minus_sign_symbol(locale),
                        "+": babel_numbers.get_plus_sign_symbol(locale),
                        "%": babel_numbers.format_percent(0, locale=locale).replace("0", "", 1)}
        # Babel re-reads the locale's data on every call; a build writes the same few thousand numbers and dates
        # on many pages, so each is formatted once per build (these memos live and die with this object)
        self.numbers: dict[tuple[float, int | None], str] = {}
        self.dates: dict[tuple[date, str], str] = {}

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        if isinstance(found, tuple):
            return found[0] or message
        return found or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get(singular)
        if isinstance(forms, tuple):
            index = self.plural(n)
            if index < len(forms) and forms[index]:
                return forms[index]
        elif isinstance(forms, str) and forms:
            return forms
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        """The msgid in a context (a .po file's msgctxt): "Submitted" as a status is not "Submitted" as a date's label."""
        key = f"{context}\x04{message}"
        found = self.gettext(key)
        return message if found == key else found

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        key = f"{context}\x04{singular}"
        found = self.ngettext(key, plural, n)
        return singular if found == key else found

    # --- dates and numbers in the locale's own form ---

    def date(self, moment: datetime | None, form: str = "long") -> str:
        """'1 novembre 2026', '2026年11月1日', '١ نوفمبر ٢٠٢٦' (as Babel writes it); plain ``en`` keeps
        crowdgallery's own '1 November 2026' (``en-US`` gives 'November 1, 2026')."""
        if moment is None:
            return ""
        day = moment.date() if isinstance(moment, datetime) else moment  # what Babel formats (equal instants in
        key = (day, form)                                                # two zones can fall on two days)
        if key not in self.dates:
            shown = SOURCE_DATE if form == "long" and self.locale == SOURCE_LOCALE else form
            self.dates[key] = babel_dates.format_date(day, format=shown, locale=self.locale)
        return self.dates[key]

    def short_date(self, moment: datetime) -> str:
        """A day with the month abbreviated, for charts: '1 Oct 2026', '1 oct. 2026', '2026年10月1日'
        (Babel's month names and the locale's order; plain ``en`` keeps day-month-year)."""
        if self.locale == SOURCE_LOCALE:
            return babel_dates.format_date(moment, format="d MMM y", locale=self.locale)
        return babel_dates.format_skeleton("yMMMd", moment, locale=self.locale)

    def number(self, value: float, decimals: int | None = None) -> str:
        """'1,204' / '1.204' / '1 204'; two decimals when the value has any, or exactly ``decimals``."""
        key = (value, decimals)
        if key not in self.numbers:
            if decimals is not None:
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            else:
                pattern = "#,##0" if float(value).is_integer() else "#,##0.00"
            self.numbers[key] = babel_numbers.format_decimal(value, format=pattern, locale=self.locale)
        return self.numbers[key]

    def figure(self, text: str) -> str:
        """A figure written in the source language's number form ('1,204 ♥', '+0.60', '93.3%', '4.38 / 5') in
        the locale's symbols ('1.204 ♥', '+0,60', '93,3 %'), every digit kept as it is: the digits a figure
        shows are chosen before (views/figures.py), so neighbouring ranks stay told apart."""
        symbols = self.symbols
        if all(k == v for k, v in symbols.items()):
            return text  # the locale writes numbers as the source language does
        return "".join(symbols.get(c, c) if c in symbols and self._in_number(text, i) else c
                       for i, c in enumerate(text))

    @staticmethod
    def _in_number(text: str, i: int) -> bool:
        """Whether the symbol at ``i`` belongs to a number (a digit beside it, or a sign before one)."""
        before, after = text[i - 1:i], text[i + 1:i + 2]
        if text[i] in "+-":
            return after.isdigit()
        if text[i] == "%":
            return before.isdigit()
        return before.isdigit() and after.isdigit()

    def count(self, singular: str, plural: str, n: int) -> str:
        """ngettext with the count in the locale's digits: count('%(num)s vote', '%(num)s votes', 1204)."""
        return self.ngettext(singular, plural, n) % {"num": self.number(n)}


def english() -> Strings:
    """The source language with no catalog: what lower stages use when no site is given."""
    return Strings(babel.Locale.parse(SOURCE_LANGUAGE), {})


def read_catalog(path: Path, locale: babel.Locale, where: str, problems: list[Problem]) -> dict:
    """msgid → msgstr (or the tuple of plural forms) of one .po file; fuzzy and empty entries are left out."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except Exception as exc:  # Babel raises PoFileError, ValueError or UnicodeDecodeError for a broken file
        line = getattr(exc, "lineno", None) or 1
        problems.append(Problem(Location(where, line), f"this translation file cannot be read ({exc}); fix it or "
                                                       "remove it"))
        return {}
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        context = f"{message.context}\x04" if message.context else ""  # the key GNU gettext gives it
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string or ())
            if any(forms):
                messages[context + message.id[0]] = forms
        elif message.string:
            messages[context + message.id] = message.string
    return messages


def catalog_files(folders: Iterable[Path], locale: babel.Locale) -> list[Path]:
    """The .po file of each folder for this locale (the most specific name found), lowest layer first."""
    found = []
    for folder in folders:
        for name in catalog_names(locale):
            path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                found.append(path)
                break
    return found


def load_strings(language: str, folders: Iterable[Path], overrides: Mapping[str, Any], site_dir: Path,
                 problems: list[Problem], overrides_at: Location | None = None) -> Strings:
    """The interface's words: every layer's catalog for ``language`` (lowest first), then site.yaml's ``strings``."""
    locale = parse_locale(language) or babel.Locale.parse(SOURCE_LANGUAGE)
    messages: dict[str, str | tuple[str, ...]] = {}
    for path in catalog_files([PACKAGE_TRANSLATIONS, *folders], locale):
        try:
            where = path.resolve().relative_to(site_dir.resolve()).as_posix()
        except ValueError:
            where = "/".join(path.parts[-5:])
        messages.update(read_catalog(path, locale, where, problems))
    for msgid, text in (overrides or {}).items():
        if isinstance(text, str):
            messages[str(msgid)] = text
        elif isinstance(text, list) and all(isinstance(t, str) for t in text):
            messages[str(msgid)] = tuple(text)
        else:
            problems.append(Problem(overrides_at, f"strings: '{msgid}' must be a text (or a list of plural forms)"))
    return Strings(locale, messages)
