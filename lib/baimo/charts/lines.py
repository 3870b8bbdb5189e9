"""Curves (lines) and dated events in lanes (timeline)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from baimo import formatting, provenance
from baimo.charts.base import (
    INK,
    Chart,
    _color,
    _figure,
    _plain_log,
    _rows_axis,
    tag,
    wrap,
)


def lines(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    xlabel: str,
    ylabel: str,
    styles: dict[str, dict] | None = None,
    log_x: bool = False,
    log_y: bool = False,
    points: pd.DataFrame | None = None,
    point_label: str | None = None,
    years: bool = False,
    width: float = 8.0,
    legend_loc: str = "best",
) -> Chart:
    """A line per ``series`` through its (``x``, ``y``) rows; optional ``points`` (rows with ``x``,
    ``y``, ``source_id`` and a ``point_label`` column) drawn as labelled diamonds on top."""
    fig, ax = plt.subplots(figsize=(width, 4.6), layout="constrained")
    for n, (name, g) in enumerate(data.groupby(series, sort=False)):
        style = {"lw": 1.8, **(styles or {}).get(name, {})}
        line = ax.plot(g[x], g[y], label=name, **style)[0]
        tag(line, ";".join(dict.fromkeys(i for c in g.source_id for i in provenance.split_ids(c))), n)
    offset = len(data)
    for n, r in enumerate((points if points is not None else pd.DataFrame()).itertuples(index=False)):
        px, py = getattr(r, x), getattr(r, y)
        tag(ax.plot([px], [py], "D", ms=9, color=INK, zorder=4)[0], r.source_id, offset + n)
        if point_label:
            tag(
                ax.annotate(getattr(r, point_label), (px, py), xytext=(9, 6), textcoords="offset points", fontsize=8.5),
                r.source_id,
                offset + n,
            )
    if log_x:
        ax.set_xscale("log")
        _plain_log(ax.xaxis)
    if log_y:
        ax.set_yscale("log")
        _plain_log(ax.yaxis)
    if years:  # whole years only: no tick at 2024.5
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.year(v)))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8.5, loc=legend_loc)
    drawn = data if points is None else pd.concat([data, points], ignore_index=True).drop_duplicates()
    return Chart(fig, drawn.reset_index(drop=True))


def timeline(
    data: pd.DataFrame,
    *,
    date: str,
    lane: str,
    text: str,
    xlabel: str,
    color_by: str | None = None,
    colors: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    end: str | None = None,
    width: float = 8.6,
    text_width: int = 40,
) -> Chart:
    """Dated events (or spans ``date``–``end``) in one lane per ``lane`` value, each labelled with
    its ``text`` (wrapped at ``text_width`` display columns); lanes in the order of ``data``. Dates
    are ISO strings or years."""
    lanes = list(dict.fromkeys(data[lane]))
    fig, ax = _figure(len(lanes), lanes, width=width, row=0.62)
    when = _as_dates(data[date])
    until = _as_dates(data[end]) if end else when
    for n, (r, t0, t1) in enumerate(zip(data.itertuples(index=False), when, until, strict=True)):
        yy = lanes.index(getattr(r, lane))
        c = _color((colors or {}).get(getattr(r, color_by), INK) if color_by else INK)
        if t1 is not None and t1 != t0 and not pd.isna(t1):
            tag(ax.plot([t0, t1], [yy, yy], color=c, lw=7, alpha=0.45, solid_capstyle="butt")[0], r.source_id, n)
        tag(ax.plot([t0], [yy], "o", ms=8, color=c, zorder=3)[0], r.source_id, n)
        tag(
            ax.annotate(
                wrap(getattr(r, text), text_width),
                (t1 if t1 is not None else t0, yy),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                linespacing=1.15,
            ),
            r.source_id,
            n,
        )
    _rows_axis(ax, lanes)
    if isinstance(when.iloc[0], pd.Timestamp):
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.year(v)))
    span = pd.concat([when, until]).dropna()
    pad = (span.max() - span.min()) * 0.45 if len(span) else 1
    ax.set_xlim(span.min() - pad * 0.1, span.max() + pad)
    if color_by and names:
        handles = [
            plt.Line2D([], [], ls="", marker="o", color=_color((colors or {}).get(k, INK)), label=v)
            for k, v in names.items()
            if k in set(data[color_by])
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=8.5)
    ax.set_xlabel(xlabel)
    return Chart(fig, data.reset_index(drop=True))


def _as_dates(values: pd.Series) -> pd.Series:
    """ISO dates as timestamps; years (numbers) stay numbers."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    return pd.to_datetime(values, errors="coerce")
