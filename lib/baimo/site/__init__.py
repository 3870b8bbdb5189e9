"""The reader site: ``site/`` opens from disk (relative links only, nothing from the network).

``render()`` writes

- ``index.html``: the project in two paragraphs, a card per notebook (title, its one-paragraph
  answer, figure thumbnails, run date, status), a figure gallery and the list of articles;
- ``notebooks/<name>.html``: every executed notebook, all rendered by one nbconvert exporter
  (template ``templates/notebook``, extending nbconvert's ``lab`` cells), code hidden behind a
  per-cell "show code" toggle, a table of contents, prev/next links, an anchor ``fig-<name>`` per
  figure and ``check-…``/``anchor-…`` anchors for tagged cells;
- ``articles/<doc_id>.html``: the cleaned text, every sentence a fact quotes highlighted and
  tagged with its fact ids (anchors ``s-<sent>`` per sentence, ``F-…`` per fact), theme colours
  in the margin, the raw text below;
- ``sources/<notebook>/<figure>.html``: each value a figure draws with its fact, reference or
  assumption, each fact linking to its highlighted sentence; ``sources/index.html`` lists every
  fact, reference and assumption with the figures that use it;
- ``figures/``: copies of the figure files, ``assets/``: CSS and favicon.

Everything is written into a temporary directory next to ``out`` and swapped in at the end, so a
failure never leaves half a site. Article text is always HTML-escaped (jinja autoescape).

The package: ``inputs`` gathers what the site shows (``figures``, ``entries`` for the notebooks,
``quotes`` for facts → sentences, ``catalog`` for source ids); ``notebook_pages`` (with
``exporter``, nbconvert) and ``pages`` write the pages through ``writer``; ``links`` checks and
rewrites links, over ``markup``, the one HTML scanner.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

from baimo import fileops, paths
from baimo.site import links, notebook_pages, pages
from baimo.site.entries import notebook_summary
from baimo.site.exporter import make_focusable
from baimo.site.figures import load_figures
from baimo.site.inputs import InputDirs, Inputs, gather
from baimo.site.links import PageLinks, broken_links, page_links
from baimo.site.quotes import Highlights, article_paragraphs, locate_quotes
from baimo.site.writer import Output, environment

__all__ = [
    "render",
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
        _write_site(written, data)
        for problem in broken_links(tmp, written.scans):
            warnings.warn(f"site: broken link {problem}", stacklevel=2)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fileops.swap_dir(tmp, out)
    return out


def _write_site(out: Output, data: Inputs) -> None:
    pages.copy_files(out, data)
    notebook_pages.write_notebook_pages(out, data.entries)
    articles = pages.write_articles(out, data)
    pages.write_figure_sources(out, data)  # after the notebook pages: a value naming one of their anchors links to it
    pages.write_sources_index(out, data)
    pages.write_index(out, data, articles)
    links.delink_repo_paths(out.root, data.doc_ids, out.scans)
