"""How the site writes a table cell, a number, a fact's value, an outlet and a date: through
``baimo.formatting``, so a page never shows NaN, scientific notation or a year as "2,024"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from baimo import facts, formatting

#: An article whose outlet the manifest does not state, as a reader sees it.
NO_OUTLET_EN = "no outlet stated"
_YEAR_COLUMN = re.compile(r"(?:^|_)years?(?:$|_(?:low|high|start|end))|^year_|_year$")
_PER_YEAR = re.compile(r"per_year")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def text(v) -> str:
    """A table cell as text: missing and NaN/NA are empty."""
    if v is None:
        return ""
    try:
        if v != v:  # NaN / NA
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def number(x) -> str:
    """A number as a reader reads it: ``formatting.number`` with six significant figures below a
    billion, a scale word or a power of ten above (``2.1×10²⁵``); text stays text."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x or "")
    if x != x:  # NaN
        return ""
    if abs(x) >= 1e9:
        return formatting.scaled(x, digits=4)
    return formatting.number(x, digits=6)


def value(row: dict) -> str:
    """A fact's or reference's value with its unit and hedge: ``≈50–60%``, ``1 CNY per million tokens``."""
    unit = text(row.get("unit")) or None
    per = text(row.get("per")) or None
    qualifier = text(row.get("qualifier")) or None
    low, high = row.get("low"), row.get("high")
    if formatting.missing(low) or text(low) == "":
        return ""
    try:
        return formatting.value(float(low), None if text(high) == "" else float(high), unit, per, qualifier)
    except (TypeError, ValueError):
        return text(low)


def summary(row: dict) -> str:
    """``entity · metric · period: value`` (empty parts left out)."""
    head = " · ".join(x for x in (text(row.get("entity")), text(row.get("metric")), text(row.get("period"))) if x)
    return f"{head}: {value(row)}"


def outlet(raw) -> str:
    """An article's outlet, short (``24直播网 (repost of …)`` → ``24直播网``); none stated → ``未署名``."""
    return facts.short_outlet(raw)


def outlet_long(raw) -> str:
    """The outlet as the article page states it: in full, or ``未署名 (no outlet stated)``."""
    short = facts.short_outlet(raw)
    return f"{short} ({NO_OUTLET_EN})" if short == facts.NO_OUTLET else text(raw)


def cell(value: str, column: str, row: dict | None = None) -> str:
    """A cell of a figure's CSV as its sources page shows it: numbers formatted (years as years: in
    a year column, or in a row whose ``unit`` is ``year``), an unstated outlet named as such, text
    as it is."""
    if column == "outlet" and value in ("", "unknown"):
        return outlet(value)
    if not _NUMBER.fullmatch(value.strip()) or value.strip().lower() in ("nan", "inf", "-inf"):
        return value
    x = float(value)
    yearly = _YEAR_COLUMN.search(column) and not _PER_YEAR.search(column)
    if yearly or ((row or {}).get("unit") == "year" and 1000 <= abs(x) < 3000):
        return formatting.year(x)
    return number(x)


def date(value) -> str:
    """A run date: ISO text, a timestamp or a datetime → ``YYYY-MM-DD HH:MM[ UTC]``; other text as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
            return value.strftime("%Y-%m-%d %H:%M UTC")
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)
