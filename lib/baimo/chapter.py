"""A chapter's set-up cell: ``ch = Chapter("03_compute_spending", corpus_dir)``.

A kernel started by papermill, nbconvert or JupyterLab cannot learn its notebook's file name, so a
chapter names itself. The name decides where its figures go: the build and ``baimo run`` point
``$BAIMO_FIGURES_DIR`` at a directory of their own; any other run writes under
``build/runs/<name>/interactive/figures/`` and says so once. Nothing but the build writes
``figures/``.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any

import nbformat
from IPython.display import Markdown, display
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from baimo import corpus, facts, paths, plotting, tables

#: Shown when a chapter reads another corpus than the committed one.
OTHER_CORPUS_NOTE = (
    "**Note.** This run reads the corpus at `{corpus}`. The prose of this chapter is the "
    "researcher's reading of the committed corpus; every number, table and figure below is "
    "computed from the corpus given."
)

#: What the build runs: two digits, an underscore, a lower-case slug (``03_compute_spending``).
NAME_PATTERN = re.compile(r"[0-9]{2}_[a-z0-9_]+")


class Chapter:
    """The chapter running in this kernel: its name, the corpus it reads, where its figures go."""

    def __init__(self, name: str, corpus_dir: str | os.PathLike[str] | None = None):
        if not NAME_PATTERN.fullmatch(name):
            raise ValueError(
                f"chapter name {name!r} must look like NN_name (two digits, '_', a-z0-9_), "
                "the file name of the notebook without .ipynb"
            )
        running = os.environ.get("BAIMO_NOTEBOOK")
        if running and running != name:
            raise ValueError(
                f"this chapter calls itself {name!r} but runs as notebooks/{running}.ipynb: "
                f"write Chapter({running!r}, corpus_dir) in its set-up cell"
            )
        self.name = name
        self.saved: dict[str, dict[str, Any]] = {}
        self.corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
        plotting.use_style()
        plotting.CURRENT.update(notebook=name, corpus_dir=self.corpus_dir)
        self.figures_dir = plotting.resolve_out_dir(name)  # says where, once, outside the build

        if self.corpus_dir is not None:
            display(Markdown(OTHER_CORPUS_NOTE.format(corpus=self.corpus_dir)))

    @cached_property
    def docs(self):
        """The documents table of the corpus this chapter reads."""
        return corpus.load(self.corpus_dir)

    @property
    def n_articles(self) -> int:
        return len(self.docs)

    def value(self, source_id: str, *, override: float | None = None) -> facts.Value:
        """A fact, reference or assumption as a typed value (``override``: a parameter's value)."""
        return facts.value(source_id, override=override)

    def quote(self, *fact_ids: str) -> None:
        """Show facts' verbatim quotes, each with its article and a link to its sentence."""
        for fact_id in fact_ids:
            display(tables.quote(fact_id))

    def table(self, df, **kw):
        """``tables.reader_table``: the table as a reader should see it."""
        return tables.reader_table(df, **kw)

    def say(self, text: str) -> None:
        """Show computed prose (Markdown) in the chapter."""
        display(Markdown(text))

    def save(self, chart, name: str, data=None, **kw: Any) -> None:
        """``plotting.save_figure`` for this chapter: a ``charts.Chart`` (or a figure and its data).
        Returns nothing, so a cell ending in ``ch.save(…)`` shows the figure and not its description
        (``self.saved[name]`` has it)."""
        self.saved[name] = plotting.save_figure(chart, name, data, notebook=self.name, **kw)

    def __repr__(self) -> str:
        return f"Chapter({self.name!r}, corpus_dir={self.corpus_dir!r})"


# ---------------------------------------------------------------------------------------------
# A new chapter from the template (``python -m baimo new NN_name``)

_HEADER = """# {number} · {title}

**Question.** What does this chapter ask of the articles? One or two sentences.

**What the evidence says.** The answer in two or three sentences — write it last, from the figures
below. Every number in the prose comes from `seeds/facts.csv`, `references.csv`, `assumptions.csv`
or the corpus, never typed in."""

_PARAMETERS = """# Parameters (papermill -p / `python -m baimo run NAME -p NAME VALUE` override them).
corpus_dir = None  # a corpus dataset directory; None reads the seed articles"""

_SETUP = """from baimo import chapter, charts, facts

ch = chapter.Chapter({name!r}, corpus_dir)"""

_EVIDENCE = """## Evidence

An example figure to replace: how many facts each theme has in `seeds/facts.csv`. Every figure
is saved with the data it draws, and each row names its source in `source_id`."""

_FIGURE = """per_theme = facts.facts().groupby("theme", as_index=False).agg(
    facts=("fact_id", "size"), source_id=("fact_id", ";".join)).sort_values("facts", ascending=False)
top = per_theme.iloc[0]
chart = charts.bars(per_theme, value="facts", label="theme", xlabel="事实条数 facts")
ch.save(chart, "facts_per_theme", title_zh=f"{top.theme}的事实最多：{top.facts}条",
        title_en=f"{top.theme} has the most facts: {top.facts}",
        subtitle_zh="seeds/facts.csv 中各主题的事实条数", subtitle_en="Facts per theme in seeds/facts.csv")"""

_CAVEATS = """## Caveats

What the evidence cannot show: the corpus is a handful of articles, not a sample of the press."""


def template(name: str, title: str | None = None):
    """The notebook ``python -m baimo new`` writes: header, parameters, set-up, one figure."""
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError(
            f"{name!r}: a chapter is named NN_name (two digits, '_', lower-case a-z, 0-9, '_'), e.g. 07_data_prices"
        )
    title = title or name[3:].replace("_", " ").capitalize()
    cells = [
        new_markdown_cell(_HEADER.format(number=name[:2], title=title)),
        new_code_cell(_PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(_SETUP.format(name=name)),
        new_markdown_cell(_EVIDENCE),
        new_code_cell(_FIGURE),
        new_markdown_cell(_CAVEATS),
    ]
    kernel = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb = new_notebook(cells=cells, metadata={"kernelspec": kernel, "language_info": {"name": "python"}})
    for i, cell in enumerate(nb.cells):  # stable ids: the file is the same whenever it is made
        cell["id"] = f"{name[:2]}-{i:02d}"
    return nb


def template_bytes(name: str, title: str | None = None) -> bytes:
    """The template notebook as its file's bytes (the same whenever it is made)."""
    return (nbformat.writes(template(name, title)) + "\n").encode("utf-8")


def write_template(name: str, title: str | None = None, notebooks_dir: Path | None = None) -> Path:
    """Write ``notebooks/<name>.ipynb`` from the template; refuses to overwrite a chapter."""
    target = Path(notebooks_dir or paths.NOTEBOOKS) / f"{name}.ipynb"
    data = template_bytes(name, title)
    if target.exists():
        raise FileExistsError(f"{target} exists: pick another name, or delete it first")
    taken = sorted(p.name for p in target.parent.glob(f"{name[:2]}_*.ipynb"))
    if taken:
        raise FileExistsError(f"{target.name}: number {name[:2]} is taken by {', '.join(taken)}; pick another number")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
