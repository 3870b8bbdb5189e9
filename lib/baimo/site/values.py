"""How the site writes a table cell, a number, a fact's value and a date."""

from __future__ import annotations

from datetime import UTC, datetime


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
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x or "")
    if x != x:  # NaN
        return ""
    if x.is_integer() and abs(x) < 1e18:
        return f"{int(x):,}"
    return f"{x:,.6g}"


def value(row: dict) -> str:
    """A fact's or reference's value: ``1–2 CNY per million tokens (list price)``."""
    low, high = number(row.get("low")), number(row.get("high"))
    v = low if low == high or not high else f"{low}–{high}"
    unit = row.get("unit") or ""
    unit = "" if unit == "none" else unit
    per = f" per {row['per'].replace('_', ' ')}" if row.get("per") else ""
    qual = f" ({row['qualifier']})" if row.get("qualifier") else ""
    return f"{v} {unit}{per}{qual}".replace("  ", " ").strip()


def summary(row: dict) -> str:
    """``entity · metric · period: value`` (empty parts left out)."""
    head = " · ".join(x for x in (text(row.get("entity")), text(row.get("metric")), text(row.get("period"))) if x)
    return f"{head}: {value(row)}"


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
