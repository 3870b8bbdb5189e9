"""The reader site (no browser): self-contained, escaped, and every figure traceable to a sentence.

Two sites are rendered: the real one (executed notebooks, figures/, seeds/) and a scratch one
whose article contains markup and whose figure cites facts, a reference and an assumption, so the
escaping and the figure → sources → sentence chain are tested whatever state facts.csv is in.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from baimo import corpus, facts, paths, site, sources
from baimo.site import exporter, notebook_pages
from baimo.site.links import rebase_card_links

SCRATCH_DOC = "900_0123456789abcdef"
SCRATCH_TEXT = """测试新闻标题
大模型价格战打响之后，各家厂商纷纷降价。<script>alert(1)</script>这是一段测试文字。
有人在帖子里写了<img src=x onerror=alert(1)>，网站应当把它当作文字显示。
据报道，某公司的API价格降到每百万tokens 1元。这一降价幅度达到97%，算力成本却仍然很高。
数据也越来越稀缺，高质量语料成了新的瓶颈。
"""
# a chart as the kit draws one: each mark's id names the source ids of its row; the source line last
SCRATCH_SVG = f"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="300pt" height="150pt" viewBox="0 0 300 150" \
xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
 <g id="figure_1">
  <g id="m0-F-test-price"><path d="M 10.123456 10 L 110.987654 10 L 110.987654 30 L 10.123456 30 z" \
style="fill: #1f77b4"/></g>
  <g id="m1-F-test-cut__A-test-rate"><path d="M 10 40 L 200 40 L 200 60 L 10 60 z" style="fill: #1f77b4"/></g>
  <g id="m2-R-test-ref"><path d="M 10 70 L 30 70 L 30 90 L 10 90 z" style="fill: #1f77b4"/></g>
  <g id="m3-{SCRATCH_DOC}"><path d="M 10 100 L 60 100 L 60 120 L 10 120 z" style="fill: #1f77b4"/></g>
  <g id="text_9"><!-- 来源 Source: 测试网 2024-08-15 · F-test-cut, F-test-price -->
   <g transform="translate(10.25 140.75) scale(0.015625)"><path d="M 0 0 L 100 0" style="stroke: #777777"/></g></g>
 </g>
</svg>
"""
# one quote inside a sentence, one spanning two sentences
FACT_IN_ONE = "某公司的API价格降到每百万tokens 1元"
FACT_ACROSS = "每百万tokens 1元。这一降价幅度达到97%"


# ---------------------------------------------------------------------------------------------
# Inputs and rendered sites


@pytest.fixture(scope="session")
def real_site(real_inputs, tmp_path_factory) -> Path:
    executed, figures = real_inputs
    out = tmp_path_factory.mktemp("real") / "site"
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        site.render(executed_dir=executed, figures_root=figures, out=out)
    print(f"rendered the real site in {time.perf_counter() - t0:.2f}s")
    return out


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def make_scratch_inputs(root: Path) -> dict:
    """A corpus of one hostile article, facts quoting it, a figure citing them, two notebooks."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (seeds / f"{SCRATCH_DOC}.txt").write_text(SCRATCH_TEXT + "<b>原文</b>里的标签也要显示为文字。\n", encoding="utf-8")
    _csv(
        seeds / "manifest.csv",
        sources.MANIFEST_COLUMNS,
        [
            [
                SCRATCH_DOC,
                f"{SCRATCH_DOC}.txt",
                "测试新闻标题",
                "<i>测试网</i>",
                "作者",
                "2024-08-15",
                "stated",
                "simplified",
                "https://example.com/a?x=1&y=<2>",
                "a scratch article for the site tests",
            ]
        ],
    )
    _csv(
        seeds / "facts.csv",
        facts.FACT_COLUMNS,
        [
            [
                "F-test-price",
                "price_war",
                "某公司",
                "api_price",
                "2024",
                "1",
                "1",
                "CNY",
                "million_tokens",
                "",
                SCRATCH_DOC,
                FACT_IN_ONE,
                "",
            ],
            [
                "F-test-cut",
                "price_war",
                "某公司",
                "price_cut",
                "2024",
                "97",
                "97",
                "percent",
                "",
                "",
                SCRATCH_DOC,
                FACT_ACROSS,
                "",
            ],
            [
                "F-test-stale",
                "data",
                "某公司",
                "none",
                "2024",
                "1",
                "1",
                "none",
                "",
                "",
                SCRATCH_DOC,
                "这句话不在文章里",
                "",
            ],
        ],
    )
    _csv(
        seeds / "references.csv",
        facts.REFERENCE_COLUMNS,
        [
            [
                "R-test-ref",
                "price_war",
                "Other",
                "api_price",
                "2024",
                "2",
                "2",
                "CNY",
                "million_tokens",
                "",
                "A <title>",
                "Publisher",
                "2024-05",
                "https://example.com/ref",
                "",
            ]
        ],
    )
    _csv(
        seeds / "assumptions.csv",
        facts.ASSUMPTION_COLUMNS,
        [["A-test-rate", "CNY per USD", "7.2", "CNY/USD", "a round rate"]],
    )
    corpus_dir = corpus.build_seed_dataset(root / "corpus", seeds_dir=seeds)

    figures = root / "figures"
    fig_dir = figures / "99_demo"
    fig_dir.mkdir(parents=True)
    png = next(paths.PACKAGE.parent.parent.glob("figures/*/*.png"), None)
    png_bytes = (
        png.read_bytes()
        if png
        else base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
    )
    (fig_dir / "demo.png").write_bytes(png_bytes)
    (fig_dir / "demo.svg").write_text(SCRATCH_SVG)
    _csv(
        fig_dir / "demo.csv",
        ["label", "value", "source_id"],
        [
            ["price", "1", "F-test-price"],
            ["cut", "97", "F-test-cut;A-test-rate"],
            ["other", "2", "R-test-ref"],
            ["article", "5", SCRATCH_DOC],
        ],
    )
    info = {
        "id": "99_demo/demo",
        "name": "demo",
        "notebook": "99_demo",
        "title_zh": "测试图",
        "title_en": "A <demo> figure",
        "source": "scratch",
        "source_ids": sorted(["F-test-price", "F-test-cut", "A-test-rate", "R-test-ref", SCRATCH_DOC]),
        "files": {e: f"99_demo/demo.{e}" for e in ("png", "svg", "csv", "json")},
    }
    (fig_dir / "demo.json").write_text(json.dumps(info, ensure_ascii=False, indent=2))

    executed = root / "executed"
    executed.mkdir()
    first = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# 98 · First: a notebook before the demo\n\n"
                "**Question.** Is there a next page?\n\n"
                "**What the evidence says.** Yes: [the demo](99_demo.ipynb#Results), and "
                "[its facts](../seeds/facts.csv) and [the readme](../README.md)."
            ),
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        ]
    )
    fig_cell = nbformat.v4.new_code_cell(
        'plotting.save_figure(fig, "demo", data, title_zh="测试图", title_en="A <demo> figure")',
        outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(info)}, execution_count=2),
            nbformat.v4.new_output(
                "display_data", data={"image/png": base64.b64encode(png_bytes).decode(), "text/plain": "<Figure>"}
            ),
        ],
        execution_count=2,
    )
    demo = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# 99 · Demo: escaping and provenance\n\n**Question.** Does the site escape?\n\n"
                "**What the evidence says.** It does, and every value has a source."
            ),
            nbformat.v4.new_code_cell("corpus_dir = None", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell("## Results\n\nBack to [the first notebook](98_first.ipynb)."),
            fig_cell,
            nbformat.v4.new_markdown_cell(
                "### Check: the price\n\nA check with a stable anchor.", metadata={"tags": ["check-price"]}
            ),
        ]
    )
    for name, nb in (("98_first", first), ("99_demo", demo)):
        nbformat.write(nb, executed / f"{name}.ipynb")
    return {"executed_dir": executed, "figures_root": figures, "corpus_dir": corpus_dir, "seeds_dir": seeds}


@pytest.fixture(scope="session")
def scratch_inputs(tmp_path_factory) -> dict:
    return make_scratch_inputs(tmp_path_factory.mktemp("scratch"))


@pytest.fixture(scope="session")
def scratch_render(scratch_inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("scratch-out") / "site"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        site.render(
            out=out,
            results=[
                {"notebook": "98_first", "status": "ran", "seconds": 1.25, "run_date": "2026-01-02T03:04:05+00:00"},
                {"notebook": "99_demo", "status": "failed", "seconds": 0.5, "error": "code cell 3: ValueError: boom"},
            ],
            **scratch_inputs,
        )
    return out, [str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning)]


@pytest.fixture(scope="session")
def scratch_site(scratch_render) -> Path:
    return scratch_render[0]


# ---------------------------------------------------------------------------------------------
# Parsing helpers


class Page(HTMLParser):
    """Tags with attributes, in order, plus text; enough to check links, ids and escaping."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def parse(p: Path) -> Page:
    return Page(p.read_text(encoding="utf-8"))


REMOTE = re.compile(r"^(?:https?:)?//", re.I)


# ---------------------------------------------------------------------------------------------
# Self-contained: nothing from the network, every link resolves, every page reachable


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_no_remote_scripts_or_stylesheets(which, request):
    root = request.getfixturevalue(which)
    for p in pages(root):
        text = p.read_text(encoding="utf-8")
        for tag, a in parse(p).tags:
            if tag == "script":
                assert "src" not in a or not REMOTE.match(a["src"]), f"{p}: remote script {a['src']}"
            if tag == "link":
                assert not REMOTE.match(a.get("href", "")), f"{p}: remote link {a}"
            if tag in ("img", "iframe", "source", "video", "audio"):
                assert not REMOTE.match(a.get("src", "")), f"{p}: remote {tag} {a['src']}"
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", text), f"{p}: remote @import"
        for needle in (
            "require.js",
            "require.min.js",
            "MathJax.js",
            "mathjax@",
            "cdnjs.cloudflare",
            "unpkg.com",
            "jsdelivr",
        ):
            assert needle not in text, f"{p}: mentions {needle}"
    for css in (root / "assets").glob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", css.read_text(encoding="utf-8")), f"{css}: remote url()"


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_every_internal_link_resolves(which, request):
    root = request.getfixturevalue(which)
    assert site.broken_links(root) == []


@pytest.mark.parametrize("which", ["real_site", "scratch_site"])
def test_every_page_reachable_from_the_index_and_has_a_favicon(which, request):
    root = request.getfixturevalue(which).resolve()
    seen, todo = set(), [root / "index.html"]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        doc = parse(p)
        assert any(
            t == "link" and "icon" in a.get("rel", "") and (p.parent / a["href"]).exists() for t, a in doc.tags
        ), f"{p}: no favicon"
        for t, a in doc.tags:
            href = a.get("href", "") if t == "a" else ""
            path = href.split("#")[0]
            if path.endswith(".html") and not REMOTE.match(path):
                todo.append((p.parent / path).resolve())
    assert {p.resolve() for p in pages(root)} == seen


def test_real_site_has_every_page(real_site, real_inputs):
    executed, figures = real_inputs
    for nb in executed.glob("*.ipynb"):
        name = nb.name.removesuffix(".ipynb").removesuffix(".failed")  # the build keeps a failed run's copy too
        assert (real_site / "notebooks" / f"{name}.html").exists()
    for rec in site.load_figures(figures):
        assert (real_site / "sources" / f"{rec['id']}.html").exists()
        for rel in rec["files"].values():
            assert (real_site / "figures" / rel).exists()
    for doc_id in corpus.load().doc_id:
        assert (real_site / "articles" / f"{doc_id}.html").exists()


# ---------------------------------------------------------------------------------------------
# Notebook pages and the index


def test_notebook_page_hides_code_has_toc_prev_next_and_anchors(scratch_site):
    text = (scratch_site / "notebooks" / "99_demo.html").read_text(encoding="utf-8")
    doc = Page(text)
    details = [a for t, a in doc.tags if t == "details" and "code-toggle" in a.get("class", "")]
    assert len(details) == 2 and not any("open" in a for a in details)  # hidden by default, one toggle per code cell
    assert 'id="toggle-all-code"' in text
    ids = doc.ids()
    assert {"fig-demo", "check-price", "Results"} <= ids
    toc = re.search(r'<nav class="toc".*?</nav>', text, re.S)[0]
    assert 'href="#Results"' in toc and 'href="#fig-demo"' in toc
    assert 'rel="prev" href="98_first.html"' in text and 'rel="next"' not in text
    assert 'href="98_first.html"' in text and ".ipynb" not in re.sub(r"<pre.*?</pre>", "", text, flags=re.S)
    # the figure's bar links its files and its sources page; save_figure's returned dict is not shown
    assert 'href="../figures/99_demo/demo.csv"' in text and 'href="../sources/99_demo/demo.html"' in text
    assert "{&#39;id&#39;: &#39;99_demo/demo&#39;" not in text and "{'id': '99_demo/demo'" not in text
    assert "A &lt;demo&gt; figure" in text


def test_links_to_repository_files(scratch_render):
    root, caught = scratch_render
    text = (root / "notebooks" / "98_first.html").read_text(encoding="utf-8")
    assert 'href="99_demo.html#Results"' in text
    assert 'href="../sources/index.html#facts"' in text  # ../seeds/facts.csv has a page in the site
    assert "../README.md" not in re.findall(r'href="([^"]*)"', text)  # not in the site: shown as text, and warned about
    assert any("README.md" in w for w in caught)


def test_index_cards(scratch_site):
    text = (scratch_site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="card.*?</article>', text, re.S)
    assert len(cards) == 2
    first, demo = cards
    assert "98 · First: a notebook before the demo" in first and 'href="notebooks/98_first.html"' in first
    assert 'href="notebooks/99_demo.html#Results"' in first  # links in the answer point at pages
    assert "2026-01-02 03:04 UTC" in first and "1.2 s" in first and ">ran<" in first
    assert "status-failed" in demo and "ValueError: boom" in demo and "every value has a source" in demo
    assert 'href="notebooks/99_demo.html#fig-demo"' in demo
    # the gallery shows thumbnails at their display size (width and height set), lazily loaded
    thumb = re.search(r'<img src="thumbs/99_demo/demo.png"[^>]*>', text)[0]
    assert 'width="320"' in thumb and re.search(r'height="\d+"', thumb) and 'loading="lazy"' in thumb
    assert (scratch_site / "thumbs" / "99_demo" / "demo.png").read_bytes()[:4] == b"\x89PNG"
    assert 'id="gallery"' in text and 'href="sources/99_demo/demo.html"' in text
    assert f'href="articles/{SCRATCH_DOC}.html"' in text


def test_index_opens_with_key_findings(real_site):
    """One line per chapter stating its finding, each linking to a figure of that chapter that exists."""
    text = (real_site / "index.html").read_text(encoding="utf-8")
    assert text.index('id="findings"') < text.index('id="chapters"') < text.index('id="gallery"')
    items = re.findall(r"<li>.*?</li>", re.search(r'<ol class="finding-list">(.*?)</ol>', text, re.S)[1], re.S)
    cards = re.findall(r'<article class="card', text)
    assert len(items) == len(cards) >= 2
    notebooks = real_site / "notebooks"
    for item in items:
        href = re.search(r'class="finding-figure" href="notebooks/([^"#]+)#(fig-[^"]+)"', item)
        assert href, item
        assert f'id="{href[2]}"' in (notebooks / href[1]).read_text(encoding="utf-8")


def test_cards_use_notebook_metadata_without_results(real_site, real_inputs):
    text = (real_site / "index.html").read_text(encoding="utf-8")
    for p in real_inputs[0].glob("[0-9][0-9]_*.ipynb"):
        if p.name.endswith(".failed.ipynb"):
            continue
        summary = site.notebook_summary(nbformat.read(p, as_version=4))
        assert summary["title"] and summary["answer"], (
            f"{p.name}: first cell lacks '# NN · Title' or the answer paragraph"
        )
        card = re.search(rf'<article class="card[^"]*" id="nb-{re.escape(p.stem)}">.*?</article>', text, re.S)[0]
        assert re.search(r"run \d{4}-\d\d-\d\d", card)


# ---------------------------------------------------------------------------------------------
# Articles: escaped, quoted sentences highlighted and tagged


@pytest.fixture(scope="session")
def full_site(scratch_inputs, tmp_path_factory) -> Path:
    """The scratch site as a private build renders it: articles whole, with their raw text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return site.render(out=tmp_path_factory.mktemp("full") / "site", full_articles=True, **scratch_inputs)


def test_article_markup_shows_as_text(full_site):
    text = (full_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    doc = Page(text)
    assert not any(t == "script" for t, _ in doc.tags)
    assert not any(t == "img" and a.get("src") == "x" for t, a in doc.tags)
    assert not any(k.startswith("on") for _, a in doc.tags for k in a)
    assert not any(t in ("b", "i") for t, _ in doc.tags)
    visible = "".join(doc.text)
    assert "<script>alert(1)</script>" in visible and "<img src=x onerror=alert(1)>" in visible
    assert "<b>原文</b>" in visible  # the raw text, below the cleaned one
    assert "<i>测试网</i>" in visible and "https://example.com/a?x=1&y=<2>" in visible
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_article_pages_show_only_the_quoted_paragraphs(scratch_site, full_site):
    """The articles' text is their publishers': by default a page shows the paragraphs holding a
    quoted sentence, counts the others, links the original, and has no raw text."""
    text = (scratch_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    visible = "".join(Page(text).text)
    assert FACT_IN_ONE in visible and "高质量语料成了新的瓶颈" not in visible
    assert "paragraphs not shown" in visible and "<b>原文</b>" not in visible and "Original raw text" not in visible
    assert "belongs to its publisher" in visible
    full = "".join(Page((full_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")).text)
    assert "高质量语料成了新的瓶颈" in full and "not shown" not in full


def test_fact_tag_lists_the_figures_that_draw_it(scratch_site):
    text = (scratch_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    tag = re.search(r'<button[^>]*class="fact-tag"[^>]*id="F-test-price"[^>]*>', text)[0]
    assert 'popovertarget="pop-F-test-price"' in tag
    pop = re.search(r'<div class="fact-pop" id="pop-F-test-price" popover>.*?</div>', text, re.S)[0]
    assert 'href="../notebooks/99_demo.html#fig-demo"' in pop


def _sentence_of(text: str, element_id: str) -> str | None:
    """The opening tag of the sentence span holding ``element_id`` (itself or a fact tag in it)."""
    for m in re.finditer(r'<span class="s[^"]*" id="s-\d+"[^>]*>.*?</span>', text, re.S):
        if f'id="{element_id}"' in m[0]:
            return m[0][: m[0].index(">") + 1]
    return None


def test_quoted_sentences_highlighted_and_tagged(scratch_site):
    text = (scratch_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    price = _sentence_of(text, "F-test-price")
    cut = _sentence_of(text, "F-test-cut")
    assert price and "quoted" in price and "F-test-price" in price
    assert cut and "quoted" in cut
    # the two-sentence quote highlights the next sentence too, tagged but without a second anchor
    spans = re.findall(r'<span class="s quoted" id="(s-\d+)" data-facts="([^"]*)"', text)
    assert [f for _, f in spans] == ["F-test-price F-test-cut", "F-test-cut"]
    assert text.count('id="F-test-cut"') == 1
    assert "<mark>" in text and "F-test-stale" in text and "quote not found" in text


def test_real_facts_highlighted(real_site):
    table = facts.facts() if paths.FACTS.exists() else None
    if table is None or table.empty:
        pytest.skip("seeds/facts.csv has no rows yet")
    docs = corpus.load().set_index("doc_id").text
    checked = 0
    for fid, doc_id, quote in zip(table.fact_id, table.doc_id, table.quote, strict=True):
        if doc_id not in docs.index or quote not in docs[doc_id]:
            continue  # `baimo check` reports these
        text = (real_site / "articles" / f"{doc_id}.html").read_text(encoding="utf-8")
        opening = _sentence_of(text, fid)
        assert opening and "quoted" in opening and fid in opening, f"{fid} not highlighted in {doc_id}"
        checked += 1
    assert checked


# ---------------------------------------------------------------------------------------------
# Figure → sources → sentence


def test_figure_sources_article_chain(scratch_site):
    nb = (scratch_site / "notebooks" / "99_demo.html").read_text(encoding="utf-8")
    assert 'href="../sources/99_demo/demo.html"' in nb
    src = (scratch_site / "sources" / "99_demo" / "demo.html").read_text(encoding="utf-8")
    assert f'href="../../articles/{SCRATCH_DOC}.html#F-test-price"' in src
    assert f'href="../../articles/{SCRATCH_DOC}.html#F-test-cut"' in src
    assert 'href="../../sources/index.html#A-test-rate"' in src and 'href="../../sources/index.html#R-test-ref"' in src
    assert 'href="../../figures/99_demo/demo.csv"' in src and FACT_IN_ONE in src
    assert "A &lt;title&gt;" in src and 'href="https://example.com/ref"' in src
    article = (scratch_site / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    assert "quoted" in _sentence_of(article, "F-test-price")
    index = (scratch_site / "sources" / "index.html").read_text(encoding="utf-8")
    assert {"F-test-price", "R-test-ref", "A-test-rate"} <= Page(index).ids()


def test_real_chain_when_figures_cite_facts(real_site):
    links = [
        (p, h)
        for p in (real_site / "sources").glob("*/*.html")
        for h in re.findall(r'href="(\.\./\.\./articles/[^"#]+\.html#F-[^"]+)"', p.read_text(encoding="utf-8"))
    ]
    if not links:
        pytest.skip("no figure cites a fact yet (00_corpus cites articles only)")
    for p, href in links:
        target, frag = href.split("#")
        assert "quoted" in (_sentence_of((p.parent / target).read_text(encoding="utf-8"), frag) or ""), href


# ---------------------------------------------------------------------------------------------
# Atomic writes, missing inputs, speed


def test_failure_leaves_the_old_site(scratch_inputs, tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old site")
    monkeypatch.setattr(notebook_pages, "write_notebook_pages", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        site.render(out=out, **scratch_inputs)
    assert (out / "index.html").read_text() == "old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temp dir left behind


def test_missing_facts_tables_and_no_notebooks(scratch_inputs, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(scratch_inputs["seeds_dir"], seeds)
    for name in ("facts.csv", "references.csv", "assumptions.csv"):
        (seeds / name).unlink()
    empty = tmp_path / "executed"
    empty.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = site.render(
            out=tmp_path / "site",
            executed_dir=empty,
            figures_root=scratch_inputs["figures_root"],
            corpus_dir=scratch_inputs["corpus_dir"],
            seeds_dir=seeds,
        )
    assert "No executed notebooks yet" in (out / "index.html").read_text(encoding="utf-8")
    article = (out / "articles" / f"{SCRATCH_DOC}.html").read_text(encoding="utf-8")
    assert "quoted" not in re.sub(r'class="legend".*?</p>', "", article, flags=re.S)
    assert "unknown id" in (out / "sources" / "99_demo" / "demo.html").read_text(encoding="utf-8")


def test_one_exporter_renders_every_notebook_page(real_inputs, tmp_path, monkeypatch):
    """The issue asks for one nbconvert exporter pass: building an exporter (templates, filters,
    lab CSS) per page would multiply the render's fixed cost by the number of notebooks."""
    executed, figures = real_inputs
    made = []
    real_exporter = exporter.site_exporter
    monkeypatch.setattr(exporter, "site_exporter", lambda **kw: made.append(kw) or real_exporter(**kw))
    out = site.render(executed_dir=executed, figures_root=figures, out=tmp_path / "site")
    n = len([p for p in executed.glob("*.ipynb") if not p.name.endswith(".failed.ipynb")])
    assert n >= 2 and len(list((out / "notebooks").glob("*.html"))) == n
    assert len(made) == 1


def test_notebook_pages_are_keyboard_reachable_and_images_described(real_site):
    """What nbconvert's BeautifulSoup pass did, done by ``make_focusable``: alt on every image,
    tabindex on every cell input wrapper and output."""
    for page in sorted((real_site / "notebooks").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        imgs = re.findall(r"<img\b[^>]*>", text)
        assert imgs and all(" alt=" in i for i in imgs), page.name
        divs = re.findall(r'<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*>', text)
        assert divs and all('tabindex="0"' in d for d in divs), page.name


def test_make_focusable_adds_only_what_is_missing():
    body = (
        '<img src="a.png"><img alt="kept" src="b.png">'
        '<div class="jp-Cell-inputWrapper">x</div><div class="jp-OutputArea-output jp-RenderedHTMLCommon">y</div>'
        '<div class="jp-OutputArea-output" tabindex="-1">z</div><div class="jp-OutputArea-child">w</div>'
    )
    out = site.make_focusable(body)
    assert out.count("alt=") == 2 and 'alt="kept"' in out
    assert '<div class="jp-Cell-inputWrapper" tabindex="0">' in out
    assert '<div class="jp-OutputArea-output jp-RenderedHTMLCommon" tabindex="0">' in out
    assert 'tabindex="-1"' in out and out.count("tabindex") == 3
    assert '<div class="jp-OutputArea-child">w' in out
    assert site.make_focusable(out) == out


def test_card_links_from_a_notebook_summary_are_rebased_for_the_index():
    html_in = '<a href="#findings">f</a> <a href="05_claims_audit.ipynb#check-openai-2024">c</a> <a href="https://x.org/">w</a>'
    out = rebase_card_links(html_in, {"05_claims_audit"}, "01_price_war")
    assert 'href="notebooks/01_price_war.html#findings"' in out
    assert 'href="notebooks/05_claims_audit.html#check-openai-2024"' in out
    assert 'href="https://x.org/"' in out


@pytest.mark.parametrize("mime", ["image/svg+xml", "image/png"])
def test_a_figure_is_placed_by_the_id_its_image_is_tagged_with(mime):
    from baimo.site import entries

    image = "<svg/>" if mime == "image/svg+xml" else base64.b64encode(b"png").decode()
    cell = nbformat.v4.new_code_cell(
        'ch.save(chart, "capex", title_zh="…", title_en="…")',  # no save_figure call to read the name from
        outputs=[
            nbformat.v4.new_output("display_data", data={mime: image}, metadata={mime: {"baimo_figure": "03_x/capex"}}),
            nbformat.v4.new_output("stream", name="stdout", text="kept\n"),
        ],
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert entries.place_figures(nb, {"capex": object()}) == ["capex"]
    assert [o.output_type for o in nb.cells[0].outputs] == ["stream"]  # the image is not shipped twice
