"""What every chart shares: the Chart record, top N with an honest remainder, labels that wrap,
figures sized to their rows, mark tags, axes written in plain numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from baimo import formatting, plotting, provenance
from baimo.text import columns

GREY = "#8c8c8c"


INK = "#222222"


LABEL_COLUMNS = 30  # a tick label wraps beyond this many display columns


ROW_INCHES = 0.42


@dataclass
class Chart:
    """A figure ready to save: the figure, the data it draws (with ``source_id``), a reader's note."""

    fig: Figure
    data: pd.DataFrame
    note: str = ""
    extra: dict = field(default_factory=dict)


def top(
    data: pd.DataFrame, n: int | None, *, by: str | None = None, item=("篇文章", "articles"), key: str | None = None
) -> tuple[pd.DataFrame, str]:
    """The first ``n`` items of ``data`` (by ``by``, largest first; else in order) and a note on the
    rest. With ``key``, an item is a value of that column (an article with several rows)."""
    data = data.copy()
    items = list(dict.fromkeys(data[key])) if key else list(data.index)
    if by is not None:
        totals = data.groupby(key)[by].sum() if key else data[by]
        items = list(totals.loc[items].sort_values(ascending=False, kind="stable").index)
    if n is None or len(items) <= n:
        data["shown"] = True
        return data, ""
    kept = set(items[:n])
    data["shown"] = data[key].isin(kept) if key else data.index.isin(kept)
    rest = len(items) - n
    note = f"另有 {rest} {item[0]}未显示 · {rest} more {item[1]} not shown (in the data, shown = False)"
    return data, note


def wrap(label: str, width: int = LABEL_COLUMNS) -> str:
    """Wrap a label at ``width`` display columns (a CJK character counts two), at spaces when it
    can, between characters otherwise; existing line breaks stay."""
    out = []
    for line in str(label).split("\n"):
        while columns(line) > width:
            cut, used = 0, 0
            for i, ch in enumerate(line):
                used += columns(ch)
                if used > width:
                    break
                cut = i + 1
            space = line.rfind(" ", 0, cut)
            cut = space if space > 0 else cut  # break at a space when the line has one
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


def _figure(
    n_rows: int,
    labels: list[str] = (),
    *,
    width: float = 8.0,
    row: float = ROW_INCHES,
    extra: float = 1.3,
    ncols: int = 1,
    **kw,
) -> tuple[Figure, plt.Axes]:
    """A figure sized to its rows; wider when the labels are long."""
    label_cols = max((columns(line) for lab in labels for line in str(lab).split("\n")), default=0)
    lines = max((str(lab).count("\n") + 1 for lab in labels), default=1)
    height = max(2.2, n_rows * row * max(1, 0.75 + 0.35 * lines) + extra)
    fig, ax = plt.subplots(
        ncols=ncols, figsize=(width + max(0, label_cols - 22) * 0.055, height), layout="constrained", **kw
    )
    return fig, ax


def tag(artist, source_id: str, n: int):
    """Give a drawn mark the source id of its row (its SVG id); returns the artist."""
    if artist is not None and source_id:
        artist.set_gid(provenance.mark_id(n, str(source_id)))
    return artist


def _plain_log(axis, decades: float | None = None) -> None:
    """Log ticks written as plain numbers (1,000 rather than 10³): at 1, 2, 5 × 10^k over a few
    decades, at powers of ten over more (so the labels never run into each other)."""
    if decades is None:
        lo, hi = axis.get_view_interval()
        decades = math.log10(hi / lo) if lo > 0 and hi > lo else 1
    axis.set_major_locator(LogLocator(subs=(1, 2, 5) if decades <= 3.5 else (1,)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v)))
    axis.set_minor_formatter(NullFormatter())


def _plain_linear(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: formatting.number(v)))


def _rows_axis(ax, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), [wrap(x) for x in labels])
    ax.set_ylim(len(labels) - 0.5, -0.6)
    ax.grid(axis="y", visible=False)


def _color(color: str | None) -> str:
    if color is None:
        return plotting.PALETTE[0]
    return plotting.THEME_COLORS.get(color, color)


@dataclass
class Series:
    """How one value of the ``series`` column is drawn in :func:`dots`."""

    name: str
    marker: str = "o"
    color: str | None = None
    hollow: bool = False
    size: float = 8
