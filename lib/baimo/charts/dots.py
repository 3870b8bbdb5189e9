"""Points and ranges with their hedges (dots), and before → after (arrows)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from baimo import formatting
from baimo.charts.base import (
    GREY,
    INK,
    Chart,
    Series,
    _color,
    _figure,
    _plain_linear,
    _plain_log,
    _rows_axis,
    tag,
)


def dots(
    data: pd.DataFrame,
    *,
    low: str,
    label: str,
    xlabel: str,
    high: str | None = None,
    series: str | None = None,
    styles: dict[str, Series] | None = None,
    qualifier: str | None = None,
    log: bool = False,
    floor_label: str | None = None,
    color: str | None = None,
    refs: list[tuple[float, str]] | None = None,
    value_text: str | None = None,
    width: float = 8.0,
    order: list[str] | None = None,
    legend_loc: str = "lower right",
    xlim: tuple[float, float] | None = None,
) -> Chart:
    """A point per row at ``low`` (a bar from ``low`` to ``high`` when they differ), on one line per
    ``label``; several ``series`` share a line. A qualifier (over/under/about …) is written before
    the value (>, <, ≈ …) and drawn as an arrowhead marker for an open end. On a log axis a zero is
    drawn at a floor below the smallest value, labelled ``floor_label`` (e.g. "免费 free").
    ``refs``: vertical reference lines (x, text)."""
    labels = order or list(dict.fromkeys(data[label]))
    fig, ax = _figure(len(labels), labels, width=width)
    y = {lab: i for i, lab in enumerate(labels)}
    floor = _log_floor(data, low, high) if log else None
    styles = styles or {}
    for n, r in enumerate(data.itertuples(index=False)):
        style = styles.get(getattr(r, series), Series(str(getattr(r, series)))) if series else Series("")
        _dot(
            ax,
            r,
            n,
            y[getattr(r, label)],
            low=low,
            high=high,
            qualifier=qualifier,
            style=style,
            base=_color(color),
            floor=floor,
            value_text=value_text,
        )
    for x, text in refs or []:
        ax.axvline(x, color=INK, ls="--", lw=1)
        ax.annotate(
            text,
            (x, -0.5),
            xytext=(3, 2),
            textcoords="offset points",
            fontsize=8,
            color="#555555",
            va="bottom",
            annotation_clip=False,
        )
    _rows_axis(ax, labels)
    if log:
        _log_axis(ax, data, low, high, floor, floor_label)
    else:
        _plain_linear(ax.xaxis)
        values = pd.concat([data[low], data[high]] if high else [data[low]]).astype(float)
        if values.min() >= 0:  # amounts start at zero, so a zero is drawn whole
            ax.set_xlim(0, max([values.max(), *(x for x, _ in refs or [])]) * 1.25)
    if series:
        _legend(ax, styles, data[series], _color(color), legend_loc)
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    return Chart(fig, data.reset_index(drop=True), "")


_OPEN_MARKER = {"over": ">", "at_least": ">", "under": "<", "up_to": "<"}


def _dot(ax, r, n, row: int, *, low, high, qualifier, style: Series, base, floor, value_text) -> None:
    sid, lo = r.source_id, getattr(r, low)
    if formatting.missing(lo):
        return
    hi = getattr(r, high) if high else lo
    hi = lo if formatting.missing(hi) else hi
    q = getattr(r, qualifier) if qualifier else ""
    q = "" if formatting.missing(q) else q
    color = _color(style.color) if style.color else base

    def at(v):  # a zero on a log axis sits at the floor
        return floor if (floor and v <= 0) else v

    if hi > lo:
        tag(ax.plot([at(lo), at(hi)], [row, row], color=color, lw=7, alpha=0.45, solid_capstyle="butt")[0], sid, n)
    marker = _OPEN_MARKER.get(q, style.marker)
    face = "none" if style.hollow else color
    tag(ax.plot([at(lo)], [row], marker=marker, ms=style.size, color=color, mfc=face, ls="", zorder=3)[0], sid, n)
    text = getattr(r, value_text) if value_text else formatting.value(lo, hi, qualifier=q)
    tag(ax.annotate(text, (at(hi), row), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8.5), sid, n)


def _log_floor(data, low, high) -> float | None:
    values = pd.concat([data[low], data[high]] if high else [data[low]]).astype(float)
    positive = values[values > 0]
    if positive.empty or (values > 0).all():
        return None
    return 10.0 ** math.floor(math.log10(positive.min())) / 4


def _log_axis(ax, data, low, high, floor, floor_label) -> None:
    ax.set_xscale("log")
    values = pd.concat([data[low], data[high]] if high else [data[low]]).astype(float)
    hi = values.max() * 4
    lo = floor / 1.6 if floor else values[values > 0].min() / 2
    ax.set_xlim(lo, hi)
    _plain_log(ax.xaxis, math.log10(hi / lo))
    if floor:
        ticks = [t for t in ax.get_xticks() if floor * 2 < t <= hi]
        ax.set_xticks([floor, *ticks], [floor_label or "0", *[formatting.number(t) for t in ticks]])
        ax.axvline(floor * 1.6, color="#bbbbbb", lw=0.8, ls=":")
        ax.set_xlim(lo, hi)


def _legend(ax, styles: dict[str, Series], present, base, loc: str = "lower right") -> None:
    handles = []
    for key in dict.fromkeys(present):
        s = styles.get(key, Series(str(key)))
        color = _color(s.color) if s.color else base
        handles.append(
            plt.Line2D(
                [],
                [],
                ls="",
                marker=s.marker,
                ms=s.size * 0.8,
                color=color,
                mfc="none" if s.hollow else color,
                label=s.name,
            )
        )
    if len(handles) > 1:
        ax.legend(handles=handles, loc=loc, fontsize=8, numpoints=1)


def arrows(
    data: pd.DataFrame,
    *,
    before: str,
    after: str,
    label: str,
    xlabel: str,
    color: str | None = None,
    log: bool = False,
    text: str | None = None,
    width: float = 8.0,
) -> Chart:
    """An arrow per row from ``before`` to ``after`` on the row's line, both ends labelled
    (``text``: a column with the label for the arrow's head, default the formatted values)."""
    labels = list(dict.fromkeys(data[label]))
    fig, ax = _figure(len(labels), labels, width=width)
    c = _color(color)
    for n, r in enumerate(data.itertuples(index=False)):
        yy, sid = labels.index(getattr(r, label)), r.source_id
        b, a = float(getattr(r, before)), float(getattr(r, after))
        tag(ax.annotate("", xy=(a, yy), xytext=(b, yy), arrowprops={"arrowstyle": "->", "color": c, "lw": 1.6}), sid, n)
        tag(ax.plot([b], [yy], "o", color=GREY, ms=7)[0], sid, n)
        tag(ax.plot([a], [yy], "o", color=c, ms=8)[0], sid, n)
        left, right = sorted([(b, formatting.number(b)), (a, getattr(r, text) if text else formatting.number(a))])
        tag(
            ax.annotate(
                left[1],
                (left[0], yy),
                xytext=(-8, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8.5,
            ),
            sid,
            n,
        )
        tag(
            ax.annotate(right[1], (right[0], yy), xytext=(8, 0), textcoords="offset points", va="center", fontsize=8.5),
            sid,
            n,
        )
    _rows_axis(ax, labels)
    values = pd.concat([data[before], data[after]]).astype(float)
    if log:
        ax.set_xscale("log")
        ax.set_xlim(values.min() / 3, values.max() * 3)
        _plain_log(ax.xaxis)
    else:
        ax.set_xlim(min(0, values.min()), values.max() * 1.3)
        _plain_linear(ax.xaxis)
    ax.set_xlabel(xlabel)
    return Chart(fig, data.reset_index(drop=True))
