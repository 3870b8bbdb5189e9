"""Chapter 05: the claims audit — the articles' arithmetic redone, and each claim judged.

Every check reads its inputs by id (``facts.value``: facts, references, assumptions; the curated
rows of ``seeds/claims_*.csv``), does its arithmetic with ``baimo.audit`` and returns a
:class:`Check`: the audit rows (one per claim: the computed and the claimed interval, the
tolerance, the verdict, the distance in tolerances and, in ``source_id``, every id the row read),
the derived numbers the chapter's prose quotes, and every id the check read. A claimed interval
is what the claim's hedge implies (超过 opens it upwards, 不足/至多 downwards); a claim with
nothing to hold it against is *unverifiable* and keeps no claimed interval.

:func:`audit_table` runs every check; :func:`verdicts`, :func:`training_days`,
:func:`exhaustion_dates` and :func:`claims_by_article` are the chapter's figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from baimo import audit, charts, facts, formatting, names, provenance, themes
from baimo.analyses.common import Titles, article_labels, count_words, outlet

PCT = 100  # percent in a whole: shares of a whole add to PCT, and 30.4% is 30.4 / PCT
INF = math.inf
VERDICTS = (audit.CONSISTENT, audit.INCONSISTENT, audit.UNVERIFIABLE)
VERDICT_NAMES = {
    audit.CONSISTENT: "一致 consistent",
    audit.INCONSISTENT: "不一致 inconsistent",
    audit.UNVERIFIABLE: "无从核对 unverifiable",
}
#: A distance beyond this many tolerances is drawn at the edge of the verdicts chart (its value written).
CLIP_TOLERANCES = 4.0
RATE_ID = "A-cny-per-usd"
#: The columns a reader sees (column → heading): a check's verdicts, the rows it reads, the summary.
RESULT = {"label": "claim checked", "computed": "computed", "verdict": "verdict"}
INPUTS = {"source_id": "id", "what": "what", "value": "value", "quote": "quote", "source": "source"}
SUMMARY = {
    "check": "check",
    "label": "claim checked",
    "claim": "quote",
    "computed": "computed",
    "verdict": "verdict",
    "source_id": "ids",
}
THEME_COLUMNS = {"theme_name": "theme"} | {v: v for v in VERDICTS}
COLUMNS = [
    "check",
    "theme",
    "label",
    "fact_id",
    "claim",
    "computed",
    "verdict",
    "computed_low",
    "computed_high",
    "claimed_low",
    "claimed_high",
    "tolerance",
    "unit",
    "distance_in_tolerances",
    "uses_rate",
    "source_id",
]


# ---------------------------------------------------------------------------------------------
# A check: its reads, its rows, its verdicts


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


def judge(computed: tuple[float, float], claimed: tuple[float, float], tolerance: float) -> tuple[str, float]:
    """The verdict for a computed interval against a claimed one, and the gap between the two in
    tolerances (0 when they overlap; negative when the computed value falls short of the claim)."""
    (c_lo, c_hi), (k_lo, k_hi) = computed, claimed
    gap = c_lo - k_hi if c_lo > k_hi else c_hi - k_lo if c_hi < k_lo else 0.0
    distance = gap / tolerance if tolerance else (0.0 if gap == 0 else math.copysign(INF, gap))
    return audit.within(gap, -tolerance, tolerance), distance


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

    def add(self, read: Inputs, label, claim_id, computed, claimed, unit, text, *, tolerance=None, base=None) -> None:
        """A claim's row. ``claimed=None``: nothing to hold the computation against (unverifiable).
        The tolerance defaults to A-tolerance-relative of ``base`` (default: the claim's low end)."""
        if claimed is None:
            verdict, distance, claimed, tolerance = audit.UNVERIFIABLE, math.nan, (math.nan, math.nan), math.nan
        else:
            if tolerance is None:
                tolerance = read("A-tolerance-relative").value * abs(claimed[0] if base is None else base)
            verdict, distance = judge(computed, claimed, tolerance)
        row = {"check": self.check, "theme": self.theme, "label": label, "fact_id": claim_id}
        row |= {"claim": facts.value(claim_id).quote, "computed": text, "verdict": verdict}
        row |= {"computed_low": computed[0], "computed_high": computed[1]}
        row |= {"claimed_low": claimed[0], "claimed_high": claimed[1], "tolerance": tolerance, "unit": unit}
        row |= {"distance_in_tolerances": distance, "uses_rate": RATE_ID in read.ids, "source_id": read.source_id}
        self.claims.append(row)

    @property
    def rows(self) -> pd.DataFrame:
        return pd.DataFrame(self.claims, columns=COLUMNS)


#: The checks in the chapter's order, as (function, whether it takes the ``rate`` parameter).
CHECKS: list[tuple[Callable[..., Check], bool]] = []


def _registered(uses_rate: bool = False):
    def register(fn):
        CHECKS.append((fn, uses_rate))
        return fn

    return register


def _n(x: float) -> str:
    """A number as the computed column writes it: 1.5 bn, 0.8, 98.9."""
    return formatting.scaled(x)


def _amount(v: facts.Value) -> str:
    """A stated value's low end in its unit: 97%, 0.8 CNY per million tokens."""
    return formatting.amount(v.low, v.unit, v.per)


def _rate(v: Inputs, rate: float | None) -> float:
    return v(RATE_ID, override=rate).value


# ---------------------------------------------------------------------------------------------
# Price war


@_registered()
def developer_spend() -> Check:
    """The developer's half-month bill scaled to a month, against the headline 直降超过90%.
    半个多月 is more than half a month: the monthly figure is an upper bound, the fall a lower one."""
    c = Check("check-developer-spend", "price_war")
    v = c.reader()
    before, after = v("F-developer-spend-before").value, v("F-developer-spend-after").value
    v("F-developer-spend-after-span")  # 半个多月: over half a month, so the scaling is an upper bound
    after_month = after * v("A-month-days").value / v("A-half-month-days").value
    fall = PCT * audit.price_cut(before, after_month)
    text = f"{_n(after_month)} CNY a month against {_n(before)}: spend fell {fall:.1f}%"
    label = "Developer's bill fell by more than the headline cut"
    c.add(v, label, "F-developer-spend-after", (fall, fall), v("F-api-price-cut-dingjiao").interval, "percent", text)
    prices = c.reader()
    c.derived = {
        "after_month": after_month,
        "tokens_low": after_month / prices("R-deepseek-v2-output").high,
        "tokens_high": after_month / prices("R-deepseek-v2-input").low,
    }
    return c


@_registered()
def price_cuts() -> Check:
    """The prices and cuts the articles quote against the May 2024 announcements, then the headline
    "over 90%" against each vendor's deepest announced cut (``seeds/claims_price_cuts.csv``)."""
    c = Check("check-price-cuts", "price_war")
    for r in facts.curated("claims_price_cuts").itertuples(index=False):
        v = c.reader()
        claim, ref = v(r.fact_id), v(r.ref_id)
        who = names.label(names.company(r.entity))
        if r.kind == "quoted":
            computed, label = (ref.low, ref.high), f"{who}: {r.what}"
            text = f"article {_amount(claim)}, announced {_amount(ref)}"
        else:
            computed, label = (ref.high, ref.high), f"直降超过{claim.low:g}% vs {who} ({r.what})"
            text = f"{who}: {_n(ref.high)}%"
        c.add(v, label, r.fact_id, computed, claim.interval, claim.unit, text)
    return c


# ---------------------------------------------------------------------------------------------
# Monetization

#: 增长N倍 read two ways (``audit.growth_readings``): N = new / old ("×N") or N = new / old − 1 ("+N×").
READINGS = (("times", "×N"), ("increase", "+N×"))
_SPANS = (
    ("since May", "F-wenxin-daily-calls-2024-05", "F-wenxin-growth-since-may"),
    ("over a year", "F-wenxin-daily-calls-2023", "F-wenxin-growth-year"),
)


@_registered()
def wenxin_daily_calls() -> Check:
    """文心's daily calls: the stated multiples since May and over a year, with 增长N倍 read as ×N
    and as +N×."""
    c = Check("check-wenxin-daily-calls", "monetization")
    for reading, how in READINGS:
        for span, old_id, growth_id in _SPANS:
            v = c.reader()
            new, old = v("F-wenxin-daily-calls-2024-11").value, v(old_id).value
            n = audit.growth_readings(new, old)[reading]
            text = f"{_n(new)} / {_n(old)}: N = {n:.2f} when read as {how}"
            c.add(
                v, f"ERNIE calls {span}, 增长N倍 read as {how}", growth_id, (n, n), v(growth_id).interval, "times", text
            )
    may, growth = facts.value("F-wenxin-daily-calls-2024-05").value, facts.value("F-wenxin-growth-since-may").low
    c.derived = {
        "may": may,
        "may_if_increase": may * (1 + growth),
        "new": facts.value("F-wenxin-daily-calls-2024-11").low,
    }
    return c


@_registered()
def openai_2024() -> Check:
    """OpenAI's 2024 loss and revenue as two articles give them: consistent when the ranges meet."""
    c = Check("check-openai-2024", "monetization")
    v = c.reader()
    loss_a, loss_b = v("F-openai-loss-2024-ai-guangnian").interval, v("F-openai-loss-2024-forum").interval
    text = f"{_n(loss_a[0])}–{_n(loss_a[1])} against about {_n(loss_b[0])} USD"
    c.add(v, "OpenAI 2024 loss, two articles", "F-openai-loss-2024-forum", loss_a, loss_b, "USD", text)
    v = c.reader()
    rev_a, rev_b = v("F-openai-revenue-2024-ai-guangnian").interval, v("F-openai-revenue-early-2024-forum").interval
    text = f"{_n(rev_a[0])}–{_n(rev_a[1])} for the year against a run rate over {_n(rev_b[0])} USD at its start"
    c.add(
        v, "OpenAI 2024 revenue vs early-2024 run rate", "F-openai-revenue-2024-ai-guangnian", rev_a, rev_b, "USD", text
    )
    c.derived = {"spend_low": rev_a[0] + loss_a[0], "spend_high": rev_a[1] + loss_a[1]}
    return c


@_registered(uses_rate=True)
def subscription_prices(rate: float | None = None) -> Check:
    """文心一言's monthly plan in USD as a share of ChatGPT's (``rate`` overrides A-cny-per-usd)."""
    c = Check("check-subscription-prices", "monetization")
    v = c.reader()
    wenxin, chatgpt, rate = v("F-wenxin-subscription"), v("F-chatgpt-subscription"), _rate(v, rate)
    usd = audit.convert(wenxin.value, 1 / rate)
    share = (usd / chatgpt.high, usd / chatgpt.low)
    text = f"{usd:.2f} USD a month at {rate:g} CNY per USD = {PCT * share[0]:.0f}–{PCT * share[1]:.0f}% of ChatGPT's"
    c.add(v, "ERNIE Bot 4.0 price as a share of ChatGPT's", "F-wenxin-subscription", share, None, "fraction", text)
    c.derived = {"usd": usd, "rate": rate}
    return c


def decimals(values) -> int:
    """Decimal places the values are written with (52.05 → 2; 69 → 0)."""
    return max(max(-Decimal(repr(float(v))).normalize().as_tuple().exponent, 0) for v in values)


@_registered()
def survey_shares() -> Check:
    """Shares that should make a whole (``seeds/claims_share_groups.csv``): the parts' sum against 100,
    allowed to miss by A-tolerance-share-sum units of the last decimal the shares are written with;
    a group with a ``whole_id`` must fit inside that share instead."""
    c = Check("check-survey-shares", "monetization")
    for g in facts.curated("claims_share_groups").itertuples(index=False):
        v = c.reader()
        parts = provenance.split_ids(g.part_ids)
        values = [v(i).value for i in parts]
        total, allowed = audit.share_total(values), v("A-tolerance-share-sum").value
        if g.whole_id:
            whole = v(g.whole_id).value
            claimed, text = (-INF, whole), f"parts add to {total:g}% ≤ {whole:g}%"
        else:
            allowed *= 10 ** -decimals(values)
            claimed, text = (PCT, PCT), f"parts add to {total:.2f}% (allowed miss {allowed:g} points)"
        c.add(v, g.label, parts[0], (total, total), claimed, "percent", text, tolerance=allowed)
    return c


@_registered()
def agent_error_compounding() -> Check:
    """The chance that at least one of the agent's steps fails, at the stated per-step error."""
    c = Check("check-agent-error-compounding", "monetization")
    v = c.reader()
    step, steps, claimed = v("F-agent-step-error"), v("F-agent-steps").value, v("F-agent-error-after-steps").interval
    after = tuple(PCT * audit.compound_error(p / PCT, int(steps)) for p in (step.low, step.high))
    text = f"{after[0]:.0f}–{after[1]:.0f}% after {steps:g} steps"
    c.add(v, "Agent error after N steps", "F-agent-error-after-steps", after, claimed, "percent", text)
    c.derived = {"threshold": PCT * (1 - (1 - claimed[0] / PCT) ** (1 / steps)), "claimed": claimed[0], "steps": steps}
    return c


@_registered()
def ai_market_2017_base() -> Check:
    """The 2017 global AI market that 30% a year must have started from to pass 6万亿美元 by 2025."""
    c = Check("check-ai-market-2017-base", "monetization")
    v = c.reader()
    market, rate, span = v("F-ai-market-2025"), v("F-ai-market-cagr"), v("F-ai-market-cagr-years")
    years = span.high - span.low
    base = audit.implied_base(market.value, rate.value / PCT, years)
    text = f"a {formatting.year(span.low)} base of at least {_n(base)} USD ({years:g} years at {rate.value:g}%)"
    c.add(v, "Implied 2017 global AI market", "F-ai-market-2025", (base, INF), None, "USD", text)
    c.derived = {"base": base}
    return c


# ---------------------------------------------------------------------------------------------
# Compute


@_registered()
def megascale_training_days() -> Check:
    """Days to train the 175B model on each cluster: 6·N·D FLOP at the stated utilisation, with an
    assumed token budget and GPU (A-megascale-tokens, A-gpu-peak-flops)."""
    c = Check("check-megascale-training-days", "compute")
    for size in ("small", "large"):  # the article's two clusters (千卡, 万卡)
        v, gpus_id, days_id = c.reader(), f"F-megascale-gpus-{size}", f"F-megascale-days-{size}"
        gpus, n, stated = int(v(gpus_id).value), v("F-megascale-params").value, v("F-megascale-mfu")
        d, peak = v("A-megascale-tokens").value, v("A-gpu-peak-flops").value
        mfu = {k: v(f"A-mfu-{k}").value for k in ("low", "mid", "high")}
        if (PCT * mfu["low"], PCT * mfu["high"]) != (stated.low, stated.high):
            raise ValueError("A-mfu-low/high must restate F-megascale-mfu")
        flops = audit.training_flops(n, d)
        days = {k: audit.training_days(flops, gpus, peak, m) for k, m in mfu.items()}
        claimed = v(days_id).interval
        text = f"{days['high']:.1f}–{days['low']:.1f} days at {PCT * mfu['high']:.0f}–{PCT * mfu['low']:.0f}% MFU"
        label = f"MegaScale 175B run on the {gpus:,}-GPU cluster"
        c.add(v, label, days_id, (days["high"], days["low"]), claimed, "days", text)
        c.derived |= {"flops": flops, f"gpus_{size}": gpus, f"tokens_{size}": d * claimed[0] / days["mid"]}
        c.derived["mfu_mid"] = PCT * mfu["mid"]
    return c


@_registered(uses_rate=True)
def megascale_cost(rate: float | None = None) -> Check:
    """The price per GPU-day the run's bill implies on the 1,000-GPU cluster (no reference to hold
    it against: unverifiable)."""
    c = Check("check-megascale-cost", "compute")
    v = c.reader()
    cost = v("F-megascale-cost").value
    gpu_days = v("F-megascale-gpus-small").value * v("F-megascale-days-small").value
    per_day = cost / gpu_days
    usd = audit.convert(per_day, 1 / _rate(v, rate))
    text = f"at least {per_day:.0f} CNY ≈ {usd:.1f} USD per GPU-day ({_n(gpu_days)} GPU-days)"
    c.add(v, "Implied price per GPU-day of the MegaScale run", "F-megascale-cost", (per_day, INF), None, "CNY", text)
    c.derived = {"per_gpu_day": per_day, "per_gpu_day_usd": usd}
    return c


# ---------------------------------------------------------------------------------------------
# Data


@_registered()
def data_services_cagr() -> Check:
    """The data-services forecast's growth rate recomputed from its endpoints."""
    c = Check("check-data-services-cagr", "data")
    v = c.reader()
    start, end = v("F-data-services-2023").value, v("F-data-services-2028").value
    years = v("F-data-services-target-year").value - v("F-data-services-base-year").value
    if years != v("F-data-services-cagr-years").value:
        raise ValueError("the forecast's endpoints do not span the years its CAGR is stated over")
    growth = PCT * audit.cagr(start, end, years)
    text = f"({_n(end)} / {_n(start)})^(1/{years:g}) − 1 = {growth:.2f}%"
    label = "Data-services market CAGR from its endpoints"
    c.add(v, label, "F-data-services-cagr", (growth, growth), v("F-data-services-cagr").interval, "percent", text)
    return c


def _year_claimed(fact: facts.Value) -> tuple[float, float]:
    """The years a fact claims: its interval when it states a year, else its period (2024-06 → 2024.5)."""
    if fact.unit == "year":
        return fact.interval
    mid = audit.decimal_year(fact.period)
    return (mid, mid)


def _span(low: float, high: float) -> str:
    """A year or a range of years as the checks write them: mid-2024, 2026, 2023.5–2025.7."""
    return _when(low)[1] if low == high else formatting.years(low, high)


def _when(year: float) -> tuple[str, str]:
    """2024.5 → ("2024年年中", "mid-2024"); 2026 → ("2026年", "2026")."""
    if year % 1 == 0.5:
        return f"{math.floor(year)}年年中", f"mid-{math.floor(year)}"
    return f"{formatting.year(year)}年", formatting.year(year)


@_registered()
def data_exhaustion_dates() -> Check:
    """The article's shortage dates against the Epoch forecast each one matches
    (``seeds/claims_epoch_dates.csv``: the reference and which of its ends the date is held to)."""
    c = Check("check-data-exhaustion-dates", "data")
    for r in facts.curated("claims_epoch_dates").itertuples(index=False):
        v = c.reader()
        claimed = _year_claimed(v(r.year_id))
        p = v(r.probability_id).low if r.probability_id else None
        ref = v(r.ref_id)
        computed = (ref.high, ref.high) if r.compare == "high" else (ref.low, ref.high)
        when = _when(claimed[0])[1]
        claim = f"{p:g}% likely by {when}" if p is not None else f"'delayed to {when}'"
        text = f"Epoch {_span(*computed)} against the article's {when}"
        tol = v("A-tolerance-year").value
        c.add(v, f"{claim} vs {r.ref_label_en}", r.year_id, computed, claimed, "year", text, tolerance=tol)
    return c


@_registered()
def gpt4_tokens() -> Check:
    """GPT-4's training tokens as the article states them against Epoch's estimate."""
    c = Check("check-gpt4-tokens", "data")
    v = c.reader()
    claimed, ref = v("F-gpt4-tokens").interval, v("R-epoch-gpt4-tokens")
    text = f"Epoch about {_n(ref.low)} against the article's {_n(claimed[0])} tokens"
    c.add(
        v, "GPT-4 training tokens vs Epoch", "F-gpt4-tokens", (ref.low, ref.high), claimed, "tokens", text, base=ref.low
    )
    return c


@_registered()
def gpt5_data_stock() -> Check:
    """GPT-5's stated data need as a share of Epoch's stock of public human text."""
    c = Check("check-gpt5-data-stock", "data")
    v = c.reader()
    need, stock, interval = v("F-gpt5-tokens"), v("R-epoch-v2-stock").value, v("R-epoch-v2-stock-interval")
    share, worst = (need.low / stock, need.high / stock), need.high / interval.low
    text = f"{PCT * share[0]:.0f}–{PCT * share[1]:.0f}% of Epoch's ~{_n(stock)} tokens"
    text += f" (up to {PCT * worst:.0f}% of the interval's low end)"
    c.add(v, "GPT-5's data need as a share of the public text stock", "F-gpt5-tokens", share, None, "fraction", text)
    c.derived = {"share_low": share[0], "share_high": share[1], "worst": worst}
    return c


# ---------------------------------------------------------------------------------------------
# The audit table, the inputs a check read, the summary


def audit_table(rate: float | None = None) -> pd.DataFrame:
    """Every check's rows in the chapter's order. Rows that convert a currency name the rate used
    and where it came from (the ``cny_per_usd`` parameter when given, else A-cny-per-usd)."""
    table = pd.concat([(fn(rate) if uses else fn()).rows for fn, uses in CHECKS], ignore_index=True)
    value = facts.value(RATE_ID, override=rate).value
    source = RATE_ID if rate is None else f"parameter cny_per_usd (overrides {RATE_ID})"
    table["cny_per_usd"] = [value if used else math.nan for used in table.uses_rate]
    table["cny_per_usd_source"] = [source if used else "" for used in table.uses_rate]
    return table


def inputs(check: Check, rate: float | None = None) -> pd.DataFrame:
    """Every row a check read, one per id: what it is, its value as stated (with its hedge), a
    fact's quote, and its source (a fact's article, a reference's citation, an assumption's reason)."""
    rows = []
    for i in dict.fromkeys(check.ids):
        v = facts.value(i, override=rate if i == RATE_ID else None)
        what = v.name if v.kind == "assumption" else f"{v.entity}: {v.metric.replace('_', ' ')}"
        value = formatting.value(v.low, v.high, v.unit.replace("_", " "), v.per, v.qualifier)
        rows.append({"source_id": i, "what": what, "value": value, "quote": v.quote, "source": v.source})
    return pd.DataFrame(rows, columns=list(INPUTS))


def counts(table: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict, in the order consistent, inconsistent, unverifiable."""
    return {v: int((table.verdict == v).sum()) for v in VERDICTS}


def by_theme(table: pd.DataFrame) -> pd.DataFrame:
    """Claims per theme and verdict: a row per theme (in the themes' order), a column per verdict."""
    order = list(theme_names(table))
    grid = pd.crosstab(table.theme, table.verdict).reindex(index=order, columns=list(VERDICTS), fill_value=0)
    out = grid.rename_axis(index="theme", columns=None).reset_index()
    out.insert(0, "theme_name", out.theme.map(theme_names(table)))
    out["source_id"] = [";".join(dict.fromkeys(table.fact_id[table.theme == t])) for t in out.theme]
    return out


def anchor_link(check: str) -> str:
    """A check's name as a link to its section of the chapter."""
    return f'<a href="#{check}">{check}</a>'


# ---------------------------------------------------------------------------------------------
# Figures


def verdict_styles() -> dict:
    """How each verdict is drawn on the verdicts chart."""
    marks = (("o", charts.INK, False), ("X", "#CC79A7", False), ("s", charts.GREY, True))
    return {v: charts.Series(VERDICT_NAMES[v], m, c, hollow=h) for v, (m, c, h) in zip(VERDICTS, marks, strict=True)}


def verdicts(table: pd.DataFrame, clip: float = CLIP_TOLERANCES) -> tuple[pd.DataFrame, Titles]:
    """Each claim's distance from what was computed, in tolerances (``x``, clipped at ±``clip``:
    a clipped row's ``qualifier`` says which way and its ``value_text`` the true distance), by
    theme, the unverifiable last (drawn at 0, unlabelled). The title counts the verdicts."""
    rank = table.theme.map(themes.THEMES.index) + (table.verdict == audit.UNVERIFIABLE) * len(themes.THEMES)
    data = table.assign(rank=rank).sort_values("rank", kind="stable").drop(columns="rank").reset_index(drop=True)
    d = data.distance_in_tolerances
    data["x"] = d.clip(-clip, clip).fillna(0.0)
    data["qualifier"] = ["under" if x < -clip else "over" if x > clip else "" for x in d]
    data["value_text"] = ["" if math.isnan(x) else formatting.number(x, 2) for x in d]
    n = counts(table)
    ok, bad, unknown = (n[v] for v in VERDICTS)
    return data, Titles(
        f"{len(table)}条结论中{ok}条经重算成立，{bad}条不成立，{unknown}条无从核对",
        f"{ok} of {len(table)} checked claims hold up on recomputation; {bad} do not and {unknown} cannot be checked",
    )


def theme_names(data: pd.DataFrame) -> dict[str, str]:
    """Theme key → "价格战 API price war", for the themes in ``data`` (in the themes' order)."""
    lex = themes.lexicon()
    return {t: f"{lex[t]['label_zh']} {lex[t]['label_en']}" for t in themes.THEMES if t in set(data.theme)}


def training_days(check: Check) -> tuple[pd.DataFrame, Titles]:
    """The MegaScale check drawn: per cluster, the days 6·N·D gives over the stated utilisation
    (series ``computed``) and the days the article states (``claimed``); the title says on how
    many clusters the claim falls within the computed range."""
    rows = []
    for r in check.rows.itertuples(index=False):
        ids = provenance.split_ids(r.source_id)
        gpus, claim = int(facts.value(ids[0]).value), facts.value(r.fact_id)
        used = ";".join(i for i in ids if i not in (r.fact_id, "A-tolerance-relative"))
        days = formatting.value(r.computed_low, r.computed_high)
        rows.append(
            _day_row(f"{gpus:,}卡 GPUs：6·N·D推算", gpus, "computed", r.computed_low, r.computed_high, "", days, used)
        )
        stated = formatting.value(claim.low, claim.high, qualifier=claim.qualifier)
        rows.append(
            _day_row(
                f"{gpus:,}卡 GPUs：文章所述", gpus, "claimed", claim.low, claim.high, claim.qualifier, stated, r.fact_id
            )
        )
    data = pd.DataFrame(rows)
    n, ok = len(check.rows), int((check.rows.verdict == audit.CONSISTENT).sum())
    mfu = str(facts.value("F-megascale-mfu")).lstrip("≈")
    if ok == n:
        zh, en = ("两种" if n == 2 else f"全部{n}种"), ("both" if n == 2 else f"all {n}")
        return data, Titles(
            f"{zh}集群上，文章所述的训练天数都落在{mfu}利用率下6·N·D推算的范围内",
            f"On {en} clusters the stated training days fall within what 6·N·D gives at {mfu} utilisation",
        )
    return data, Titles(
        f"{n}种集群中只有{ok}种的训练天数落在6·N·D推算的范围内",
        f"Only {ok} of {n} clusters train in the stated days by 6·N·D at {mfu} utilisation",
    )


def _day_row(label, gpus, series, low, high, qualifier, text, source_id) -> dict:
    return {
        "label": label,
        "cluster_gpus": gpus,
        "series": series,
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "value_text": f"{text} 天 days",
        "source_id": source_id,
    }


def training_styles() -> dict:
    """How the computed range and the stated days are drawn."""
    return {
        "computed": charts.Series("6·N·D推算 computed", "o", "compute"),
        "claimed": charts.Series("文章所述 stated", "D", charts.INK),
    }


def _version(ref_id: str) -> str:
    """A reference's source and when it was published: "Epoch AI (v1), 2022"."""
    ref = facts.references(ids=[ref_id]).iloc[0]
    return f"{ref.entity}, {ref.source_date[:4]}"


def _lane(lane: str, version: str, low: float, high: float, text: str, source_id: str) -> dict:
    return {"lane": lane, "version": version, "year_low": low, "year_high": high, "text": text, "source_id": source_id}


def exhaustion_dates(check: Check) -> tuple[pd.DataFrame, Titles]:
    """The data-exhaustion check drawn as lanes: each Epoch value (a year or a range of years, by
    version of the paper) above the article's date held against it, with its verdict. The title
    says how many dates match, and from how many versions of the paper."""
    table = facts.curated("claims_epoch_dates").set_index("year_id")
    rows = []
    for r in check.rows.itertuples(index=False):
        ref_id, p_id = table.ref_id[r.fact_id], table.probability_id[r.fact_id]
        ref, (when_zh, when_en) = facts.value(ref_id), _when(r.claimed_low)
        p = facts.value(p_id).low if p_id else None
        claim = f"{p:g}%可能性\narticle: {p:g}% likely" if p is not None else "风险延迟至\narticle: delayed to"
        lane = f"{table.ref_label_zh[r.fact_id]}\n{table.ref_label_en[r.fact_id]}"
        rows.append(_lane(lane, _version(ref_id), ref.low, ref.high, _span(ref.low, ref.high), ref_id))
        text = f"{when_zh} {when_en} · {VERDICT_NAMES[r.verdict]}"
        ids = ";".join(dict.fromkeys(i for i in (r.fact_id, p_id) if i))
        rows.append(_lane(f"文章：{claim}", "文章 article", r.claimed_low, r.claimed_high, text, ids))
    data = pd.DataFrame(rows)
    n, matched = len(check.rows), check.rows[check.rows.verdict == audit.CONSISTENT]
    versions = data.version[data.source_id.isin(set(table.ref_id[matched.fact_id]))].nunique()
    if len(matched) == n:
        return data, Titles(
            f"文章的{n}个年份都对得上Epoch的预测，但出自论文的{versions}个不同版本",
            f"Each of the {n} shortage dates matches an Epoch forecast, but they come from {versions} versions of it",
        )
    return data, Titles(
        f"文章的{n}个年份中只有{len(matched)}个对得上Epoch的预测",
        f"Only {len(matched)} of the {n} shortage dates match an Epoch forecast",
    )


def version_colors(data: pd.DataFrame) -> dict[str, str]:
    """A colour per version of the source (in order of appearance); ink for the article."""
    versions = [v for v in dict.fromkeys(data.version) if not v.startswith("文章")]
    colors = dict(zip(versions, ("data", "compute", "monetization", "price_war"), strict=False))
    return colors | {v: charts.INK for v in data.version if v.startswith("文章")}


def claims_by_article(table: pd.DataFrame, docs: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Which articles of the corpus carry the checked claims: per article and verdict, the claims
    whose fact's quote is in the article's cleaned text (a syndicated copy carries them too).
    Long data (article × verdict, zeros kept), the articles with the most claims first; empty
    when no article carries one."""
    hits = [
        (doc, r.verdict, r.fact_id)
        for doc, text in zip(docs.doc_id, docs.text, strict=True)
        for r in table.itertuples(index=False)
        if r.claim and r.claim in text
    ]
    found = pd.DataFrame(hits, columns=["doc_id", "verdict", "fact_id"])
    if found.empty:
        return pd.DataFrame(columns=["label", "doc_id", "verdict", "claims", "source_id"]), Titles("", "")
    totals = found.doc_id.value_counts()
    order = sorted(totals.index, key=lambda d: (-totals[d], d))
    labels = article_labels(docs)
    rows = []
    for doc, verdict in ((d, v) for d in order for v in VERDICTS):
        ids = found.fact_id[(found.doc_id == doc) & (found.verdict == verdict)]
        rows.append(
            {
                "label": labels[doc],
                "doc_id": doc,
                "verdict": verdict,
                "claims": len(ids),
                "source_id": ";".join([doc, *dict.fromkeys(ids)]),
            }
        )
    top, bad = order[0], found.doc_id[found.verdict == audit.INCONSISTENT].nunique()
    who, (n_zh, n_en) = outlet(docs.set_index("doc_id").outlet[top]), count_words(len(order))
    return pd.DataFrame(rows), Titles(
        f"被核查的结论出自{n_zh}文章，{who}的最多（{totals[top]}条）；不成立的结论出自其中{bad}篇",
        f"The checked claims come from {n_en}; {who}'s carries the most ({totals[top]}); "
        f"the inconsistent ones come from {bad}",
    )
