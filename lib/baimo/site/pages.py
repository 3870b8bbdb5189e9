"""The sources pages: ``sources/<notebook>/<figure>.html`` (each value a figure draws, with its
fact, reference or assumption) and ``sources/index.html`` (every fact, reference and assumption,
with the figures that draw it); and the copied files (``assets/``, the licence)."""

from __future__ import annotations

import dataclasses
import re

from baimo import paths, provenance
from baimo.site import values
from baimo.site.catalog import KIND_ORDER, SourceEntry
from baimo.site.inputs import Inputs
from baimo.site.links import PageLinks
from baimo.site.writer import TEMPLATES, Output

MAX_ROWS = 2000  # rows of a figure CSV shown on its sources page (the CSV itself has them all)
_LINKABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*-[A-Za-z0-9_.:-]+")  # a value that may name an anchor (a check id)
_HIDDEN_COLUMNS = ("source_id", "shown")  # shown as the sources column / implied by the rows listed


def copy_files(out: Output) -> None:
    """The site's CSS, script and favicon, and the code's licence."""
    for name in ("site.css", "site.js", "favicon.svg"):
        out.copy(TEMPLATES / "static" / name, f"assets/{name}")
    if (paths.ROOT / "LICENSE").exists():
        out.copy(paths.ROOT / "LICENSE", "LICENSE.txt")
    else:
        out.write_bytes("LICENSE.txt", b"MIT License. Copyright (c) baimo contributors.\n")


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
    drawn: bool = True  # False: a row the chart leaves out (its ``shown`` column)


def write_figure_sources(out: Output, data: Inputs) -> None:
    """A page per figure: each value it draws with its fact, reference or assumption."""
    notebooks = out.root / "notebooks"
    anchors = {p.stem: PageLinks.of(s).ids for p, s in out.scans.items() if p.parent == notebooks}
    for f in data.gallery:
        fig = data.figures[f.id]
        shown = [c for c in fig.columns if c not in _HIDDEN_COLUMNS]
        ids = anchors.get(f.notebook, set())
        rows = [
            Row(
                [_cell(r.get(c) or "", c, r, f.notebook, ids) for c in shown],
                [data.catalog.entry(s) for s in provenance.split_ids(r.get("source_id", ""))],
                r.get("shown", "True") != "False",
            )
            for r in fig.rows[:MAX_ROWS]
        ]
        cited = sorted((data.catalog.entry(s) for s in fig.source_ids), key=lambda e: (KIND_ORDER[e.kind], e.id))
        out.page(
            f"sources/{f.id}.html",
            "figure_sources.html.j2",
            root="../../",
            title=f.title_en or f.title_zh,
            fig=f,
            chart=dataclasses.replace(
                f, svg=f"../../{f.svg}", png=f"../../{f.png}", csv=f"../../{f.csv}", sources="#values"
            ),
            masked_quotes=any("〓" in (s.quote or "") for s in cited),
            columns=shown,
            rows=rows,
            n_rows=len(fig.rows),
            truncated=len(fig.rows) > MAX_ROWS,
            sources=cited,
        )


def _cell(value: str, column: str, row: dict, notebook: str, anchors: set[str]) -> Cell:
    # a value naming an anchor of the figure's notebook page (the audit's check ids) links to it
    if _LINKABLE.fullmatch(value) and value in anchors:
        return Cell(value, f"notebooks/{notebook}.html#{value}")
    return Cell(values.cell(value, column, row))


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
            source_url=v.get("source_url", "") if v.get("source_url", "").startswith(("http://", "https://")) else "",
            value=values.value(r) if id_col != "assumption_id" else values.number(r.get("value")),
            figures=data.used_by.get(sid, []),
            href=data.catalog.entry(sid).href if id_col == "fact_id" else "",
        )
        rows.append(v)
    return rows
