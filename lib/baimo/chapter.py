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
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from baimo import corpus, paths, plotting

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
        self.corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
        plotting.use_style()
        plotting.CURRENT.update(notebook=name, corpus_dir=self.corpus_dir)
        self.figures_dir = plotting.resolve_out_dir(name)  # says where, once, outside the build

    @cached_property
    def docs(self):
        """The documents table of the corpus this chapter reads."""
        return corpus.load(self.corpus_dir)

    def save(self, fig, name: str, data, **kw: Any) -> dict[str, Any]:
        """``plotting.save_figure`` for this chapter."""
        return plotting.save_figure(fig, name, data, notebook=self.name, **kw)

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

_SETUP = """import matplotlib.pyplot as plt

from baimo import chapter, facts

ch = chapter.Chapter({name!r}, corpus_dir)"""

_EVIDENCE = """## Evidence

An example figure to replace: how many facts each theme has in `seeds/facts.csv`. Every figure
is saved with the data it draws, and each row names its source in `source_id`."""

_FIGURE = """per_theme = facts.facts().groupby("theme").agg(facts=("fact_id", "size"), source_id=("fact_id", ";".join))
fig, ax = plt.subplots(layout="constrained", figsize=(6, 2.5))
ax.barh(per_theme.index, per_theme.facts)
ax.set_xlabel("事实条数 facts")
ch.save(fig, "facts_per_theme", per_theme, title_zh="各主题的事实条数",
        title_en="Facts per theme in seeds/facts.csv")"""

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
