"""Chapter 05's checks against outside sources: an article's figure against a dated reference
(``seeds/references.csv``), two articles against each other, and the date an article gives a
figure against the date an outside source gives it.

Each check returns a :class:`~baimo.analyses.claims_base.Check`; ``claims.CHECKS`` orders them.
A date check compares the spans of time two periods cover (``audit.period_interval``), within
``A-tolerance-month``.
"""

from __future__ import annotations

from baimo import audit, facts, provenance
from baimo.analyses.claims_base import Check, n, stated, when

MONTHS = audit.PERIODS_PER_YEAR["month"]


def _against(c: Check, label: str, fact_id: str, ref_id: str, what: str = "") -> None:
    """One row: a fact as the article states it against a reference's value (both read as stated)."""
    v = c.reader()
    claim, ref = v(fact_id), v(ref_id)
    text = f"{what or ref.source.split(',')[0]}: {n(ref.low)}" + (f"–{n(ref.high)}" if ref.high > ref.low else "")
    c.add(v, label, fact_id, ref, f"{text} against the article's {n(claim.low)}")


def _dated(c: Check, label: str, fact_id: str, ref_id: str) -> None:
    """One row: the period an article gives a figure against the period a reference gives it."""
    v = c.reader()
    claim, ref = v(fact_id), v(ref_id)
    tol = v("A-tolerance-month").value / MONTHS
    text = f"{ref.period} by {ref.source.split(',')[0]} against the article's {claim.period}"
    c.add(v, label, fact_id, when(ref), text, claimed=when(claim), unit="year", tolerance=tol)


# ---------------------------------------------------------------------------------------------
# Monetization


def wenxin_calls_sources() -> Check:
    """文心's daily calls as the article gives them against Baidu's own disclosures, and the month
    of the first figure (一年前, a year before November 2024) against the month Baidu gave it."""
    c = Check("check-wenxin-calls-sources", "monetization")
    for fact_id, ref_id in (
        ("F-wenxin-daily-calls-2024-11", "R-wenxin-calls-2024-11"),
        ("F-wenxin-daily-calls-2024-05", "R-wenxin-calls-2024-05"),
        ("F-wenxin-daily-calls-2023", "R-wenxin-calls-2023-12"),
    ):
        _against(c, f"ERNIE daily calls, {facts.value(fact_id).period}, vs Baidu", fact_id, ref_id, "Baidu")
    _dated(c, "When ERNIE made 50 million calls a day", "F-wenxin-daily-calls-2023", "R-wenxin-calls-2023-12")
    return c


def openai_run_rate_date() -> Check:
    """The run rate one article dates to 2024年年初 (start of 2024): when outside reports put it at
    $3.4B, and what they give for the end of 2023."""
    c = Check("check-openai-run-rate-date", "monetization")
    fact_id = "F-openai-revenue-early-2024-forum"
    _dated(c, "When OpenAI's run rate passed $3.4B", fact_id, "R-openai-arr-2024-06")
    _against(
        c,
        "OpenAI's run rate at the start of 2024 vs late 2023 (The Information)",
        fact_id,
        "R-openai-arr-2023-12-bi",
        "The Information, late 2023",
    )
    _against(
        c,
        "OpenAI's run rate at the start of 2024 vs December 2023 (FT)",
        fact_id,
        "R-openai-arr-2023-12-ft",
        "FT, December 2023",
    )
    _against(
        c,
        "OpenAI's run rate vs June 2024 (The Information)",
        fact_id,
        "R-openai-arr-2024-06",
        "The Information, June 2024",
    )
    return c


def openai_2024_reported() -> Check:
    """OpenAI's 2024 revenue and loss in the articles against the New York Times's reading of the
    documents OpenAI showed investors in September 2024."""
    c = Check("check-openai-2024-reported", "monetization")
    _against(c, "OpenAI 2024 revenue vs NYT", "F-openai-revenue-2024-ai-guangnian", "R-openai-2024-revenue-nyt", "NYT")
    _against(c, "OpenAI 2024 loss vs NYT", "F-openai-loss-2024-ai-guangnian", "R-openai-2024-loss-nyt", "NYT")
    _against(c, "OpenAI 2024 loss (nearly) vs NYT", "F-openai-loss-2024-forum", "R-openai-2024-loss-nyt", "NYT")
    return c


def openai_funding() -> Check:
    """OpenAI's September 2024 fund-raising talks as one article retells Bloomberg's report."""
    c = Check("check-openai-funding", "monetization")
    for fact_id, what in (("valuation", "valuation"), ("raise", "equity raise"), ("debt", "credit facility")):
        _against(
            c,
            f"OpenAI {what}, September 2024",
            f"F-openai-{fact_id}",
            f"R-openai-talks-2024-09-{fact_id}",
            "Reuters (Bloomberg)",
        )
    return c


def baidu_q2() -> Check:
    """Baidu's second-quarter 2024 online marketing revenue and its fall, against the results' report."""
    c = Check("check-baidu-q2", "monetization")
    _against(c, "Baidu online marketing revenue, 2024Q2", "F-baidu-ads-revenue-q2", "R-baidu-ads-2024q2", "新浪科技")
    _against(c, "… its fall year on year (%)", "F-baidu-ads-revenue-change", "R-baidu-ads-2024q2-change", "新浪科技")
    return c


def internet_profit_q1() -> Check:
    """The first quarter's fall in internet companies' profit, from MIIT's January–April release:
    its fall less the 4.4 points by which it had deepened since the first quarter."""
    c = Check("check-internet-profit-q1", "monetization")
    v = c.reader()
    to_april, deeper = v("R-miit-internet-profit-2024-01-04").value, v("R-miit-internet-profit-widening").value
    q1 = to_april - deeper
    text = f"MIIT: {to_april:g}% to April less {deeper:g} points = {q1:.1f}%"
    c.add(v, "Internet companies' profit fall, 2024Q1 (%)", "F-internet-profit-q1-change", audit.Interval(q1, q1), text)
    return c


# ---------------------------------------------------------------------------------------------
# Compute


def sequoia_600b() -> Check:
    """Sequoia's $600B: the threshold as the article states it against Cahn's essay, and the gap
    its assumed revenues leave (the article's $600B less 4 × $10B and 6 × $5B) against the ~$500B
    gap Cahn states. The amounts per company are each fact's times the companies its entity names."""
    c = Check("check-sequoia-600b", "compute")
    _against(c, "Revenue AI needs a year vs Sequoia", "F-sequoia-revenue-needed", "R-sequoia-600b", "Sequoia")
    v = c.reader()
    needed = v("F-sequoia-revenue-needed").value
    each = [v(i) for i in ("F-sequoia-bigtech-ai-revenue", "F-sequoia-others-ai-revenue")]
    assumed = sum(f.value * len(provenance.split_ids(f.entity)) for f in each)
    gap = needed - assumed
    cahn = v("R-sequoia-gap-2024")
    text = f"{n(needed)} − {n(assumed)} = {n(gap)} USD a year against Cahn's ~{n(cahn.low)}"
    label = "Sequoia's gap: needed less assumed revenue"
    computed = audit.Interval(gap, gap, "computed: needed less assumed")
    c.add(v, label, "F-sequoia-revenue-needed", computed, text, claimed=stated(cahn), base=cahn.low)
    c.derived = {"needed": needed, "assumed": assumed, "gap": gap}
    return c


def goldman_capex() -> Check:
    """Goldman Sachs's AI capex figure as one article retells it against the report."""
    c = Check("check-goldman-capex", "compute")
    _against(
        c,
        "Big companies' planned AI capex vs Goldman Sachs",
        "F-goldman-capex",
        "R-goldman-1tn-capex",
        "Goldman Sachs (over)",
    )
    return c


def hyperscaler_quarters() -> Check:
    """Google's and Microsoft's quarterly capex as one article gives them (September 2024) against
    the companies' reported quarters: Microsoft's "latest quarter" against both of its 2024 quarters."""
    c = Check("check-hyperscaler-quarters", "compute")
    _against(c, "Google capex a quarter vs 2024Q1", "F-google-capex-quarter", "R-alphabet-capex-2024q1", "Alphabet")
    _against(
        c,
        "Microsoft quarter vs January–March 2024",
        "F-microsoft-capex-quarter",
        "R-msft-capex-2024q1",
        "Microsoft, 2024Q1",
    )
    _against(
        c,
        "Microsoft 'latest quarter' vs April–June 2024",
        "F-microsoft-capex-quarter",
        "R-msft-capex-2024q2",
        "Microsoft, 2024Q2",
    )
    return c


def meta_capex_raise() -> Check:
    """Meta's raise of its 2024 spending forecast, 至多 (up to) $10B, against the guidance it gave:
    $30–37B raised to $35–40B, a raise of $5B at the low end and $3B at the high end."""
    c = Check("check-meta-capex-raise", "compute")
    v = c.reader()
    new, old = v("R-meta-capex-2024-guidance"), v("R-meta-capex-2024-prior")
    raise_ = audit.Interval(new.high - old.high, new.low - old.low, "computed: new guidance less old")
    text = f"{n(old.low)}–{n(old.high)} → {n(new.low)}–{n(new.high)}: raised by {n(raise_.low)}–{n(raise_.high)}"
    c.add(v, "Meta's 2024 capex guidance raise", "F-meta-capex-raise", raise_, text)
    return c


# ---------------------------------------------------------------------------------------------
# Data


def chatgpt_visits() -> Check:
    """ChatGPT's peak monthly visits (May 2023) as the article gives them against Similarweb's."""
    c = Check("check-chatgpt-visits", "data")
    _against(
        c,
        "ChatGPT monthly visits at the May 2023 peak",
        "F-chatgpt-visits-peak",
        "R-chatgpt-visits-2023-05",
        "Similarweb",
    )
    return c
