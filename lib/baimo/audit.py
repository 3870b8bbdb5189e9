"""Arithmetic for claim checks: small pure functions, each a formula a reader can verify by hand.

Rates are fractions (0.304 for 30.4%). Nothing here reads files; the claims-audit notebook feeds
these functions values from the facts, references and assumptions tables.
"""

from __future__ import annotations

import calendar
import math

CONSISTENT, INCONSISTENT, UNVERIFIABLE = "consistent", "inconsistent", "unverifiable"
PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "day": 365}


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate taking ``start`` to ``end`` in ``years``."""
    if start <= 0 or end <= 0 or years <= 0:
        raise ValueError("cagr needs positive start, end and years")
    return (end / start) ** (1 / years) - 1


def project(start: float, rate: float, years: float) -> float:
    """``start`` grown at ``rate`` a year for ``years``."""
    return start * (1 + rate) ** years


def implied_base(end: float, rate: float, years: float) -> float:
    """The starting value that grows to ``end`` at ``rate`` a year over ``years``."""
    return end / (1 + rate) ** years


def multiple(new: float, old: float) -> float:
    """How many times ``old`` fits in ``new`` (``new / old``)."""
    return new / old


def growth_readings(new: float, old: float) -> dict[str, float]:
    """Chinese "增长N倍" is read two ways: N = new/old ("×N") or N = new/old − 1 ("增长了N倍")."""
    return {"times": new / old, "increase": new / old - 1}


def annualise(value: float, per: str) -> float:
    """A per-period amount scaled to a year (quarter ×4, month ×12, day ×365)."""
    try:
        return value * PERIODS_PER_YEAR[per]
    except KeyError:
        raise ValueError(f"cannot annualise per={per!r}; known: {sorted(PERIODS_PER_YEAR)}") from None


def convert(amount: float, rate: float) -> float:
    """Currency conversion: ``amount`` in A at ``rate`` B per A (e.g. CNY→USD with rate 1/7.2)."""
    return amount * rate


def training_flops(parameters: float, tokens: float) -> float:
    """The standard 6·N·D estimate of dense-transformer training compute, in FLOP."""
    return 6 * parameters * tokens


def training_days(flops: float, gpus: int, peak_flops_per_gpu: float, mfu: float) -> float:
    """Wall-clock days to do ``flops`` on ``gpus`` at model FLOP utilisation ``mfu``."""
    if not 0 < mfu <= 1:
        raise ValueError(f"mfu must be in (0, 1], got {mfu}")
    return flops / (gpus * peak_flops_per_gpu * mfu) / 86_400


def compound_error(per_step: float, steps: int) -> float:
    """Probability that at least one of ``steps`` independent steps fails at ``per_step`` each."""
    return 1 - (1 - per_step) ** steps


def share_total(shares: list[float]) -> float:
    """Sum of percentage shares (a survey's parts should sum to about 100)."""
    return math.fsum(shares)


def verdict(observed: float | None, expected: float | None, rel_tol: float) -> str:
    """consistent when ``observed`` is within ``rel_tol`` (relative) of ``expected``."""
    if observed is None or expected is None or (isinstance(observed, float) and math.isnan(observed)):
        return UNVERIFIABLE
    return CONSISTENT if math.isclose(observed, expected, rel_tol=rel_tol) else INCONSISTENT


def within(value: float, low: float, high: float) -> str:
    """consistent when ``value`` falls in [low, high]."""
    return CONSISTENT if low <= value <= high else INCONSISTENT


HOURS_PER_DAY = 24


def gpu_hours(gpus: float, days: float) -> float:
    """GPU-hours of ``gpus`` cards busy for ``days`` days (the unit GPU time is billed in)."""
    return gpus * days * HOURS_PER_DAY


def training_gpu_hours(flops: float, peak_flops_per_gpu: float, mfu: float) -> float:
    """GPU-hours to do ``flops`` at ``mfu``: the same on any cluster size when scaling is linear."""
    return gpu_hours(1, training_days(flops, 1, peak_flops_per_gpu, mfu))


def decimal_year(date: str) -> float:
    """A calendar date as a fractional year, for drawing and comparing dates on one axis.

    ``"2024"`` → 2024.0 (the start of the year); ``"2024-06"`` → 2024.5 (the end of June: each
    month is a twelfth of the year, so 年中 "mid-2024" read as 2024-06 is 2024.5);
    ``"2024-08-15"`` → the end of that day, the day taken as a fraction of its month's twelfth.
    """
    parts = str(date).strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"decimal_year needs YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}")
    year = int(parts[0])
    if len(parts) == 1:
        return float(year)
    month = int(parts[1])
    if not 1 <= month <= 12:
        raise ValueError(f"decimal_year: month {month} out of range in {date!r}")
    if len(parts) == 2:
        return year + month / 12
    days = calendar.monthrange(year, month)[1]
    day = int(parts[2])
    if not 1 <= day <= days:
        raise ValueError(f"decimal_year: day {day} out of range in {date!r}")
    return year + (month - 1) / 12 + day / days / 12


def price_cut(before: float, after: float) -> float:
    """The cut taking a price from ``before`` to ``after``, as a fraction: 1 − after / before.

    20 → 0.5 元 is 0.975 (a "97.5%" cut); a free ``after`` is a cut of 1.
    """
    if before <= 0 or after < 0:
        raise ValueError("price_cut needs a positive before and a non-negative after price")
    return 1 - after / before


def price_before_cut(after: float, cut: float) -> float:
    """The price a fractional ``cut`` started from when it left ``after``: after / (1 − cut).

    The inverse of :func:`price_cut`; a cut of 1 (to free) leaves no trace of the old price.
    """
    if not 0 <= cut < 1:
        raise ValueError(f"price_before_cut needs a cut in [0, 1), got {cut}")
    return after / (1 - cut)


def growth_split(growth: float, share: float) -> dict[str, float]:
    """A business grew by ``growth`` and ``share`` of the new total comes from one part (both
    fractions): the new ``total``, that ``part`` and the ``rest``, each as a multiple of the old
    total, and ``part_of_growth_max``, the most of the growth the part can account for (reached
    when it was zero before; capped at 1).
    """
    if growth <= 0 or not 0 <= share <= 1:
        raise ValueError("growth_split needs growth > 0 and 0 <= share <= 1")
    total = 1 + growth
    part = total * share
    return {"total": total, "part": part, "rest": total - part, "part_of_growth_max": min(part / growth, 1.0)}
