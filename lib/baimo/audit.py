"""Arithmetic for claim checks: small pure functions, each a formula a reader can verify by hand.

Rates are fractions (0.304 for 30.4%). Nothing here reads files; the claims-audit notebook feeds
these functions values from the facts, references and assumptions tables.
"""
from __future__ import annotations

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
