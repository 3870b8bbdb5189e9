"""Small adjustments to a drawn chart: label colours, legends, whole-year ticks, a zero start."""

from __future__ import annotations

from matplotlib.patches import Patch

from baimo.charts.base import Chart, _color, tag, wrap


def color_labels(
    chart: Chart, colors: dict[str, str], legend: dict[str, str] | None = None, loc: str = "lower right"
) -> Chart:
    """Colour a chart's row labels (its y tick labels): ``colors`` maps a row label, as the chart's
    data writes it, to a colour or a theme key; labels it lacks keep their colour. ``legend`` (colour
    or theme key → name) adds a swatch per colour to the chart's legend, after its own entries, the
    legend placed at ``loc``."""
    ax = chart.fig.axes[0]
    by_text = {wrap(label): _color(c) for label, c in colors.items()}
    for tick in ax.get_yticklabels():
        if tick.get_text() in by_text:
            tick.set_color(by_text[tick.get_text()])
    if legend:
        old = ax.get_legend()
        handles = list(old.legend_handles) if old is not None else []
        handles += [Patch(color=_color(c), label=name) for c, name in legend.items()]
        ax.legend(handles=handles, loc=loc, fontsize=8)
    return chart


def whole_years(chart: Chart, column: str) -> Chart:
    """Tick a year axis (``lines(..., years=True)``) at the whole years of ``column`` only: left
    to matplotlib a span of a few years is ticked at halves (2024.5)."""
    years = sorted({int(v) for v in chart.data[column].dropna() if float(v) == int(v)})
    chart.fig.axes[0].set_xticks(years)
    return chart


def from_zero(chart: Chart, room: float = 1.3) -> Chart:
    """A linear value axis that starts at zero (a hair before it), with ``room`` × the largest value
    on the right for the value labels. ``dots`` leaves matplotlib's autoscale, which starts at the
    smallest value: a gap between two large numbers then looks like a gap between one and nothing."""
    ax = chart.fig.axes[0]
    hi = max(x for line in ax.get_lines() for x in line.get_xdata()) if ax.get_lines() else 1
    hi = hi if hi > 0 else 1
    ax.set_xlim(-hi * 0.02, hi * room)  # a hair left of zero, so a mark at zero is drawn whole
    return chart


def legend_at(chart: Chart, loc: str | None) -> Chart:
    """Move the chart's legend to ``loc`` (a matplotlib location, e.g. "upper left"), or drop it
    (``None``) when the row labels already say what the series are."""
    ax = chart.fig.axes[0]
    old = ax.get_legend()
    if old is None:
        return chart
    if loc is None:
        old.remove()
        return chart
    handles, labels = old.legend_handles, [t.get_text() for t in old.get_texts()]
    ax.legend(handles=handles, labels=labels, loc=loc, fontsize=8, numpoints=1)
    return chart


def legend_below(chart: Chart, ncols: int = 2, fontsize: float = 8) -> Chart:
    """Move a chart's legend under the x-axis label, in ``ncols`` columns: for a chart whose lower
    right (where ``dots`` and ``bars`` put the legend) holds marks or labels. The gap is measured
    (tick labels and x label, in points), so it holds at any dpi and the layout makes room for it."""
    fig = chart.fig
    fig.draw_without_rendering()  # places the tick labels and the x label, to measure them
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        legend.remove()
        below = ax.get_window_extent().y0 - ax.xaxis.label.get_window_extent().y0  # pixels
        ax.legend(
            handles=handles,
            labels=labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            borderaxespad=(below * 72 / fig.dpi + 6) / fontsize,
            ncols=ncols,
            fontsize=fontsize,
            numpoints=1,
        )
    return chart


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
