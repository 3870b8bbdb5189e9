"""Arithmetic for claim checks: small pure functions, each a formula a reader can verify by hand.

Rates are fractions (0.304 for 30.4%). Nothing here reads files; the claims-audit notebook feeds
these functions values from the facts, references and assumptions tables.

How a stated number is compared is here too, once: :func:`stated` reads a number as the interval
its words claim (超过 X → [X, ∞); 不到/至多/近 X → (−∞, X]; 高达, 约 and a number as written →
X ± half a unit of its last written digit, :func:`half_unit`; ranges stay ranges), and
:func:`judge` holds a computed interval against a claimed one — consistent when the gap between
their nearest ends is within the tolerance — naming the rule that decided it.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from decimal import Decimal

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


# ---------------------------------------------------------------------------------------------
# A stated number as the interval it claims, and two intervals judged against each other

INF = math.inf
#: 近/接近 X ("nearly X") reaches X from below: the words of quantities.lexicon that read as
#: "about" but mean "X or just under".
NEAR_WORDS = ("将近", "接近", "近乎", "近")
#: 高达 X ("as much as X") stresses that X is large; it states X, to its last digit.
AS_MUCH_AS = "高达"
#: How each reading turns a stated number into an interval (½ = half a unit of the last digit
#: the number is written to).
READINGS = {
    "over": "超过/逾/超/多/以上 X → [X, ∞)",
    "under": "不到/不足/至多/以内 X → (−∞, X]",
    "near": "近/接近 X → (−∞, X]",
    "as_much_as": "高达 X → [X − ½, X + ½]: about X, at most X + ½",
    "about": "约/左右/大约 X → [X − ½, X + ½]",
    "stated": "X as written → [X − ½, X + ½]",
    "threshold": "X that something must exceed (超过 qualifies the other side) → [X − ½, X + ½]",
    "range": "X–Y → [X, Y]",
    "year": "a calendar year → X (A-tolerance-year)",
    "period": "a period → its first to its last day",
    "computed": "computed from its inputs",
}
MEET, WITHIN, BEYOND, NO_CLAIM = "intervals meet", "gap within tolerance", "gap beyond tolerance", "nothing to compare"


@dataclass(frozen=True)
class Interval:
    """What a number claims: ``low``–``high`` (either may be infinite) and the reading that made it
    (a key of :data:`READINGS`, or a phrase for a computed interval)."""

    low: float
    high: float
    reading: str = "computed"

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)


@dataclass(frozen=True)
class Judgement:
    """A verdict on two intervals: the ``distance`` between their nearest ends in tolerances
    (0 when they meet; negative when the computed interval lies below the claimed one) and the
    ``rule`` that decided it."""

    verdict: str
    distance: float
    rule: str


def half_unit(x: float) -> float:
    """Half a unit of the last digit ``x`` is written to: 12万亿 (1.2e13) → 0.5万亿, 1.11 → 0.005,
    52.05 → 0.005. The zeros that end a round figure are not written digits: 200 → 50,
    6000亿 → 500亿. Zero and infinities have no digits: 0."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    exponent = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return 0.5 * 10.0**exponent


def stated(
    low: float, high: float, qualifier: str = "", words: str = "", unit: str = "", reading: str = ""
) -> Interval:
    """A stated number (``low``–``high``, with the qualifier extract() reads and the ``words`` that
    write it in its sentence) as the interval it claims. ``reading`` overrides the words where a
    reader decided otherwise ("threshold": 超过 qualifies what must clear X, not X).

    In order: a threshold is X ± ½; a calendar year is itself (``unit="year"``); 超过/逾/超/多 →
    [X, ∞); 不到/不足/至多 → (−∞, X]; 近/接近 → (−∞, X]; a range stays a range; 高达, 约/左右 and a
    number as written → X ± half a unit of its last written digit."""
    h = half_unit(low)
    if reading == "threshold":
        return Interval(low - h, high + h, "threshold")
    if unit == "year":
        return Interval(low, high, "year")
    if qualifier in ("over", "at_least"):
        return Interval(low, INF, "over")
    if qualifier in ("under", "up_to"):
        return Interval(-INF, high, "under")
    if qualifier == "about" and any(w in words for w in NEAR_WORDS):
        return Interval(-INF, high, "near")
    if low != high:
        return Interval(low, high, "range")
    if AS_MUCH_AS in words:
        return Interval(low - h, high + h, "as_much_as")
    return Interval(low - h, high + h, "about" if qualifier == "about" else "stated")


def period_interval(period: str) -> Interval:
    """A period as the span of years it covers: "2024" → [2024, 2025], "2024Q1" → [2024, 2024.25],
    "2024-06" → [2024 + 5/12, 2024.5] (the days of June, as :func:`decimal_year` counts them)."""
    text = str(period).strip()
    if len(text) == 6 and text[4] == "Q" and text[:4].isdigit() and text[5] in "1234":
        year, q = int(text[:4]), int(text[5])
        return Interval(year + (q - 1) / 4, year + q / 4, "period")
    parts = text.split("-")
    if len(parts) == 1:
        return Interval(decimal_year(text), decimal_year(text) + 1, "period")
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return Interval(year + (month - 1) / 12, decimal_year(text), "period")
    end = decimal_year(text)
    return Interval(end - 1 / 365, end, "period")


def gap(computed: tuple[float, float], claimed: tuple[float, float]) -> float:
    """The distance between the nearest ends of two intervals: 0 when they meet, positive when the
    computed one lies above the claimed one, negative when below."""
    (c_lo, c_hi), (k_lo, k_hi) = computed, claimed
    if c_lo > k_hi:
        return c_lo - k_hi
    if c_hi < k_lo:
        return c_hi - k_lo
    return 0.0


def judge(
    computed: Interval, claimed: Interval | None, tolerance: float, *, as_stated: tuple | None = None
) -> Judgement:
    """The verdict on a computed interval against a claimed one: consistent when the gap between
    their nearest ends is at most ``tolerance`` (an absolute amount, e.g. A-tolerance-relative of
    the claim). ``claimed=None``: nothing to hold it against (unverifiable).

    ``as_stated`` — the two intervals as bare numbers ((computed low, high), (claimed low, high)),
    before any qualifier or precision widened them: when they give the other verdict, the rule
    names the readings that decided it."""
    if claimed is None:
        return Judgement(UNVERIFIABLE, math.nan, NO_CLAIM)
    g = gap(computed.bounds, claimed.bounds)
    distance = g / tolerance if tolerance else (0.0 if g == 0 else math.copysign(INF, g))
    verdict = CONSISTENT if abs(g) <= tolerance else INCONSISTENT
    rule = MEET if g == 0 else WITHIN if verdict == CONSISTENT else BEYOND
    if as_stated is not None and (abs(gap(*as_stated)) <= tolerance) != (verdict == CONSISTENT):
        rule += f", as read: claim {claimed.reading}, computed {computed.reading}"
    return Judgement(verdict, distance, rule)
