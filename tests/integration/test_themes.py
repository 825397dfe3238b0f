"""Themes: theme.yaml, the inheritance chain, file-by-file overrides, the name: prefix, options, theme new, poster."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE as EXAMPLE
from conftest import (
    assert_no_traceback,
    build_site,
    cli,
    read_page,
    tree_bytes,
    write_files,
)

SITE = {
    "campaigns.yaml": "- {id: c, title: Cups}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": "- {id: a, title: Wave, designer: ada}\n",
}




def test_site_template_extends_the_theme_template_it_overrides(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, "site.yaml": "title: T\n",
        "templates/base.html": '{% extends "default:base.html" %}\n'
                               '{% block theme_head %}<meta name="site-override" content="yes">{% endblock %}\n',
        "templates/partials/footer.html": "<footer><p>Our own footer</p></footer>\n"})
    build_site(site, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text()
    assert '<meta name="site-override" content="yes">' in html  # the site's base.html
    assert 'class="site-header"' in html  # … extends the default one
    assert "Our own footer" in read_page(tmp_path / "out" / "submissions" / "a" / "index.html").text


def test_a_theme_chain_with_options_and_static_files_overridden_file_by_file(tmp_path):
    site = write_files(tmp_path / "site", {**SITE,
        "site.yaml": "title: T\ntheme: {name: themes/mine, options: {motto: Bold prints}}\n",
        "themes/mine/theme.yaml": "name: mine\nextends: poster\noptions:\n  motto: Art for all\n  corner: left\n",
        "themes/mine/templates/partials/footer.html":
            "<footer><p>{{ theme.name }} · {{ theme.options.motto }} · {{ theme.options.corner }} · "
            "{{ theme.options.accent }} · {{ theme.chain|join('>') }}</p></footer>\n",
        "themes/mine/static/poster.css": "/* mine */\n",
        "themes/mine/static/extra.css": "/* extra */\n",
        "static/extra.css": "/* the site's */\n"})
    build_site(site, tmp_path / "out")
    out = tmp_path / "out"
    assert read_page(out / "index.html").text.endswith("mine · Bold prints · left · yellow · mine>poster>default")
    assert (out / "static" / "poster.css").read_text() == "/* mine */\n"  # mine over poster
    assert (out / "static" / "extra.css").read_text() == "/* the site's */\n"  # the site over mine
    assert (out / "static" / "style.css").read_bytes() == (
        Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "style.css").read_bytes()
    assert 'class="poster poster--yellow poster--caps"' in (out / "index.html").read_text()


@pytest.mark.parametrize("files, message", [
    ({"site.yaml": "title: T\ntheme: themes/a\n", "themes/a/theme.yaml": "extends: nowhere\n",
      "themes/a/templates/x.html": ""},
     "themes/a/theme.yaml: error: the theme extends 'nowhere', which is not a theme"),
    ({"site.yaml": "title: T\ntheme: themes/a\n", "themes/a/theme.yaml": "extends: ../b\n",
      "themes/b/theme.yaml": "extends: ../a\n"},
     "error: the themes extend each other in a loop (a → b → a)"),
    ({"site.yaml": "title: T\ntheme: nope\n"}, "site.yaml:2: error: there is no theme 'nope' (built-in themes: default, poster"),
])
def test_theme_mistakes(tmp_path, files, message):
    site = write_files(tmp_path / "site", {**SITE, **files})
    result = cli("check", site)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert message in result.stderr


def test_an_unknown_theme_option_is_a_warning_at_the_theme_line(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, "site.yaml": "title: T\ntheme:\n  name: poster\n"
                                                                "  options: {acent: pink}\n"})
    result = cli("check", site)
    assert result.exit_code == 0
    assert ("site.yaml:2: warning: the theme 'poster' has no option 'acent' (its options: accent, uppercase_titles)"
            in result.stderr)


def test_theme_new_copies_a_theme_into_the_site(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, "site.yaml": "title: T\ntheme: poster\n"})
    result = cli("theme", "new", "gallery-night", site)
    assert result.exit_code == 0, result.output
    copy = site / "themes" / "gallery-night"
    assert (copy / "templates" / "partials" / "card.html").is_file() and (copy / "static" / "poster.css").is_file()
    assert (copy / "theme.yaml").read_text().startswith("name: gallery-night\n")
    assert "theme: themes/gallery-night" in result.output
    (copy / "templates" / "partials" / "footer.html").write_text("<footer><p>Night footer</p></footer>\n")
    (site / "site.yaml").write_text("title: T\ntheme: themes/gallery-night\n")
    build_site(site, tmp_path / "out")
    assert "Night footer" in read_page(tmp_path / "out" / "index.html").text
    again = cli("theme", "new", "gallery-night", site)
    assert again.exit_code == 2 and "already exists" in again.output


def test_theme_new_that_cannot_write_says_so_without_a_traceback(tmp_path):
    site = write_files(tmp_path / "site", {**SITE, "site.yaml": "title: T\n",
                                           "themes": "a file where the themes folder should be\n"})
    result = cli("theme", "new", "mine", site)
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_poster_changes_the_look_but_not_the_data(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("_site"))
    build_site(site, tmp_path / "default")
    text = (site / "site.yaml").read_text()
    assert "\ntheme: default\n" in text
    (site / "site.yaml").write_text(text.replace("\ntheme: default\n", "\ntheme: poster\n"))
    build_site(site, tmp_path / "poster")
    default, poster = tree_bytes(tmp_path / "default"), tree_bytes(tmp_path / "poster")
    api = [p for p in default if p.startswith("api/")]
    assert api and all(default[p] == poster[p] for p in api)  # the same data
    # the poster's stylesheet and its display face, with the face's licence beside it
    assert set(poster) - set(default) == {"static/poster.css", "static/fonts/bebas-neue-latin.woff2",
                                          "static/fonts/bebas-neue-latin-ext.woff2", "static/fonts/OFL-BebasNeue.txt"}
    home = (tmp_path / "poster" / "index.html").read_text()
    assert "static/poster.css" in home and 'class="poster-frame' in home
    assert read_page(tmp_path / "poster" / "index.html").text == read_page(tmp_path / "default" / "index.html").text
