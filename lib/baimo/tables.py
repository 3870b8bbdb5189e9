"""Tables and quotes as a reader sees them.

``reader_table`` shows a DataFrame to readers: human column names, formatted numbers (never
scientific notation), no index, a dash for a missing value, years as years, quotes wrapped at a
readable width, fact ids linked to their sentence. ``quote`` renders a fact's verbatim quote with
its article and a link to the highlighted sentence on the site.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from baimo import facts, formatting, provenance

#: Column names a reader sees by default, when the caller gives none.
COLUMN_NAMES = {
    "doc_id": "article",
    "fact_id": "fact",
    "ref_id": "reference",
    "source_id": "source",
    "n_chars": "characters",
    "n_sentences": "sentences",
    "qualifier": "hedge",
}
#: Where the site puts a chapter's page, relative to which the sentence links are written.
SITE_PAGE_ROOT = "../"
QUOTE_WIDTH_EM = 26
_YEARISH = re.compile(r"^years?$|(?<!per)_years?$")  # year, from_year; not usd_per_year


def column_name(name: str) -> str:
    """``usd_per_year`` → "USD per year"; known names from ``COLUMN_NAMES``."""
    if name in COLUMN_NAMES:
        return COLUMN_NAMES[name]
    words = [w.upper() if w in ("usd", "cny", "gpu", "gpus", "api", "id") else w for w in str(name).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def source_link(source_id: str, doc_id: str | None = None) -> str:
    """An id as a link to where the site explains it (a fact: its highlighted sentence)."""
    ids = provenance.split_ids(source_id)
    links = []
    for i in ids:
        doc = doc_id if provenance.kind(i) != "fact" else (doc_id or facts.value(i).doc_id)
        links.append(f'<a href="{SITE_PAGE_ROOT}{provenance.href(i, doc)}">{html.escape(i)}</a>')
    return "; ".join(links)


def _formatter(column: str, values: pd.Series, years: set[str], quotes: set[str], links: set[str]):
    if column in links:
        return lambda v: formatting.MISSING if formatting.missing(v) else source_link(str(v))
    if column in quotes:
        return lambda v: formatting.MISSING if formatting.missing(v) else html.escape(str(v))
    if column in years or _YEARISH.search(column):
        return lambda v: formatting.year(v) if isinstance(v, (int, float)) else html.escape(formatting.cell(v))
    return lambda v: html.escape(formatting.cell(v))  # text from the articles is text, never markup


def reader_table(
    df: pd.DataFrame,
    *,
    columns: dict[str, str] | list[str] | None = None,
    caption: str = "",
    years: list[str] = (),
    quotes: list[str] = ("quote",),
    links: list[str] = ("source_id", "fact_id"),
    formats: dict[str, object] | None = None,
    limit: int | None = None,
) -> Styler:
    """``df`` for a reader: only ``columns`` (name → heading; default every column, headings from
    ``column_name``), formatted cells, no index, a caption. ``formats`` maps a column to a function
    of one value (e.g. ``formatting.percent``). ``limit`` shows the first rows and says how many
    more there are."""
    if columns is None or not isinstance(columns, dict):  # a list of columns: headings from their names
        columns = {c: column_name(c) for c in (columns or df.columns)}
    names = columns
    shown = df[list(names)].head(limit) if limit else df[list(names)]
    fmt = {c: (formats or {}).get(c) or _formatter(c, shown[c], set(years), set(quotes), set(links)) for c in names}
    rest = len(df) - len(shown)
    caption = caption + (f" (first {len(shown)} of {len(df)} rows)" if rest > 0 else "")
    styler = (
        shown.style.format(fmt, escape=None)
        .hide(axis="index")
        .relabel_index(list(names.values()), axis="columns")
        .set_caption(caption)
        .set_uuid("t")
    )
    quote_cols = [c for c in quotes if c in names]
    if quote_cols:
        styler = styler.set_properties(
            subset=quote_cols,
            **{"white-space": "normal", "min-width": "14em", "max-width": f"{QUOTE_WIDTH_EM}em", "text-align": "left"},
        )
    return styler.set_table_styles([{"selector": "caption", "props": "caption-side: top; text-align: left;"}])


def quote(fact_id: str) -> Markdown:
    """A fact's verbatim quote as a block quote, with its article and a link to its sentence."""
    v = facts.value(fact_id)
    link = f"{SITE_PAGE_ROOT}{provenance.href(fact_id, v.doc_id)}"
    return Markdown(f"> 「{v.quote}」\n> — [{v.source}]({link})")


def said(fact_id: str) -> str:
    """A fact's quote inline, for prose: 「…」 (定焦, 2024-07)."""
    v = facts.value(fact_id)
    return f"「{v.quote}」 ({v.source})"
