"""The site as a publication (no browser): charts whose marks link to their sources, no internal
notes or unreadable numbers on any page, light pages, and the licence, citation and data package.

The sites are the ones ``test_site`` renders (its fixtures, imported): the real build's and a
scratch one whose chart has a mark for a fact, a fact with an assumption, a reference and an article.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import frictionless
import pytest
import yaml

from baimo import paths
from baimo.site import markup, weights
from test_site import (  # noqa: F401  (fixtures)
    FACT_IN_ONE,
    SCRATCH_DOC,
    SCRATCH_SVG,
    real_site,
    scratch_inputs,
    scratch_render,
    scratch_site,
)

SVG = "{http://www.w3.org/2000/svg}"
MB = 1_000_000


@pytest.fixture
def real(request) -> Path:
    return request.getfixturevalue("real_site")


@pytest.fixture
def scratch(request) -> Path:
    return request.getfixturevalue("scratch_site")


@pytest.fixture
def inputs(request) -> dict:
    return request.getfixturevalue("scratch_inputs")


def _marks(svg_file: Path) -> list[tuple[str, str]]:
    """(href, hover text) of every linked mark of a site SVG."""
    root = ET.parse(svg_file).getroot()
    return [(a.get("href"), a.findtext(f"{SVG}title") or "") for a in root.iter(f"{SVG}a") if a.get("class") == "mark"]


def test_chart_marks_link_to_their_sources(scratch, inputs):
    svg_file = scratch / "figures" / "99_demo" / "demo.svg"
    marks = dict(_marks(svg_file))
    assert set(marks) == {
        f"../../articles/{SCRATCH_DOC}.html#F-test-price",  # a fact: its highlighted sentence
        f"../../articles/{SCRATCH_DOC}.html#F-test-cut",  # a fact drawn with an assumption: the fact first
        "../../sources/index.html#R-test-ref",  # a reference: its row with the citation
        f"../../articles/{SCRATCH_DOC}.html",  # a corpus count: the article
    }
    hover = marks[f"../../articles/{SCRATCH_DOC}.html#F-test-price"]
    assert FACT_IN_ONE in hover and "price: value 1" in hover  # the verbatim quote and the value drawn
    assert "CNY per USD = 7.2" in marks[f"../../articles/{SCRATCH_DOC}.html#F-test-cut"]
    text = svg_file.read_text(encoding="utf-8")
    assert 'target="_top"' in text and "<metadata" not in text and "<desc>" in text
    assert 'class="source-line"' in text and 'href="../../sources/99_demo/demo.html"' in text
    assert "10.12" in text and "10.123456" not in text  # two decimals
    assert "scale(0.015625)" in text  # a glyph's scale keeps its digits
    # the committed SVG is untouched: no site paths in figures/
    assert (inputs["figures_root"] / "99_demo" / "demo.svg").read_text(encoding="utf-8") == SCRATCH_SVG


def test_real_chart_marks_all_land(real):
    """Every mark of every chart links to a page and an anchor that exist, with a hover text."""
    ids: dict[Path, set[str]] = {}
    n = 0
    for svg_file in sorted((real / "figures").glob("*/*.svg")):
        for href, hover in _marks(svg_file):
            parts = urlsplit(href)
            target = (svg_file.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{svg_file.name}: {href}"
            if parts.fragment:
                if target not in ids:
                    ids[target] = markup_ids(target)
                assert parts.fragment in ids[target], f"{svg_file.name}: {href}: no such anchor"
            assert hover.strip(), f"{svg_file.name}: {href}: no hover text"
            n += 1
    assert n > 100


def markup_ids(page: Path) -> set[str]:
    return {v for t in markup.scan(page.read_text(encoding="utf-8")).tags for k, v in t.attrs if k == "id" and v}


def test_chapter_pages_draw_figures_from_svg(real):
    """The chapter pages show each figure once, as its linked SVG in an <object>: no inline PNG."""
    for page in sorted((real / "notebooks").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "data:image/png;base64" not in text, page.name
        objects = re.findall(
            r'<object class="chart-svg" type="image/svg\+xml" data="([^"]+)"[^>]*aria-label="([^"]+)"', text
        )
        figures = re.findall(r'<figure class="chart" id="fig-([^"]+)"', text)
        assert len(objects) == len(figures) > 0, page.name
        for data, alt in objects:
            assert (page.parent / data).is_file() and len(alt) > 40, (page.name, data, alt)
        assert text.count('class="enlarge"') == len(figures)


class Visible(HTMLParser):
    """The text a reader sees (and the tooltips), without code, scripts or styles."""

    SKIP = {"script", "style", "pre", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        self.parts += [v for k, v in attrs if k in ("title", "alt", "aria-label") and v]

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


BANNED = {
    "an internal note": re.compile(r"issue #|not recorded", re.I),
    "NaN": re.compile(r"\bNaN\b"),
    "scientific notation": re.compile(r"\b\d+(?:\.\d+)?e[+-]\d+\b", re.I),
    "a year with a thousands comma": re.compile(
        r"(?:\b(?:in|by|since|until|from|to|year)\s+|[–-])(?:1,9|2,[01])\d\d\b|\b(?:1,9|2,[01])\d\d(?:年|E\b|\s*[–-]\s*\d)"
    ),
}


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_no_internal_notes_or_unreadable_numbers(which, request):
    root = request.getfixturevalue(which)
    found = []
    for page in sorted(root.rglob("*.html")):
        reader = Visible()
        reader.feed(page.read_text(encoding="utf-8"))
        text = " ".join(reader.parts)
        found += [f"{page.relative_to(root)}: {what}: {m[0]!r}" for what, r in BANNED.items() for m in r.finditer(text)]
    assert not found, "\n".join(found[:20])


def test_year_columns_read_as_years(real):
    for page in sorted((real / "sources").glob("*/*.html")):
        text = page.read_text(encoding="utf-8")
        head = re.search(r"<thead><tr>(.*?)</tr></thead>", text, re.S)
        if not head:
            continue
        columns = re.findall(r"<th[^>]*>(.*?)</th>", head[1])
        for row in re.findall(r"<tr id=\"row-\d+\"[^>]*>(.*?)</tr>", text, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for col, cell in zip(columns, cells, strict=False):
                if re.search(r"(^|_)year(_low|_high)?$", col) and "per_year" not in col:
                    assert not re.search(r"\d,\d{3}", cell), f"{page.name}: {col} = {cell}"


def test_accessible_pages(real):
    """English pages with Chinese blocks marked, a skip link to the content, a caption on every table."""
    for page in sorted(real.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in text, page
        assert 'class="skip-link" href="#main"' in text and 'id="main"' in text, page
        assert text.count("<table") == text.count("<caption"), page
    article = next((real / "articles").glob("*.html")).read_text(encoding="utf-8")
    assert '<section class="text" lang="zh-Hans"' in article


def test_page_weights(real):
    """The index with everything it loads ≤ 1.5 MB, no HTML page over 0.8 MB, a chapter page with
    everything it loads ≤ 2 MB."""
    measured = weights.weigh(real)
    by_page = {w.page: w for w in measured}
    assert by_page["index.html"].total <= 1.5 * MB, by_page["index.html"]
    assert max(w.html for w in measured) <= 0.8 * MB, max(measured, key=lambda w: w.html)
    chapters = [w for w in measured if w.page.startswith("notebooks/")]
    assert chapters and max(w.total for w in chapters) <= 2 * MB, chapters[0]
    print(
        "\n".join(f"{w.page}: {w.html / MB:.3f} MB, {w.total / MB:.3f} MB with {w.files} files" for w in measured[:8])
    )


def test_licence_and_citation_files():
    licence = (paths.ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (
        licence.startswith("MIT License") and "Copyright (c) baimo contributors" in licence and "CC BY 4.0" in licence
    )
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["authors"] == [{"name": "baimo contributors"}]
    assert cff["title"] and cff["message"] and cff["license"] == "CC-BY-4.0"


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_data_package_validates(which, request):
    """datapackage.json describes every figure's CSV (columns, types, units, sources) and validates
    with frictionless; the zip holds it and every table, and the index links both."""
    root = request.getfixturevalue(which)
    report = frictionless.validate(root / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = frictionless.Package(root / "datapackage.json")
    figures = list((root / "figures").glob("*/*.csv"))
    assert len(package.resources) == len(figures) > 0
    for r in package.resources:
        assert r.sources and r.licenses[0]["name"] == "CC-BY-4.0", r.name
        fields = {f.name: f for f in r.schema.fields}
        assert "source_id" in fields and all(f.description for f in fields.values()), r.name
    with zipfile.ZipFile(root / "data" / "baimo-data.zip") as z:
        names = set(z.namelist())
    assert {"datapackage.json", "README.txt"} <= names and {r.path for r in package.resources} <= names
    index = (root / "index.html").read_text(encoding="utf-8")
    assert 'href="data/baimo-data.zip"' in index and 'href="datapackage.json"' in index


def test_data_package_units(real):
    package = frictionless.Package(real / "datapackage.json")
    units = {f.name: f.to_dict().get("unit") for r in package.resources for f in r.schema.fields}
    assert units.get("share_percent") == "percent" and units.get("n_chars") == "characters"


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_index_and_chapters_show_how_to_cite(which, request):
    root = request.getfixturevalue(which)
    for page in [root / "index.html", *sorted((root / "notebooks").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        bibtex = re.search(r'<pre class="bibtex"[^>]*><code>(.*?)</code></pre>', text, re.S)
        assert bibtex and re.match(r"@misc\{baimo\w*,", bibtex[1]), page
        assert "author = {{baimo contributors}}" in re.sub(r"\s+", " ", bibtex[1]), page
        assert "CC BY 4.0" in text and "LICENSE.txt" in text, page
    assert (root / "LICENSE.txt").read_text(encoding="utf-8").startswith("MIT License")
