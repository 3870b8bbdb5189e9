"""The pages other than the notebooks': ``index.html``, ``articles/<doc_id>.html``,
``sources/<notebook>/<figure>.html`` and ``sources/index.html``; and the copied files
(``figures/``, ``assets/``)."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

import bleach
from markupsafe import Markup
from nbconvert.filters import markdown2html

from baimo import provenance, sources
from baimo.site import values
from baimo.site.catalog import KIND_ORDER, SourceEntry
from baimo.site.figures import FigureView
from baimo.site.inputs import Inputs
from baimo.site.links import PageLinks, rebase_card_links
from baimo.site.quotes import article_paragraphs
from baimo.site.writer import TEMPLATES, Output

MAX_ROWS = 2000  # rows of a figure CSV shown on its sources page (the CSV itself has them all)
_LINKABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*-[A-Za-z0-9_.:-]+")  # a value that may name an anchor (a check id)
_SUMMARY_TAGS = {"p", "a", "code", "strong", "em", "b", "i", "sub", "sup", "br"}


def copy_files(out: Output, data: Inputs) -> None:
    """The site's CSS and favicon, and every file of every figure shown."""
    for name in ("site.css", "favicon.svg"):
        out.copy(TEMPLATES / "static" / name, f"assets/{name}")
    for f in data.gallery:
        for rel in f.files.values():
            if (data.figures_root / rel).exists():
                out.copy(data.figures_root / rel, f"figures/{rel}")
    if (data.figures_root / "index.json").exists():
        out.copy(data.figures_root / "index.json", "figures/index.json")


# ---------------------------------------------------------------------------------------------
# Articles


@dataclasses.dataclass
class Article:
    doc_id: str
    title: str
    outlet: str
    author: str
    published: str
    date_basis: str
    url: str
    notes: str
    file: str
    n_chars: int
    n_sentences: int
    n_facts: int

    @property
    def short(self) -> str:
        return self.doc_id[:3]

    @property
    def href(self) -> str:
        return provenance.href(self.doc_id)


@dataclasses.dataclass
class FactRow:
    """A fact in an article's table (``quote`` only for a fact whose quote was not found)."""

    fact_id: str
    entity: str = ""
    metric: str = ""
    period: str = ""
    value: str = ""
    quote: str = ""
    figures: list[FigureView] = dataclasses.field(default_factory=list)


def write_articles(out: Output, data: Inputs) -> list[Article]:
    """An article page per document: the cleaned text with quoted sentences highlighted, the raw text."""
    facts_by_doc = defaultdict(list)
    for r in data.facts.to_dict("records"):
        facts_by_doc[values.text(r.get("doc_id"))].append(r)
    fact_titles = {
        fid: f"{values.text(r.get('entity'))} · {values.text(r.get('metric'))}: {values.value(r)}"
        for fid, r in data.catalog.facts.items()
    }
    sents_by_doc = {d: g for d, g in data.sents.groupby("doc_id")}
    hl = data.highlights
    articles = []
    for d in data.docs.to_dict("records"):
        doc_id = d["doc_id"]
        g = sents_by_doc.get(doc_id, data.sents.iloc[0:0])
        doc = Article(
            **{
                k: values.text(d.get(k))
                for k in ("doc_id", "title", "outlet", "author", "published", "date_basis", "url", "notes", "file")
            },
            n_chars=int(d.get("n_chars") or len(d["text"])),
            n_sentences=int(d.get("n_sentences") or len(g)),
            n_facts=len(facts_by_doc[doc_id]),
        )
        located = [r for r in facts_by_doc[doc_id] if r["fact_id"] in hl.located]
        out.page(
            f"articles/{doc_id}.html",
            "article.html.j2",
            root="../",
            title=doc.title,
            doc=doc,
            paragraphs=article_paragraphs(d["text"], g, doc_id, hl),
            raw=_raw_text(data, doc.file),
            n_quoted=sum(1 for (dd, _s) in hl.by_sentence if dd == doc_id),
            facts=[_fact_row(r, data.used_by.get(r["fact_id"], [])) for r in located],
            unmatched=[
                FactRow(values.text(r.get("fact_id")), quote=values.text(r.get("quote")))
                for r in hl.unmatched.get(doc_id, [])
            ],
            fact_titles=fact_titles,
            figures=data.used_by.get(doc_id, []),
        )
        articles.append(doc)
    return articles


def _raw_text(data: Inputs, file: str) -> str:
    try:
        return sources.read_article(data.seeds / file)
    except Exception as exc:  # a missing or unreadable raw file must not sink the site
        return f"(raw text unavailable: {exc})"


def _fact_row(r: dict, figures: list[FigureView]) -> FactRow:
    return FactRow(
        r["fact_id"],
        values.text(r.get("entity")),
        values.text(r.get("metric")),
        values.text(r.get("period")),
        values.value(r),
        figures=figures,
    )


# ---------------------------------------------------------------------------------------------
# Sources


@dataclasses.dataclass
class Cell:
    text: str
    href: str = ""  # from the site root: the value names an anchor of the figure's notebook page


@dataclasses.dataclass
class Row:
    cells: list[Cell]
    sources: list[SourceEntry]


def write_figure_sources(out: Output, data: Inputs) -> None:
    """A page per figure: each value it draws with its fact, reference or assumption."""
    notebooks = out.root / "notebooks"
    anchors = {p.stem: PageLinks.of(s).ids for p, s in out.scans.items() if p.parent == notebooks}
    for f in data.gallery:
        fig = data.figures[f.id]
        shown = [c for c in fig.columns if c != "source_id"]
        ids = anchors.get(f.notebook, set())
        rows = [
            Row(
                [_cell(r.get(c) or "", f.notebook, ids) for c in shown],
                [data.catalog.entry(s) for s in provenance.split_ids(r.get("source_id", ""))],
            )
            for r in fig.rows[:MAX_ROWS]
        ]
        cited = sorted((data.catalog.entry(s) for s in fig.source_ids), key=lambda e: (KIND_ORDER[e.kind], e.id))
        out.page(
            f"sources/{f.id}.html",
            "figure_sources.html.j2",
            root="../../",
            title=f.title_zh,
            fig=f,
            columns=shown,
            rows=rows,
            n_rows=len(fig.rows),
            truncated=len(fig.rows) > MAX_ROWS,
            sources=cited,
        )


def _cell(value: str, notebook: str, anchors: set[str]) -> Cell:
    # a value naming an anchor of the figure's notebook page (the audit's check ids) links to it
    if _LINKABLE.fullmatch(value) and value in anchors:
        return Cell(value, f"notebooks/{notebook}.html#{value}")
    return Cell(value)


def write_sources_index(out: Output, data: Inputs) -> None:
    """Every fact, reference and assumption, with the figures that use it."""
    out.page(
        "sources/index.html",
        "sources.html.j2",
        root="../",
        title="Sources",
        facts=_table_rows(data, data.facts, "fact_id"),
        references=_table_rows(data, data.refs, "ref_id"),
        assumptions=_table_rows(data, data.assumptions, "assumption_id"),
    )


def _table_rows(data: Inputs, df, id_col: str) -> list[dict]:
    """The table's rows as text, each with its id, value, figures and (a fact) its sentence's link."""
    rows = []
    for r in df.to_dict("records"):
        sid = values.text(r.get(id_col))
        if not sid:
            continue
        v = {k: values.text(val) for k, val in r.items()}
        v.update(
            id=sid,
            value=values.value(r) if id_col != "assumption_id" else values.number(r.get("value")),
            figures=data.used_by.get(sid, []),
            href=data.catalog.entry(sid).href if id_col == "fact_id" else "",
        )
        rows.append(v)
    return rows


# ---------------------------------------------------------------------------------------------
# Index


@dataclasses.dataclass
class Card:
    """A notebook on the index."""

    name: str
    title: str
    href: str  # "" when there is no page
    status: str
    status_label: str
    run_date: str
    seconds: float | None
    answer_html: Markup | str
    error: str
    figures: list[FigureView]


def write_index(out: Output, data: Inputs, articles: list[Article]) -> None:
    known = {e.name for e in data.entries if e.has_page}
    cards = [
        Card(
            name=e.name,
            title=e.title,
            href=f"notebooks/{e.name}.html" if e.has_page else "",
            status=e.status,
            status_label=e.status_label,
            run_date=e.run_date,
            seconds=e.seconds,
            answer_html=Markup(rebase_card_links(summary_html(e.answer), known, e.name)) if e.answer else "",
            error=e.error,
            figures=e.index_figures,
        )
        for e in data.entries
    ]
    out.page(
        "index.html", "index.html.j2", root="", title="baimo", notebooks=cards, figures=data.gallery, articles=articles
    )


def summary_html(md: str) -> str:
    """Markdown of a notebook's summary → inline-safe HTML (no scripts, no images)."""
    return bleach.clean(markdown2html(md), tags=_SUMMARY_TAGS, attributes={"a": ["href", "title"]}, strip=True)
