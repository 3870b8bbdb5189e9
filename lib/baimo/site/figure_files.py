"""Each figure's files in the site: its SVG with every mark linked to its source (``svg``), a
thumbnail at the size the index shows it, and its PNG, CSV and JSON as they are in ``figures/``."""

from __future__ import annotations

from baimo import provenance
from baimo.site import svg, values
from baimo.site.catalog import Catalog
from baimo.site.figures import THUMB_WIDTH, Figure, FigureView, is_number
from baimo.site.inputs import Inputs
from baimo.site.writer import Output

_ROOT_FROM_FIGURE = "../../"  # site/figures/<notebook>/<name>.svg → the site root
_LABELS = ("label", "model", "name", "term", "entity", "item", "check", "vendor", "bar", "group", "lane")


def write_figure_files(out: Output, data: Inputs) -> None:
    for f in data.gallery:
        fig = data.figures[f.id]
        for kind, rel in f.files.items():
            src = data.figures_root / rel
            if not src.exists():
                continue
            if kind != "svg":
                out.copy(src, f"figures/{rel}")
                continue
            raw = src.read_bytes()
            out.write_bytes(f"figures/{rel}", linked_svg(raw, fig, f, data.catalog))
            png, _, _ = svg.thumbnail(raw, THUMB_WIDTH)
            out.write_bytes(f"thumbs/{f.id}.png", png)
    if (data.figures_root / "index.json").exists():
        out.copy(data.figures_root / "index.json", "figures/index.json")


def linked_svg(raw: bytes, fig: Figure, view: FigureView, catalog: Catalog) -> bytes:
    """The figure's SVG with its marks linked (paths from the SVG's own place in the site)."""

    def mark_link(ids: list[str], n: int) -> tuple[str, str]:
        href = catalog.link(ids)
        if not href:
            return "", ""
        drawn = row_text(fig, ids, n)
        to_sentence = href.startswith("articles/") and "#" in href
        action = "Click: the sentence it was read from" if to_sentence else "Click: its source"
        hover = "\n".join(x for x in (drawn, catalog.hover(ids), action) if x)
        return _ROOT_FROM_FIGURE + href, hover

    title = f"{fig.title_en} · {fig.title_zh}" if fig.title_en else fig.title_zh
    sources = _ROOT_FROM_FIGURE + f"sources/{fig.id}.html"
    return svg.link_marks(raw, mark_link, source_href=sources, title=title, desc=fig.alt)


def row_text(fig: Figure, ids: list[str], n: int) -> str:
    """The drawn row behind a mark, as ``label: value``: the only row citing exactly these ids, or
    the n-th drawn row when it cites them ("" when neither)."""
    key = sorted(ids)
    rows = [r for r in fig.rows if sorted(provenance.split_ids(r.get("source_id", ""))) == key]
    drawn = [r for r in fig.rows if r.get("shown", "True") != "False"]
    if len(rows) != 1:
        rows = [drawn[n]] if n < len(drawn) and drawn[n] in rows else []
    if not rows:
        return ""
    r = rows[0]
    label = next((" ".join(r[c].split()) for c in _LABELS if r.get(c, "").strip()), "")
    written = " ".join((r.get("value_text") or "").split())
    if not written:
        numbers = [(c, r[c]) for c in fig.columns if c not in ("source_id", "shown") and is_number(r.get(c, ""))]
        written = ", ".join(f"{c} {values.number(v)}" for c, v in numbers[:3])
    return f"{label}: {written}" if label and written else label or written
