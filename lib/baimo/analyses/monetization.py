"""Chapter 02: who makes money from large models — revenues on one scale, consumer prices, the
business side's shares and counts, and what the articles' words say about routes to money.

The numbers come from ``seeds/facts.csv`` (the monetization rows and three of other themes) and
``A-cny-per-usd``; which facts each figure draws, and how a row is labelled, is the curated table
``seeds/monetization_rows.csv`` (figure, name from the names table, item, kind, fact_id,
base_fact_id: the fact a share is of); the articles' positions are ``seeds/stances.csv``. Text
evidence is counted in the corpus the chapter reads, with the lexicon and the word groups of
``data/themes.toml`` (``[monetization.routes.*]``, ``[monetization.sides.*]``).
"""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
from IPython.display import Markdown

from baimo import audit, charts, corpus, facts, formatting, names, plotting, provenance, segment, tables, themes
from baimo.analyses.common import Titles, article_labels, count_words

THEME = "monetization"
#: Facts of other themes this chapter draws: two investment shares and Sequoia's revenue gap.
OTHER_FACTS = ("F-investment-share-infra", "F-investment-share-data", "F-sequoia-revenue-needed")
RATE_ID = "A-cny-per-usd"
MODELS_ID = "F-mon-opencsg-monetization-models"  # OpenCSG's ways of charging
YI = 1e8  # 亿 = 10⁸, the unit the articles write money in
PCT = 100
COLOR = plotting.theme_color(THEME)
LOSS = plotting.PALETTE[4]
GREY = plotting.THEME_COLORS["corpus"]
#: How the OpenAI figure names a metric.
OPENAI_METRICS = {"revenue": "收入 revenue", "annual_revenue": "年初年收入 run rate", "loss": "亏损 loss"}
#: A series drawn hollow: the figure is one its article hedges (据报道 reported, 预计 forecast …).
HEDGED = "hedged"
#: The OpenAI figure's two series, each solid or hollow (hedged).
OPENAI_STYLES = {"revenue": charts.Series("收入 revenue", color=COLOR), "loss": charts.Series("亏损 loss", color=LOSS)}
#: The revenue scale's kinds of row (seeds/monetization_rows.csv, column kind).
SCALE_STYLES = {
    "yardstick": charts.Series("标尺 yardstick", color=charts.INK),
    "llm": charts.Series("大模型 large-model sellers", color=COLOR),
    "context": charts.Series("对照 context: Baidu's totals", color=GREY),
}


def hedged_styles(styles: dict[str, charts.Series]) -> dict[str, charts.Series]:
    """Each style and its hollow twin (key "<key> hedged") for the figures an article hedges."""
    hollow = {
        f"{k} {HEDGED}": dataclasses.replace(s, name=f"{s.name}（转述/预测 reported or forecast）", hollow=True)
        for k, s in styles.items()
    }
    return styles | hollow


def mark(key: str, fact_ids) -> str:
    """A row's series: ``key``, or its hollow twin when one of its facts is hedged."""
    return f"{key} {HEDGED}" if any(facts.value(i).hedge for i in fact_ids if i.startswith("F-")) else key


#: Headings of the reader tables.
KWIC_COLUMNS = {"article": "article", "left": "before", "term": "word", "right": "after"}
NAMED_COLUMNS = {"name": "company or product", "category": "kind", "sentences": "sentences", "share": "share"}
STANCE_COLUMNS = {"article": "article", "position": "position on ToB", "quote": "in its words", "fact_ids": "numbers"}
#: Kit bar styles: solid for what the figure is about, light for context or a breakdown.
BAR_STYLE = {"demand": "level", "capital": "part", "segment": "level"}


# ---------------------------------------------------------------------------------------------
# Reading the tables


def exchange(cny_per_usd: float | None = None) -> tuple[float, str]:
    """The CNY/USD rate and where it comes from: ``A-cny-per-usd``, or the chapter's parameter."""
    rate = facts.value(RATE_ID, override=cny_per_usd).value
    return rate, RATE_ID if cny_per_usd is None else f"parameter cny_per_usd (overrides {RATE_ID})"


def chapter_facts() -> pd.DataFrame:
    """The facts the chapter reads (its theme's and ``OTHER_FACTS``), indexed by id, blanks as ""."""
    F = pd.concat([facts.facts(theme=THEME), facts.facts(ids=list(OTHER_FACTS))])
    F = F.set_index("fact_id", drop=False)
    F[["per", "qualifier", "period", "note"]] = F[["per", "qualifier", "period", "note"]].fillna("")
    return F


def rows(figure: str) -> pd.DataFrame:
    """The curated rows a figure draws (``seeds/monetization_rows.csv``), in file order."""
    table = facts.curated("monetization_rows")
    return table[table.figure == figure].reset_index(drop=True)


def english(term: str) -> str:
    """A names-table term's English name ("百度云" → "Baidu AI Cloud"); the term itself if none."""
    label = names.label(term)
    return label[len(term) :].strip() or term


def counted(n: int) -> tuple[str, str]:
    """``count_words`` (which writes 两篇 for two)."""
    return count_words(n)


def _label(name: str, zh: str, en: str, tail: str = "") -> str:
    """A row's label: the names table's name (when the row has one) on the first line, then what
    the row is, in both languages, and ``tail`` (a period)."""
    end = f"{en}{', ' + tail if tail else ''}"
    return f"{names.label(name)}\n{zh} {end}" if name else f"{zh}\n{end}"


def hedge_zh(qualifier: str) -> str:
    """A qualifier as a Chinese title writes it before a number (超, 约, 不足)."""
    return {"over": "超", "about": "约", "under": "不足"}.get(qualifier or "", "")


def column_label(label: str) -> str:
    """An article label for a heatmap column: number, outlet and date on lines of their own."""
    number, rest = label.split(" ", 1)
    return "\n".join([number, *rest.rsplit(" ", 1)])


def yi(low: float, high: float | None = None, unit: str = "USD", qualifier: str = "") -> str:
    """An amount in 亿 as the articles write it: "75–95亿美元", "≈18.4亿元"."""
    text = formatting.value(low / YI, None if high is None else high / YI, qualifier=qualifier)
    return f"{text}亿{'美元' if unit == 'USD' else '元'}"


def ratio(low: float, high: float, digits: int = 0, scale: float = 1) -> str:
    """A range of ratios, "0.89–1.43" (``digits`` decimals; ``scale=100`` for percent)."""
    a, b = f"{low * scale:.{digits}f}", f"{high * scale:.{digits}f}"
    return a if a == b else f"{a}–{b}"


def _fact_ids(data: pd.DataFrame) -> list[str]:
    return [i for cell in data.source_id for i in provenance.split_ids(cell) if provenance.kind(i) == "fact"]


def quotes(data: pd.DataFrame, *shown: pd.DataFrame) -> Markdown:
    """The verbatim quotes behind a figure, linked to their sentences: its facts' (each quote once,
    none of the facts of the figures ``shown`` before) and, in a ``quote`` column, an article's own
    words where no fact holds them."""
    skip = {i for frame in shown for i in _fact_ids(frame)}
    seen: dict[tuple[str, str], str] = {}
    for i in dict.fromkeys(i for i in _fact_ids(data) if i not in skip):
        v = facts.value(i)
        seen.setdefault((v.quote, v.doc_id), tables.quote(i).data)
    said = (
        data[data.quote.fillna("") != ""] if "quote" in data.columns else pd.DataFrame(columns=["quote", "source_id"])
    )
    for q, d in zip(said.quote, said.source_id, strict=True):
        seen.setdefault((q, d), f"> 「{q}」\n> — [{facts.cite(d)}]({tables.SITE_PAGE_ROOT}{provenance.href(d)})")
    return Markdown("\n\n".join(seen.values()))


# ---------------------------------------------------------------------------------------------
# 1 · OpenAI: revenue against loss


def openai() -> tuple[pd.DataFrame, Titles]:
    """OpenAI's revenue and loss, one row per fact (revenue first), in USD and 亿美元. A row's label
    names its hedge (据报道, 预计 …) and, when outside sources date the figure otherwise, the conflict
    (``facts.date_flag``); ``series`` draws a hedged figure hollow."""
    F = chapter_facts()
    got = F[(F.entity == "OpenAI") & F.metric.isin(list(OPENAI_METRICS))].copy()
    got["kind"] = ["loss" if m == "loss" else "revenue" for m in got.metric]
    got = got.sort_values(["kind", "doc_id"], ascending=[False, True], kind="stable")
    values = [facts.value(i) for i in got.fact_id]
    data = pd.DataFrame(
        {
            "label": [_openai_label(v) for v in values],
            "kind": got.kind,
            "metric": got.metric,
            "period": got.period,
            "doc_id": got.doc_id,
            "qualifier": got.qualifier,
            "hedge": [v.hedge for v in values],
            "date_flag": [facts.date_flag(v) for v in values],
            "series": [mark(k, [i]) for k, i in zip(got.kind, got.fact_id, strict=True)],
            "low_usd": got.low,
            "high_usd": got.high,
            "low_100m_usd": got.low / YI,
            "high_100m_usd": got.high / YI,
            "source_id": got.fact_id,
        }
    ).reset_index(drop=True)
    r = openai_reading(data)
    n_zh, n_en = counted(r["n_loss"])
    zh_meet, en_meet = ("相互吻合", "meet") if r["meet"] else ("并不一致", "do not meet")
    return data, Titles(
        f"OpenAI {r['year']}年每收入1美元亏损{ratio(*r['per_dollar'], 2)}美元；{n_zh}文章的亏损数字{zh_meet}",
        f"OpenAI loses ${ratio(*r['per_dollar'], 2)} for every dollar of {r['year']} revenue; "
        f"the loss figures of {n_en} {en_meet}",
    )


def _openai_label(v: facts.Value) -> str:
    """ "收入 revenue, 2024 (est.) · 预计" (the period replaced by its date conflict, on a line of its
    own, when outside sources date the figure otherwise), then the article."""
    flag, period = facts.date_flag(v), v.period.replace("E", " (est.)")
    head = f"{OPENAI_METRICS[v.metric]}{'' if flag else ', ' + period}" + (f" · {v.hedge}" if v.hedge else "")
    return "\n".join([head, *([flag] if flag else []), facts.cite(v.doc_id, sep=" ")])


def openai_reading(data: pd.DataFrame) -> dict:
    """What the OpenAI rows say, formatted for prose: the loss per dollar of revenue and the year's
    spending in the article that gives both (``both``), whether every article's loss interval meets
    the others (``meet``), and the other article's loss and run rate against the first's ranges."""
    both = next(d for d, g in data.groupby("doc_id", sort=False) if {"revenue", "loss"} <= set(g.metric))
    row = data.set_index(["doc_id", "metric"])
    rev, loss = row.loc[(both, "revenue")], row.loc[(both, "loss")]
    losses = data[data.metric == "loss"]
    spans = [
        facts.bounds({"low": a, "high": b, "qualifier": q})
        for a, b, q in losses[["low_usd", "high_usd", "qualifier"]].values
    ]
    out = {
        "year": data.period.str[:4].mode()[0],
        "both": facts.cite(both),
        "per_dollar": (loss.low_usd / rev.high_usd, loss.high_usd / rev.low_usd),
        "spend": yi(rev.low_usd + loss.low_usd, rev.high_usd + loss.high_usd),
        "meet": max(s[0] for s in spans) <= min(s[1] for s in spans),
        "n_loss": losses.doc_id.nunique(),
    }
    other = next((d for d in dict.fromkeys(data.doc_id) if d != both), None)
    if (other, "loss") in row.index and (other, "annual_revenue") in row.index:
        o, run = row.loc[(other, "loss")], row.loc[(other, "annual_revenue")]
        out |= {"other": facts.cite(other), "other_loss": yi(o.low_usd, o.high_usd, qualifier=o.qualifier)}
        out |= {"run_rate": yi(run.low_usd, qualifier=run.qualifier), "loss_at": _where(o.low_usd, loss)}
        out |= {"run_at": _where(run.low_usd, rev), "run_claimed": run.period, "run_hedge": run.hedge}
        conflict = facts.value(data.source_id[(data.doc_id == other) & (data.metric == "annual_revenue")].iloc[0])
        dated = facts.references(ids=provenance.split_ids(conflict.date_conflict)) if conflict.date_conflict else None
        out |= {"run_dated": "" if dated is None else dated.period.iloc[0], "run_ref": conflict.date_conflict}
    return out


def _where(x: float, r: pd.Series) -> str:
    """Where ``x`` sits against a row's stated range (low_usd–high_usd), in words."""
    if x == r.high_usd:
        return "at the top of"
    if x == r.low_usd:
        return "at the bottom of"
    return "within" if r.low_usd < x < r.high_usd else ("below" if x < r.low_usd else "above")


# ---------------------------------------------------------------------------------------------
# 2 · Consumers: a price, a free tier, and a tip jar


def consumer(rate: float, rate_source: str) -> tuple[pd.DataFrame, Titles]:
    """What a consumer must pay a month, in yuan (dollars at ``rate``): a price, or nothing (no fee,
    a free tier; ``value_text`` says which and, for a free tier, how many users stay on it)."""
    F, out = chapter_facts(), []
    for r in rows("consumer_prices").itertuples(index=False):
        f = F.loc[r.fact_id] if r.fact_id else None
        row = {"label": _label(r.name, r.item_zh, r.item_en), "name": r.name, "kind": r.kind, "source_id": r.fact_id}
        if r.kind == "price":
            fx = rate if f.unit == "USD" else 1
            lo, hi = audit.convert(f.low, fx), audit.convert(f.high, fx)
            stated = f" ({formatting.value(f.low, f.high)}美元 USD)" if f.unit == "USD" else ""
            row |= {"low": f.low, "high": f.high, "unit": f.unit, "low_cny_per_month": lo, "high_cny_per_month": hi}
            row |= {"value_text": formatting.value(lo, hi) + stated}
            if f.unit == "USD":
                row |= {"cny_per_usd": rate, "cny_per_usd_source": rate_source, "source_id": f"{r.fact_id};{RATE_ID}"}
        elif r.kind == "free_tier":
            mark = formatting.QUALIFIER_MARK.get(f.qualifier, "")
            row |= {"low": f.low, "high": f.high, "unit": f.unit, "qualifier": f.qualifier}
            row |= {"low_cny_per_month": 0.0, "high_cny_per_month": 0.0, "paying_percent": PCT - f.low}
            row |= {"value_text": f"0 · {mark}{formatting.number(f.low)}%的用户 of users"}
        else:  # no fee: the article says so; its sentence is the source
            row |= {"low_cny_per_month": 0.0, "high_cny_per_month": 0.0, "source_id": r.doc_id}
            row |= {"value_text": f"0 · 无会员费，{r.item_zh}非强制 no fee, {r.item_en} optional", "quote": r.quote}
        out.append(row)
    data = pd.DataFrame(out)
    prices = data[data.kind == "price"].sort_values("low_cny_per_month")
    cheap, dear = prices.iloc[0], prices.iloc[-1]
    share = (cheap.low_cny_per_month / dear.high_cny_per_month, cheap.high_cny_per_month / dear.low_cny_per_month)
    free = data[data.kind == "free_tier"].iloc[0]
    none = data[data.kind == "no_fee"].iloc[0]
    n = formatting.number(free.low)
    over_zh, over_en = hedge_zh(free.qualifier) + n, formatting.QUALIFIER_MARK.get(free.qualifier, "") + n
    return data, Titles(
        f"{cheap['name']}月费为{dear['name']}的{ratio(*share, scale=PCT)}%；{none['name']}不收会员费，"
        f"{free['name']}{over_zh}%用户不付费",
        f"{english(cheap['name'])} costs {ratio(*share, scale=PCT)}% of {english(dear['name'])}'s monthly plan; "
        f"{english(none['name'])} charges no fee, and {over_en}% of {english(free['name'])}'s users pay nothing",
    )


def consumer_reading(data: pd.DataFrame) -> dict[str, str]:
    """The consumer figure's comparisons, formatted: the dearest plan in yuan, the cheapest, the
    cheaper one as a share of the dearer, and the paying share of the free tier's product."""
    prices = data[data.kind == "price"].sort_values("low_cny_per_month")
    cheap, dear = prices.iloc[0], prices.iloc[-1]
    free = data[data.kind == "free_tier"].iloc[0]
    mark = {"over": "under", "under": "over"}.get(free.qualifier, "")
    return {
        "dear": f"{formatting.value(dear.low_cny_per_month, dear.high_cny_per_month)}元",
        "cheap": f"{formatting.value(cheap.low_cny_per_month, cheap.high_cny_per_month)}元",
        "share": ratio(
            cheap.low_cny_per_month / dear.high_cny_per_month, cheap.high_cny_per_month / dear.low_cny_per_month, 0, PCT
        ),
        "paying": formatting.QUALIFIER_MARK.get(mark, "") + formatting.percent(free.paying_percent),
        "free_name": free["name"],
    }


# ---------------------------------------------------------------------------------------------
# 3 · Businesses: shares, scale, counts, investment


def tob_shares() -> tuple[pd.DataFrame, Titles]:
    """The share of revenue that companies attribute to large models, and the most of Deepexi's
    growth large models can account for (``audit.growth_split``: reached if they earned nothing
    the year before)."""
    F, out = chapter_facts(), []
    for r in rows("tob_shares").itertuples(index=False):
        f = F.loc[r.fact_id]
        row = {"name": r.name, "measure": r.kind, "period": f.period, "style": "level", "source_id": r.fact_id}
        if r.base_fact_id:  # a share of a grown revenue: how much of the growth it can be
            g = F.loc[r.base_fact_id]
            split = audit.growth_split(g.low / PCT, f.low / PCT)
            value = PCT * split["part_of_growth_max"]
            row |= {"style": "increment", "source_id": f"{r.fact_id};{r.base_fact_id}", "growth_percent": g.low}
            row |= {"share_percent": f.low}
            row |= {"total_percent_of_prev": PCT * split["total"], "llm_percent_of_prev": PCT * split["part"]}
            row |= {"other_percent_of_prev": PCT * split["rest"], "value_text": f"≤{formatting.number(value, 2)}%"}
        else:
            value = f.low
            row |= {"value_text": f"{formatting.number(value)}%"}
        row |= {"label": _label(r.name, r.item_zh, r.item_en, f.period), "percent": value}
        out.append(row)
    data = pd.DataFrame(out)
    shares = data[data.measure == "share"]
    growth = data[data.measure == "growth"].iloc[0]
    zh = "、".join(f"{n}收入的{formatting.number(v)}%" for n, v in zip(shares.name, shares.percent, strict=True))
    en = " and ".join(
        f"{formatting.number(v)}% of {english(n)}'s" for n, v in zip(shares.name, shares.percent, strict=True)
    )
    most = formatting.number(growth.percent, 2)
    return data, Titles(
        f"大模型占{zh}；{growth['name']}的营收增长至多{most}%来自大模型",
        f"Large models bring {en} revenue, and at most {most}% of {english(growth['name'])}'s growth",
    )


def _annual_cny(f, rate: float) -> tuple[float, float, str]:
    """A money fact as (low, high) yuan a year: quarters annualised, dollars converted at ``rate``;
    an open upper end (超过) is drawn at its lower bound."""
    low, high = facts.bounds(f)
    high = low if math.isinf(high) else high
    per = f.per or ("quarter" if re.fullmatch(r"\d{4}Q\d", f.period) else "year")
    low, high = audit.annualise(low, per), audit.annualise(high, per)
    if f.unit == "USD":
        low, high = audit.convert(low, rate), audit.convert(high, rate)
    return low, high, per


def revenue_scale(rate: float, rate_source: str) -> tuple[pd.DataFrame, Titles]:
    """Every money figure the chapter draws for a seller of large models (and Baidu's totals for
    context) as yuan a year: quarters ×4, dollars at ``rate``, a share (``fact_id`` with a
    ``base_fact_id``) applied to the amount it is a share of. A figure outside sources date
    otherwise is labelled with the conflict (``facts.date_flag``); ``series`` draws a hedged figure
    hollow; the yardstick is a threshold, drawn without its sentence's 超过 (which qualifies the
    revenue that must clear it)."""
    F, out = chapter_facts(), []
    for r in rows("revenue_scale").itertuples(index=False):
        amount_id, share_id = (r.base_fact_id, r.fact_id) if r.base_fact_id else (r.fact_id, "")
        f = F.loc[amount_id]
        low, high, per = _annual_cny(f, rate)
        share = F.loc[share_id] if share_id else None
        if share is not None:
            low, high = low * share.low / PCT, high * share.high / PCT
        usd = f.unit == "USD"
        flag = facts.date_flag(facts.value(amount_id))
        tail = f"{flag or f.period}{' ×' + str(audit.PERIODS_PER_YEAR[per]) if per != 'year' else ''}"
        ids = [amount_id, *([share_id] if share_id else []), *([RATE_ID] if usd else [])]
        out.append(
            {
                "label": _label(r.name, r.item_zh, r.item_en, tail),
                "kind": r.kind,
                "series": mark(r.kind, ids),
                "fact_id": amount_id,
                "share_fact_id": share_id,
                "fact_low": f.low,
                "fact_high": f.high,
                "unit": f.unit,
                "per": per,
                "qualifier": "" if r.kind == "yardstick" else f.qualifier,
                "share_percent": share.low if share is not None else math.nan,
                "low_cny_per_year": low,
                "high_cny_per_year": high,
                "low_100m_cny_per_year": low / YI,
                "high_100m_cny_per_year": high / YI,
                "cny_per_usd": rate if usd else math.nan,
                "cny_per_usd_source": rate_source if usd else "",
                "source_id": ";".join(ids),
            }
        )
    data = pd.DataFrame(out)
    r = scale_reading(data)
    return data, Titles(
        f"百度的大模型云收入年化约{r['baidu_llm']}，是其广告收入的{r['of_ads']}；"
        f"OpenAI的收入至多是红杉所说AI产业所需的{r['of_need']}",
        f"Baidu's large-model cloud revenue, ≈{r['baidu_llm']} a year, is {r['of_ads']} of its ad revenue; "
        f"OpenAI's is at most {r['of_need']} of what Sequoia says AI needs",
    )


def scale_reading(data: pd.DataFrame) -> dict[str, str]:
    """The comparisons the chapter reads off the revenue scale, formatted."""

    def row(fact_id: str, share: str = "") -> pd.Series:
        return data[(data.fact_id == fact_id) & (data.share_fact_id == share)].iloc[0]

    llm = row("F-baidu-cloud-revenue-q2", "F-baidu-cloud-llm-share")
    ads, openai_rev = row("F-baidu-ads-revenue-q2"), row("F-openai-revenue-2024-ai-guangnian")
    need, opencsg = data[data.kind == "yardstick"].iloc[0], row("F-opencsg-revenue")
    return {
        "baidu_llm": yi(llm.low_cny_per_year, unit="CNY"),
        "ads": yi(ads.low_cny_per_year, unit="CNY"),
        "of_ads": formatting.percent(llm.low_cny_per_year / ads.low_cny_per_year, fraction=True, digits=2),
        "times": ratio(
            openai_rev.low_cny_per_year / llm.low_cny_per_year, openai_rev.high_cny_per_year / llm.low_cny_per_year
        ),
        "of_need": f"{PCT * openai_rev.high_cny_per_year / need.low_cny_per_year:.1f}%",
        "models": counted(int(facts.value(MODELS_ID).value))[1].split(" ")[0],
        "models_quote": tables.said(MODELS_ID),
        "orders": ratio(
            math.log10(openai_rev.low_cny_per_year / opencsg.high_cny_per_year),
            math.log10(openai_rev.high_cny_per_year / opencsg.low_cny_per_year),
        ),
    }


def counts() -> tuple[pd.DataFrame, Titles]:
    """The counts the articles give: buyers and orders (business demand) against deals and funded
    companies (capital); a share of a count (``base_fact_id``) is drawn as the count it implies."""
    F, out = chapter_facts(), []
    for r in rows("counts").itertuples(index=False):
        f = F.loc[r.fact_id]
        derived = bool(r.base_fact_id)
        value = F.loc[r.base_fact_id].low * f.low / PCT if derived else f.low
        period = (F.loc[r.base_fact_id].period if derived else f.period).replace("/", "–")
        qualifier = "about" if derived else f.qualifier
        mark = formatting.QUALIFIER_MARK.get(qualifier, "")
        out.append(
            {
                "label": _label(r.name, r.item_zh, r.item_en, period),
                "kind": r.kind,
                "period": period,
                "value": value,
                "qualifier": qualifier,
                "derived": derived,
                "style": BAR_STYLE[r.kind],
                "value_text": mark + formatting.number(value, 2 if derived else 3),
                "source_id": ";".join([r.base_fact_id, r.fact_id] if derived else [r.fact_id]),
            }
        )
    data = pd.DataFrame(out)
    demand = data[data.kind == "demand"].sort_values("value").iloc[-1]
    capital = data[data.kind == "capital"].sort_values("value").iloc[-1]
    times = formatting.number(demand.value / capital.value, 1)
    d_zh, c_zh = (hedge_zh(x.qualifier) + formatting.number(x.value) for x in (demand, capital))
    return data, Titles(
        f"B端需求只有个数：央国企采购大模型项目{d_zh}个，约为全球大模型投资事件（{c_zh}起）的{times}倍",
        f"Business demand is counted, not priced: {demand.value_text} state-enterprise procurement projects, "
        f"about {times}× the {capital.value_text} LLM investment deals worldwide",
    )


def investment() -> tuple[pd.DataFrame, Titles]:
    """The year's large-model investment deals by segment (with the deal counts the shares imply)
    and the application sub-sectors (whose base the article does not state: no implied count)."""
    F, out = chapter_facts(), []
    for r in rows("investment_deals").itertuples(index=False):
        f, base = F.loc[r.fact_id], F.loc[r.base_fact_id]
        segment_row = r.kind == "segment"
        implied = f.low * base.low / PCT if segment_row else math.nan
        text = f"{formatting.number(f.low)}%" + (f" (≈{implied:.0f}起 deals)" if segment_row else "")
        out.append(
            {
                "label": f"{r.item_zh}\n{r.item_en}",
                "item_zh": r.item_zh,
                "item_en": r.item_en,
                "panel": r.kind,
                "segment": f.metric.removeprefix("share_of_deals_"),
                "share_percent": f.low,
                "implied_deals": implied,
                "style": BAR_STYLE.get(r.kind, "part"),
                "value_text": text,
                "source_id": f"{r.fact_id};{r.base_fact_id}",
            }
        )
    data = pd.DataFrame(out)
    data = pd.concat(
        [g.sort_values("share_percent", ascending=False, kind="stable") for _, g in data.groupby("panel", sort=False)]
    )
    segments = data[data.panel == "segment"]
    top, last = segments.iloc[0], segments.iloc[-1]
    deals = F.loc[rows("investment_deals").base_fact_id.iloc[0]]
    n = formatting.value(deals.low, qualifier=deals.qualifier)
    zh_top, zh_last, en_top, en_last = top.item_zh, last.item_zh, top.item_en, last.item_en
    return data.reset_index(drop=True), Titles(
        f"投资流向{zh_top}：全球{hedge_zh(deals.qualifier)}{formatting.number(deals.low)}起大模型投资事件中占"
        f"{formatting.number(top.share_percent)}%，{zh_last}仅{formatting.number(last.share_percent)}%",
        f"Investment goes to {en_top}: {formatting.number(top.share_percent)}% of the {n} LLM deals worldwide, "
        f"{en_last} only {formatting.number(last.share_percent)}%",
    )


def segment_total(data: pd.DataFrame) -> tuple[float, float]:
    """The segments' shares added up (``audit.share_total``) and the tolerance the audit allows."""
    total = audit.share_total(list(data[data.panel == "segment"].share_percent))
    return total, facts.value("A-tolerance-share-sum").value


# ---------------------------------------------------------------------------------------------
# 4 · What the articles talk about (the corpus the chapter reads)


def theme_shares(docs: pd.DataFrame, scores: themes.Scores) -> pd.DataFrame:
    """Each article's share of sentences hitting each theme (percent), most about money first."""
    share = scores.documents.pivot(index="doc_id", columns="theme", values="share") * PCT
    share = share.reindex(index=list(docs.doc_id), columns=list(themes.THEMES))
    share = share.sort_values(THEME, ascending=False, kind="stable").reset_index()
    share.insert(0, "article", share.doc_id.map(article_labels(docs)))
    return share.assign(source_id=share.doc_id)


def share_columns() -> dict[str, str]:
    """The theme-share table's headings: the article, then each theme's names."""
    return {"article": "article"} | {k: f"{v['label_zh']} {v['label_en']}" for k, v in themes.lexicon().items()}


def vocabulary(docs: pd.DataFrame, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """How often each article uses the business-side, consumer-side and money words of
    ``[monetization.sides.*]`` (lexicon terms, closed up: "To B" counts as ToB), zeros included."""
    sides = themes.word_groups(THEME, "sides")
    side_of = {t: key for key, g in sides.items() for t in g["terms"]}
    closed = {t.replace(" ", "") for t in themes.lexicon()[THEME]["terms"]}
    if set(side_of) - closed:
        raise ValueError(f"themes.toml: sides terms not in the {THEME} lexicon: {sorted(set(side_of) - closed)}")
    counts = themes.term_counts(THEME, corpus_dir).assign(term=lambda d: d.term.str.replace(" ", ""))
    counts = counts[counts.term.isin(side_of)].groupby(["term", "doc_id"]).hits.sum()
    grid = pd.MultiIndex.from_product([list(side_of), list(docs.doc_id)], names=["term", "doc_id"])
    data = counts.reindex(grid, fill_value=0).rename("occurrences").reset_index()
    data.insert(1, "side", data.term.map(side_of))
    data.insert(
        2, "row", [f"{t} · {sides[s]['label'].split(' ', 1)[1]}" for t, s in zip(data.term, data.side, strict=True)]
    )
    data.insert(4, "article", data.doc_id.map(article_labels(docs)))
    data.insert(5, "column", data.article.map(column_label))
    data["source_id"] = data.doc_id
    lead = data.pivot_table(index="doc_id", columns="side", values="occurrences", aggfunc="sum")
    lead = (lead.get("business", 0) - lead.get("consumer", 0)).reindex(list(docs.doc_id))
    ahead, best = int((lead > 0).sum()), lead.idxmax()
    best_label = article_labels(docs)[best].rsplit(" ", 1)[0]  # number and outlet
    if ahead == 0:
        return data, Titles(
            f"{len(docs)}篇文章中没有一篇的B端用词多于C端", f"No article of {len(docs)} uses business-side words more"
        )
    return data, Titles(
        f"{len(docs)}篇文章中{ahead}篇的B端用词多于C端，{best_label}多出最多（+{lead[best]}）",
        f"Business-side words outnumber consumer-side ones in {ahead} of {len(docs)} articles, "
        f"most in {best_label} (+{lead[best]})",
    )


def kwic(term: str, docs: pd.DataFrame, corpus_dir=None) -> pd.DataFrame:
    """Every use of ``term`` with its context and article."""
    k = themes.kwic(term, corpus_dir=corpus_dir)
    return k.assign(article=k.doc_id.map(article_labels(docs)), source_id=k.doc_id)


def _words(terms: list[str]) -> re.Pattern[str]:
    """One pattern for a word list, matched as the lexicon matches (Latin words whole)."""
    return re.compile("|".join(segment.term_pattern(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def route_sentences(scores: themes.Scores, corpus_dir=None) -> pd.DataFrame:
    """Sentences about money (hitting the monetization or price-war lexicon) that name a route's
    words: doc_id, sent, text, route (a sentence can name several routes)."""
    money = scores.sentences[scores.sentences.theme.isin([THEME, "price_war"])][["doc_id", "sent"]]
    sents = corpus.sentences(corpus_dir).merge(money.drop_duplicates(), on=["doc_id", "sent"])
    found = [sents[sents.text.str.contains(_words(g["terms"]))].assign(route=k) for k, g in themes.routes().items()]
    return pd.concat(found, ignore_index=True)[["doc_id", "sent", "text", "route"]]


def routes(docs: pd.DataFrame, found: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Sentences per route and article (zeros included); the title names the most discussed route."""
    labels = {k: g["label"] for k, g in themes.routes().items()}
    grid = pd.MultiIndex.from_product([list(labels), list(docs.doc_id)], names=["route", "doc_id"])
    data = found.groupby(["route", "doc_id"]).size().reindex(grid, fill_value=0).rename("sentences").reset_index()
    data.insert(1, "route_label", data.route.map(labels))
    data.insert(3, "article", data.doc_id.map(article_labels(docs)))
    data.insert(4, "column", data.article.map(column_label))
    data["source_id"] = data.doc_id
    total = data.groupby("route", sort=False).sentences.sum().sort_values(ascending=False, kind="stable")
    top = total.index[0]
    k_zh, k_en = counted(int((data[data.route == top].sentences > 0).sum()))
    zh, en = labels[top].split(" ", 1)
    return data, Titles(
        f"谈钱的句子里，“{zh}”路径出现最多：{total[top]}句，见于{k_zh}文章",
        f"In sentences about money the {en} route comes up most: {total[top]} sentences in {k_en}",
    )


def rare_routes(docs: pd.DataFrame, found: pd.DataFrame, common: int = 2) -> pd.DataFrame:
    """The sentences behind every route but the ``common`` most frequent, to judge the counts by."""
    order = found.route.value_counts(sort=True).index[:common]
    labels = {k: g["label"] for k, g in themes.routes().items()}
    rare = found[~found.route.isin(order)]
    return rare.assign(
        route_label=rare.route.map(labels), article=rare.doc_id.map(article_labels(docs)), source_id=rare.doc_id
    )


def named(scores: themes.Scores, corpus_dir=None) -> pd.DataFrame:
    """Companies and products named in the sentences about money, with the share of those sentences."""
    found = themes.cooccurrence(THEME, corpus_dir=corpus_dir, scores=scores, with_doc_ids=True)
    return found.assign(name=found.entity.map(names.label), source_id=found.doc_ids)


# ---------------------------------------------------------------------------------------------
# 5 · Findings: the articles' positions


def stances() -> pd.DataFrame:
    """``seeds/stances.csv``: each committed article's position on ToB, in its own words, with the
    facts behind it; ``article`` names the article on the first of its rows."""
    st = facts.curated("stances")
    return st.assign(article=[facts.cite(d) if p else "" for d, p in zip(st.doc_id, st.position, strict=True)])


def stance_summary(st: pd.DataFrame) -> dict[str, str]:
    """How many articles take each position: ``articles`` ("5 committed articles": the stances are
    curated from the committed corpus, whatever corpus the chapter reads), ``yes`` (ToB is the
    route: "one") and ``first`` (ToB first), each with ``…_who``, the articles cited."""
    out = {"articles": f"{st.doc_id.nunique()} committed articles with a stance"}
    for verdict in ("yes", "first"):
        docs = list(dict.fromkeys(st.doc_id[st.verdict == verdict]))
        out |= {verdict: counted(len(docs))[1].split(" ")[0], f"{verdict}_who": "; ".join(map(facts.cite, docs))}
    return out


def fact_articles() -> pd.DataFrame:
    """The committed articles the chapter's facts quote, with their dates (for the caveats)."""
    seed = corpus.load()
    return seed[seed.doc_id.isin(set(chapter_facts().doc_id))]
