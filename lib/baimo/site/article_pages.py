"""``articles/<doc_id>.html``: an article's metadata, a link to the original, and the passages the
project quotes, every quoted sentence highlighted and tagged with its facts.

The articles' text belongs to their publishers, so a page shows only the paragraphs that hold a
quoted sentence (the others are counted, not shown) and no raw text; a private build shows the
whole cleaned text and the raw file with ``full=True`` (``python -m baimo site --full-articles``).
A fact's tag opens a small panel listing the figures that draw the fact, each linking to the
figure in its chapter.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from baimo import provenance, sources
from baimo.site import values
from baimo.site.figures import FigureView
from baimo.site.inputs import Inputs
from baimo.site.quotes import Paragraph, article_paragraphs
from baimo.site.writer import Output

DATE_BASIS = {
    "stated": "as the article states it",
    "inferred": "inferred from the text (see the notes)",
    "repost": "the date of a repost",
}


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

    @property
    def outlet_short(self) -> str:
        return values.outlet(self.outlet)

    @property
    def outlet_long(self) -> str:
        return values.outlet_long(self.outlet)

    @property
    def link(self) -> str:
        """The original's address when it is a web address."""
        return self.url if self.url.startswith(("http://", "https://")) else ""


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


@dataclasses.dataclass
class Shown:
    """A paragraph on the page, or (``para`` None) ``omitted`` paragraphs left out in its place."""

    para: Paragraph | None = None
    omitted: int = 0


def excerpt(paragraphs: list[Paragraph], full: bool) -> list[Shown]:
    """The paragraphs holding a quoted sentence, each run of the others counted in its place."""
    out: list[Shown] = []
    for p in paragraphs:
        if full or any(part.quoted for part in p.parts):
            out.append(Shown(p))
        elif out and out[-1].para is None:
            out[-1].omitted += 1
        else:
            out.append(Shown(None, 1))
    return out


def write_articles(out: Output, data: Inputs, *, full: bool = False) -> list[Article]:
    """An article page per document (see the module docstring)."""
    facts_by_doc = defaultdict(list)
    for r in data.facts.to_dict("records"):
        facts_by_doc[values.text(r.get("doc_id"))].append(r)
    fact_titles = {fid: values.summary(r) for fid, r in data.catalog.facts.items()}
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
        paragraphs = article_paragraphs(d["text"], g, doc_id, hl)
        out.page(
            f"articles/{doc_id}.html",
            "article.html.j2",
            root="../",
            title=doc.title,
            doc=doc,
            date_basis=DATE_BASIS.get(doc.date_basis, doc.date_basis),
            shown=excerpt(paragraphs, full),
            n_paragraphs=len(paragraphs),
            full=full,
            raw=_raw_text(data, doc.file) if full else "",
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
