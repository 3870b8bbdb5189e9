"""The claims audit's machinery: what a check reads, how a claim becomes a row, how a number is read.

A check reads its inputs by id (``facts.value``, through :class:`Inputs`, which records every id)
and adds one row per claim with :meth:`Check.add`: a *computed* interval (from the inputs'
arithmetic, or a reference's stated value) against the *claimed* one. Both sides of a comparison
are intervals read by ``baimo.audit.stated``: a qualifier (超过, 不到, 近, 高达, 约) and the number's
written precision widen it; ``seeds/claims_reviews.csv`` overrides the reading where a reviewer
decided otherwise (``audit_reading``: a "threshold" whose 超过 qualifies something else). The
verdict is ``audit.judge``'s: the gap between the nearest ends against the tolerance, and the
rule that decided it. A row also names the hedged figures it rests on (据报道, 预计 …).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from baimo import audit, facts, formatting

PCT = 100  # percent in a whole: shares of a whole add to PCT, and 30.4% is 30.4 / PCT
INF = math.inf
RATE_ID = "A-cny-per-usd"
TOLERANCE_ID = "A-tolerance-relative"
VERDICTS = (audit.CONSISTENT, audit.INCONSISTENT, audit.UNVERIFIABLE)
VERDICT_NAMES = {
    audit.CONSISTENT: "一致 consistent",
    audit.INCONSISTENT: "不一致 inconsistent",
    audit.UNVERIFIABLE: "无从核对 unverifiable",
}
#: The columns a reader sees (column → heading): a check's verdicts, the rows it reads, the summary.
RESULT = {"label": "claim checked", "computed": "computed", "verdict": "verdict", "rule": "decided by"}
INPUTS = {"source_id": "id", "what": "what", "value": "value", "hedge": "hedge", "quote": "quote", "source": "source"}
SUMMARY = {
    "check": "check",
    "label": "claim checked",
    "claim": "quote",
    "verdict": "verdict",
    "rule": "decided by",
    "hedged": "rests on hedged figures",
    "source_id": "ids",
}
COLUMNS = [
    "check",
    "theme",
    "label",
    "fact_id",
    "claim",
    "computed",
    "verdict",
    "rule",
    "claimed_reading",
    "computed_reading",
    "computed_low",
    "computed_high",
    "claimed_low",
    "claimed_high",
    "tolerance",
    "unit",
    "distance_in_tolerances",
    "hedged",
    "uses_rate",
    "source_id",
]


class Inputs:
    """The rows one claim reads, in order: ``v("F-…")`` is ``facts.value`` and records the id."""

    def __init__(self, into: list[str]):
        self.ids: list[str] = []
        self._into = into

    def __call__(self, source_id: str, *, override: float | None = None) -> facts.Value:
        self.ids.append(source_id)
        self._into.append(source_id)
        return facts.value(source_id, override=override)

    @property
    def source_id(self) -> str:
        return ";".join(dict.fromkeys(self.ids))


def audit_readings() -> dict[str, str]:
    """id → the reading a reviewer chose (``seeds/claims_reviews.csv``, column ``audit_reading``)."""
    reviews = facts.curated("claims_reviews")
    return {r.source_id: r.audit_reading for r in reviews.itertuples() if r.audit_reading}


def stated(v: facts.Value) -> audit.Interval:
    """A fact's or reference's value as the interval it claims (``audit.stated``): its qualifier,
    the words that write it in its quote and its written precision, or a reviewer's reading."""
    return audit.stated(v.low, v.high, v.qualifier, v.words, v.unit, audit_readings().get(v.id, ""))


def when(v: facts.Value) -> audit.Interval:
    """The span of time a fact's or reference's period covers (``audit.period_interval``)."""
    return audit.period_interval(v.period)


def hedged(ids) -> str:
    """The hedges of the facts among ``ids``: "据报道 (F-…); 预计 (F-…)"; "" when none is hedged."""
    out = []
    for i in dict.fromkeys(ids):
        if i.startswith("F-") and (h := facts.value(i).hedge):
            out.append(f"{h} ({i})")
    return "; ".join(out)


@dataclass
class Check:
    """One check of the audit (``check`` is its anchor in the chapter): its claims' rows, the
    numbers its prose quotes (``derived``) and every id it read (``ids``)."""

    check: str
    theme: str
    claims: list[dict] = field(default_factory=list)
    derived: dict[str, float] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)

    def reader(self) -> Inputs:
        return Inputs(self.ids)

    def add(
        self,
        read: Inputs,
        label: str,
        claim_id: str,
        computed: audit.Interval | facts.Value,
        text: str,
        *,
        claimed: audit.Interval | None | str = "stated",
        unit: str | None = None,
        tolerance: float | None = None,
        base: float | None = None,
        bare: tuple[float, float] | None = None,
    ) -> None:
        """A claim's row. ``computed``: an interval, or a stated value (a reference) read as one.
        ``claimed``: "stated" reads the claim's own fact (:func:`stated`); an interval (taken as it
        is: a period, a whole); None when nothing can hold the computation (unverifiable). The
        tolerance defaults to A-tolerance-relative of ``base`` (default: the claimed value as
        stated); ``bare`` is the computed value before an input's qualifier widened it (the
        verdict names the readings when the bare numbers would give the other verdict)."""
        claim = read(claim_id)
        if isinstance(computed, facts.Value):
            bare, computed = bare or (computed.low, computed.high), stated(computed)
        bare, bare_claim = bare or computed.bounds, claimed.bounds if isinstance(claimed, audit.Interval) else None
        if isinstance(claimed, str):
            claimed, bare_claim = stated(claim), (claim.low, claim.high)
        if base is None:
            base = bare_claim[0] if bare_claim and math.isfinite(bare_claim[0]) else claim.low
        if claimed is not None and tolerance is None:
            tolerance = read(TOLERANCE_ID).value * abs(base)
        judged = audit.judge(computed, claimed, tolerance or 0.0, as_stated=(bare, bare_claim) if claimed else None)
        k_lo, k_hi, reading = (claimed.low, claimed.high, claimed.reading) if claimed else (math.nan, math.nan, "")
        row = {"check": self.check, "theme": self.theme, "label": label, "fact_id": claim_id, "claim": claim.quote}
        row |= {"computed": text, "verdict": judged.verdict, "rule": judged.rule}
        row |= {"claimed_reading": reading, "computed_reading": computed.reading}
        row |= {"computed_low": computed.low, "computed_high": computed.high, "claimed_low": k_lo, "claimed_high": k_hi}
        row |= {"tolerance": tolerance if claimed else math.nan, "unit": unit or claim.unit}
        row |= {"distance_in_tolerances": judged.distance, "hedged": hedged(read.ids)}
        row |= {"uses_rate": RATE_ID in read.ids, "source_id": read.source_id}
        self.claims.append(row)

    @property
    def rows(self) -> pd.DataFrame:
        return pd.DataFrame(self.claims, columns=COLUMNS)


def n(x: float) -> str:
    """A number as the computed column writes it: 1.5 bn, 0.8, 98.9."""
    return formatting.scaled(x)


def amount(v: facts.Value) -> str:
    """A stated value's low end in its unit: 97%, 0.8 CNY per million tokens."""
    return formatting.amount(v.low, v.unit, v.per)


def rate(v: Inputs, override: float | None) -> float:
    """The CNY/USD rate, read (and recorded) through ``v``; ``override`` is the chapter's parameter."""
    return v(RATE_ID, override=override).value
