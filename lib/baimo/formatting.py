"""One formatter for every number a reader sees: in charts, tables and prose alike.

``number`` (thousands separators, no scientific notation), ``scaled`` (48.0 bn / 480亿),
``money`` (¥ / $ with a scale, or 元 per million tokens), ``percent``, ``year`` and ``years``
(never "2,024"), ``value`` (a fact's interval with its qualifier mark: ≈50–60%, >90%), and
``QUALIFIER_MARK`` — how a hedge is written on a chart. Missing values read as a dash.
"""

from __future__ import annotations

import math
from numbers import Number

import pandas as pd

DASH = "–"
MISSING = "—"
#: How a qualifier is written before a number on a chart or in a table.
QUALIFIER_MARK = {"over": ">", "at_least": "≥", "under": "<", "up_to": "≤", "about": "≈"}
#: Units as a reader names them; per-unit rates read "CNY per million tokens".
UNIT_NAMES = {
    "CNY": "CNY",
    "USD": "USD",
    "percent": "%",
    "none": "",
    "count": "",
    "gpus": "GPUs",
    "tokens": "tokens",
    "days": "days",
    "months": "months",
    "years": "years",
    "year": "",
    "FLOP": "FLOP",
    "times": "×",
    "parameters": "parameters",
    "percentage_points": "pp",
    "fraction": "",
    "characters": "characters",
}
PER_NAMES = {
    "million_tokens": "million tokens",
    "thousand_tokens": "thousand tokens",
    "year": "year",
    "quarter": "quarter",
    "month": "month",
    "day": "day",
}
_SCALES_EN = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SCALES_ZH = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (not isinstance(x, str) and pd.isna(x))


def number(x, digits: int = 3) -> str:
    """Thousands separators, ``digits`` significant figures below 10**digits (1234.5 → "1,234",
    12.345 → "12.3", 0.0008 → "0.0008", 97.0 → "97"), never scientific notation; missing → "—"."""
    if missing(x):
        return MISSING
    x = float(x)
    if x == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def scaled(x, lang: str = "en", digits: int = 3) -> str:
    """4.8e10 → "48 bn" (en) or "480亿" (zh); below a million (en) / ten thousand (zh): ``number``;
    from 10^15 up, a power of ten written out (3.15e23 → "3.15×10²³", never "e+")."""
    if missing(x):
        return MISSING
    if abs(x) >= 1e15:
        exponent = math.floor(math.log10(abs(x)))
        return f"{number(x / 10**exponent, digits)}×10{str(exponent).translate(_SUPERSCRIPT)}"
    for div, suffix in _SCALES_EN if lang == "en" else _SCALES_ZH:
        if abs(x) >= div:
            return f"{number(x / div, digits)}{' ' if lang == 'en' else ''}{suffix}"
    return number(x, digits)


def money(x, unit: str, *, per: str | None = None, lang: str = "en") -> str:
    """¥160 bn, $48 bn; with ``per``: "0.8 CNY per million tokens". ``lang="zh"``: 1,600亿元, 480亿美元."""
    if missing(x):
        return MISSING
    if per:
        return f"{scaled(x)} {unit} per {PER_NAMES.get(per, per.replace('_', ' '))}"
    if lang == "zh":
        return f"{scaled(x, 'zh')}{'元' if unit == 'CNY' else '美元' if unit == 'USD' else unit}"
    sign = {"CNY": "¥", "USD": "$"}.get(unit)
    return f"{sign}{scaled(x)}" if sign else f"{scaled(x)} {unit}"


def percent(x, *, fraction: bool = False, digits: int = 3) -> str:
    """97 → "97%"; with ``fraction``, 0.97 → "97%"."""
    if missing(x):
        return MISSING
    return f"{number(float(x) * (100 if fraction else 1), digits)}%"


def year(x) -> str:
    """2024.0 → "2024" (never "2,024"); a fractional year keeps one decimal: 2026.5."""
    if missing(x):
        return MISSING
    x = float(x)
    return f"{x:.0f}" if x == round(x) else f"{x:.1f}"


def years(low, high) -> str:
    return year(low) if missing(high) or float(low) == float(high) else f"{year(low)}{DASH}{year(high)}"


def unit_name(unit: str | None, per: str | None = None) -> str:
    """ "CNY per million tokens", "%", "GPUs"."""
    name = UNIT_NAMES.get(unit or "", unit or "")
    return f"{name} per {PER_NAMES.get(per, per.replace('_', ' '))}".strip() if per else name


def amount(x, unit: str | None = None, per: str | None = None) -> str:
    """One number in its unit, as a chart label or a table cell writes it."""
    if unit == "percent":
        return percent(x)
    if unit == "year":
        return year(x)
    if unit in ("CNY", "USD"):
        return money(x, unit, per=per)
    text = scaled(x)
    name = unit_name(unit, per)
    return f"{text} {name}".strip() if name not in ("", "×") else f"{text}{name}"


def value(low, high=None, unit: str | None = None, per: str | None = None, qualifier: str | None = None) -> str:
    """A stated value as an interval with its hedge: ">90%", "≈50–60%", "$3.4 bn", "2026–2032"."""
    if missing(low):
        return MISSING
    mark = QUALIFIER_MARK.get(qualifier or "", "") if not missing(qualifier) else ""
    if missing(high) or float(high) == float(low):
        return mark + amount(low, unit, per)
    if unit == "year":
        return mark + years(low, high)
    lo, hi = amount(low, unit, per), amount(high, unit, per)
    shared = _common_suffix(lo, hi)
    return f"{mark}{lo[: len(lo) - len(shared)] if shared else lo}{DASH}{hi}"


def _common_suffix(a: str, b: str) -> str:
    """The unit both ends share ("%", " bn", " CNY per million tokens"), written once."""
    i = 0
    while i < min(len(a), len(b)) and a[-1 - i] == b[-1 - i] and not a[-1 - i].isdigit():
        i += 1
    return a[len(a) - i :] if i else ""


def cell(x) -> str:
    """Any table cell: numbers formatted, missing as a dash, everything else as text."""
    if missing(x):
        return MISSING
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, Number):
        return number(x)
    return str(x)
