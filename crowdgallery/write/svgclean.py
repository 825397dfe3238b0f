"""SVG from the crowd, cleaned before it is published.

An SVG file is a document that can run script when opened on its own (``<script>``,
``onload=``, ``<foreignObject>`` holding HTML, ``javascript:`` links, animations that
rewrite ``href``) and fetch things from elsewhere (external ``href``, ``url()`` and
``@import`` in styles).  :func:`clean_svg` parses the file with expat, refusing a
``DOCTYPE`` (and with it every entity trick: external entities, entity expansion
bombs), keeps only an allowlist of drawing elements and attributes, keeps
references only to fragments in the same file (``#id``), and writes the result
again with the standard library's XML escaping.  Anything it cannot parse is
refused with the line expat stopped at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_FILTERS = ("feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting "
            "feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR "
            "feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting "
            "feSpotLight feTile feTurbulence")
ELEMENTS = frozenset((
    "svg g defs title desc symbol use switch path rect circle ellipse line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop pattern clipPath mask marker filter style "
    "animate animateTransform animateMotion set mpath " + _FILTERS).split())
UNWRAP = frozenset(("a",))

ATTRIBUTES = frozenset("""
id class style lang tabindex role aria-label aria-labelledby aria-describedby aria-hidden focusable
width height x y x1 y1 x2 y2 cx cy r rx ry d points viewBox preserveAspectRatio transform version
fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-miterlimit
stroke-dasharray stroke-dashoffset opacity color display visibility overflow clip-path clip-rule mask filter
marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient
font-family font-size font-weight font-style font-variant letter-spacing word-spacing text-anchor
dominant-baseline alignment-baseline baseline-shift text-decoration writing-mode dx dy rotate textLength
lengthAdjust startOffset method spacing side
gradientUnits gradientTransform spreadMethod fx fy fr offset stop-color stop-opacity
patternUnits patternContentUnits patternTransform maskUnits maskContentUnits clipPathUnits
filterUnits primitiveUnits in in2 result stdDeviation dx dy mode operator k1 k2 k3 k4 values type
tableValues slope intercept amplitude exponent kernelMatrix order divisor bias targetX targetY edgeMode
preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent kernelUnitLength
limitingConeAngle pointsAtX pointsAtY pointsAtZ azimuth elevation z scale xChannelSelector
yChannelSelector radius baseFrequency numOctaves seed stitchTiles flood-color flood-opacity
lighting-color color-interpolation color-interpolation-filters shape-rendering text-rendering
image-rendering vector-effect paint-order mix-blend-mode isolation
attributeName attributeType begin dur end min max restart repeatCount repeatDur calcMode keyTimes
keySplines from to by additive accumulate path keyPoints
media
""".split())

_UNSAFE_CSS = re.compile(r"@import|expression\s*\(|javascript:|behaviou?r\s*:|-moz-binding|image-set\s*\("
                         r"|\bimage\s*\(|\bsrc\s*\(|\\", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


MAX_DEPTH = 200


class SvgError(ValueError):
    """The file cannot be published: ``line`` (1-based, 0 when unknown) and what is wrong."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class CleanSvg:
    data: bytes
    width: int  # the drawing's intrinsic size in CSS pixels, from width/height or the viewBox (0: unknown)
    height: int
    removed: tuple[str, ...]  # what was taken out, for a note to the organiser


class _Node:
    __slots__ = ("name", "attrs", "children")

    def __init__(self, name: str, attrs: list[tuple[str, str]]):
        self.name, self.attrs, self.children = name, attrs, []


def _local(name: str) -> tuple[str, str]:
    """expat's 'namespace local' (namespace_separator ' ') → (namespace, local)."""
    ns, _, local = name.rpartition(" ")
    return ns, local


def _css_is_safe(text: str) -> bool:
    if _UNSAFE_CSS.search(text):
        return False
    return all(target.strip().startswith("#") for _, target in _CSS_URL.findall(text))


def _parse(data: bytes) -> _Node:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[_Node] = []
    stack: list[_Node] = []

    def doctype(*_args) -> None:
        raise SvgError("the file has a DOCTYPE, which is not allowed (it can define entities); remove it",
                       parser.CurrentLineNumber)

    def entity(*_args) -> None:
        raise SvgError("the file declares entities, which are not allowed; remove them", parser.CurrentLineNumber)

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:  # the cleaner and writer recurse; real drawings are nowhere near this
            raise SvgError(f"the elements are nested more than {MAX_DEPTH} deep; flatten the drawing",
                           parser.CurrentLineNumber)
        node = _Node(name, sorted(attrs.items()))
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].children.append(data)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SvgError(f"the file is not well-formed XML ({expat.errors.messages[exc.code]}); "
                       "export it again from your drawing program", exc.lineno) from None
    if not root or _local(root[0].name) != (SVG_NS, "svg"):
        raise SvgError("the file's root element is not <svg> in the SVG namespace "
                       "(xmlns=\"http://www.w3.org/2000/svg\")", 1)
    return root[0]


def _clean_attrs(local: str, attrs: list[tuple[str, str]], removed: set[str]) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    for name, value in attrs:
        ns, attr = _local(name)
        if attr == "href" and ns in ("", XLINK_NS):
            if value.strip().startswith("#"):
                kept.append(("href", value.strip()))
            else:
                removed.add(f"an external reference ({local} href)")
            continue
        if ns == XML_NS and attr in ("lang", "space"):
            kept.append((f"xml:{attr}", value))
            continue
        if ns or attr not in ATTRIBUTES:
            removed.add("event handlers" if attr.lower().startswith("on") else f"the attribute {attr}")
            continue
        if ("url(" in value.lower() or attr == "style") and not _css_is_safe(value):
            removed.add(f"an unsafe style or url() in {attr}")
            continue
        kept.append((attr, value))
    return kept


def _clean(node: _Node, removed: set[str]) -> list:
    """The node cleaned, as a list (empty when it goes; its children when it is unwrapped)."""
    ns, local = _local(node.name)
    if ns != SVG_NS or local not in ELEMENTS:
        if ns == SVG_NS and local in UNWRAP:
            removed.add(f"<{local}> (its drawing kept)")
            return [c for child in node.children for c in
                    (_clean(child, removed) if isinstance(child, _Node) else [child])]
        removed.add(f"<{local}>")
        return []
    attrs = _clean_attrs(local, node.attrs, removed)
    if local in ("animate", "set", "animateTransform", "animateMotion"):
        target = dict(attrs).get("attributeName", "").strip().lower()
        if "href" in target or target.startswith("on") or target in ("style", "class", "id"):
            removed.add(f"<{local}> changing {target}")
            return []
    out = _Node(local, attrs)
    for child in node.children:
        if isinstance(child, _Node):
            out.children.extend(_clean(child, removed))
        else:
            out.children.append(child)
    if local == "style":
        css = "".join(c for c in out.children if isinstance(c, str))
        if any(isinstance(c, _Node) for c in out.children) or not _css_is_safe(css):
            removed.add("a <style> with @import or an external url()")
            return []
    return [out]


def _write(node: _Node, parts: list[str], root: bool = False) -> None:
    attrs = node.attrs
    if root:
        attrs = [("xmlns", SVG_NS)] + [a for a in attrs if a[0] != "xmlns"]
    parts.append("<" + node.name + "".join(f" {k}={quoteattr(v)}" for k, v in attrs))
    if not node.children:
        parts.append("/>")
        return
    parts.append(">")
    for child in node.children:
        if isinstance(child, _Node):
            _write(child, parts)
        else:
            parts.append(escape(child))
    parts.append(f"</{node.name}>")


def _size(value: str) -> float:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*", value or "")
    return float(match.group(1)) if match else 0.0


MAX_SIDE = 100_000  # CSS pixels: a larger (or infinite) stated size is treated as unknown


def _intrinsic_size(attrs: dict[str, str]) -> tuple[int, int]:
    """The drawing's size from width/height, else the viewBox; (0, 0) when unknown or absurd."""
    width, height = _size(attrs.get("width", "")), _size(attrs.get("height", ""))
    box = re.split(r"[\s,]+", attrs.get("viewBox", "").strip())
    if (not width or not height) and len(box) == 4:
        try:
            bw, bh = float(box[2]), float(box[3])
        except ValueError:
            bw = bh = 0.0
        if bw > 0 and bh > 0:
            if width and not height:
                height = width * bh / bw
            elif height and not width:
                width = height * bw / bh
            else:
                width, height = bw, bh
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):  # also inf and nan
        return 0, 0  # an image this large (or this broken) gets no size; CSS fits it to its box
    if not (round(width) and round(height)):
        return 0, 0  # one side unknown: no size at all, rather than an image drawn 0 pixels high
    return round(width), round(height)


def clean_svg(data: bytes) -> CleanSvg:
    """Clean an SVG file's bytes; raises SvgError (with a line) when it cannot be parsed or has a DOCTYPE."""
    removed: set[str] = set()
    root = _clean(_parse(data), removed)[0]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, parts, root=True)
    parts.append("\n")
    width, height = _intrinsic_size(dict(root.attrs))
    return CleanSvg("".join(parts).encode("utf-8"), width, height, tuple(sorted(removed)))
