"""Chapter 03: the compute bill — capex on one scale, the GPU counts, what MegaScale's training run
costs by 6·N·D, where demand is heading, how the articles talk about compute, spending against
revenue.

Every value is read by id (``facts.value``) or by theme (``facts.facts(theme="compute")``). The
choices the chapter makes are curated tables in ``seeds/``: ``capex_readings.csv`` (how a spending
figure is put on a year, or why it cannot be), ``spend_vs_revenue.csv`` (the revenue and profit
rows set against the spending, and how each is computed from its facts) and ``compute_moat.csv``
(the articles' sentences on whether compute is a moat). Arithmetic is ``baimo.audit``; text counts
are ``baimo.themes``. Each function returns a tidy DataFrame with a ``source_id`` column and,
for a figure, the ``Titles`` that state its finding, computed from the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from baimo import audit, charts, corpus, facts, formatting, names, plotting, provenance, tables, themes
from baimo.analyses.common import Titles, article_labels, count_words, short_id
from baimo.analyses.monetization import hedged_styles, mark

THEME = "compute"
RATE_ID = "A-cny-per-usd"
TOKENS_ID = "A-megascale-tokens"
PCT = 100  # percent in a whole: 113% is 113 / PCT
BN = 1e9  # the charts draw US dollars in billions
#: The MegaScale example: each cluster size the article gives, with the days it gives for it.
CLUSTERS = {"F-megascale-gpus-small": "F-megascale-days-small", "F-megascale-gpus-large": "F-megascale-days-large"}
SPAN = 2  # the days curve runs from half the smaller cluster to twice the larger one
#: How each group of the spending-against-revenue chart is drawn (hollow twins: ``hedged_styles``).
GROUP_STYLES = hedged_styles(
    {
        "spending": charts.Series("支出 spending", "o", THEME),
        "revenue": charts.Series("收入 revenue", "s", "monetization"),
        "profit": charts.Series("利润 profit", "^", "monetization"),
        "needed": charts.Series("所需收入 revenue needed", "D", charts.INK),
    }
)
#: The lines of the days curve, by utilisation: low, middle, high.
MFU_LINES = ({"ls": "--"}, {"ls": "-"}, {"ls": ":"})


# ---------------------------------------------------------------------------------------------
# Money on one scale: the exchange rate and the readings of seeds/capex_readings.csv


@dataclass(frozen=True)
class Rate:
    """The CNY→USD rate in use: the assumption, or a parameter overriding it (``source`` says which)."""

    cny_per_usd: float
    source: str

    def usd(self, amount, unit: str):
        """An amount in US dollars: yuan converted at the rate, dollars as they are."""
        return audit.convert(amount, 1 / self.cny_per_usd) if unit == "CNY" else amount

    def columns(self, converted) -> dict[str, list]:
        """The ``cny_per_usd`` and ``cny_per_usd_source`` columns: the rate where a row was converted."""
        converted = list(converted)
        return {
            "cny_per_usd": [self.cny_per_usd if c else math.nan for c in converted],
            "cny_per_usd_source": [self.source if c else "" for c in converted],
        }

    def describe(self) -> tuple[str, str]:
        """How a chart says which rate it used, in Chinese and English."""
        rate = formatting.number(self.cny_per_usd)
        return f"人民币按{rate}元/美元折算", f"yuan at {rate} per USD ({self.source})"


def exchange(cny_per_usd: float | None = None) -> Rate:
    """``A-cny-per-usd``, or the ``cny_per_usd`` parameter when a sensitivity run gives one."""
    value = facts.value(RATE_ID, override=cny_per_usd).value
    return Rate(value, RATE_ID if cny_per_usd is None else f"parameter cny_per_usd (overrides {RATE_ID})")


def readings(use: str | None = None) -> pd.DataFrame:
    """``seeds/capex_readings.csv`` (``use``: capex, reading, off_scale) with the facts it reads.
    ``per`` is the fact's own rate when the table of facts has one, else the curated reading."""
    cur = facts.curated("capex_readings")
    cur = cur[cur.use == use] if use else cur
    rows = facts.facts(ids=list(cur.fact_id)).set_index("fact_id")
    out = cur.rename(columns={"per": "reading_per"}).join(rows, on="fact_id")
    out["per"] = [p or r for p, r in zip(out.per, out.reading_per, strict=True)]
    out["article"] = [facts.cite(d) for d in out.doc_id]
    return out.reset_index(drop=True)


def _per(fact_id: str, fact_per: str, curated: pd.DataFrame) -> str:
    """How an amount is put on a year: its own rate, the curated reading, else a year's amount."""
    if fact_per:
        return fact_per
    known = curated.set_index("fact_id").per
    return known.get(fact_id, "") or "year"


def _english(term: str) -> str:
    """A names-table term in English (its gloss before any parenthesis)."""
    gloss = names.table().gloss_en.get(names.canonical(term), "")
    return (gloss.split(" (")[0] if isinstance(gloss, str) else "") or term


def capex(rate: Rate) -> tuple[pd.DataFrame, Titles]:
    """The capex figures annualised (``audit.annualise``) and converted to USD (``Rate.usd``).
    The title sets the largest yuan level against the largest dollar level."""
    r = readings("capex")
    r["per"] = [p or "year" for p in r.per]
    per_year = [audit.PERIODS_PER_YEAR[p] for p in r.per]
    usd = [rate.usd(audit.annualise(v, p), u) for v, p, u in zip(r.low, r.per, r.unit, strict=True)]
    converted = r.unit == "CNY"
    data = r[["fact_id", "label", "company", "entity", "metric", "period", "article"]].assign(
        value=r.low, unit=r.unit, per=r.per, periods_per_year=per_year, qualifier=r.qualifier, kind=r.kind
    )
    data["usd_per_year"] = usd
    data["usd_bn"] = data.usd_per_year / BN
    data["value_text"] = [
        formatting.value(u, unit="USD", qualifier=q) + ("" if n == 1 else f" (×{n} {p}s)")
        for u, q, n, p in zip(data.usd_per_year, data.qualifier, per_year, data.per, strict=True)
    ]
    data = data.assign(**rate.columns(converted))
    data["source_id"] = [f"{f};{RATE_ID}" if c else f for f, c in zip(data.fact_id, converted, strict=True)]
    data["reading"] = r.why
    data["chart_label"] = [
        f"{a}\n{_dated(i, c)}" for a, i, c in zip(data.label, data.fact_id, data.article, strict=True)
    ]
    return data, _capex_titles(data)


def _dated(fact_id: str, article: str = "") -> str:
    """A fact's period as a chart labels it (the conflict, when outside sources date it otherwise),
    then ``article`` and the fact's hedge: "2025E · 未署名, 2024-12 · 预计"."""
    v = facts.value(fact_id)
    return " · ".join(x for x in (facts.date_flag(v) or v.period, article, v.hedge) if x)


def _capex_titles(data: pd.DataFrame) -> Titles:
    levels = data[data.kind == "level"]
    yuan, dollars = levels[levels.unit == "CNY"], levels[levels.unit != "CNY"]
    if yuan.empty or dollars.empty:
        top = levels.loc[levels.usd_per_year.idxmax()]
        money = formatting.money(top.usd_per_year, "USD")
        return Titles(
            f"最大的资本开支：{top.company}，每年{money}", f"The largest capex: {_english(top.company)}, {money} a year"
        )
    a, b = yuan.loc[yuan.usd_per_year.idxmax()], dollars.loc[dollars.usd_per_year.idxmax()]
    share = a.usd_per_year / b.usd_per_year
    zh_money = formatting.money(a.usd_per_year, "USD", lang="zh")
    return Titles(
        f"最大的人民币数字（{a.company} {a.period}）折合每年{zh_money}，仅为{b.company}年化支出的{share:.0%}",
        f"The largest yuan figure, {_english(a.company)}'s {a.period} {a.metric.replace('_', ' ')}, is "
        f"{formatting.money(a.usd_per_year, 'USD')} a year: {share:.0%} of {_english(b.company)}'s annualised spending",
    )


def capex_table(data: pd.DataFrame) -> pd.DataFrame:
    """The capex readings for a reader: as stated, how it is read onto a year, per year in USD."""
    return pd.DataFrame(
        {
            "figure": data.label,
            "period": data.period,
            "article": data.article,
            "as stated": [
                formatting.value(v, unit=u, qualifier=q)
                for v, u, q in zip(data.value, data.unit, data.qualifier, strict=True)
            ],
            "reading": data.reading,
            "USD per year": data.value_text,
        }
    )


def off_scale() -> pd.DataFrame:
    """The spending figures that cannot be put on a yearly scale, with why and their quotes."""
    r = readings("off_scale")
    return pd.DataFrame(
        {
            "figure": r.label,
            "as stated": [
                formatting.value(lo, hi, u, p, q)
                for lo, hi, u, p, q in zip(r.low, r.high, r.unit, r.per, r.qualifier, strict=True)
            ],
            "why it is left off": r.why,
            "quote": r.quote,
            "article": r.article,
        }
    )


# ---------------------------------------------------------------------------------------------
# GPU counts


def gpu_counts() -> tuple[pd.DataFrame, Titles]:
    """Every compute fact counted in GPUs, largest first; the title gives the span."""
    f = facts.facts(theme=THEME)
    g = f[f.unit == "gpus"].sort_values("high", ascending=False, kind="stable")
    article = [facts.cite(d) for d in g.doc_id]
    data = pd.DataFrame(
        {
            "fact_id": g.fact_id,
            "entity": g.entity,
            "metric": g.metric,
            "period": g.period,
            "article": article,
            "label": [
                f"{e}: {m.replace('_', ' ')}\n{_dated(i, a)}"
                for e, m, i, a in zip(g.entity, g.metric, g.fact_id, article, strict=True)
            ],
            "low": g.low,
            "high": g.high,
            "qualifier": g.qualifier,
            "source_id": g.fact_id,
        }
    ).reset_index(drop=True)
    small, large = data.loc[data.low.idxmin()], data.loc[data.high.idxmax()]
    ratio = formatting.number(large.high / small.low)
    lo, hi = formatting.number(small.low), formatting.number(large.high)
    return data, Titles(
        f"文章提到的GPU数量相差{ratio}倍：从{lo}张到{hi}张",
        f"The GPU counts named span ×{ratio}: from {lo} ({small.entity}) to {hi} ({large.entity})",
    )


# ---------------------------------------------------------------------------------------------
# MegaScale: 6·N·D


@dataclass(frozen=True)
class TrainingRun:
    """The MegaScale run as the arithmetic reads it: N from the article, D and the GPU assumed."""

    params: float
    tokens: float
    tokens_source: str
    peak: float
    mfu: dict[str, float] = field(default_factory=dict)

    @property
    def flops(self) -> float:
        return audit.training_flops(self.params, self.tokens)

    @property
    def base_ids(self) -> list[str]:
        return ["F-megascale-params", "F-megascale-mfu", TOKENS_ID, "A-gpu-peak-flops"]

    def describe(self) -> tuple[str, str]:
        """The run's inputs as a chart's subtitle says them, in Chinese and English."""
        n, d = formatting.scaled(self.params, "zh"), formatting.scaled(self.tokens, "zh")
        pcts = "/".join(formatting.number(PCT * m) for m in self.mfu.values())
        return (
            f"6·N·D：N = {n}参数，D = {d} token，利用率 {pcts}%（线）；菱形为文章所述",
            f"6·N·D at {pcts}% utilisation (lines) and the article's points (diamonds): N = "
            f"{formatting.scaled(self.params)} parameters, D = {formatting.scaled(self.tokens)} tokens "
            f"({self.tokens_source}), {power(self.peak)} FLOP/s per GPU; 6·N·D = {power(self.flops)} FLOP",
        )


def megascale(megascale_tokens: float | None = None) -> TrainingRun:
    """N (``F-megascale-params``), D (``A-megascale-tokens`` or the parameter), the GPU's peak and
    the utilisations ``A-mfu-low/mid/high``, which must restate the article's ``F-megascale-mfu``."""
    mfu = {k: facts.value(f"A-mfu-{k}").value for k in ("low", "mid", "high")}
    stated = facts.value("F-megascale-mfu")
    if not (math.isclose(PCT * mfu["low"], stated.low) and math.isclose(PCT * mfu["high"], stated.high)):
        raise ValueError(f"A-mfu-low/high ({mfu['low']}, {mfu['high']}) must restate F-megascale-mfu ({stated})")
    source = TOKENS_ID if megascale_tokens is None else f"parameter megascale_tokens (overrides {TOKENS_ID})"
    return TrainingRun(
        params=facts.value("F-megascale-params").value,
        tokens=facts.value(TOKENS_ID, override=megascale_tokens).value,
        tokens_source=source,
        peak=facts.value("A-gpu-peak-flops").value,
        mfu=mfu,
    )


def power(x: float) -> str:
    """3.15e23 → "3.15 × 10²³": a very large number without "e+"."""
    exp = math.floor(math.log10(abs(x)))
    sup = str(exp).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{formatting.number(x / 10**exp)} × 10{sup}"


def days_curve(run: TrainingRun) -> tuple[pd.DataFrame, Titles]:
    """Days against GPU count by 6·N·D at each utilisation (series ``computed``), and the article's
    two points (series ``claimed``). The title says whether the points sit inside the band."""
    small, large = (facts.value(g).value for g in CLUSTERS)
    grid = np.unique(np.round(np.concatenate([np.geomspace(small / SPAN, large * SPAN, 13), [small, large]])))
    cluster_id = {facts.value(g).value: g for g in CLUSTERS}
    rows = []
    for key, m in run.mfu.items():
        for g in grid:
            ids = [*run.base_ids, f"A-mfu-{key}", *([cluster_id[g]] if g in cluster_id else [])]
            days = audit.training_days(run.flops, g, run.peak, m)
            curve = f"6·N·D, 利用率 MFU {formatting.percent(PCT * m)}"
            rows.append(("computed", curve, g, PCT * m, days, run.tokens, run.tokens_source, "", ";".join(ids)))
    for g_id, d_id in CLUSTERS.items():
        g, d = facts.value(g_id), facts.value(d_id)
        days = formatting.value(d.value, qualifier=d.qualifier)
        text = f"文章 claimed: {formatting.number(g.value)} GPUs, {days} 天 days"
        rows.append(("claimed", "文章所述 claimed", g.value, math.nan, d.value, math.nan, "", text, f"{g_id};{d_id}"))
    columns = ["series", "curve", "gpus", "mfu_percent", "days", "tokens", "tokens_source", "point_label", "source_id"]
    data = pd.DataFrame(rows, columns=columns)
    band = data[data.series == "computed"].groupby("gpus").days.agg(["min", "max"])
    claimed = data[data.series == "claimed"]
    inside = sum(band["min"][g] <= d <= band["max"][g] for g, d in zip(claimed.gpus, claimed.days, strict=True))
    lo, hi = formatting.number(PCT * min(run.mfu.values())), formatting.percent(PCT * max(run.mfu.values()))
    every = "both" if len(claimed) == 2 else f"all {len(claimed)}"
    if inside == len(claimed):
        return data, Titles(
            f"6·N·D在{lo}–{hi}的利用率下重现了文章所说的训练天数",
            f"6·N·D at {lo}–{hi} utilisation reproduces {every} of the article's training times",
        )
    return data, Titles(
        f"文章所说的{len(claimed)}个训练天数中，{inside}个落在6·N·D {lo}–{hi}利用率的区间内",
        f"{inside} of the article's {len(claimed)} training times fall inside 6·N·D's {lo}–{hi} utilisation band",
    )


def curve_styles(curve: pd.DataFrame) -> dict[str, dict]:
    """Line styles of the days curve: dashed, solid, dotted from the lowest utilisation up."""
    lines = curve[curve.series == "computed"].drop_duplicates("curve").sort_values("mfu_percent").curve
    color = plotting.theme_color(THEME)
    return {name: {**style, "color": color} for name, style in zip(lines, MFU_LINES, strict=False)}


def claims_check(curve: pd.DataFrame, run: TrainingRun) -> pd.DataFrame:
    """Per claimed cluster: the days 6·N·D gives at each utilisation, the days claimed, and the
    token budget that would make the claim exact at the middle utilisation."""
    computed, claimed = curve[curve.series == "computed"], curve[curve.series == "claimed"]
    at = computed[computed.gpus.isin(claimed.gpus)].pivot(index="gpus", columns="mfu_percent", values="days")
    mid = at[PCT * run.mfu["mid"]]
    out = pd.DataFrame({"GPUs": [formatting.number(g) for g in at.index]})
    for pct in at.columns:
        out[f"days at {formatting.percent(pct)} MFU"] = [formatting.number(d) for d in at[pct]]
    days = claimed.set_index("gpus").days
    out["days claimed"] = [formatting.number(days[g]) for g in at.index]
    out["tokens that make the claim exact"] = [formatting.scaled(run.tokens * days[g] / mid[g]) for g in at.index]
    return out


def cost_per_gpu_hour(run: TrainingRun, rate: Rate) -> tuple[pd.DataFrame, Titles]:
    """The stated bill divided by GPU-hours: the article's own (cards × days × 24) and 6·N·D's at
    each utilisation (``audit.training_gpu_hours``). The bill is a floor, so each price is too."""
    cost = facts.value("F-megascale-cost")
    rows = []
    for g_id, d_id in CLUSTERS.items():
        g, d = facts.value(g_id).value, facts.value(d_id).value
        basis = f"文章 claimed: {formatting.number(g)} GPUs × {formatting.number(d)} days"
        rows.append((basis, "level", audit.gpu_hours(g, d), f"F-megascale-cost;{g_id};{d_id};{RATE_ID}"))
    for key, m in run.mfu.items():
        ids = ["F-megascale-cost", *run.base_ids, f"A-mfu-{key}", RATE_ID]
        hours = audit.training_gpu_hours(run.flops, run.peak, m)
        rows.append((f"6·N·D at {formatting.percent(PCT * m)} MFU", "part", hours, ";".join(ids)))
    data = pd.DataFrame(rows, columns=["basis", "kind", "gpu_hours", "source_id"])
    data["cost_cny"] = cost.value
    data["cny_per_gpu_hour"] = cost.value / data.gpu_hours
    data["usd_per_gpu_hour"] = rate.usd(data.cny_per_gpu_hour, cost.unit)
    data["tokens"], data["tokens_source"] = run.tokens, run.tokens_source
    data = data.assign(**rate.columns([True] * len(data)))
    basis = data.basis.str.replace(": ", ":\n", regex=False)  # 文章 claimed: on a line of its own
    data["label"] = [f"{b}\n({formatting.number(h)} GPU-hours)" for b, h in zip(basis, data.gpu_hours, strict=True)]
    mark = "≥" if cost.qualifier == "over" else ""
    data["value_text"] = [
        f"{mark}{c:.2f} 元 ≈ ${u:.2f}" for c, u in zip(data.cny_per_gpu_hour, data.usd_per_gpu_hour, strict=True)
    ]
    lo, hi = data.cny_per_gpu_hour.min(), data.cny_per_gpu_hour.max()
    ulo, uhi = data.usd_per_gpu_hour.min(), data.usd_per_gpu_hour.max()
    bill_zh, bill_en = formatting.money(cost.value, "CNY", lang="zh"), formatting.money(cost.value, "CNY")
    return data, Titles(
        f"超过{bill_zh}的训练费用折合每GPU小时至少{lo:.2f}–{hi:.2f}元（{ulo:.2f}–{uhi:.2f}美元）",
        f"The >{bill_en} training bill comes to at least ¥{lo:.2f}–{hi:.2f} (${ulo:.2f}–{uhi:.2f}) per GPU-hour",
    )


# ---------------------------------------------------------------------------------------------
# Demand: inference against training


def demand_index() -> tuple[pd.DataFrame, Titles]:
    """Each stated growth rate grown from 1 in the base year (``audit.project``) over the stated span."""
    base = int(facts.value("A-base-year-index").value)
    span = facts.value("F-compute-cagr-years")
    first, last = int(span.low), int(span.high)
    if first != base:
        raise ValueError(f"the stated span starts in {first}, the index base year (A-base-year-index) is {base}")
    rows = []
    for series, fid in (("推理 inference", "F-inference-compute-cagr"), ("训练 training", "F-training-compute-cagr")):
        rate = facts.value(fid).value
        label = f"{series}: {formatting.percent(rate)}/年 a year"
        for year in range(first, last + 1):
            index = audit.project(1, rate / PCT, year - base)
            text = f"×{index:.2f}" if year == last else ""
            rows.append((series, label, year, rate, index, base, text, f"{fid};F-compute-cagr-years;A-base-year-index"))
    columns = ["series", "label", "year", "cagr_percent", "index", "base_year", "end_label", "source_id"]
    data = pd.DataFrame(rows, columns=columns)
    ends = data[data.year == last].set_index("series")["index"]
    inf, trn = ends.iloc[0], ends.iloc[1]
    faster_zh, faster_en = ("推理", "inference") if inf > trn else ("训练", "training")
    return data, Titles(
        f"到{last}年，推理算力需求增至{base}年的{inf:.1f}倍，训练为{trn:.1f}倍：{faster_zh}增长更快",
        f"By {last} inference demand is ×{inf:.1f} its {base} level and training ×{trn:.1f}: {faster_en} grows faster",
    )


def demand_styles(data: pd.DataFrame) -> dict[str, dict]:
    """Inference in the theme's colour, training in grey, both with a point per year."""
    first, *rest = dict.fromkeys(data.label)
    styles = {first: {"color": plotting.theme_color(THEME), "marker": "o", "lw": 2}}
    return styles | {name: {"color": charts.GREY, "marker": "o", "lw": 2} for name in rest}


# ---------------------------------------------------------------------------------------------
# Text evidence: shares, terms, KWIC, companies


def share(scores: themes.Scores, docs: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Each article's share of sentences with a compute term, largest first (``charts.shares``
    draws it)."""
    d = scores.documents[scores.documents.theme == THEME].sort_values("share", ascending=False, kind="stable")
    labels, outlets = article_labels(docs), docs.set_index("doc_id")
    data = pd.DataFrame(
        {
            "label": d.doc_id.map(labels),
            "doc_id": d.doc_id,
            "hits": d.hits,
            "sentences": d.sentences,
            "n_sentences": d.n_sentences,
            "share": d.share,
            "share_percent": PCT * d.share,
            "outlet": d.doc_id.map(lambda i: facts.short_outlet(outlets.outlet[i])),
            "published": d.doc_id.map(outlets.published),
            "source_id": d.doc_id,
        }
    ).reset_index(drop=True)
    pooled = pooled_share(scores)
    top, name = data.iloc[0], facts.cite(data.doc_id.iloc[0], docs, sep=" ")
    return data, Titles(
        f"谈算力最多的文章（{name}）有{top.share_percent:.0f}%的句子含算力词，全部文章合计为{pooled:.0%}",
        f"The most compute-minded article ({name}) uses a compute term in {top.share_percent:.0f}% of its "
        f"sentences; across all articles {pooled:.0%} do",
    )


def pooled_share(scores: themes.Scores) -> float:
    """The share of all the corpus's sentences that hold a compute term."""
    d = scores.documents[scores.documents.theme == THEME]
    return d.sentences.sum() / max(d.n_sentences.sum(), 1)


def terms(docs: pd.DataFrame, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """Occurrences of each compute term per article (``themes.term_counts``: the lexicon's own
    longest-match rule, so 万卡集群 is not also 集群); terms no article uses are left out."""
    counts = themes.term_counts(THEME, corpus_dir, doc_ids=list(docs.doc_id))
    totals = counts.groupby("term").hits.sum().sort_values(ascending=False, kind="stable")
    used = list(totals[totals > 0].index)
    data = counts[counts.term.isin(used)].copy()
    data["order"] = data.term.map({t: i for i, t in enumerate(used)})
    data = data.sort_values(["order", "doc_id"], kind="stable").drop(columns="order")
    data = data.rename(columns={"hits": "occurrences"})
    outlets = docs.set_index("doc_id").outlet.map(facts.short_outlet)
    data["article"] = [f"{short_id(d)}\n{outlets[d]}" for d in data.doc_id]
    data["source_id"] = data.doc_id
    data = data[["term", "article", "doc_id", "occurrences", "source_id"]].reset_index(drop=True)
    top = used[0]
    k, n = int((data[data.term == top].occurrences > 0).sum()), len(docs)
    return data, Titles(
        f"“{top}”是最常用的算力词：共{totals[top]:,}次，{k}/{n}篇文章用到",
        f"“{top}” is the compute word the articles use most: {totals[top]:,} times, in {k} of {n} articles",
    )


def unused_terms(data: pd.DataFrame) -> list[str]:
    """The compute lexicon's terms that no article of the corpus uses."""
    return [t for t in themes.lexicon()[THEME]["terms"] if t not in set(data.term)]


def kwic(
    term_list, docs: pd.DataFrame, corpus_dir=None, *, width: int = 20, per_sentence: bool = False
) -> pd.DataFrame:
    """Every occurrence of the terms (``per_sentence``: every sentence holding one, once) with
    ``width`` characters either side (``themes.kwic``), in article order: article, before, term, after."""
    found = pd.concat([themes.kwic(t, width=width, corpus_dir=corpus_dir) for t in term_list], ignore_index=True)
    found = found.sort_values(["doc_id", "sent", "start"], kind="stable")
    found = found.drop_duplicates(["doc_id", "sent"]) if per_sentence else found
    return pd.DataFrame(
        {
            "article": [facts.cite(d, docs) for d in found.doc_id],
            "before": found.left,
            "term": found.term,
            "after": found.right,
            "source_id": found.doc_id,
        }
    ).reset_index(drop=True)


def companies(scores: themes.Scores, corpus_dir=None) -> tuple[pd.DataFrame, pd.DataFrame, Titles]:
    """Companies of the names table named in compute sentences (``themes.cooccurrence``), without
    those that are compute terms themselves (英伟达 hits the theme in every sentence naming it),
    which come back separately. ``source_id``: the articles of those sentences."""
    co = themes.cooccurrence(
        THEME, categories=("company", "cloud"), corpus_dir=corpus_dir, scores=scores, with_doc_ids=True
    )
    lexicon = {t.lower() for t in themes.lexicon()[THEME]["terms"]}
    own = co.entity.str.lower().isin(lexicon)
    data = co[~own].rename(columns={"doc_ids": "source_id"}).reset_index(drop=True)
    data.insert(1, "label", data.entity.map(names.label))
    total = theme_sentences(scores)
    if data.empty:
        return data, co[own], Titles("算力句子中没有提到公司", "No company is named in the compute sentences")
    best = data[data.sentences == data.sentences.max()]
    zh, en = "、".join(best.entity), " and ".join(best.entity.map(_english))
    n = int(best.sentences.iloc[0])
    return (
        data,
        co[own].reset_index(drop=True),
        Titles(
            f"算力句子中{zh}被提到得最多：{total}句中有{n}句",
            f"{en}: named in the most compute sentences, {n} of {total}",
        ),
    )


def theme_sentences(scores: themes.Scores) -> int:
    """How many sentences hit the compute theme."""
    hit = scores.sentences
    return len(hit.loc[hit.theme == THEME, ["doc_id", "sent"]].drop_duplicates())


def stances(docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles' sentences on whether compute is a moat (``seeds/compute_moat.csv``)."""
    s = facts.curated("compute_moat")
    return pd.DataFrame(
        {"stance": s.stance, "who": s.who, "quote": s.quote, "article": [facts.cite(d, docs) for d in s.doc_id]}
    )


# ---------------------------------------------------------------------------------------------
# Spending against revenue (seeds/spend_vs_revenue.csv)


def _annual(ids: list[str], rate: Rate) -> pd.DataFrame:
    """Facts by id on a yearly USD scale: low, high, qualifier, unit, entity, converted."""
    f = facts.facts(ids=list(dict.fromkeys(ids))).set_index("fact_id")
    curated = readings()
    per = [_per(i, p, curated) for i, p in zip(f.index, f.per, strict=True)]
    out = pd.DataFrame(index=f.index)
    for col in ("low", "high"):
        out[col] = [
            rate.usd(audit.annualise(v, p), u) if u in ("CNY", "USD") else v
            for v, p, u in zip(f[col], per, f.unit, strict=True)
        ]
    return out.assign(qualifier=f.qualifier, unit=f.unit, entity=f.entity, converted=f.unit == "CNY")


def _combined(rule: str, ids: list[str], a: pd.DataFrame) -> tuple[float, float, str]:
    """One row of spend_vs_revenue.csv from its facts: ``value`` (the one fact), ``sum``, ``share``
    (an amount times a percentage) or ``each`` (an amount per company times the companies named)."""
    rows = a.loc[ids]
    if rule == "value":
        return rows.low.iloc[0], rows.high.iloc[0], rows.qualifier.iloc[0]
    if rule == "sum":
        return rows.low.sum(), rows.high.sum(), ""
    if rule == "share":
        amount, pct = rows.iloc[0], rows.iloc[1].low / PCT
        return amount.low * pct, amount.high * pct, ""
    if rule == "each":
        n = [len(provenance.split_ids(e)) for e in rows.entity]
        return (rows.low * n).sum(), (rows.high * n).sum(), ""
    raise ValueError(f"spend_vs_revenue.csv: unknown rule {rule!r}; known: value, sum, share, each")


def spend_vs_revenue(capex_data: pd.DataFrame, rate: Rate) -> tuple[pd.DataFrame, Titles]:
    """The capex levels, then the rows of ``seeds/spend_vs_revenue.csv``, per year in USD; a label
    flags a date outside sources contradict, ``series`` is hollow ("<group> hedged") for a hedged fact."""
    levels = capex_data[capex_data.kind == "level"]
    rows = [
        (
            "spending",
            f"{r.label} ({_dated(r.fact_id)})",
            r.usd_per_year,
            r.usd_per_year,
            r.qualifier,
            r.unit == "CNY",
            r.source_id,
        )
        for r in levels.itertuples()
    ]
    cur = facts.curated("spend_vs_revenue")
    ids = [provenance.split_ids(c) for c in cur.fact_ids]
    annual = _annual([i for group in ids for i in group], rate)
    for r, group in zip(cur.itertuples(), ids, strict=True):
        low, high, q = _combined(r.rule, group, annual)
        q = "" if r.group == "needed" else q  # a threshold: 超过 qualifies the revenue that must clear it
        converted = bool(annual.converted[group].any())
        flags = [f for f in (facts.date_flag(facts.value(i)) for i in group) if f]
        label = "\n".join([r.label, *flags])
        rows.append((r.group, label, low, high, q, converted, ";".join(group) + (f";{RATE_ID}" if converted else "")))
    columns = ["group", "label", "usd_per_year_low", "usd_per_year_high", "qualifier", "converted", "source_id"]
    data = pd.DataFrame(rows, columns=columns)
    data["series"] = [mark(g, provenance.split_ids(i)) for g, i in zip(data.group, data.source_id, strict=True)]
    data = data.assign(**rate.columns(data.pop("converted")))
    data["usd_bn_low"], data["usd_bn_high"] = data.usd_per_year_low / BN, data.usd_per_year_high / BN
    return data, _gap_titles(data)


def _gap_titles(data: pd.DataFrame) -> Titles:
    needed = data[data.group == "needed"]
    earned = data[data.group == "revenue"]
    if needed.empty or earned.empty:
        return Titles("支出与收入：同一把尺子", "Spending and revenue on one scale")
    need = needed.iloc[0]
    top = earned.usd_per_year_high.max() / need.usd_per_year_low
    mark = formatting.QUALIFIER_MARK.get(need.qualifier, "")
    en = mark + formatting.money(need.usd_per_year_low, "USD")
    zh = mark + formatting.money(need.usd_per_year_low, "USD", lang="zh")
    return Titles(
        f"支出远超收入：文章中最大的收入数字只有每年所需{zh}的{top:.0%}",
        f"Spending outruns revenue: the largest revenue figure in the articles is {top:.0%} of the {en} a year needed",
    )


def needed_line(data: pd.DataFrame) -> list[tuple[float, str]]:
    """The revenue needed, as a reference line on the chart (in USD bn)."""
    needed = data[data.group == "needed"]
    return [(x, "所需 needed") for x in needed.usd_bn_low]


@dataclass(frozen=True)
class Gap:
    """The numbers the findings on spending against revenue quote (USD a year)."""

    bytedance: float
    profit: float
    llm_revenue: float
    openai_revenue: tuple[float, float]
    openai_spending: tuple[float, float]
    hyperscale: float
    assumed: float
    needed: float
    nvidia_yearly: float


def gap(capex_data: pd.DataFrame, data: pd.DataFrame) -> Gap:
    """What the findings compute from the spending-against-revenue rows, by the facts they cite."""
    by_id = data.set_index("source_id")
    levels = capex_data.set_index("fact_id").usd_per_year

    def row(*ids: str) -> pd.Series:
        return by_id.loc[";".join(ids)]

    revenue = row("F-openai-revenue-2024-ai-guangnian")
    spent = row("F-openai-revenue-2024-ai-guangnian", "F-openai-loss-2024-ai-guangnian")
    quarterly = capex_data[
        (capex_data.kind == "level") & (capex_data.periods_per_year == audit.PERIODS_PER_YEAR["quarter"])
    ]
    nv = [facts.value(i).value for i in ("F-nvidia-dollar-in", "F-nvidia-dollar-out", "F-nvidia-dollar-years")]
    return Gap(
        bytedance=levels["F-bytedance-capex-2025"],
        profit=row("F-internet-profit-q1", RATE_ID).usd_per_year_low,
        llm_revenue=row("F-baidu-cloud-revenue-q2", "F-baidu-cloud-llm-share", RATE_ID).usd_per_year_low,
        openai_revenue=(revenue.usd_per_year_low, revenue.usd_per_year_high),
        openai_spending=(spent.usd_per_year_low, spent.usd_per_year_high),
        hyperscale=quarterly.usd_per_year.sum(),
        assumed=row("F-sequoia-bigtech-ai-revenue", "F-sequoia-others-ai-revenue").usd_per_year_low,
        needed=row("F-sequoia-revenue-needed").usd_per_year_low,
        nvidia_yearly=nv[1] / nv[2] / nv[0],
    )


# ---------------------------------------------------------------------------------------------
# Quotes


def sentence(fact_id: str) -> str:
    """The whole sentence a fact's quote sits in, as a block quote linked to it (Markdown)."""
    v = facts.value(fact_id)
    sents = corpus.sentences()
    sents = sents[sents.doc_id == v.doc_id]
    whole = next((t for t in sents.text if v.quote in t), v.quote)
    return f"> 「{whole}」\n> — [{v.source}]({tables.SITE_PAGE_ROOT}{provenance.href(fact_id, v.doc_id)})"


def articles_line(docs: pd.DataFrame) -> str:
    """How many articles, outlets and months the corpus spans, for the caveats."""
    en = count_words(len(docs))[1]
    outlets = docs.outlet.map(facts.short_outlet)
    unnamed = int((outlets == facts.NO_OUTLET).sum())
    dates = sorted(p for p in docs.published if str(p)[:4].isdigit())
    span = f"published {dates[0]} to {dates[-1]}" if dates else "with no stated dates"
    inferred = int((docs.date_basis != "stated").sum())
    return (
        f"{en} from {outlets[outlets != facts.NO_OUTLET].nunique()} named outlets"
        f"{f' ({unnamed} with none stated)' if unnamed else ''}, {span}"
        f"{f' ({inferred} of the dates inferred from the text)' if inferred else ''}"
    )
