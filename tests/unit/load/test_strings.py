"""Figures in the site's number form: the digits chosen for the ranking kept, only the symbols the locale's."""
import datetime

import pytest

from crowdgallery.load.strings import Strings, parse_locale


def strings(language: str) -> Strings:
    return Strings(parse_locale(language), {})


@pytest.mark.parametrize("language, shown", [  # written by hand from each language's number conventions
    ("en", ["1,204 ♥", "+0.60", "-3", "93.3%", "4.38 / 5", "0.00852"]),
    ("de", ["1.204 ♥", "+0,60", "-3", "93,3\xa0%", "4,38 / 5", "0,00852"]),
    ("fr", ["1\u202f204 ♥", "+0,60", "-3", "93,3\xa0%", "4,38 / 5", "0,00852"]),
])
def test_a_figure_takes_the_locales_symbols_and_keeps_every_digit(language, shown):
    figures = ["1,204 ♥", "+0.60", "-3", "93.3%", "4.38 / 5", "0.00852"]
    assert [strings(language).figure(f) for f in figures] == shown


def test_symbols_outside_a_number_are_left_alone():
    assert strings("de").figure("4.38 / 5 - ok.") == "4,38 / 5 - ok."


def test_english_dates_keep_day_month_year_and_us_english_its_own():
    moment = datetime.datetime(2026, 10, 2)
    assert strings("en").date(moment) == "2 October 2026"
    assert strings("en-US").date(moment) == "October 2, 2026"
    assert strings("fr").date(moment) == "2 octobre 2026"
