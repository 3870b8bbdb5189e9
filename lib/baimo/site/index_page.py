"""``index.html``: the key findings up front (one line per chapter, linking to the figure that shows
it), the chapters, a gallery of thumbnails at the size they are shown, the articles, the data to
download and how to cite the project."""

from __future__ import annotations

import dataclasses

import bleach
from markupsafe import Markup
from nbconvert.filters import markdown2html

from baimo.site import citation
from baimo.site.article_pages import Article
from baimo.site.figures import FigureView
from baimo.site.inputs import Inputs
from baimo.site.links import rebase_card_links
from baimo.site.writer import Output

_SUMMARY_TAGS = {"p", "a", "code", "strong", "em", "b", "i", "sub", "sup", "br"}
_INLINE_TAGS = _SUMMARY_TAGS - {"p", "br"}


@dataclasses.dataclass
class Card:
    """A chapter on the index."""

    name: str
    title: str
    href: str  # "" when there is no page
    status: str
    status_label: str
    run_date: str
    seconds: float | None
    updated: str
    question_html: Markup | str
    answer_html: Markup | str
    finding_html: Markup | str
    finding_figure: FigureView | None
    error: str
    figures: list[FigureView]


def cards(data: Inputs) -> list[Card]:
    known = {e.name for e in data.entries if e.has_page}

    def html(md: str, name: str, inline: bool = False) -> Markup | str:
        if not md:
            return ""
        return Markup(rebase_card_links(summary_html(md, inline=inline), known, name))

    return [
        Card(
            name=e.name,
            title=e.title,
            href=f"notebooks/{e.name}.html" if e.has_page else "",
            status=e.status,
            status_label=e.status_label,
            run_date=e.run_date,
            seconds=e.seconds,
            updated=e.updated,
            question_html=html(e.question, e.name, inline=True),
            answer_html=html(e.answer, e.name),
            finding_html=html(e.finding, e.name, inline=True),
            finding_figure=e.finding_figure,
            error=e.error,
            figures=e.index_figures,
        )
        for e in data.entries
    ]


def write_index(out: Output, data: Inputs, articles: list[Article], archive: dict) -> None:
    """The index; ``archive`` describes the data download (``package.write_data_package``)."""
    chapters = cards(data)
    dates = [c.updated for c in chapters if c.updated] or [c.run_date[:10] for c in chapters if c.run_date]
    out.page(
        "index.html",
        "index.html.j2",
        root="",
        title="baimo",
        notebooks=chapters,
        figures=data.gallery,
        articles=articles,
        archive=archive,
        cite=citation.project(max(dates, default="")),
        updated=max(dates, default=""),
    )


def chapter_citations(data: Inputs) -> dict[str, dict[str, str]]:
    """The "Cite this" block of each chapter page, by chapter name."""
    return {e.name: citation.chapter(e.name, e.title, e.updated or e.run_date[:10]) for e in data.entries if e.has_page}


def summary_html(md: str, *, inline: bool = False) -> str:
    """Markdown of a notebook's summary → safe HTML (no scripts, no images); ``inline``: no paragraphs."""
    tags = _INLINE_TAGS if inline else _SUMMARY_TAGS
    return bleach.clean(markdown2html(md), tags=tags, attributes={"a": ["href", "title"]}, strip=True).strip()
