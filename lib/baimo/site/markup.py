"""Reading and editing the site's HTML with a real parser (the standard library's ``html.parser``).

``scan`` tokenises a page once and keeps every start tag with its attributes and its place in the
text; headings (for a table of contents) on request. Edits replace or drop single tags (or a
script element) in place with ``splice``, so everything else in the page stays byte for byte as
nbconvert and jinja wrote it, and ``splice`` returns the scan of the edited text without
re-parsing it.

Why not BeautifulSoup: its tree over the site's pages (6 MB, most of it notebook pages with inline
PNGs and highlighted code) takes about as long as the whole render, and serialising the tree back
rewrites every tag. ``html.parser`` is the tokenizer BeautifulSoup's ``html.parser`` builder uses.
The scan reads pygments' highlighted code (``<div class="highlight"><pre>…</pre>``: spans around
escaped source, nothing the site looks for) as text, with ``HTMLParser.set_cdata_mode`` as the
parser does for ``<script>``; that skips four fifths of a notebook page's tags.
"""

from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
from itertools import accumulate

from baimo.text import MASK

_RAW_TEXT = ("script", "style")  # their content is text: the parser reports no tags inside
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}


@dataclasses.dataclass(slots=True)
class Tag:
    """A start tag: its name and attributes (values unescaped, in order) and where it is in the text."""

    name: str
    attrs: list[tuple[str, str | None]]
    start: int
    end: int  # just after its ">"
    self_closing: bool = False
    element_end: int | None = None  # script/style: just after the end tag

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    def has(self, key: str) -> bool:
        return any(k == key for k, _ in self.attrs)

    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def with_attrs(self, attrs: list[tuple[str, str | None]]) -> Tag:
        return dataclasses.replace(self, attrs=attrs)

    def html(self) -> str:
        """The tag written out again (values in double quotes, ``&<>"`` escaped)."""
        parts = [f"<{self.name}"]
        for k, v in self.attrs:
            parts.append(f" {k}" if v is None else f' {k}="{escape_attr(v)}"')
        parts.append("/>" if self.self_closing else ">")
        return "".join(parts)


@dataclasses.dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclasses.dataclass
class Scan:
    tags: list[Tag]
    headings: list[Heading] = dataclasses.field(default_factory=list)

    def shift(self, offset: int) -> Scan:
        """Move the tags ``offset`` characters on (the scanned text placed inside a page); returns itself."""
        for t in self.tags:
            _move(t, offset)
        return self

    @staticmethod
    def join(*scans: Scan) -> Scan:
        """Scans of consecutive pieces of one text (each already shifted to its place)."""
        return Scan([t for s in scans for t in s.tags], [h for s in scans for h in s.headings])


@dataclasses.dataclass
class Edit:
    """Replace ``tag`` (a script/style: the whole element) by ``new``; ``new=None`` drops it."""

    tag: Tag
    new: Tag | None

    @property
    def span(self) -> tuple[int, int]:
        if self.new is None and self.tag.element_end is not None:
            return self.tag.start, self.tag.element_end
        return self.tag.start, self.tag.end


def escape_attr(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


class _Scanner(HTMLParser):
    def __init__(self, text: str, headings: bool):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
        self.want_headings = headings
        self.tags: list[Tag] = []
        self.headings: list[Heading] = []
        self._heading: tuple[str, int, str, list[str]] | None = None  # tag, level, id, text
        self._skip = 0  # depth inside a heading's ``a.anchor-link`` (its pilcrow is no part of the title)
        self._raw: Tag | None = None
        self._highlight = False  # the last start tag was pygments' <div class="highlight">

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        start = self._offset()
        t = Tag(tag, attrs, start, start + len(raw), raw.endswith("/>"))
        self.tags.append(t)
        if tag in _RAW_TEXT:
            self._raw = t
        elif tag == "pre" and self._highlight:
            # pygments' highlighted code: read to its </pre> as text (see the module's docstring)
            self.set_cdata_mode("pre")
        self._highlight = tag == "div" and "highlight" in t.classes()
        if self.want_headings:
            self._heading_start(t)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._raw is not None and tag == self._raw.name:
            start = self._offset()
            self._raw.element_end = self.text.find(">", start) + 1 or len(self.text)
            self._raw = None
        if self._heading is None:
            return
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag == self._heading[0]:
            _, level, hid, text = self._heading
            self.headings.append(Heading(level, hid, "".join(text).strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None and not self._skip:
            self._heading[3].append(data)

    def _heading_start(self, t: Tag) -> None:
        if self._heading is not None:
            if t.name == "a" and (self._skip or "anchor-link" in t.classes()):
                self._skip += 1
        elif t.name in _HEADINGS and t.get("id"):
            self._heading = (t.name, _HEADINGS[t.name], t.get("id"), [])


def scan(text: str, *, headings: bool = False) -> Scan:
    """Every start tag of ``text``; with ``headings``, the h1–h4 that have an id, with their text."""
    p = _Scanner(text, headings)
    p.feed(text)
    p.close()
    return Scan(p.tags, p.headings)


MASK_NOTE = "〓 stands for a character the saved page had garbled beyond repair (the cleaning masks it)"
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def explain_mask(text: str) -> str:
    """Each 〓 in the text between tags (never in an attribute) wrapped in an ``<abbr>`` that says what it is."""
    if MASK not in text:
        return text
    wrapped = f'<abbr class="mask" title="{MASK_NOTE}">{MASK}</abbr>'
    return "".join(p if p.startswith("<") else p.replace(MASK, wrapped) for p in _TAG_OR_TEXT.split(text))


def _move(t: Tag, offset: int) -> None:
    t.start += offset
    t.end += offset
    if t.element_end is not None:
        t.element_end += offset


def splice(text: str, found: Scan, edits: list[Edit]) -> tuple[str, Scan]:
    """Apply ``edits`` (tags of ``found``) to ``text``; the new text and its scan. ``found`` is
    used up: its tags move to their new places."""
    if not edits:
        return text, found
    by_start = {e.tag.start: e for e in edits}
    pieces, tags, pos, delta = [], [], 0, 0
    for t in found.tags:
        if t.start < pos:  # inside an element an edit dropped
            continue
        e = by_start.get(t.start)
        if e is None:
            _move(t, delta)
            tags.append(t)
            continue
        a, b = e.span
        new = e.new.html() if e.new is not None else ""
        pieces += [text[pos:a], new]
        if e.new is not None:
            e.new.start, e.new.end, e.new.element_end = a + delta, a + delta + len(new), None
            tags.append(e.new)
        delta += len(new) - (b - a)
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), Scan(tags, found.headings)
