"""The figures the site shows: their descriptions (``figures/index.json``), the CSV of what each
draws, and a figure's links as seen from a page."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import warnings
from pathlib import Path

from baimo import formatting, provenance
from baimo.site import svg


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
    subtitle_zh: str = ""
    subtitle_en: str = ""
    note: str = ""
    width: float = 0.0  # the chart's drawn size in CSS pixels (from its SVG)
    height: float = 0.0
    cited: str = ""  # who said it: outlets and publishers with dates (the site fills it from the catalog)

    @classmethod
    def read(cls, rec: dict, figures_root: Path) -> Figure:
        columns, rows = read_csv(figures_root / rec["files"]["csv"])
        ids = dict.fromkeys(s for r in rows for s in provenance.split_ids(r.get("source_id", "")))
        svg_file = figures_root / rec["files"].get("svg", "")
        width, height = svg.size_px(svg_file.read_bytes()[:4000]) if svg_file.is_file() else (0.0, 0.0)
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
            rec.get("subtitle_zh", ""),
            rec.get("subtitle_en", ""),
            rec.get("note", ""),
            width,
            height,
        )

    @property
    def alt(self) -> str:
        """What the chart shows, for alt text and the SVG's ``<desc>``: its finding, what it draws, its extremes."""
        parts = [self.title_en or self.title_zh, self.subtitle_en, extremes(self.columns, self.rows)]
        return " ".join(p.rstrip(".") + "." for p in parts if p)


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
    subtitle_zh: str = ""
    subtitle_en: str = ""
    note: str = ""
    alt: str = ""
    cited: str = ""
    width: int = 0  # drawn size, CSS pixels
    height: int = 0
    thumb: str = ""  # a PNG at thumbnail size (``THUMB_WIDTH``)
    thumb_height: int = 0
    page_anchor: str = ""  # the figure in its notebook page, from the site root


THUMB_WIDTH = 320


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
        subtitle_zh=f.subtitle_zh,
        subtitle_en=f.subtitle_en,
        note=f.note,
        alt=f.alt,
        cited=f.cited,
        width=round(f.width),
        height=round(f.height),
        thumb=f"{root}thumbs/{f.id}.png",
        thumb_height=round(f.height * THUMB_WIDTH / f.width) if f.width else 0,
        page_anchor=f"notebooks/{f.notebook}.html#fig-{f.name}",
    )


_LABELS = ("label", "model", "name", "term", "entity", "item", "check", "vendor", "bar", "group", "lane", "series")
_VALUES = (
    "value", "low", "share_percent", "percent", "share", "sentences", "occurrences", "hits", "edits", "count",
    "claims", "mentions", "n_chars", "cosine", "days", "usd_per_year", "usd_per_year_low", "price", "cny",
    "share_of_stock_low", "index", "distance_in_tolerances", "cny_per_gpu_hour", "low_cny_per_month",
    "low_100m_cny_per_year", "low_usd", "year_low",
)  # fmt: skip


def extremes(columns: list[str], rows: list[dict]) -> str:
    """``Highest: Qwen-Long (97.5); lowest: Tencent (50)`` over the rows drawn (``shown`` not False)."""
    drawn = [r for r in rows if r.get("shown", "True") != "False"]
    label = next((c for c in _LABELS if c in columns), None)
    col = next((c for c in _VALUES if c in columns and _numbers(drawn, c)), None)
    if label is None or col is None or len(_numbers(drawn, col)) < 2:
        return ""
    valued = [(float(r[col]), r) for r in drawn if is_number(r.get(col, ""))]
    (lo, lo_row), (hi, hi_row) = min(valued, key=lambda t: t[0]), max(valued, key=lambda t: t[0])

    def shown(x: float, r: dict) -> str:
        written = (r.get("value_text") or "").strip()
        amount = written or (formatting.year(x) if col.startswith("year") else formatting.scaled(x))
        return " ".join(f"{r.get(label, '')} ({amount})".split())

    return f"Highest: {shown(hi, hi_row)}; lowest: {shown(lo, lo_row)}"


def is_number(v: str) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return v.strip().lower() not in ("nan", "inf", "-inf")


def _numbers(rows: list[dict], col: str) -> list[float]:
    return [float(r[col]) for r in rows if is_number(r.get(col, ""))]


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)
