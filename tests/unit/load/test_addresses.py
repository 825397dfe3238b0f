"""Aliases (old addresses) are checked like ids, part by part, and land where their kind's pages are."""
from __future__ import annotations

import pytest

from crowdgallery.load.addresses import alias_address, alias_problem


@pytest.mark.parametrize("alias", ["zoe", "old.handle", "people/zoe", "/people/zoe/", "rules-2025.html"])
def test_safe_aliases_pass(alias):
    assert alias_problem(alias) == ""


@pytest.mark.parametrize("alias", ["..", "../x", "a/../b", "a//b", "/", "", "a b", "%2e%2e", ".hidden", "a\\b",
                                   "é", "x?y", "<script>"])
def test_aliases_that_could_leave_their_folder_or_break_markup_are_refused(alias):
    assert alias_problem(alias)


@pytest.mark.parametrize("alias, kind, address", [
    ("zoe", "designer", "designers/zoe/"),
    ("old-wave", "submission", "submissions/old-wave/"),
    ("/zoe/", "designer", "zoe/"),  # written with a '/': a path from the site's root
    ("people/zoe", "designer", "people/zoe/"),
    ("rules-2025", "page", "rules-2025/"),
    ("/archive/rules.html", "page", "archive/rules.html"),
])
def test_where_an_alias_is_written(alias, kind, address):
    assert alias_address(alias, kind) == address
