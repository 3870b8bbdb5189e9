"""Chapter 04: data scarcity — the shortage numbers against Epoch's, the dates the articles give
for running out of text, the data market, and how the articles talk about data.

Numbers are read by id (``facts.value``); which rows a figure draws, and how they are labelled,
is the chapter's curated data in ``seeds/data_rows.csv``; which Epoch version each of the
article's dates matches is ``seeds/data_epoch_matches.csv``; the passages on data as a moat are
``seeds/data_moat.csv``. Text counts use the shared lexicon (``baimo.themes``, longest match
first, so 数据中心 is a compute term) and split each data term into data *as such* and the
reporting idiom 数据显示 / 据…数据 (a *cited statistic*).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from baimo import audit, charts, corpus, facts, formatting, names, plotting, provenance, sources, tables, themes
from baimo.analyses.claims_base import stated
from baimo.analyses.common import Titles, article_labels, count_words, outlet

__all__ = [
    "data_share",
    "date_matches",
    "deal_shares",
    "demand_numbers",
    "entities",
    "evidence_counts",
    "exhaustion_dates",
    "exhaustion_numbers",
    "input_hits",
    "inputs_named",
    "kwic_corpus",
    "kwic_data",
    "kwic_uses",
    "market_numbers",
    "market_path",
    "mentions",
    "moat_quotes",
    "ranking_sentences",
    "source_rows",
    "stock_refs",
    "text_numbers",
    "timeline_names",
    "token_demand",
    "vocabulary",
]

THEME = "data"
TRILLION = 1e12
YI = 1e8  # 亿: the market is stated in 亿元
ROWS, MATCHES, MOAT = "data_rows", "data_epoch_matches", "data_moat"
CITED = "（引述 cited）"
CLAUSE_END = "，,。；;：:!?！？"
CITED_AFTER = ("显示", "来看")
#: The three inputs of the articles' own frame (算力、算法和数据), as a chart names them.
INPUTS = {"data": "数据 data", "compute": "算力 compute", "algorithms": "算法 algorithms"}
SEGMENTS = {"as_such": "数据本身 data as such", "cited_only": "仅为引述统计 only a cited statistic (数据显示)"}
#: What the rows and columns of the inputs heatmap count (for the note on what is not shown).
INPUT_ITEMS = (("种投入", "inputs"), ("篇文章", "articles"))
PARTS = {"median": "中值 median", "upper_end": "区间上端 interval's upper end", "range": "区间 range"}
#: The token counts the token figure draws, by metric: what a row says (zh, en), and whether it is
#: the stock of public text rather than a model's training data.
TOKEN_METRICS = {
    "training_tokens": ("训练数据", "training data", False),
    "training_tokens_needed": ("可能需要", "may need", False),
    "public_human_text_stock": ("公开人类文本存量", "public text stock", True),
}
#: How the token figure draws each kind of row (the stock's 90% interval is a range of the same kind).
DEMAND_STYLES = {
    "article": charts.Series("文章 article", marker="D", color=charts.INK),
    "estimate": charts.Series("Epoch 估计 estimate", color=THEME),
    "stock": charts.Series("Epoch v2 文本存量 text stock", marker="s", color=plotting.PALETTE[0]),
}


def _rows(figure: str) -> pd.DataFrame:
    """The curated rows one figure draws, in order."""
    rows = facts.curated(ROWS)
    return rows[rows.figure == figure].reset_index(drop=True)


def _tn(low: float, high: float | None = None, qualifier: str = "") -> str:
    """Tokens in 万亿 (trillions), as the articles write them: 12万亿, 60–100万亿, ≈300万亿."""
    return formatting.value(low / TRILLION, None if high is None else high / TRILLION, qualifier=qualifier) + "万亿"


def _pct(low: float, high: float | None = None) -> str:
    """Fractions as whole percents: 0.2, 0.333 → "20–33%"."""
    return formatting.value(round(low * 100), None if high is None else round(high * 100), unit="percent")


def _share(x: float) -> str:
    """A share of sentences or hits, to two significant figures: 0.185 → "19%", 0.0185 → "1.9%"."""
    return formatting.percent(x, fraction=True, digits=2)


def _short_labels(docs: pd.DataFrame) -> dict[str, str]:
    """doc_id → "004\n定焦": number over outlet, for a heatmap's columns (the line break is where
    the label wraps; ``charts.wrap`` keeps it)."""
    return {d: f"{d.split('_')[0]}\n{outlet(o)}" for d, o in zip(docs.doc_id, docs.outlet, strict=True)}


# ---------------------------------------------------------------------------------------------
# Token demand against the stock of public text


def _token_rows() -> pd.DataFrame:
    """The data theme's token counts: the articles' (facts) and Epoch's (references), by metric
    (``TOKEN_METRICS``; a metric ending ``_90ci`` is its 90% interval); largest first."""
    f, r = facts.facts(theme=THEME), facts.references(theme=THEME)
    f, r = f.assign(source_id=f.fact_id, kind="article"), r.assign(source_id=r.ref_id, kind="estimate")
    rows = pd.concat([f, r], ignore_index=True)
    rows["measure"] = rows.metric.str.removesuffix("_90ci")
    rows = rows[rows.measure.isin(list(TOKEN_METRICS))].copy()
    rows.loc[rows.measure.map(lambda m: TOKEN_METRICS[m][2]), "kind"] = "stock"
    return rows.sort_values("high", ascending=False, kind="stable").reset_index(drop=True)


def _token_label(r) -> str:
    """ "GPT-5 可能需要（文章）\nGPT-5 may need (article)"; the stock: "公开人类文本存量 中值\n…"."""
    zh, en, stock = TOKEN_METRICS[r.measure]
    if stock:
        part = ("90%区间", "90% interval") if r.high > r.low else ("中值", "central")
        return f"{zh} {part[0]}\n{en}, {part[1]}"
    who = ("文章", "article") if r.kind == "article" else ("Epoch", "Epoch")
    return f"{r.entity} {zh}（{who[0]}）\n{r.entity} {en} ({who[1]})"


def token_demand() -> tuple[pd.DataFrame, Titles]:
    """The tokens the article says GPT-4 used and GPT-5 may need, Epoch's GPT-4 estimate and
    Epoch v2's stock of public human text; each need as a share of the stock's central value."""
    rows = _token_rows()
    data = pd.DataFrame(
        {
            "item": [_token_label(r) for r in rows.itertuples()],
            "entity": rows.entity,
            "kind": rows.kind,
            "low": rows.low,
            "high": rows.high,
            "qualifier": rows.qualifier.fillna(""),
        }
    )
    central = (data.kind == "stock") & (data.low == data.high)
    stock_id, stock = rows.source_id[central].iloc[0], data.low[central].iloc[0]
    need = data.kind != "stock"
    data["share_of_stock_low"] = (data.low / stock).where(need)
    data["share_of_stock_high"] = (data.high / stock).where(need)
    data["low_tn"], data["high_tn"] = data.low / TRILLION, data.high / TRILLION
    data["value_text"] = [
        _tn(r.low, r.high, r.qualifier)
        + (f" = 存量中值的 {_pct(r.share_of_stock_low, r.share_of_stock_high)}" if n else "")
        for r, n in zip(data.itertuples(), need, strict=True)
    ]
    data["source_id"] = [f"{i};{stock_id}" if n else i for i, n in zip(rows.source_id, need, strict=True)]
    needs = data[need]
    big = needs.loc[needs.high.idxmax()]
    small = needs[needs.kind == "article"].loc[lambda d: d.low.idxmin()]
    big_share, small_share = _pct(big.share_of_stock_low, big.share_of_stock_high), _pct(small.share_of_stock_low)
    return data, Titles(
        f"一次{big.entity}规模的训练将用掉公开人类文本存量中值的{big_share}，{small.entity}用了{small_share}",
        f"One {big.entity}-sized run would use {big_share} of Epoch's central stock of public human text; "
        f"{small.entity} used {small_share}",
    )


def demand_numbers(demand: pd.DataFrame) -> dict[str, str]:
    """What the prose says about the token figure, computed from its rows."""
    article = demand[demand.kind == "article"]
    past, future = article.loc[article.low.idxmin()], article.loc[article.high.idxmax()]
    estimate = demand[(demand.kind == "estimate") & (demand.entity == past.entity)].iloc[0]
    stocks = demand[demand.kind == "stock"]
    interval, stock = stocks.loc[(stocks.high - stocks.low).idxmax()], stocks.loc[(stocks.high - stocks.low).idxmin()]
    tolerance = facts.assumption("A-tolerance-relative")
    gap = past.low / estimate.low - 1
    # as the claims audit reads them: the article's 高达 X and the estimate's ~Y as intervals
    claim, ref = (facts.value(provenance.split_ids(r.source_id)[0]) for r in (past, estimate))
    verdict = audit.judge(stated(ref), stated(claim), tolerance * claim.low).verdict
    return {
        "past": past.entity,
        "future": future.entity,
        "past_tokens": _tn(past.low),
        "estimate_tokens": _tn(estimate.low, qualifier=estimate.qualifier),
        "gap": f"{abs(gap):.0%} {'below' if gap < 0 else 'above'}",
        "fits": (
            "read as the audit reads them (高达 X and ~Y, each ± half a unit of its last written digit), the two "
            + ("meet within" if verdict == audit.CONSISTENT else "stay outside")
        ),
        "tolerance": formatting.percent(tolerance, fraction=True),
        "future_tokens": _tn(future.low, future.high),
        "multiple": f"{future.low / past.low:.0f}–{future.high / past.low:.0f}×",
        "share_of_stock": _pct(future.share_of_stock_low, future.share_of_stock_high),
        "past_share": _pct(past.share_of_stock_low),
        "share_of_interval_low": _pct(future.high / interval.low),
        "stock": _tn(stock.low, qualifier=stock.qualifier),
        "interval": _tn(interval.low, interval.high),
        "next_step": _tn(future.low**2 / past.low, future.high**2 / past.low),
    }


def stock_refs(demand: pd.DataFrame) -> list[tuple[float, str]]:
    """A reference line at the stock's central value, for the token figure (in 万亿)."""
    stock = demand[(demand.kind == "stock") & (demand.low == demand.high)].iloc[0]
    return [(stock.low_tn, f"存量中值 central stock {_tn(stock.low, qualifier=stock.qualifier)}")]


# ---------------------------------------------------------------------------------------------
# When the data runs out: the article's dates and the two versions of Epoch's paper


def _version_dates() -> dict[str, str]:
    """Epoch version (v1, v2) → the date its paper was published (the references' source_date)."""
    rows = _rows("exhaustion_timeline")
    refs = rows[rows.kind != "article"]
    dates = facts.references(ids=list(refs.source_id)).set_index("ref_id").source_date
    return {k: dates[i] for k, i in zip(refs.kind, refs.source_id, strict=True)}


def _epoch_lane(row, date: str) -> dict:
    v = facts.value(row.source_id)
    return {
        "lane": f"Epoch {row.kind} {row.label_zh}\n{row.label_en}",
        "version": row.kind,
        "year_low": v.low,
        "year_high": v.high,
        "field": "low;high",
        "text": formatting.years(v.low, v.high),
        "published": date,
        "source_id": row.source_id,
    }


def _article_lane(row, match, epoch: pd.DataFrame, tolerance: float) -> dict:
    """One of the article's dates, and the Epoch version it matches (within ``tolerance`` years)."""
    v = [facts.value(i) for i in provenance.split_ids(row.source_id)]
    year = next((x for x in v if x.unit == "year"), None)
    prob = next((x for x in v if x.unit == "percent"), None)
    x = year.value if year else audit.decimal_year(prob.period)
    words = {"p": formatting.percent(prob.value) if prob else "", "year": f"{math.floor(x)}"}
    ref = epoch.set_index("source_id").loc[match.ref_id]
    low, high = (ref.year_high, ref.year_high) if match.part == "upper_end" else (ref.year_low, ref.year_high)
    verdict = audit.within(x, low - tolerance, high + tolerance)
    exact = low <= x <= high and (match.part == "range" or x == low)
    mark = ("∈" if match.part == "range" else "=") if exact else "≈" if verdict == audit.CONSISTENT else "≠"
    other = epoch[epoch.version != ref.version]
    also = other[(other.year_low - tolerance <= x) & (x <= other.year_high + tolerance)]
    also_in = ";".join(also.source_id)
    note = f"（亦在 also in {also.version.iloc[0]} {also.text.iloc[0]}）" if also_in else ""
    return {
        "lane": f"文章：{row.label_zh.format(**words)}\narticle: {row.label_en.format(**words)}",
        "version": ref.version,
        "year_low": x,
        "year_high": x,
        "field": "low;high" if year else "period",
        "text": f"{mark} {ref.version} {PARTS[match.part]}{note}",
        "matches": f"{ref.version} {match.part.replace('_', ' ')}: {verdict}",
        "also_within_other_version": also_in,
        "source_id": row.source_id,
    }


def exhaustion_dates() -> tuple[pd.DataFrame, Titles]:
    """One lane per Epoch forecast and per date the article gives, plus the article's publication;
    each article date is coloured by the Epoch version it matches (``seeds/data_epoch_matches.csv``)."""
    rows = _rows("exhaustion_timeline")
    dates = _version_dates()
    epoch = pd.DataFrame([_epoch_lane(r, dates[r.kind]) for r in rows[rows.kind != "article"].itertuples()])
    matches = facts.curated(MATCHES).set_index("fact_ids")
    tolerance = facts.assumption("A-tolerance-year")
    said = [
        _article_lane(r, matches.loc[r.source_id], epoch, tolerance) for r in rows[rows.kind == "article"].itertuples()
    ]
    doc = facts.value(provenance.split_ids(rows.source_id[rows.kind == "article"].iloc[0])[0]).doc_id
    published = sources.read_manifest().set_index("doc_id").published[doc]
    lane = f"文章发表 article published\n{facts.cite(doc, sep=' ')}"
    out = {"lane": lane, "version": "published", "field": "published", "text": published, "source_id": doc}
    out["year_low"] = out["year_high"] = audit.decimal_year(published)
    data = pd.DataFrame([*epoch.to_dict("records"), out, *said]).fillna({"matches": "", "published": ""})
    data["also_within_other_version"] = data.also_within_other_version.fillna("")
    counts = pd.DataFrame(said).groupby("version", sort=True).size()
    zh = "，".join(f"{n}个出自{dates[k]}的{k}" for k, n in counts.items())
    en = ", ".join(f"{n} from {k} ({dates[k]})" for k, n in counts.items())
    return data, Titles(
        f"文章的{len(said)}个数据短缺年份出自Epoch论文的{len(counts)}个版本：{zh}",
        f"The article's {len(said)} shortage dates come from {len(counts)} versions of Epoch's paper: {en}",
    )


def timeline_names(timeline: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Colours and legend names for the timeline: one per Epoch version, grey for the article."""
    dates = timeline[timeline.published != ""].groupby("version").published.first()
    palette = iter([THEME, plotting.PALETTE[0]])
    colors = {v: next(palette, charts.GREY) for v in dates.index} | {"published": charts.GREY}
    label = {v: f"Epoch {v}（{d}）" for v, d in dates.items()}
    return colors, label | {"published": "文章发表 article published"}


def _said(lane: str) -> str:
    """What the article says, in English, from an article lane's label."""
    return lane.split("\n")[-1].removeprefix("article: ")


def date_matches(timeline: pd.DataFrame) -> pd.DataFrame:
    """The article's dates, each with the Epoch forecast it matches and any other it falls in."""
    said = timeline[timeline.matches != ""]
    epoch = timeline[timeline.published != ""].set_index("source_id")
    return pd.DataFrame(
        {
            "said": said.lane.map(_said),
            "year": said.year_low,
            "matches": said.text,
            "verdict": said.matches.str.rsplit(": ", n=1).str[-1],
            "also_in": [
                "; ".join(f"{epoch.version[i]} {epoch.text[i]}" for i in provenance.split_ids(a)) or None
                for a in said.also_within_other_version
            ],
            "source_id": said.source_id,
        }
    )


def exhaustion_numbers(timeline: pd.DataFrame) -> dict[str, str]:
    """Dates for the prose: when each version and the article were published, and whether the
    article came out after the first of its own dates."""
    epoch = timeline[timeline.published != ""]
    said = timeline[timeline.matches != ""]
    published = timeline[timeline.version == "published"].iloc[0]
    first = said.loc[said.year_low.idxmin()]
    dates = epoch.groupby("version").published.first()
    by_version = said.groupby("version").lane.agg(lambda ls: " and ".join(f"“{_said(x)}”" for x in ls))
    return (
        {f"{v}_published": d for v, d in dates.items()}
        | {f"{v}_said": t for v, t in by_version.items()}
        | {
            "article_published": published.text,
            "article_cite": published.lane.split("\n")[-1],
            "first_date": _said(first.lane),
            "after_first_date": "after" if published.year_low > first.year_low else "before",
            "after_revision": "after" if published.year_low > audit.decimal_year(max(dates)) else "before",
        }
    )


# ---------------------------------------------------------------------------------------------
# The data market


def market_path() -> tuple[pd.DataFrame, Titles]:
    """The data-services forecast: its two stated endpoints and the path its stated CAGR implies
    from the first (``audit.project``); the title says whether the rate fits the endpoints."""
    start, end = facts.value("F-data-services-2023"), facts.value("F-data-services-2028")
    base, target = facts.value("F-data-services-base-year"), facts.value("F-data-services-target-year")
    rate = facts.value("F-data-services-cagr").value / 100
    years = int(target.value - base.value)
    path_ids = "F-data-services-2023;F-data-services-cagr;F-data-services-base-year"
    implied = pd.DataFrame(
        {
            "kind": "implied",
            "series": f"按所述年增长率 {rate:.1%} 推算 implied by the stated CAGR",
            "year": [base.value + k for k in range(years + 1)],
            "value": [audit.project(start.value, rate, k) for k in range(years + 1)],
            "label": "",
            "source_id": path_ids,
        }
    )
    stated = pd.DataFrame(
        {
            "kind": "stated",
            "series": "文章所述 stated",
            "year": [base.value, target.value],
            "value": [start.value, end.value],
            "label": [f"{formatting.money(x.value, 'CNY', lang='zh')}（{x.period}）" for x in (start, end)],
            "source_id": [f"{start.id};{base.id}", f"{end.id};{target.id}"],
        }
    )
    implied["yi"], stated["yi"] = implied.value / YI, stated.value / YI
    fits = audit.verdict(audit.cagr(start.value, end.value, years), rate, facts.assumption("A-tolerance-relative"))
    a_zh, b_zh = (formatting.money(x.value, "CNY", lang="zh") for x in (start, end))
    a_en, b_en = (formatting.money(x.value, "CNY") for x in (start, end))
    ok = fits == audit.CONSISTENT
    return pd.concat([implied, stated], ignore_index=True), Titles(
        f"数据服务市场预计从{a_zh}增至{b_zh}（{start.period}→{end.period}），所述年增长率{rate:.1%}"
        f"{'与两端一致' if ok else '与两端不符'}",
        f"Data services are forecast to grow from {a_en} to {b_en} ({start.period}→{end.period}); "
        f"the stated {rate:.1%} a year {'fits' if ok else 'does not fit'} the endpoints",
    )


def deal_shares() -> pd.DataFrame:
    """The year's large-model investment deals by segment (a count of deals, not of money)."""
    rows = _rows("data_market")
    deals = facts.value("F-investment-deals")
    shares = [facts.value(i).value for i in rows.source_id]
    return pd.DataFrame(
        {
            "segment": rows.label_zh + " " + rows.label_en,
            "share": shares,
            "deals": [formatting.value(s / 100 * deals.value, qualifier="about") for s in shares],
            "source_id": rows.source_id + ";" + deals.id,
        }
    )


def market_numbers(path: pd.DataFrame, deals: pd.DataFrame) -> dict[str, str]:
    """The forecast's implied rate and the deal shares, for the prose."""
    stated = path[path.kind == "stated"].sort_values("year")
    implied = audit.cagr(stated.value.iloc[0], stated.value.iloc[-1], stated.year.iloc[-1] - stated.year.iloc[0])
    least = deals.loc[deals.share.idxmin()]
    return {
        "implied_cagr": f"{implied:.2%}",
        "stated_cagr": formatting.percent(facts.value("F-data-services-cagr").value),
        "share_sum": formatting.percent(deals.share.sum()),
        "deal_count": str(facts.value("F-investment-deals")),
        "least_segment": least.segment,
        "least_share": formatting.percent(least.share),
        "least_deals": least.deals,
    }


# ---------------------------------------------------------------------------------------------
# How the articles talk about data


def mentions(words, corpus_dir=None) -> pd.DataFrame:
    """Every occurrence of ``words`` (a theme key or a list; ``themes.term_hits``: the lexicon's
    longest-match rule, so 数据 in 数据中心 is compute, and a word outside the lexicon such as 算法
    counts where no longer term covers it), with ``cited`` for the reporting idiom: 显示/来看 right
    after the term, or 据 at most ``A-data-citation-window`` characters before it in its clause."""
    window = int(facts.assumption("A-data-citation-window"))
    before = re.compile(rf"(?:^|[^数证])据[^{CLAUSE_END}]{{0,{window}}}$")
    sents = corpus.sentences(corpus_dir)[["doc_id", "sent", "start", "text"]].rename(columns={"start": "s_start"})
    hits = themes.term_hits(words, corpus_dir).merge(sents, on=["doc_id", "sent"], how="left")
    hits["cited"] = [
        text[e - s : e - s + 2] in CITED_AFTER or before.search(text[: a - s]) is not None
        for text, s, a, e in zip(hits.text, hits.s_start, hits.start, hits.end, strict=True)
    ]
    return hits.drop(columns=["s_start", "text"]).rename(columns={"term": "lexicon_term"})


def data_share(docs: pd.DataFrame, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """Per article, the share of sentences with a data term, split into sentences using data as
    such and sentences whose only data terms are cited statistics (long: a row per segment)."""
    per_sent = mentions(THEME, corpus_dir).groupby(["doc_id", "sent"]).cited.all().rename("only_cited").reset_index()
    n_sent = corpus.sentences(corpus_dir).groupby("doc_id").size().reindex(docs.doc_id, fill_value=0)
    split = per_sent.groupby(["doc_id", "only_cited"]).size().unstack(fill_value=0)
    split = split.reindex(index=docs.doc_id, columns=[False, True], fill_value=0)
    wide = pd.DataFrame({"as_such": split[False], "cited_only": split[True], "n_sentences": n_sent})
    wide["data_sentences"] = wide.as_such + wide.cited_only
    wide["share"] = (wide.data_sentences / wide.n_sentences.clip(lower=1)).round(12)
    wide = wide.sort_values("share", ascending=False, kind="stable")
    labels = article_labels(docs)
    rows = [
        {
            "label": labels[d],
            "doc_id": d,
            "segment": segment,
            "sentences": int(r[segment]),
            "percent": 100 * r[segment] / max(r.n_sentences, 1),
            "data_sentences": int(r.data_sentences),
            "n_sentences": int(r.n_sentences),
            "share": r.share,
            "value_text": f"{_share(r.share)} ({r.data_sentences:.0f}/{r.n_sentences:.0f})",
            "source_id": d,
        }
        for d, r in wide.iterrows()
        for segment in ("as_such", "cited_only")
    ]
    top, name = wide.iloc[0], outlet(docs.set_index("doc_id").outlet[wide.index[0]])
    pct, cited, total = _share(top.share), int(top.cited_only), int(top.data_sentences)
    return pd.DataFrame(rows), Titles(
        f"{name}的文章谈数据最多：{pct}的句子含数据词，其中{cited}/{total}句只是引述统计",
        f"{name}'s article talks most about data ({pct} of its sentences), "
        f"but {cited} of those {total} sentences only cite a statistic",
    )


def vocabulary(docs: pd.DataFrame, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """Every term of the data lexicon counted per article, cited-statistic uses on their own row
    (long: term × article, zeros included: a term that never occurs is evidence too)."""
    hits = mentions(THEME, corpus_dir)
    terms = list(themes.lexicon()[THEME]["terms"])
    hits["row"] = [f"{t}{CITED}" if c else t for t, c in zip(hits.lexicon_term, hits.cited, strict=True)]
    order = [r for t in terms for r in (t, f"{t}{CITED}") if r == t or r in set(hits.row)]
    grid = pd.MultiIndex.from_product([order, docs.doc_id], names=["term", "doc_id"])
    data = hits.groupby(["row", "doc_id"]).size().reindex(grid, fill_value=0).rename("occurrences").reset_index()
    data.insert(2, "article", data.doc_id.map(_short_labels(docs)))
    data["source_id"] = data.doc_id
    totals = hits.groupby("lexicon_term").size().reindex(terms, fill_value=0)
    never = [t for t in terms if totals[t] == 0]
    if totals.sum() == 0:
        return data, Titles("文章里没有数据词", "No data term occurs in the articles")
    top = totals.idxmax()
    share = _share(totals[top] / totals.sum())
    cited = _share(hits[hits.lexicon_term == top].cited.mean())
    none_zh = f"{len(never)}个词条从未出现" if never else "每个词条都出现过"
    none_en = (
        f"{len(never)} lexicon term{' never occurs' if len(never) == 1 else 's never occur'}"
        if never
        else "every term occurs"
    )
    return data, Titles(
        f"“{top}”占数据词出现次数的{share}，其中{cited}是引述统计；{none_zh}",
        f"“{top}” is {share} of all data-term hits, {cited} of them cited statistics; {none_en}",
    )


def input_hits(corpus_dir=None) -> pd.DataFrame:
    """Mentions of the three inputs: data (data terms with 数据 or 语料), compute (compute terms
    with 算力) and algorithms (算法, outside the lexicon), each with ``cited``."""
    lexicon = themes.lexicon()
    words = {
        "data": [t for t in lexicon[THEME]["terms"] if "数据" in t or "语料" in t],
        "compute": [t for t in lexicon["compute"]["terms"] if "算力" in t],
        "algorithms": ["算法"],
    }
    hits = pd.concat([mentions(w, corpus_dir).assign(input=k) for k, w in words.items()], ignore_index=True)
    hits["series"] = [f"{i}_cited" if c and i == "data" else i for i, c in zip(hits.input, hits.cited, strict=True)]
    return hits


def inputs_named(hits: pd.DataFrame, docs: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Mentions of each input per article (long: input × article, zeros included)."""
    names_ = {"data": f"{INPUTS['data']}（数据本身 as such）", "data_cited": f"{INPUTS['data']}{CITED}"}
    series = ["data", "data_cited", "compute", "algorithms"]
    grid = pd.MultiIndex.from_product([series, docs.doc_id], names=["series", "doc_id"])
    data = hits.groupby(["series", "doc_id"]).size().reindex(grid, fill_value=0).rename("mentions").reset_index()
    data.insert(1, "input", data.series.map(lambda s: names_.get(s) or INPUTS[s]))
    data.insert(3, "article", data.doc_id.map(_short_labels(docs)))
    data["source_id"] = data.doc_id
    wide = data.pivot(index="doc_id", columns="series", values="mentions")
    lead = int((wide.data > wide[["compute", "algorithms"]].max(axis=1)).sum())
    return data, Titles(
        f"{lead}/{len(wide)}篇文章提到数据（本身）多于算力和算法",
        f"Data (as such) is named more often than compute and algorithms in {lead} of {len(wide)} articles",
    )


def ranking_sentences(hits: pd.DataFrame, docs: pd.DataFrame, corpus_dir=None) -> pd.DataFrame:
    """Sentences naming two or more of the inputs (cited statistics aside): where an article ranks
    or lists them."""
    named = hits[~hits.cited].groupby(["doc_id", "sent"]).input.agg(lambda s: [k for k in INPUTS if k in set(s)])
    named = named[named.map(len) >= 2].rename("inputs").reset_index()
    sents = corpus.sentences(corpus_dir)[["doc_id", "sent", "text"]]
    out = named.merge(sents, on=["doc_id", "sent"])
    out["inputs"] = out.inputs.map(lambda ks: " + ".join(INPUTS[k] for k in ks))
    out.insert(0, "article", out.doc_id.map(article_labels(docs)))
    return out.assign(source_id=out.doc_id)


def _use(theme: str, cited: bool) -> str:
    """How a 数据 is used: in a compute term (数据中心), as a cited statistic, or as data as such."""
    return "compute term" if theme != THEME else "cited statistic" if cited else "data as such"


def kwic_data(docs: pd.DataFrame, corpus_dir=None, width: int = 18) -> pd.DataFrame:
    """Every 数据 in context, with the lexicon term it is counted under (数据中心 → compute) and its
    use (``_use``); uses of data as such first. Reader columns: article, context, lexicon_term, use."""
    kw = themes.kwic("数据", width=width, corpus_dir=corpus_dir)
    covering = [t for spec in themes.lexicon().values() for t in spec["terms"] if "数据" in t]
    terms = mentions(covering, corpus_dir)[["doc_id", "sent", "start", "end", "lexicon_term", "theme", "cited"]]
    kw = kw.merge(terms.rename(columns={"start": "t_start", "end": "t_end"}), on=["doc_id", "sent"], how="left")
    kw = kw[(kw.t_start <= kw.start) & (kw.end <= kw.t_end)].copy()
    kw["use"] = [_use(th, c) for th, c in zip(kw.theme, kw.cited, strict=True)]
    kw["context"] = kw.left + "【" + kw.term + "】" + kw.right
    kw["article"] = kw.doc_id.map(article_labels(docs))
    order = {"data as such": 0, "compute term": 1, "cited statistic": 2}
    kw = kw.sort_values(["doc_id", "start"]).sort_values("use", key=lambda s: s.map(order), kind="stable")
    return kw[["article", "context", "lexicon_term", "use"]].reset_index(drop=True)


def kwic_uses(kw: pd.DataFrame) -> dict[str, int]:
    """How many 数据 of each use the KWIC table holds."""
    return {k: int(n) for k, n in kw.use.value_counts().items()}


def kwic_corpus(docs: pd.DataFrame, corpus_dir=None, width: int = 24) -> pd.DataFrame:
    """Every 语料 (training corpus) in context: article, context."""
    kw = themes.kwic("语料", width=width, corpus_dir=corpus_dir)
    kw["context"] = kw.left + "【" + kw.term + "】" + kw.right
    kw["article"] = kw.doc_id.map(article_labels(docs))
    return kw[["article", "context"]]


def entities(corpus_dir=None) -> pd.DataFrame:
    """Companies and products named in the sentences with a data term (``themes.cooccurrence``),
    each with its name and gloss from the names table."""
    co = themes.cooccurrence(THEME, corpus_dir=corpus_dir, with_doc_ids=True)
    co["name"] = co.entity.map(names.label)
    return co.rename(columns={"doc_ids": "source_id"})[["name", "category", "sentences", "share", "source_id"]]


def moat_quotes(stance: str) -> str:
    """The curated passages on data as a moat (``seeds/data_moat.csv``) of one stance (``for``,
    ``against``), as block quotes with their article (linked to its page) and the speaker nearby."""
    rows = facts.curated(MOAT)
    blocks = []
    for r in rows[rows.stance == stance].itertuples():
        near = f" · {r.speaker}（{names.label(r.company)}）" if r.speaker else ""
        link = f"{tables.SITE_PAGE_ROOT}{provenance.href(r.doc_id)}"
        blocks.append(f"> 「{r.quote}」\n> — [{facts.cite(r.doc_id)}]({link}){near}")
    return "\n>\n".join(blocks) if blocks else "_(no passage curated)_"


def source_rows(cells) -> pd.DataFrame:
    """The facts and references behind a figure (its ``source_id`` cells), for a reader: what each
    measures, its value, the quote (facts) and the source; articles are left to the source line."""
    ids = list(dict.fromkeys(i for c in cells for i in provenance.split_ids(c) if provenance.kind(i) != "article"))
    values = [facts.value(i) for i in ids]
    return pd.DataFrame(
        {
            "source_id": ids,
            "what": [f"{v.entity}: {v.metric.replace('_', ' ')}" for v in values],
            "value": [str(v) for v in values],
            "quote": [v.quote or None for v in values],
            "source": [v.source for v in values],
        }
    )


# ---------------------------------------------------------------------------------------------
# Counts for the prose


def text_numbers(share: pd.DataFrame, named: pd.DataFrame, together: pd.DataFrame) -> dict[str, str]:
    """The text counts the findings quote: mentions of data as such and as a cited statistic, the
    most data-heavy article, the articles ranking the inputs, those naming compute or algorithms
    at least as often as data."""
    wide = named.pivot(index="doc_id", columns="series", values="mentions")
    labels = named.drop_duplicates("doc_id").set_index("doc_id").article
    heavy = labels[wide[wide[["compute", "algorithms"]].max(axis=1) >= wide.data].index]
    top = share.iloc[0]
    return {
        "as_such": f"{int(wide.data.sum()):,}",
        "cited": f"{int(wide.data_cited.sum()):,}",
        "top_article": top.label,
        "top_share": _share(top.share),
        "ranking_articles": str(together.doc_id.nunique()),
        "articles": str(len(wide)),
        "compute_heavy": "; ".join(h.replace("\n", " ") for h in heavy) or "no article",
    }


def evidence_counts(demand: pd.DataFrame, timeline: pd.DataFrame, together: pd.DataFrame) -> dict[str, str]:
    """How many articles each strand of the evidence rests on: the shortage numbers (the facts the
    token and date figures draw), the moat passages (for and against), the ranking sentences."""
    ids = [i for cell in pd.concat([demand.source_id, timeline.source_id]) for i in provenance.split_ids(cell)]
    shortage = {facts.value(i).doc_id for i in ids if provenance.kind(i) == "fact"}
    moat = facts.curated(MOAT)
    return {
        "shortage": count_words(len(shortage))[1],
        "shortage_cites": "; ".join(facts.cite(d) for d in sorted(shortage)),
        "moat_for": count_words(moat[moat.stance == "for"].doc_id.nunique())[1],
        "moat_against": count_words(moat[moat.stance == "against"].doc_id.nunique())[1],
        "ranking": count_words(together.doc_id.nunique())[1],
    }
