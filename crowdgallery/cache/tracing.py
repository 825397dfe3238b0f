"""What a page read while it rendered: a Jinja environment that records reads, and their replay."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Mapping

import jinja2
from jinja2.runtime import Context, Macro, Undefined

from crowdgallery.model import Campaign, Designer, Submission


class Untraceable(Exception):
    """A read the recorder cannot replay: the page is always rendered."""


_SCALARS = (str, int, float, bool, type(None), bytes)
_EXACT_SCALARS = frozenset((int, float, bool, type(None), bytes))
_MAX_DEPTH = 40


def gallery_objects(gallery, pages, config) -> dict[tuple, Any]:
    """Every object a read can start from, by a key that names the same object in the next build."""
    objects: dict[tuple, Any] = {("@", "site"): config}
    for c in gallery.campaigns:
        objects[("@", "C", c.id)], objects[("@", "c", c.id)] = c, c.campaign
    for e in gallery.entries:
        objects[("@", "E", e.id)], objects[("@", "s", e.id)] = e, e.submission
    for d in gallery.designers:
        objects[("@", "D", d.id)], objects[("@", "d", d.id)] = d, d.designer
    for t in gallery.tags:
        objects[("@", "T", t.slug)] = t
    for p in pages:
        objects[("@", "P", p.path)] = p
    return objects


_RECORD_TYPES = (Campaign, Designer, Submission)

SHARED_OBJECTS = ("share_meta", "entry_line", "images")


class Snapshots:
    """Turns values into comparable snapshots whose repr is canonical (the cache stores its digest);
    gallery objects become references."""

    def __init__(self, keys: dict[int, tuple]):
        self.keys = keys
        self._fields: dict[type, tuple[str, ...]] = {}

    def snap(self, value: Any, depth: int = 0) -> Any:
        kind = type(value)
        if kind is str:
            return value
        if kind in _EXACT_SCALARS:
            return (kind.__name__, value)
        key = self.keys.get(id(value))
        if key is not None:
            return key  # ("@", kind, id): a reference to a gallery object
        if kind is list or kind is tuple:
            keys = self.keys
            refs = tuple(keys.get(id(v)) for v in value)  # the common case: a list of gallery objects
            if None not in refs:
                return (kind.__name__, refs)
            return (kind.__name__, tuple(self.snap(v, depth + 1) for v in value))
        if isinstance(value, str):
            return ("M", str(value))  # Markup and other kinds of str
        if isinstance(value, _SCALARS):
            return (kind.__name__, value)
        if depth > _MAX_DEPTH:
            raise Untraceable("too deep")
        if isinstance(value, (datetime, date)):
            return ("dt", value.isoformat(), kind.__name__)
        if isinstance(value, (list, tuple)):
            return (kind.__name__, tuple(self.snap(v, depth + 1) for v in value))
        if isinstance(value, Mapping):
            return ("{", tuple((self.snap(k, depth + 1), self.snap(v, depth + 1)) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted((self.snap(v, depth + 1) for v in value), key=repr)))  # a canonical repr
        if isinstance(value, Undefined):
            return ("undefined",)
        if isinstance(value, (Macro, jinja2.environment.TemplateModule)):
            return ("template",)  # made from the templates, whose files are part of every page's key
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if isinstance(value, _RECORD_TYPES):
                raise Untraceable("a record outside the gallery")
            names = self._fields.get(type(value))
            if names is None:
                names = self._fields[type(value)] = tuple(f.name for f in dataclasses.fields(value))
            return ("dc", type(value).__qualname__, tuple(self.snap(getattr(value, n), depth + 1) for n in names))
        self_ = getattr(value, "__self__", None)
        if callable(value) and self_ is not None and not isinstance(self_, type):
            if self.keys.get(id(self_)) is not None or dataclasses.is_dataclass(self_):
                raise Untraceable("a method of a gallery object")
            return ("method", getattr(value, "__name__", ""), self.snap(self_, depth + 1))
        if isinstance(value, range):
            return ("range", value.start, value.stop, value.step)
        raise Untraceable(f"a {type(value).__name__}")


# --- recording while rendering ----------------------------------------------------

class Recorder:
    """What the page being rendered has read: top-level names, and (object key, attribute) pairs."""

    def __init__(self, keys: dict[int, tuple]):
        self.keys = keys
        self.names: set[str] = set()
        self.reads: set[tuple] = set()

    def take(self) -> tuple[frozenset, frozenset]:
        taken = (frozenset(self.names), frozenset(self.reads))
        self.names, self.reads = set(), set()
        return taken


class TracingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        recorder = self.environment.recorder
        if recorder is not None:
            recorder.names.add(key)
        return super().resolve_or_missing(key)

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:  # every call a template makes
        recorder = self.environment.recorder
        if recorder is not None:
            key = recorder.keys.get(id(obj))
            if key is not None and key[1] == "fn":
                recorder.reads.add(_call_read(recorder.keys, key, args, kwargs))
        return super().call(obj, *args, **kwargs)


def _call_read(keys: Mapping[int, tuple], key: tuple, args: tuple, kwargs: Mapping) -> tuple:
    """A call of a shared function (see SHARED_OBJECTS) as a read: its arguments as references or values.

    Replayed by calling the next build's function with the next build's objects, so whatever the
    function reads in Python, its result is compared, not assumed.
    """
    refs = []
    for arg in args:
        ref = keys.get(id(arg))
        if ref is None and type(arg) in (str, int, float, bool, type(None)):
            ref = ("=", arg)
        if ref is None or kwargs:
            return key, "x", None  # an argument the replay cannot find again: the page is always rendered
        refs.append(ref)
    return key, "c", tuple(refs)


class TracingEnvironment(jinja2.Environment):
    """A Jinja environment that tells its recorder what each page reads.

    ``recorder`` is set by :class:`crowdgallery.cache.pages.PageCache` before rendering (worker
    processes forked after that inherit it) and cleared when the build ends; while it is None the
    environment records nothing.
    """

    context_class = TracingContext
    recorder: Recorder | None = None

    def _note(self, obj: Any, kind: str, name: Any) -> None:
        recorder = self.recorder
        if recorder is not None:
            key = recorder.keys.get(id(obj))
            if key is not None:
                recorder.reads.add((key, kind, name))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._note(obj, "a", attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._note(obj, "i", argument)
        return super().getitem(obj, argument)


def replay(env: jinja2.Environment, objects: Mapping[tuple, Any], read: tuple) -> Any:
    key, kind, name = read
    obj = objects.get(key)
    if obj is None:
        raise Untraceable("the object is gone")
    if kind == "c":
        return obj(*(ref[1] if ref[0] == "=" else objects[ref] for ref in name))
    if kind == "x":
        raise Untraceable("a call with arguments the recorder cannot name")
    return jinja2.Environment.getattr(env, obj, name) if kind == "a" else jinja2.Environment.getitem(env, obj, name)
