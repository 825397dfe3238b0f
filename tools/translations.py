"""Extract a theme's strings and bring its catalogs up to date, with Babel's Python API.

    python3 tools/translations.py themes/default            # messages.pot + every messages.po updated
    python3 tools/translations.py themes/default --add fr   # start a new language's catalog
    python3 tools/translations.py crowdgallery              # the words written by the Python code

The template (``translations/messages.pot``) is extracted from the theme's
templates by Jinja's Babel extractor; each ``<lang>/LC_MESSAGES/messages.po``
gains the new msgids (empty, to translate), keeps its translations and drops
the msgids gone from the templates.  crowdgallery reads the .po files
directly at build time: there is nothing to compile.
"""
from __future__ import annotations

import argparse
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("templates/**.json", "jinja2.ext:babel_extract")]
OPTIONS = {"templates/**.html": {"trimmed": "false"}, "templates/**.json": {}}
# crowdgallery's own words: strings.gettext(…), strings.ngettext(…), strings.count(…), N_(…) and NC_(…) in the package
PYTHON = [("**.py", "python")]
KEYWORDS = {**DEFAULT_KEYWORDS, "count": (1, 2), "NC_": ((1, "c"), 2)}


def extract(theme: Path) -> Catalog:
    template = Catalog(project="crowdgallery", fuzzy=False)
    python = not (theme / "templates").is_dir()  # a theme has templates; the package has Python
    for filename, lineno, message, comments, context in extract_from_dir(
            theme, PYTHON if python else METHODS, {} if python else OPTIONS, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def write(catalog: Catalog, path: Path) -> None:
    out = BytesIO()
    write_po(out, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False,
             no_location=path.suffix == ".po")  # the template says where each string is; catalogs need not
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def update(theme: Path, add: list[str]) -> None:
    folder = theme / "translations"
    template = extract(theme)
    if (folder / "messages.pot").is_file():  # an unchanged run leaves the files as they are
        with (folder / "messages.pot").open("rb") as handle:
            template.creation_date = read_po(handle).creation_date
    write(template, folder / "messages.pot")
    languages = sorted({p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.po")} | set(add))
    for lang in languages:
        path = folder / lang / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=Locale.parse(lang), project="crowdgallery")
        dates = catalog.creation_date, catalog.revision_date
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)  # no guessed translations
        for message in list(catalog.obsolete):
            del catalog.obsolete[message]
        catalog.creation_date, catalog.revision_date = dates
        write(catalog, path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("theme", type=Path)
    parser.add_argument("--add", action="append", default=[], help="a language code to start a catalog for")
    args = parser.parse_args()
    update(args.theme, args.add)
