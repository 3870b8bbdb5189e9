"""Chapter 05's checks of the articles' own arithmetic: each redoes a sum the articles make (or
imply) from the numbers they state, and holds the result against the claim.

Each check is a function returning a :class:`~baimo.analyses.claims_base.Check`; the order the
chapter runs them in is ``claims.CHECKS``. The cross-source and dated checks are in
``claims_sources``.
"""

from __future__ import annotations

from decimal import Decimal

from baimo import audit, facts, formatting, names, provenance
from baimo.analyses.claims_base import INF, PCT, Check, amount, n, rate, stated

# ---------------------------------------------------------------------------------------------
# Price war


def developer_spend() -> Check:
    """The developer's half-month bill scaled to a month, against the headline 直降超过90%.
    半个多月 is more than half a month: the monthly figure is an upper bound, so the fall is at
    least the computed one (and at most 100%)."""
    c = Check("check-developer-spend", "price_war")
    v = c.reader()
    before, after = v("F-developer-spend-before").value, v("F-developer-spend-after").value
    v("F-developer-spend-after-span")  # 半个多月: over half a month, so the scaling is an upper bound
    after_month = after * v("A-month-days").value / v("A-half-month-days").value
    fall = PCT * audit.price_cut(before, after_month)
    text = f"{n(after_month)} CNY a month at most against {n(before)}: spend fell at least {fall:.1f}%"
    label = "Developer's bill fell by more than the headline cut"
    computed = audit.Interval(fall, PCT, "computed; 半个多月: at least")
    headline = stated(v("F-api-price-cut-dingjiao"))
    c.add(v, label, "F-developer-spend-after", computed, text, claimed=headline, unit="percent", bare=(fall, fall))
    prices = c.reader()
    c.derived = {
        "after_month": after_month,
        "tokens_low": after_month / prices("R-deepseek-v2-output").high,
        "tokens_high": after_month / prices("R-deepseek-v2-input").low,
    }
    return c


def price_cuts() -> Check:
    """The prices and cuts the articles quote against the May 2024 announcements, then the headline
    "over 90%" against each vendor's deepest announced cut (``seeds/claims_price_cuts.csv``)."""
    c = Check("check-price-cuts", "price_war")
    for r in facts.curated("claims_price_cuts").itertuples(index=False):
        v = c.reader()
        claim, ref = v(r.fact_id), v(r.ref_id)
        who = names.label(names.company(r.entity))
        if r.kind == "quoted":
            c.add(v, f"{who}: {r.what}", r.fact_id, ref, f"article {amount(claim)}, announced {amount(ref)}")
        else:
            deepest = audit.stated(ref.high, ref.high, unit=ref.unit)
            label = f"直降超过{claim.low:g}% vs {who} ({r.what})"
            c.add(v, label, r.fact_id, deepest, f"{who}: {n(ref.high)}%", bare=(ref.high, ref.high))
    return c


# ---------------------------------------------------------------------------------------------
# Monetization

#: 增长N倍 read two ways (``audit.growth_readings``): N = new / old ("×N") or N = new / old − 1 ("+N×").
READINGS = (("times", "×N"), ("increase", "+N×"))
_SPANS = (
    ("since May", "F-wenxin-daily-calls-2024-05", "F-wenxin-growth-since-may"),
    ("over a year", "F-wenxin-daily-calls-2023", "F-wenxin-growth-year"),
)


def wenxin_daily_calls() -> Check:
    """文心's daily calls: the stated multiples since May and over a year, with 增长N倍 read as ×N
    and as +N×. 超15亿 is a lower bound, so each multiple is too: N or more."""
    c = Check("check-wenxin-daily-calls", "monetization")
    for reading, how in READINGS:
        for period, old_id, growth_id in _SPANS:
            v = c.reader()
            new, old = v("F-wenxin-daily-calls-2024-11"), v(old_id).value
            low = audit.growth_readings(new.low, old)[reading]
            high = audit.growth_readings(new.interval[1], old)[reading]
            computed = audit.Interval(low, high, "computed; 超 (over) opens it upwards" if high > low else "computed")
            text = (
                f"{n(new.low)}{'+' if high > low else ''} / {n(old)}: N = {low:.2f}{' or more' if high > low else ''}"
            )
            c.add(
                v,
                f"ERNIE calls {period}, 增长N倍 read as {how}",
                growth_id,
                computed,
                text + f" ({how})",
                bare=(low, low),
            )
    may, growth = facts.value("F-wenxin-daily-calls-2024-05").value, facts.value("F-wenxin-growth-since-may").low
    c.derived = {
        "may": may,
        "may_if_increase": may * (1 + growth),
        "may_if_times": may * growth,
        "new": facts.value("F-wenxin-daily-calls-2024-11").low,
    }
    return c


def openai_2024() -> Check:
    """OpenAI's 2024 loss and revenue as two articles give them: consistent when the ranges meet.
    The second article's revenue is a run rate it dates to 年初 and outside sources to June 2024
    (check-openai-run-rate-date)."""
    c = Check("check-openai-2024", "monetization")
    v = c.reader()
    loss = v("F-openai-loss-2024-ai-guangnian")
    text = f"{n(loss.low)}–{n(loss.high)} against nearly {n(v('F-openai-loss-2024-forum').low)} USD"
    c.add(v, "OpenAI 2024 loss, two articles", "F-openai-loss-2024-forum", loss, text)
    v = c.reader()
    run = v("F-openai-revenue-early-2024-forum")
    text = f"a run rate over {n(run.low)} USD against {n(v('F-openai-revenue-2024-ai-guangnian').low)}–"
    text += f"{n(v('F-openai-revenue-2024-ai-guangnian').high)} for the year"
    label = "OpenAI 2024 revenue vs the reported run rate"
    c.add(v, label, "F-openai-revenue-2024-ai-guangnian", run, text)
    revenue = facts.value("F-openai-revenue-2024-ai-guangnian")
    c.derived = {"spend_low": revenue.low + loss.low, "spend_high": revenue.high + loss.high}
    return c


def subscription_prices(override: float | None = None) -> Check:
    """文心一言's monthly plan in USD as a share of ChatGPT's (``override`` replaces A-cny-per-usd)."""
    c = Check("check-subscription-prices", "monetization")
    v = c.reader()
    wenxin, chatgpt, cny_per_usd = v("F-wenxin-subscription"), v("F-chatgpt-subscription"), rate(v, override)
    usd = audit.convert(wenxin.value, 1 / cny_per_usd)
    share = audit.Interval(usd / chatgpt.high, usd / chatgpt.low)
    text = f"{usd:.2f} USD a month at {cny_per_usd:g} CNY per USD = {PCT * share.low:.0f}–{PCT * share.high:.0f}%"
    label = "ERNIE Bot 4.0 price as a share of ChatGPT's"
    c.add(v, label, "F-wenxin-subscription", share, text + " of ChatGPT's", claimed=None, unit="fraction")
    c.derived = {"usd": usd, "rate": cny_per_usd}
    return c


def decimals(values) -> int:
    """Decimal places the values are written with (52.05 → 2; 69 → 0)."""
    return max(max(-Decimal(repr(float(v))).normalize().as_tuple().exponent, 0) for v in values)


def survey_shares() -> Check:
    """Shares that should make a whole (``seeds/claims_share_groups.csv``): the parts' sum against 100,
    allowed to miss by A-tolerance-share-sum units of the last decimal the shares are written with
    (their written precision, added up); a group with a ``whole_id`` must fit inside that share."""
    c = Check("check-survey-shares", "monetization")
    for g in facts.curated("claims_share_groups").itertuples(index=False):
        v = c.reader()
        parts = provenance.split_ids(g.part_ids)
        values = [v(i).value for i in parts]
        total, allowed = audit.share_total(values), v("A-tolerance-share-sum").value
        if g.whole_id:
            whole = v(g.whole_id).value
            claimed, text = audit.Interval(-INF, whole, "a part fits inside its whole"), f"parts add to {total:g}%"
            text += f" ≤ {whole:g}%"
        else:
            allowed *= 10 ** -decimals(values)
            claimed = audit.Interval(PCT, PCT, "shares of a whole add to 100%")
            text = f"parts add to {total:.2f}% (allowed miss {allowed:g} points)"
        computed = audit.Interval(total, total, "computed: the parts added")
        c.add(v, g.label, parts[0], computed, text, claimed=claimed, unit="percent", tolerance=allowed)
    return c


def agent_error_compounding() -> Check:
    """The chance that at least one of the agent's steps fails, at the stated per-step error."""
    c = Check("check-agent-error-compounding", "monetization")
    v = c.reader()
    step, steps, claim = v("F-agent-step-error"), v("F-agent-steps").value, v("F-agent-error-after-steps")
    after = audit.Interval(*(PCT * audit.compound_error(p / PCT, int(steps)) for p in (step.low, step.high)))
    text = f"{after.low:.0f}–{after.high:.0f}% after {steps:g} steps"
    c.add(v, "Agent error after N steps", "F-agent-error-after-steps", after, text)
    threshold = PCT * (1 - (1 - claim.low / PCT) ** (1 / steps))
    c.derived = {"threshold": threshold, "claimed": claim.low, "steps": steps}
    return c


def ai_market_2017_base() -> Check:
    """The 2017 global AI market that 30% a year must have started from to pass 6万亿美元 by 2025."""
    c = Check("check-ai-market-2017-base", "monetization")
    v = c.reader()
    market, growth, span = v("F-ai-market-2025"), v("F-ai-market-cagr"), v("F-ai-market-cagr-years")
    years = span.high - span.low
    base = audit.implied_base(market.value, growth.value / PCT, years)
    text = f"a {formatting.year(span.low)} base of at least {n(base)} USD ({years:g} years at {growth.value:g}%)"
    computed = audit.Interval(base, INF, "computed; 超过6万亿: at least")
    c.add(v, "Implied 2017 global AI market", "F-ai-market-2025", computed, text, claimed=None)
    c.derived = {"base": base}
    return c


# ---------------------------------------------------------------------------------------------
# Compute


def megascale_training_days() -> Check:
    """Days to train the 175B model on each cluster: 6·N·D FLOP at the stated utilisation, with an
    assumed token budget and GPU (A-megascale-tokens, A-gpu-peak-flops)."""
    c = Check("check-megascale-training-days", "compute")
    for size in ("small", "large"):  # the article's two clusters (千卡, 万卡)
        v, gpus_id, days_id = c.reader(), f"F-megascale-gpus-{size}", f"F-megascale-days-{size}"
        gpus, params, stated_mfu = int(v(gpus_id).value), v("F-megascale-params").value, v("F-megascale-mfu")
        d, peak = v("A-megascale-tokens").value, v("A-gpu-peak-flops").value
        mfu = {k: v(f"A-mfu-{k}").value for k in ("low", "mid", "high")}
        if (PCT * mfu["low"], PCT * mfu["high"]) != (stated_mfu.low, stated_mfu.high):
            raise ValueError("A-mfu-low/high must restate F-megascale-mfu")
        flops = audit.training_flops(params, d)
        days = {k: audit.training_days(flops, gpus, peak, m) for k, m in mfu.items()}
        text = f"{days['high']:.1f}–{days['low']:.1f} days at {PCT * mfu['high']:.0f}–{PCT * mfu['low']:.0f}% MFU"
        label = f"MegaScale 175B run on the {gpus:,}-GPU cluster"
        c.add(v, label, days_id, audit.Interval(days["high"], days["low"]), text)
        stated_days = facts.value(days_id).low
        c.derived |= {"flops": flops, f"gpus_{size}": gpus, f"tokens_{size}": d * stated_days / days["mid"]}
        c.derived["mfu_mid"] = PCT * mfu["mid"]
    return c


def megascale_cost(override: float | None = None) -> Check:
    """The price per GPU-day the run's bill implies on the 1,000-GPU cluster (no reference to hold
    it against: unverifiable)."""
    c = Check("check-megascale-cost", "compute")
    v = c.reader()
    cost = v("F-megascale-cost").value
    gpu_days = v("F-megascale-gpus-small").value * v("F-megascale-days-small").value
    per_day = cost / gpu_days
    usd = audit.convert(per_day, 1 / rate(v, override))
    text = f"at least {per_day:.0f} CNY ≈ {usd:.1f} USD per GPU-day ({n(gpu_days)} GPU-days)"
    computed = audit.Interval(per_day, INF, "computed; 超过200万元: at least")
    c.add(v, "Implied price per GPU-day of the MegaScale run", "F-megascale-cost", computed, text, claimed=None)
    c.derived = {"per_gpu_day": per_day, "per_gpu_day_usd": usd}
    return c


# ---------------------------------------------------------------------------------------------
# Data


def data_services_cagr() -> Check:
    """The data-services forecast's growth rate recomputed from its endpoints."""
    c = Check("check-data-services-cagr", "data")
    v = c.reader()
    start, end = v("F-data-services-2023").value, v("F-data-services-2028").value
    years = v("F-data-services-target-year").value - v("F-data-services-base-year").value
    if years != v("F-data-services-cagr-years").value:
        raise ValueError("the forecast's endpoints do not span the years its CAGR is stated over")
    growth = PCT * audit.cagr(start, end, years)
    text = f"({n(end)} / {n(start)})^(1/{years:g}) − 1 = {growth:.2f}%"
    label = "Data-services market CAGR from its endpoints"
    c.add(v, label, "F-data-services-cagr", audit.Interval(growth, growth), text)
    return c


def year_claimed(fact: facts.Value) -> audit.Interval:
    """The years a fact claims: the year it states, else its period's end (2024-06 → 2024.5, mid-2024)."""
    if fact.unit == "year":
        return audit.Interval(fact.low, fact.high, "year")
    mid = audit.decimal_year(fact.period)
    return audit.Interval(mid, mid, "period: its end")


def span(low: float, high: float) -> str:
    """A year or a range of years as the checks write them: mid-2024, 2026, 2023.5–2025.7."""
    return when_words(low)[1] if low == high else formatting.years(low, high)


def when_words(year: float) -> tuple[str, str]:
    """2024.5 → ("2024年年中", "mid-2024"); 2026 → ("2026年", "2026")."""
    if year % 1 == 0.5:
        return f"{int(year // 1)}年年中", f"mid-{int(year // 1)}"
    return f"{formatting.year(year)}年", formatting.year(year)


def data_exhaustion_dates() -> Check:
    """The article's shortage dates against the Epoch forecast each one matches
    (``seeds/claims_epoch_dates.csv``: the reference and which of its ends the date is held to)."""
    c = Check("check-data-exhaustion-dates", "data")
    for r in facts.curated("claims_epoch_dates").itertuples(index=False):
        v = c.reader()
        claimed = year_claimed(v(r.year_id))
        p = v(r.probability_id).low if r.probability_id else None
        ref = v(r.ref_id)
        computed = audit.Interval(ref.high, ref.high, "year") if r.compare == "high" else stated(ref)
        when = when_words(claimed.low)[1]
        claim = f"{p:g}% likely by {when}" if p is not None else f"'delayed to {when}'"
        text = f"Epoch {span(*computed.bounds)} against the article's {when}"
        tol = v("A-tolerance-year").value
        c.add(v, f"{claim} vs {r.ref_label_en}", r.year_id, computed, text, claimed=claimed, unit="year", tolerance=tol)
    return c


def gpt4_tokens() -> Check:
    """GPT-4's training tokens as the article states them (高达12万亿) against Epoch's and
    SemiAnalysis's estimates (~13T)."""
    c = Check("check-gpt4-tokens", "data")
    for ref_id, who in (("R-epoch-gpt4-tokens", "Epoch"), ("R-semianalysis-gpt4-tokens", "SemiAnalysis")):
        v = c.reader()
        claim, ref = v("F-gpt4-tokens"), v(ref_id)
        text = f"{who} about {n(ref.low)} against the article's 高达 {n(claim.low)} tokens"
        c.add(v, f"GPT-4 training tokens vs {who}", "F-gpt4-tokens", ref, text)
    return c


def gpt5_data_stock() -> Check:
    """GPT-5's stated data need as a share of Epoch's stock of public human text."""
    c = Check("check-gpt5-data-stock", "data")
    v = c.reader()
    need, stock, interval = v("F-gpt5-tokens"), v("R-epoch-v2-stock").value, v("R-epoch-v2-stock-interval")
    share, worst = audit.Interval(need.low / stock, need.high / stock), need.high / interval.low
    text = f"{PCT * share.low:.0f}–{PCT * share.high:.0f}% of Epoch's ~{n(stock)} tokens"
    text += f" (up to {PCT * worst:.0f}% of the interval's low end)"
    label = "GPT-5's data need as a share of the public text stock"
    c.add(v, label, "F-gpt5-tokens", share, text, claimed=None, unit="fraction")
    c.derived = {"share_low": share.low, "share_high": share.high, "worst": worst}
    return c
