"""Horizontal bars: values with labels, stacks, and the theme share of each article."""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from baimo import formatting, plotting
from baimo.charts.base import (
    Chart,
    _color,
    _figure,
    _plain_linear,
    _plain_log,
    _rows_axis,
    tag,
    top,
)


def bars(
    data: pd.DataFrame,
    *,
    value: str,
    label: str,
    xlabel: str,
    color: str | None = None,
    stack: str | None = None,
    stack_labels: dict[str, str] | None = None,
    stack_colors: dict[str, str] | None = None,
    kind: str | None = None,
    value_text: str | None = None,
    limit: int | None = None,
    item=("篇文章", "articles"),
    xmax: float | None = None,
    log: bool = False,
    width: float = 8.0,
) -> Chart:
    """Horizontal bars in the order of ``data`` (one per ``label``), each labelled with its value.

    ``stack``: a column whose values are segments of each bar (long data: label × segment).
    ``kind``: a column with ``level`` (solid), ``part`` (light) or ``increment`` (hatched).
    ``value_text``: a column with the text to print after each bar (default: the value, formatted).
    ``limit``: show at most this many bars; the rest are counted in the note and flagged in the data.
    """
    data, note = top(data, limit, by=value if stack is None else value, key=label, item=item)
    shown = data[data["shown"]]
    labels = list(dict.fromkeys(shown[label]))
    fig, ax = _figure(len(labels), labels, width=width)
    y = {lab: i for i, lab in enumerate(labels)}
    base = _color(color)
    if stack is None:
        _plain_bars(ax, shown, y, value=value, label=label, color=base, kind=kind, value_text=value_text)
    else:
        _stacked_bars(
            ax, shown, y, value=value, label=label, stack=stack, names=stack_labels or {}, colors=stack_colors
        )
    _rows_axis(ax, labels)
    top_value = shown.groupby(label)[value].sum().max() if len(shown) else 1
    if log:
        ax.set_xscale("log")
        ax.set_xlim(None, xmax or top_value * 3)
        _plain_log(ax.xaxis)
    else:
        ax.set_xlim(0, xmax or top_value * (1.25 if stack is None else 1.05))
        _plain_linear(ax.xaxis)
        if (shown[value].dropna() % 1 == 0).all():  # counts: no tick at 2.5
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    return Chart(fig, data.reset_index(drop=True), note)


_KIND_STYLE = {"level": {}, "part": {"alpha": 0.45}, "increment": {"hatch": "///", "fill": False}}


def _plain_bars(ax, rows, y, *, value, label, color, kind, value_text) -> None:
    for n, r in enumerate(rows.itertuples(index=False)):
        sid, v, lab = r.source_id, getattr(r, value), getattr(r, label)
        style = _KIND_STYLE.get(getattr(r, kind), {}) if kind else {}
        edge = {"edgecolor": color} if style.get("fill") is False else {}
        (bar,) = ax.barh(y[lab], v, height=0.62, color=color, **style, **edge)
        tag(bar, sid, n)
        text = getattr(r, value_text) if value_text else formatting.number(v)
        tag(ax.text(v, y[lab], f" {text}", va="center", fontsize=8.5), sid, n)


def _stacked_bars(ax, rows, y, *, value, label, stack, names, colors=None) -> None:
    left = dict.fromkeys(y, 0.0)
    segments = list(dict.fromkeys(rows[stack]))
    colors = {
        **dict(zip(segments, plotting.PALETTE, strict=False)),
        **{k: _color(v) for k, v in (colors or {}).items()},
    }
    for n, r in enumerate(rows.itertuples(index=False)):
        lab, seg, v = getattr(r, label), getattr(r, stack), getattr(r, value)
        if not v:
            continue
        (bar,) = ax.barh(y[lab], v, left=left[lab], height=0.62, color=colors[seg])
        tag(bar, r.source_id, n)
        left[lab] += v
    ax.legend(
        handles=[Patch(color=colors[seg], label=names.get(seg, seg)) for seg in segments], loc="lower right", fontsize=8
    )


def shares(
    scores: pd.DataFrame,
    *,
    theme: str,
    label: str = "label",
    limit: int | None = 12,
    xlabel: str = "含主题词的句子占比 % of the article's sentences with a theme term",
) -> Chart:
    """The share of each article's sentences that hit ``theme``: rows with ``share`` (a fraction),
    ``sentences`` (with a hit), ``n_sentences`` and ``source_id``, as ``themes.score().documents``
    gives them; a bar per article, largest first (ties by ``source_id``), labelled "12% (10/81)":
    sentences with a hit of all sentences. The three theme chapters draw their share with it."""
    rows = scores.sort_values(["share", "source_id"], ascending=[False, True], kind="stable").copy()
    rows["value_text"] = [
        f" {formatting.percent(s, fraction=True)} ({h}/{n})"
        for s, h, n in zip(rows.share, rows.sentences, rows.n_sentences, strict=True)
    ]
    rows["percent"] = rows.share * 100
    return bars(
        rows.reset_index(drop=True),
        value="percent",
        label=label,
        color=theme,
        value_text="value_text",
        limit=limit,
        xlabel=xlabel,
    )
