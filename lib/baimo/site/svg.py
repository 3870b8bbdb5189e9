"""A figure's SVG as the site serves it: every drawn mark a link to the source of its value.

The chart kit gives each mark the ids of its row as its SVG id (``provenance.mark_id``:
``m3-F-a__R-b``); ``link_marks`` wraps the mark's content in an ``<a>`` (``target="_top"``, so a
click inside an ``<object>`` opens the page, not a page inside the chart) with a ``<title>`` that
the browser shows on hover, and makes the drawn source line a link to the figure's sources page.
The committed SVG is never changed: the site writes this copy, so site paths stay out of
``figures/``.

The copy is also lighter: the RDF metadata and the comments matplotlib writes go, coordinates keep
two decimals, path data loses its spaces and glyph ids are shortened (about a third smaller). The
root keeps its ``viewBox`` and loses its fixed size, so the chart fills the box the page gives it.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable

from baimo import provenance, raster

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_SOURCE_LINE = "来源 Source:"  # how save_figure starts the drawn source line
_GEOMETRY = ("d", "x", "y", "width", "height", "points", "x1", "x2", "y1", "y2", "cx", "cy", "r")
_TRANSLATE = re.compile(r"translate\([^)]*\)")  # a scale keeps every digit: glyphs are drawn at scale(0.015625)
_DECIMALS = re.compile(r"-?\d+\.\d{3,}")
_COMMAND = re.compile(r" ?([MLCQZHVSAmlcqzhvsa]) ?")
_LENGTH = re.compile(r"([\d.]+)(pt|px)?$")
_STYLE = (
    "a.mark{cursor:pointer}a.mark:hover,a.mark:focus{opacity:.62}"
    "a.mark:focus{outline:2px solid #c98a00}a.source-line:hover g{fill:#0b5cad}"
)

MarkLink = Callable[[list[str], int], tuple[str, str]]  # (source ids, mark number) → (href, hover text)


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def size_px(svg: bytes) -> tuple[float, float]:
    """The SVG's drawn size in CSS pixels (matplotlib writes points: 1 pt = 4/3 px)."""
    head = svg[:2000].decode("utf-8", "replace")
    out = []
    for key in ("width", "height"):
        m = re.search(rf'<svg[^>]*?\s{key}="([^"]+)"', head, re.S)
        n = _LENGTH.match(m[1]) if m else None
        if not n:
            return 0.0, 0.0
        out.append(float(n[1]) * (4 / 3 if n[2] == "pt" else 1))
    return out[0], out[1]


def link_marks(svg: bytes, mark_link: MarkLink, *, source_href: str, title: str, desc: str) -> bytes:
    """The SVG with its marks and its source line made links, a title and a description."""
    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    parents = {child: parent for parent in root.iter() for child in parent}
    for meta in root.findall(_q("metadata")):
        root.remove(meta)
    for el in list(root.iter()):
        ids = provenance.parse_mark_id(el.get("id") or "")
        if ids is not None:
            href, hover = mark_link(ids, int(el.get("id").split("-", 1)[0][1:]))
            if href:
                _wrap(el, parents, {"href": href, "target": "_top", "class": "mark"}, hover)
        elif _is_source_line(el):
            link = {"href": source_href, "target": "_top", "class": "source-line"}
            _wrap(el, parents, link, "All sources of this figure")
    _lighten(root)
    for key in ("width", "height"):
        root.attrib.pop(key, None)
    style = ET.Element(_q("style"))
    style.text = _STYLE
    for i, (tag, text) in enumerate((("title", title), ("desc", desc))):
        node = ET.Element(_q(tag))
        node.text = text
        root.insert(i, node)
    root.insert(2, style)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _is_source_line(el: ET.Element) -> bool:
    first = next(iter(el), None)
    return (
        el.tag == _q("g")
        and first is not None
        and first.tag is ET.Comment
        and (first.text or "").strip().startswith(_SOURCE_LINE)
    )


def _wrap(el: ET.Element, parents: dict, attrs: dict[str, str], hover: str) -> None:
    """Put ``el``'s content (a group) or ``el`` itself (any other element) inside a link."""
    a = ET.Element(_q("a"), attrs)
    tip = ET.SubElement(a, _q("title"))
    tip.text = hover
    if el.tag == _q("g"):
        for child in list(el):
            el.remove(child)
            a.append(child)
        el.append(a)
        return
    parent = parents[el]
    parent.insert(list(parent).index(el), a)
    parent.remove(el)
    a.append(el)


def _lighten(root: ET.Element) -> None:
    """No comments or layout whitespace, two decimals, compact path data, short glyph ids."""
    short: dict[str, str] = {}
    for el in root.iter():
        if el.tag == _q("path") and el.get("id") and not provenance.parse_mark_id(el.get("id")):
            short.setdefault(el.get("id"), f"_g{len(short):x}")
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag is ET.Comment:
                parent.remove(child)
        if parent.text is not None and not parent.text.strip():
            parent.text = None
        if parent.tail is not None and not parent.tail.strip():
            parent.tail = None
        for key in _GEOMETRY:
            value = parent.get(key)
            if value:
                value = _DECIMALS.sub(_round, value)
                if key == "d":
                    value = _COMMAND.sub(r"\1", " ".join(value.split()))
                parent.set(key, value)
        if parent.get("transform"):
            parent.set("transform", _TRANSLATE.sub(lambda m: _DECIMALS.sub(_round, m[0]), parent.get("transform")))
        if parent.get("style"):
            parent.set("style", re.sub(r"\s*([:;])\s*", r"\1", parent.get("style")))
        if parent.tag == _q("path") and parent.get("id") in short:
            parent.set("id", short[parent.get("id")])
        ref = parent.get(f"{{{XLINK_NS}}}href")
        if ref and ref[1:] in short:
            parent.set(f"{{{XLINK_NS}}}href", "#" + short[ref[1:]])


def _round(m: re.Match) -> str:
    text = f"{float(m[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def thumbnail(svg: bytes, width_px: int) -> tuple[bytes, int, int]:
    """A PNG of the chart ``width_px`` wide (resvg, as ``save_figure`` makes its PNG), with its size."""
    w, _ = size_px(svg)
    dpi = width_px * 96 / w if w else 30.0
    png = raster.rasterise_svg(svg, dpi)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    return png, width, height
