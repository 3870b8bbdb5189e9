"""Chapter 05: the claims audit — the articles' arithmetic redone, and each claim judged.

Every check reads its inputs by id (``facts.value``: facts, references, assumptions; the curated
rows of ``seeds/claims_*.csv``), does its arithmetic with ``baimo.audit`` and returns a
:class:`~baimo.analyses.claims_base.Check`: the audit rows (one per claim: the computed and the
claimed interval and how each was read, the tolerance, the verdict and the rule that decided it,
the distance in tolerances, the hedged figures it rests on and, in ``source_id``, every id the row
read), the derived numbers the chapter's prose quotes, and every id the check read. A claim with
nothing to hold it against is *unverifiable* and keeps no claimed interval. The machinery is
``claims_base``; the checks of the articles' own arithmetic are ``claims_checks``, those against
outside sources and dates ``claims_sources``.

:func:`audit_table` runs every check (:data:`CHECKS`); :func:`verdicts`, :func:`training_days`,
:func:`exhaustion_dates` and :func:`claims_by_article` are the chapter's figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from baimo import audit, charts, facts, formatting, provenance, themes
from baimo.analyses.claims_base import (
    INPUTS,
    RATE_ID,
    RESULT,
    SUMMARY,
    VERDICT_NAMES,
    VERDICTS,
    Check,
    hedged,
)
from baimo.analyses.claims_checks import (
    agent_error_compounding,
    ai_market_2017_base,
    data_exhaustion_dates,
    data_services_cagr,
    developer_spend,
    gpt4_tokens,
    gpt5_data_stock,
    megascale_cost,
    megascale_training_days,
    openai_2024,
    price_cuts,
    span,
    subscription_prices,
    survey_shares,
    wenxin_daily_calls,
    when_words,
)
from baimo.analyses.claims_sources import (
    baidu_q2,
    chatgpt_visits,
    goldman_capex,
    hyperscaler_quarters,
    internet_profit_q1,
    meta_capex_raise,
    openai_2024_reported,
    openai_funding,
    openai_run_rate_date,
    sequoia_600b,
    wenxin_calls_sources,
)
from baimo.analyses.common import Titles, article_labels, count_words, outlet

__all__ = ["INPUTS", "RESULT", "SUMMARY", "VERDICT_NAMES", "hedged"]
#: A distance beyond this many tolerances is drawn at the edge of the verdicts chart (its value written).
CLIP_TOLERANCES = 4.0
THEME_COLUMNS = {"theme_name": "theme"} | {v: v for v in VERDICTS}
READING_COLUMNS = {"reading": "reading", "rule": "the interval", "claims": "times used"}
#: The reviewed rows as a reader sees them (seeds/claims_reviews.csv).
REVIEW_COLUMNS = {
    "source_id": "id",
    "field": "field",
    "as_stored": "as stored",
    "as_read": "as read",
    "action": "action",
    "ref_ids": "sources",
    "why": "why",
}


# ---------------------------------------------------------------------------------------------
# The checks, in the chapter's order: (function, whether it takes the ``rate`` parameter)

CHECKS: list[tuple[Callable[..., Check], bool]] = [
    (developer_spend, False),
    (price_cuts, False),
    (wenxin_daily_calls, False),
    (wenxin_calls_sources, False),
    (openai_2024, False),
    (openai_2024_reported, False),
    (openai_run_rate_date, False),
    (openai_funding, False),
    (subscription_prices, True),
    (survey_shares, False),
    (agent_error_compounding, False),
    (ai_market_2017_base, False),
    (baidu_q2, False),
    (internet_profit_q1, False),
    (megascale_training_days, False),
    (megascale_cost, True),
    (sequoia_600b, False),
    (goldman_capex, False),
    (hyperscaler_quarters, False),
    (meta_capex_raise, False),
    (data_services_cagr, False),
    (data_exhaustion_dates, False),
    (gpt4_tokens, False),
    (gpt5_data_stock, False),
    (chatgpt_visits, False),
]


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
    """Every row a check read, one per id: what it is, its value as stated (with its qualifier), a
    fact's hedge (and the reference that dates it otherwise), its quote, and its source (a fact's
    article, a reference's citation, an assumption's reason)."""
    rows = []
    for i in dict.fromkeys(check.ids):
        v = facts.value(i, override=rate if i == RATE_ID else None)
        what = v.name if v.kind == "assumption" else f"{v.entity}: {v.metric.replace('_', ' ')}"
        value = formatting.value(v.low, v.high, v.unit.replace("_", " "), v.per, v.qualifier)
        hedge = " · ".join(h for h in (v.hedge, f"dated otherwise by {v.date_conflict}" * bool(v.date_conflict)) if h)
        rows.append(
            {"source_id": i, "what": what, "value": value, "hedge": hedge, "quote": v.quote, "source": v.source}
        )
    return pd.DataFrame(rows, columns=list(INPUTS))


def reviews() -> pd.DataFrame:
    """The rows an independent read questioned, and what was done with each
    (``seeds/claims_reviews.csv``), with a ``source_id`` naming the row and its sources."""
    table = facts.curated("claims_reviews")
    ids = [";".join([r.source_id, *provenance.split_ids(r.ref_ids)]) for r in table.itertuples()]
    return table.assign(source_id=table.source_id, ids=ids)


def readings(table: pd.DataFrame) -> pd.DataFrame:
    """How a number becomes an interval (``audit.READINGS``), with the claims each reading was
    applied to (as the claim, or to a stated value a claim is held against)."""
    used = pd.concat([table.claimed_reading, table.computed_reading]).value_counts()
    rows = [{"reading": k, "rule": rule, "claims": int(used.get(k, 0))} for k, rule in audit.READINGS.items()]
    return pd.DataFrame(rows).assign(source_id="")


def on_hedged(table: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict whose rows read a hedged figure (据报道, 预计 …)."""
    return {v: int(((table.verdict == v) & (table.hedged != "")).sum()) for v in VERDICTS}


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


HEDGED = "hedged"


def verdict_styles() -> dict:
    """How each verdict is drawn on the verdicts chart: a solid mark, hollow when the claim rests on
    a hedged figure (据报道, 预计 …; the ``mark`` column of :func:`verdicts`)."""
    marks = (("o", charts.INK), ("X", "#CC79A7"), ("s", charts.GREY))
    styles = {}
    for v, (m, c) in zip(VERDICTS, marks, strict=True):
        styles[v] = charts.Series(VERDICT_NAMES[v], m, c)
        styles[f"{v} {HEDGED}"] = charts.Series(
            f"{VERDICT_NAMES[v]}（转述/预测数字 hedged figures）", m, c, hollow=True
        )
    return styles


def verdicts(table: pd.DataFrame, clip: float = CLIP_TOLERANCES) -> tuple[pd.DataFrame, Titles]:
    """Each claim's distance from what was computed, in tolerances (``x``, clipped at ±``clip``:
    a clipped row's ``qualifier`` says which way and its ``value_text`` the true distance), by
    theme, the unverifiable last (drawn at 0, unlabelled); ``mark`` is the verdict, with "hedged"
    when the claim rests on a hedged figure. The title counts the verdicts."""
    rank = table.theme.map(themes.THEMES.index) + (table.verdict == audit.UNVERIFIABLE) * len(themes.THEMES)
    data = table.assign(rank=rank).sort_values("rank", kind="stable").drop(columns="rank").reset_index(drop=True)
    d = data.distance_in_tolerances
    data["x"] = d.clip(-clip, clip).fillna(0.0)
    data["qualifier"] = ["under" if x < -clip else "over" if x > clip else "" for x in d]
    data["value_text"] = ["" if math.isnan(x) else formatting.number(x, 2) for x in d]
    data["mark"] = [f"{v} {HEDGED}" if h else v for v, h in zip(data.verdict, data.hedged, strict=True)]
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
        ref, (when_zh, when_en) = facts.value(ref_id), when_words(r.claimed_low)
        p = facts.value(p_id).low if p_id else None
        claim = f"{p:g}%可能性\narticle: {p:g}% likely" if p is not None else "风险延迟至\narticle: delayed to"
        lane = f"{table.ref_label_zh[r.fact_id]}\n{table.ref_label_en[r.fact_id]}"
        rows.append(_lane(lane, _version(ref_id), ref.low, ref.high, span(ref.low, ref.high), ref_id))
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
