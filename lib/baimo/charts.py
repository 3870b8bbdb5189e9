"""The chart kit: the figures the chapters draw, each from a tidy DataFrame with a ``source_id``.

Every function takes the rows to draw (one row per mark) and returns a :class:`Chart` — the
figure, exactly the data drawn (the CSV a reader downloads) and a note for the reader — ready for
``Chapter.save``. Every drawn mark (bar, point, range, cell, arrow, value label) carries the
``source_id`` of its row as its SVG id (``provenance.mark_id``), so the site can link each mark to
the sentence or row behind its value.

Kinds: :func:`bars` (horizontal, value labels, stacks), :func:`dots` (points and ranges with
qualifier marks, log or linear, zero drawn at a labelled floor on a log axis, reference lines),
:func:`arrows` (before → after), :func:`heatmap` (a count per term × article), :func:`lines`
(curves, optionally indexed), :func:`timeline` (dated events in lanes). Per-article and per-term
figures show the top N with an honest remainder (:func:`top`): the note says how many were left
out and the data keeps them, flagged ``shown = False``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from baimo import formatting, plotting, provenance
from baimo.text import columns

#: Colours: the theme colours of ``plotting`` plus a grey for context.
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


# ---------------------------------------------------------------------------------------------
# Shared pieces: top N, labels, sizes, tags


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
            cut = space if space > cut // 2 else cut
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


# ---------------------------------------------------------------------------------------------
# Bars


def bars(
    data: pd.DataFrame,
    *,
    value: str,
    label: str,
    xlabel: str,
    color: str | None = None,
    stack: str | None = None,
    stack_labels: dict[str, str] | None = None,
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
        _stacked_bars(ax, shown, y, value=value, label=label, stack=stack, names=stack_labels or {})
    _rows_axis(ax, labels)
    top_value = shown.groupby(label)[value].sum().max() if len(shown) else 1
    if log:
        ax.set_xscale("log")
        ax.set_xlim(None, xmax or top_value * 3)
        _plain_log(ax.xaxis)
    else:
        ax.set_xlim(0, xmax or top_value * (1.25 if stack is None else 1.05))
        _plain_linear(ax.xaxis)
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


def _stacked_bars(ax, rows, y, *, value, label, stack, names) -> None:
    left = dict.fromkeys(y, 0.0)
    segments = list(dict.fromkeys(rows[stack]))
    colors = dict(zip(segments, plotting.PALETTE, strict=False))
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


# ---------------------------------------------------------------------------------------------
# Points and ranges


@dataclass
class Series:
    """How one value of the ``series`` column is drawn in :func:`dots`."""

    name: str
    marker: str = "o"
    color: str | None = None
    hollow: bool = False
    size: float = 8


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
    if series:
        _legend(ax, styles, data[series], _color(color))
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
    face = "white" if style.hollow else color
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


def _legend(ax, styles: dict[str, Series], present, base) -> None:
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
                mfc="white" if s.hollow else color,
                label=s.name,
            )
        )
    if len(handles) > 1:
        ax.legend(handles=handles, loc="lower right", fontsize=8, numpoints=1)


# ---------------------------------------------------------------------------------------------
# Before → after


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


# ---------------------------------------------------------------------------------------------
# Heatmap


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


# ---------------------------------------------------------------------------------------------
# Lines and timelines


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
    if years:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatting.year(v)))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8.5)
    drawn = data if points is None else pd.concat([data, points], ignore_index=True)
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
) -> Chart:
    """Dated events (or spans ``date``–``end``) in one lane per ``lane`` value, each labelled with
    its ``text``; lanes in the order of ``data``. Dates are ISO strings or years."""
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
                wrap(getattr(r, text), 40),
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


def shares(scores: pd.DataFrame, *, theme: str, label: str, limit: int | None = 12) -> Chart:
    """The share of each article's sentences that hit ``theme`` (``themes.score().documents`` rows
    with ``share``, ``hits`` and ``n_sentences``), largest first, a bar per article."""
    rows = scores.sort_values("share", ascending=False, kind="stable").copy()
    rows["value_text"] = [
        f" {formatting.percent(s, fraction=True)} ({h}/{n})"
        for s, h, n in zip(rows.share, rows.hits, rows.n_sentences, strict=True)
    ]
    rows["percent"] = rows.share * 100
    return bars(
        rows,
        value="percent",
        label=label,
        color=theme,
        value_text="value_text",
        limit=limit,
        xlabel="含主题词的句子占比 % of the article's sentences with a theme term",
        xmax=115,
    )


__all__ = ["Chart", "Series", "arrows", "bars", "dots", "heatmap", "lines", "shares", "tag", "timeline", "top", "wrap"]


# --- added for 04_data_scarcity


def stack_totals(chart: Chart, *, label: str, value: str, text: str, room: float = 1.45) -> Chart:
    """Write each bar's ``text`` (a column: the first row of the bar's segments gives it) after the
    end of a stacked :func:`bars` chart's bars, and widen the value axis by ``room`` to fit it.
    The text carries the bar's ``source_id``, like every other mark. Returns the chart."""
    ax = chart.fig.axes[0]
    shown = chart.data[chart.data["shown"]] if "shown" in chart.data else chart.data
    labels = list(dict.fromkeys(shown[label]))
    totals = shown.groupby(label, sort=False)[value].sum()
    first = shown.drop_duplicates(label).set_index(label)
    for n, lab in enumerate(labels):
        sid = first.source_id[lab]
        tag(ax.text(totals[lab], n, f" {first[text][lab]}", va="center", fontsize=8.5), sid, len(shown) + n)
    top_value = float(totals.max()) if len(totals) else 1.0
    ax.set_xlim(0, (top_value or 1.0) * room)
    return chart


__all__ += ["stack_totals"]
