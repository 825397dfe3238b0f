"""Rendering frees each page's cyclic garbage, though the build pauses the collector for its bulk work.

A Jinja page that imports macros leaves reference cycles (the module, its macros, the contexts); these
tests render such a page many times inside the build's pause, as the build does, and count what is left.
"""
import gc

import jinja2

from crowdgallery.build import bulk_allocation, collecting_garbage

TEMPLATES = {
    # a macro calling another of its module: the two refer to each other through the module's context
    "macros.html": "{% macro item(e) %}<li>{{ e }}</li>{% endmacro %}{% macro card(e) %}{{ item(e) }}{% endmacro %}",
    "page.html": '{% import "macros.html" as m with context %}<ul>{% for e in items %}{{ m.card(e) }}{% endfor %}</ul>',
}


def render_many(times: int) -> None:
    template = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES)).get_template("page.html")
    for n in range(times):
        assert template.render(items=[n, n + 1]) == f"<ul><li>{n}</li><li>{n + 1}</li></ul>"


def contexts_alive() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is jinja2.runtime.Context)


def test_pages_rendered_while_collecting_leave_no_cycles_behind():
    with bulk_allocation():
        assert not gc.isenabled()
        with collecting_garbage():
            assert gc.isenabled()
            render_many(2000)
            left = contexts_alive()
        assert not gc.isenabled()  # the build's pause is back for what follows
    assert left < 200  # a few since the last automatic collection, not one per page


def test_without_it_the_pause_keeps_every_page_cycle():  # what the collecting is for
    with bulk_allocation():
        render_many(500)
        left = contexts_alive()
    gc.collect()
    assert left >= 500


def test_objects_made_before_rendering_are_frozen_and_thawed_after():
    with bulk_allocation():
        with collecting_garbage():
            assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
