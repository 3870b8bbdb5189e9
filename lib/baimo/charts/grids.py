"""A value per row × column, written in its cell (heatmap)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from baimo import formatting
from baimo.charts.base import (
    INK,
    Chart,
    _figure,
    tag,
    top,
    wrap,
)


def heatmap(
    data: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    xlabel: str,
    cmap: str = "Blues",
    col_labels: dict[str, str] | None = None,
    row_limit: int | None = None,
    col_limit: int | None = None,
    digits: int = 3,
    vmax: float | None = None,
    blank_zero: bool = True,
    items=(("个词", "terms"), ("篇文章", "articles")),
) -> Chart:
    """A cell per ``row`` × ``col`` with its ``value`` written in it (zero left blank), rows and
    columns in the order of ``data``. ``row_limit``/``col_limit`` keep the largest rows/columns
    (by total) and say how many were left out."""
    data, row_note = top(data, row_limit, by=value, key=row, item=items[0])
    data = data.rename(columns={"shown": "row_shown"})
    data, col_note = top(data, col_limit, by=value, key=col, item=items[1])
    data["shown"] = data["shown"] & data.pop("row_shown")
    shown = data[data["shown"]]
    rows, cols = list(dict.fromkeys(shown[row])), list(dict.fromkeys(shown[col]))
    col_text = [wrap((col_labels or {}).get(c, c), 14) for c in cols]
    fig, ax = _figure(len(rows), rows, width=max(5.5, 0.95 * len(cols) + 3.2), row=0.34, extra=1.6)
    top_value = vmax or max(float(shown[value].max()), 1e-12)
    cm = plt.get_cmap(cmap)
    for n, r in enumerate(shown.itertuples(index=False)):
        v, i, j, sid = float(getattr(r, value)), rows.index(getattr(r, row)), cols.index(getattr(r, col)), r.source_id
        shade = cm(0.08 + 0.92 * min(1.0, v / top_value)) if v or not blank_zero else to_rgba("white")
        tag(ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=shade, edgecolor="white", lw=1)), sid, n)
        if v or not blank_zero:
            dark = v / top_value > 0.55
            tag(
                ax.text(
                    j,
                    i,
                    formatting.number(v, digits),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else INK,
                ),
                sid,
                n,
            )
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(cols)), col_text, fontsize=8.5)
    ax.set_yticks(range(len(rows)), [wrap(x) for x in rows])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(xlabel)
    return Chart(fig, data.reset_index(drop=True), " · ".join(x for x in (row_note, col_note) if x))
