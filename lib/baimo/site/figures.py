"""The figures the site shows: their descriptions (``figures/index.json``), the CSV of what each
draws, and a figure's links as seen from a page."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import warnings
from pathlib import Path

from baimo import provenance


def load_figures(figures_root: Path) -> list[dict]:
    """Figure descriptions: ``figures/index.json`` if present, else every ``*/<name>.json``."""
    figures_root = Path(figures_root)
    index = figures_root / "index.json"
    records = []
    if index.exists():
        records = json.loads(index.read_text(encoding="utf-8")).get("figures", [])
    else:
        for p in sorted(figures_root.glob("*/*.json")):
            try:
                rec = json.loads(p.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and {"id", "name", "notebook", "files"} <= rec.keys():
                records.append(rec)
    out = []
    for rec in records:
        rec = _complete(dict(rec), figures_root)
        if rec is not None:
            out.append(rec)
    return out


def _complete(rec: dict, figures_root: Path) -> dict | None:
    """The index's record filled from the figure's own description; None when it cannot be shown."""
    files = rec.get("files", {})
    own = figures_root / files.get("json", "")
    if files.get("json") and own.is_file():  # the per-figure description fills what the index leaves out
        with contextlib.suppress(json.JSONDecodeError):
            rec = {**json.loads(own.read_text(encoding="utf-8")), **rec}
    if "id" not in rec:
        return None
    rec.setdefault("notebook", rec["id"].rsplit("/", 1)[0])
    rec.setdefault("name", rec["id"].rsplit("/", 1)[-1])
    rec.setdefault("title_zh", rec["name"])
    rec.setdefault("title_en", "")
    files = rec.get("files", {})
    if not files.get("csv") or not (figures_root / files["csv"]).exists():
        warnings.warn(
            f"figure {rec.get('id')}: CSV {files.get('csv')} missing under {figures_root}; left out of the site",
            stacklevel=3,
        )
        return None
    return rec


@dataclasses.dataclass
class Figure:
    """A figure's description and the rows of its CSV."""

    id: str
    name: str
    notebook: str
    title_zh: str
    title_en: str
    files: dict[str, str]
    sha256: dict[str, str]
    source: str
    columns: list[str]
    rows: list[dict]
    source_ids: list[str]  # every id its rows cite, in order of first use

    @classmethod
    def read(cls, rec: dict, figures_root: Path) -> Figure:
        columns, rows = read_csv(figures_root / rec["files"]["csv"])
        ids = dict.fromkeys(s for r in rows for s in provenance.split_ids(r.get("source_id", "")))
        return cls(
            rec["id"],
            rec["name"],
            rec["notebook"],
            rec.get("title_zh", ""),
            rec.get("title_en", ""),
            rec["files"],
            rec.get("sha256") or {},
            rec.get("source", ""),
            columns,
            rows,
            list(ids),
        )


@dataclasses.dataclass
class FigureView:
    """A figure's links as seen from a page ``root`` away from the site root ("" or "../")."""

    id: str
    name: str
    notebook: str
    title_zh: str
    title_en: str
    files: dict[str, str]
    png: str
    svg: str
    csv: str
    sources: str
    anchor: str  # the figure in its notebook page
    sha256: dict[str, str]
    source: str
    n_rows: int
    n_ids: int
    show_image: bool = False  # on a notebook page: the cell that saved it shows no image, show the PNG


def view(f: Figure, root: str) -> FigureView:
    files = f.files
    return FigureView(
        id=f.id,
        name=f.name,
        notebook=f.notebook,
        title_zh=f.title_zh,
        title_en=f.title_en,
        files=files,
        png=f"{root}figures/{files['png']}",
        svg=f"{root}figures/{files['svg']}",
        csv=f"{root}figures/{files['csv']}",
        sources=f"{root}sources/{f.id}.html",
        anchor=f"{root}notebooks/{f.notebook}.html#fig-{f.name}" if root == "" else f"#fig-{f.name}",
        sha256=f.sha256,
        source=f.source,
        n_rows=len(f.rows),
        n_ids=len(f.source_ids),
    )


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)
