"""The reader site: ``site/`` opens from disk (relative links only, nothing from the network).

``render()`` writes

- ``index.html``: the key findings (one line per chapter, each linking to the figure that shows
  it), a card per chapter (question, last updated, run status, its answer), a gallery of
  thumbnails at display size, the articles, the data to download, how to cite it;
- ``notebooks/<name>.html``: every executed chapter, all rendered by one nbconvert exporter
  (template ``templates/notebook``, extending nbconvert's ``lab`` cells), code hidden behind a
  per-cell "show code" toggle, a table of contents, prev/next links, each figure as its SVG in an
  ``<object>`` (``fig-<name>``) whose every mark links to the source of its value, "Cite this";
- ``articles/<doc_id>.html``: the article's metadata and a link to the original, and only the
  paragraphs holding a quoted sentence (``full_articles``: all of them and the raw text), every
  quoted sentence highlighted and tagged (``s-<sent>``, ``F-…``), a tag opening the figures that
  draw the fact;
- ``sources/<notebook>/<figure>.html``: each value a figure draws with its fact, reference or
  assumption; ``sources/index.html`` every fact, reference and assumption with its figures;
- ``figures/`` (PNG, CSV, JSON as built; the SVG with its marks linked), ``thumbs/``,
  ``datapackage.json`` and ``data/baimo-data.zip`` (every figure's CSV, Frictionless Data),
  ``assets/`` (CSS, script, favicon), ``LICENSE.txt``.

Everything is written into a temporary directory next to ``out`` and swapped in at the end, so a
failure never leaves half a site. Article text is always HTML-escaped (jinja autoescape).

The package: ``inputs`` gathers what the site shows (``figures``, ``entries`` for the notebooks,
``quotes`` for facts → sentences, ``catalog`` for source ids, ``history`` for dates);
``figure_files`` (over ``svg``) writes each figure's files; ``notebook_pages`` (with ``exporter``,
nbconvert), ``article_pages``, ``pages`` (sources) and ``index_page`` (with ``citation``) write the
pages through ``writer``; ``package`` the data download; ``links`` checks and rewrites links, over
``markup``, the one HTML scanner.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

from baimo import fileops, paths
from baimo.site import article_pages, figure_files, index_page, links, notebook_pages, package, pages, weights
from baimo.site.entries import notebook_summary
from baimo.site.exporter import make_focusable
from baimo.site.figures import load_figures
from baimo.site.inputs import InputDirs, Inputs, gather
from baimo.site.links import PageLinks, broken_links, page_links
from baimo.site.quotes import Highlights, article_paragraphs, locate_quotes
from baimo.site.writer import Output, environment

__all__ = [
    "render",
    "weights",
    "broken_links",
    "page_links",
    "PageLinks",
    "load_figures",
    "notebook_summary",
    "make_focusable",
    "locate_quotes",
    "article_paragraphs",
    "Highlights",
]


def render(
    *,
    executed_dir: Path | None = None,
    figures_root: Path | None = None,
    out: Path | None = None,
    results: list[dict] | None = None,
    corpus_dir: Path | None = None,
    seeds_dir: Path | None = None,
    full_articles: bool = False,
) -> Path:
    """Write the reader site into ``out`` (default ``site/``) and return it.

    ``executed_dir`` holds the executed ``*.ipynb`` (default ``build/executed``), ``figures_root``
    the figures (default ``figures/``). ``results`` (from the build: notebook name, status
    ran/skipped/failed, seconds, run date; dicts or ``build.Result``) fills the cards; without it
    the run date comes from papermill's metadata or the file's mtime. ``corpus_dir`` and
    ``seeds_dir`` choose the corpus dataset and the seeds (facts, references, assumptions, raw
    articles); by default the seed dataset and ``seeds/``.
    """
    data = gather(InputDirs(executed_dir, figures_root, corpus_dir, seeds_dir), results)
    out = Path(out or paths.SITE)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        written = Output(tmp, environment())
        _write_site(written, data, full_articles)
        for problem in broken_links(tmp, written.scans):
            warnings.warn(f"site: broken link {problem}", stacklevel=2)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fileops.swap_dir(tmp, out)
    return out


def _write_site(out: Output, data: Inputs, full_articles: bool) -> None:
    pages.copy_files(out)
    figure_files.write_figure_files(out, data)
    notebook_pages.write_notebook_pages(out, data.entries, index_page.chapter_citations(data))
    articles = article_pages.write_articles(out, data, full=full_articles)
    pages.write_figure_sources(out, data)  # after the notebook pages: a value naming one of their anchors links to it
    pages.write_sources_index(out, data)
    updated = max((e.updated for e in data.entries if e.updated), default="")
    archive = package.write_data_package(out, data, updated)
    index_page.write_index(out, data, articles, archive)
    links.delink_repo_paths(out.root, data.doc_ids, out.scans)
