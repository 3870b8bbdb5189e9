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
out and the data keeps them, flagged ``shown = False``."""

from baimo.charts.adjust import color_labels, from_zero, legend_at, legend_below, stack_totals, whole_years
from baimo.charts.bars import bars, shares
from baimo.charts.base import GREY, INK, Chart, Series, tag, top, wrap
from baimo.charts.dots import arrows, dots
from baimo.charts.grids import heatmap
from baimo.charts.lines import lines, timeline

__all__ = [
    "GREY",
    "INK",
    "Chart",
    "Series",
    "arrows",
    "bars",
    "color_labels",
    "dots",
    "from_zero",
    "heatmap",
    "legend_at",
    "legend_below",
    "lines",
    "shares",
    "stack_totals",
    "tag",
    "timeline",
    "top",
    "whole_years",
    "wrap",
]
