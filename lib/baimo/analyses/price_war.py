"""Chapter 01: the May 2024 API price war — who cut first, how deep the cuts were on one scale,
and what the articles say the cuts did.

The moves and prices are references (``seeds/references.csv``, theme ``price_war``): the dated
May 2024 timeline and a one-day price table (the LLM-Price snapshot). Vendors come from the names
table: ``names.company`` says whose a model is, its group 大厂 names the big platforms, and a
snapshot's API names are aliases (deepseek-chat is DeepSeek-V2). The chapter's own readings are
curated tables: ``seeds/price_war_models.csv`` (the comparison models, and the models the
article's quoted prices are paired with) and ``seeds/price_war_quotes.csv`` (the sentences the
chapter quotes). Text counts come from ``baimo.themes`` on the corpus the chapter reads.

Every function returns tidy rows with a ``source_id``; a figure's function also returns its
``Titles``, the finding computed from the rows it draws.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd

from baimo import audit, charts, facts, formatting, names, provenance, tables, themes
from baimo.analyses.common import Titles, article_labels, count_words, outlet, short_id

THEME = "price_war"
HEADLINE = "F-api-price-cut-dingjiao"  # the article's 「直降超过90%」
ARTICLE_CUT = "F-qwen-long-cut-a5"  # the column's own figure for Qwen-Long's cut
TOLERANCE = "A-tolerance-relative"
SNAPSHOT = "LLM-Price"  # the publisher of the one-day price table: prices, not moves
GIANTS = "大厂"  # the names table's group of the big platforms
OTHERS = "其他"
PRICES = ("api_input_price", "api_price")
CUTS = ("price_cut", "price_below_industry")
#: The series of the cuts figure, in the order they are drawn (a hollow ring first) and written.
DRAW_ORDER = ("recomputed", "range", "below industry", "stated", "article")
TEXT_ORDER = ("stated", "range", "below industry", "recomputed", "article")
PCT = 100  # percent in a whole: a 0.975 cut is 97.5%
FLOOR = "axis floor (免费 free)"

#: How a reference reads on the timeline, by metric ({v}: its value or range).
PART = {
    "api_input_price": "输入{v}元",
    "api_output_price": "输出{v}元",
    "api_price": "{v}元",
    "price_cut": "降{v}%",
    "price_below_industry": "比行业低{v}%",
}
CHECK_FIELDS = ("model", "before", "before_kind", "after", "stated_cut", "recomputed_cut", "verdict")
#: Headings of the tables a reader sees.
CHECK_COLUMNS = {
    "model": "model",
    "before": "before (元)",
    "before_kind": "before-price",
    "after": "after (元)",
    "stated_cut": "stated cut (%)",
    "recomputed_cut": "recomputed cut (%)",
    "verdict": "recomputed vs stated",
    "source_id": "sources",
}
AGREE_COLUMNS = {"model": "model", "announced": "timeline (元)", "snapshot": "price table (元)", "agree": "agree"}
#: The timeline's two colours: the big platforms and everyone else.
GROUP_STYLE = {
    "colors": {GIANTS: THEME, OTHERS: charts.INK},
    "names": {OTHERS: "创业公司等 start-ups and others", GIANTS: "大厂 the big platforms"},
}


# ---------------------------------------------------------------------------------------------
# Names and words


def vendor_name(term: str, lang: str = "both") -> str:
    """A company as a chart or title names it: 深度求索 DeepSeek (both), DeepSeek (en), 深度求索 (zh)."""
    if lang == "zh":
        return term
    label = names.label(term)
    english = label[len(term) :].strip() or term
    return english if lang == "en" else label


def _and(items: list[str], lang: str) -> str:
    """ "A and B", "A, B and C" (en); "A与B", "A、B与C" (zh)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ("、".join(items[:-1]) + "与" + items[-1]) if lang == "zh" else (", ".join(items[:-1]) + " and " + items[-1])


def _yuan(x) -> str:
    return "免费" if x == 0 else f"{formatting.number(x)} 元"


# ---------------------------------------------------------------------------------------------
# The references: moves and prices


def references() -> pd.DataFrame:
    """The theme's references, each with its model's name in the names table, its vendor,
    whether the vendor is one of the big platforms, and whether the row is the one-day price
    table (a price seen) rather than a dated move (a price announced)."""
    refs = facts.references(theme=THEME)
    # a snapshot's API name is its model's alias (deepseek-chat → DeepSeek-V2); a vendor-wide row
    # ("Tencent (hunyuan models)") is an alias of its company and keeps its own words
    refs["model"] = [
        m if names.category(m) in ("model", "product") else e
        for e, m in zip(refs.entity, refs.entity.map(names.canonical), strict=True)
    ]
    refs["vendor"] = refs.model.map(names.company)
    refs["giant"] = refs.vendor.isin(names.members(GIANTS))
    refs["snapshot"] = refs.source_publisher.str.contains(SNAPSHOT, regex=False)
    refs["dated"] = refs.period.str.fullmatch(r"\d{4}-\d{2}-\d{2}").astype(bool)
    return refs


def moves(refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The dated moves: references with a day as their period, the price table left out."""
    refs = references() if refs is None else refs
    out = refs[refs.dated & ~refs.snapshot].copy()
    out["date"] = pd.to_datetime(out.period)
    return out.reset_index(drop=True)


def _part(r) -> str:
    """One move as the timeline writes it: 输入1元, 免费, 降80%, 降67–97%."""
    if r.metric in (*PRICES, "api_output_price") and r.high == 0:
        return "免费"
    return PART.get(r.metric, r.metric + " {v}").format(v=formatting.value(r.low, r.high))


def timeline(refs: pd.DataFrame | None = None) -> tuple[pd.DataFrame, Titles]:
    """One row per move, a lane per vendor in the order the vendors first moved. ``text`` is what
    the chart writes, once per vendor and day (on that day's first row): "model: 输入1元、输出2元"."""
    m = moves(refs)
    first = m.date.min()
    order = m.groupby("vendor").date.min().sort_values(kind="stable")
    m["rank"] = m.vendor.map({v: i for i, v in enumerate(order.index)})
    m = m.sort_values(["rank", "date"], kind="stable").reset_index(drop=True)
    m["lane"] = m.vendor.map(vendor_name)
    m["group"] = m.giant.map({True: GIANTS, False: OTHERS})
    m["part"] = [_part(r) for r in m.itertuples()]
    m["days_after_first"] = (m.date - first).dt.days
    m["text"] = ""
    for _, g in m.groupby(["vendor", "period"], sort=False):
        lines = [f"{model}: " + "、".join(p.part) for model, p in g.groupby("model", sort=False)]
        m.loc[g.index[0], "text"] = "\n".join(lines)
    data = m.rename(columns={"period": "date_announced", "ref_id": "source_id"})[
        ["lane", "vendor", "group", "model", "date_announced", "days_after_first", "metric", "low", "high"]
        + ["unit", "per", "part", "text", "source_id"]
    ]
    return data.rename(columns={"date_announced": "date"}), _timeline_titles(order)


def _timeline_titles(order: pd.Series) -> Titles:
    giants = order[order.index.isin(names.members(GIANTS))]
    if giants.empty:
        return Titles(f"{vendor_name(order.index[0], 'zh')}率先降价", f"{vendor_name(order.index[0], 'en')} cut first")
    starters = [v for v in order.index if v not in giants.index and order[v] < giants.min()]
    lo, hi = ((giants.min() - order.min()).days, (giants.max() - order.min()).days)
    days = f"{lo}–{hi}" if hi > lo else f"{lo}"
    if not starters:
        first = giants.index[0]
        return Titles(
            f"大厂率先降价：{vendor_name(first, 'zh')}最早，其余大厂在{days}天内跟进",
            f"The big platforms moved first: {vendor_name(first, 'en')}, the others within {days} days",
        )
    return Titles(
        f"{_and(starters, 'zh')}率先降价，大厂在首次降价后{days}天跟进",
        f"{_and([vendor_name(v, 'en') for v in starters], 'en')} cut first; "
        f"the big platforms followed {days} days after the first move",
    )


def timeline_summary(data: pd.DataFrame) -> SimpleNamespace:
    """The order of the moves, for prose: the first two movers, the first big platform and its
    lag, the span, how many vendors moved."""
    firsts = data.drop_duplicates("vendor")
    giant = firsts[firsts.group == GIANTS].head(1)

    def who(r) -> str:
        return f"{r.lane} ({r.date[5:]})"

    return SimpleNamespace(
        first=[who(r) for r in firsts.head(2).itertuples()],
        giant=giant.lane.iloc[0] if len(giant) else "none",
        lag=int(giant.days_after_first.iloc[0]) if len(giant) else 0,
        span=int(data.days_after_first.max()),
        vendors=len(firsts),
    )


# ---------------------------------------------------------------------------------------------
# Prices on one scale, and the cuts recomputed


def cut_checks(refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each model with one stated cut: its before-price (stated where a reference gives one, else
    implied from the after-price and the cut: after ÷ (1 − cut), ``audit.price_before_cut``), its
    after-price, and the cut recomputed from the two prices (``audit.price_cut``) where both are
    stated — an implied before-price was made from the cut, so that cut cannot be checked."""
    refs = references() if refs is None else refs
    m = moves(refs)
    tol = facts.value(TOLERANCE).value
    after = m[m.metric.isin(PRICES)].drop_duplicates("model").set_index("model")
    befores = refs[refs.metric.str.endswith("before_cut")].drop_duplicates("model").set_index("model")
    rows = []
    for cut in m[(m.metric == "price_cut") & (m.low == m.high)].itertuples():
        a = after.loc[cut.model]
        if cut.model in befores.index:
            b = befores.loc[cut.model]
            before, kind, before_ids = float(b.low), "stated", b.ref_id
            recomputed = PCT * audit.price_cut(before, a.low)
            verdict, recompute_ids = audit.verdict(recomputed, cut.low, tol), f"{b.ref_id};{a.ref_id}"
        else:
            before, kind = audit.price_before_cut(a.low, cut.low / PCT), "implied"
            before_ids, recomputed, verdict, recompute_ids = f"{a.ref_id};{cut.ref_id}", math.nan, "by construction", ""
        sources = ";".join(dict.fromkeys([*provenance.split_ids(before_ids), a.ref_id, cut.ref_id]))
        rows.append(
            (cut.model, before, kind, float(a.low), float(cut.low), recomputed, verdict, before_ids)
            + (cut.ref_id, recompute_ids, sources)
        )
    return pd.DataFrame(rows, columns=[*CHECK_FIELDS, "before_ids", "cut_id", "recompute_ids", "source_id"])


def models() -> pd.DataFrame:
    """The curated model readings (``seeds/price_war_models.csv``): comparison models, and the
    models the article's quoted prices are paired with."""
    return facts.curated("price_war_models")


def prices(refs: pd.DataFrame | None = None, checks: pd.DataFrame | None = None) -> tuple[pd.DataFrame, Titles]:
    """Every input price on one scale (元 per million tokens): the announced after-cut prices,
    the price table's, the article's quoted ones on the models they are paired with, and the
    before-prices of the checked cuts (stated or implied). Models not moved in May come first
    (dearest first), then the May moves (dearest first); free is drawn at the axis floor."""
    refs = references() if refs is None else refs
    checks = cut_checks(refs) if checks is None else checks
    m = moves(refs)
    after = m[m.metric.isin(PRICES)]
    snap = refs[refs.snapshot & (refs.metric == "api_input_price")]
    paired = models()
    rows = [(r.model, "snapshot", r.low, r.ref_id) for r in snap.itertuples()]  # drawn first: a ring around the dot
    rows += [(r.model, "announced", r.low, r.ref_id) for r in after.itertuples()]
    rows += [(r.model, "article", facts.value(r.source_id).value, r.source_id) for r in _role(paired, "article_price")]
    rows += [(c.model, f"before ({c.before_kind})", c.before, c.before_ids) for c in checks.itertuples()]
    data = pd.DataFrame(rows, columns=["model", "series", "price", "source_id"])
    in_may = list(dict.fromkeys(after.model))
    price_of = data[data.series.isin(["announced", "snapshot"])].groupby("model").price.max()
    others = [x for x in dict.fromkeys(data.model) if x not in in_may]
    ranked = sorted(others, key=lambda x: -price_of[x]) + sorted(in_may, key=lambda x: -price_of[x])
    data["rank"] = data.model.map({x: i for i, x in enumerate(ranked)})
    data = data.sort_values("rank", kind="stable").drop(columns="rank").reset_index(drop=True)
    data.insert(1, "label", [f"{x}（{names.company(x)}）" for x in data.model])
    data.insert(2, "may_move", data.model.isin(in_may))
    data["drawn_at"] = [formatting.number(p) if p > 0 else FLOOR for p in data.price]
    data["value_text"] = _price_texts(data)
    compare = _role(paired, "comparison")[0]
    return data, _price_titles(price_of[in_may], compare.model, price_of[compare.model])


def _role(paired: pd.DataFrame, role: str) -> list:
    return list(paired[paired.role == role].itertuples())


def _price_texts(data: pd.DataFrame) -> list[str]:
    """What each point says: a model's price once (not for free: the axis says 免费), a
    before-price with whether it is implied; the article's point is unlabelled (it is on a price)."""
    seen, out = set(), []
    for r in data.itertuples():
        text = ""
        if r.series.startswith("before"):
            text = formatting.number(r.price) + ("（推算 implied）" if "implied" in r.series else "")
        elif r.series != "article" and r.model not in seen and r.price > 0:
            text = formatting.number(r.price)
        if r.series in ("announced", "snapshot"):
            seen.add(r.model)
        out.append(text)
    return out


def _price_titles(may: pd.Series, compare: str, compare_price: float) -> Titles:
    cheap = int((may < compare_price / 10).sum())
    free = int((may == 0).sum())
    return Titles(
        f"五月降价的{len(may)}个模型中，{cheap}个的输入价格不到{compare}的十分之一，{free}个免费",
        f"{cheap} of the {len(may)} models cut in May cost under a tenth of {compare}'s input price; {free} are free",
    )


def sources_agree(points: pd.DataFrame) -> pd.DataFrame:
    """Where the timeline and the price table both give a model's input price: do they agree?"""
    both = points[points.series.isin(["announced", "snapshot"])]
    wide = both.pivot_table(index="model", columns="series", values="price", aggfunc="first").dropna()
    ids = both.groupby("model").source_id.agg(";".join)
    wide = wide.reindex(columns=["announced", "snapshot"]).reset_index()
    wide["agree"] = wide.announced == wide.snapshot
    wide["source_id"] = wide.model.map(ids)
    return wide


def price_summary(points: pd.DataFrame) -> SimpleNamespace:
    """The after-cut prices in numbers, for prose: how many models, which are free, the paid
    range and median, and what that median is against each comparison model."""
    may = points[points.may_move & points.series.isin(["announced", "snapshot"])].groupby("model").price.max()
    paid = may[may > 0]
    price_of = points[points.series.isin(["announced", "snapshot"])].groupby("model").price.max()
    compare = [(r.model, price_of[r.model]) for r in _role(models(), "comparison")]
    agree = sources_agree(points)
    return SimpleNamespace(
        n=len(may),
        free=sorted(may.index[may == 0]),
        paid_low=formatting.number(paid.min()),
        paid_high=formatting.number(paid.max()),
        median=formatting.number(paid.median()),
        against=[f"1/{p / paid.median():.0f} of {m}'s {formatting.number(p)} 元" for m, p in compare],
        agree="yes" if agree.agree.all() else "NO",
        shared=", ".join(agree.model),
    )


def cuts(refs: pd.DataFrame | None = None, checks: pd.DataFrame | None = None) -> tuple[pd.DataFrame, Titles]:
    """Every cut on one axis: the stated cuts and, where both prices are stated, the recomputed
    ones; the column's own figure; the vendor-wide ranges and the below-industry discount (a
    launch price against the industry's, not a cut). Each row is checked against the article's
    headline within the tolerance: its deepest cut (``deepest_vs_headline``) and every cut
    (``all_vs_headline``). Rows go deepest-first by their shallowest cut."""
    refs = references() if refs is None else refs
    checks = cut_checks(refs) if checks is None else checks
    art = facts.value(ARTICLE_CUT)
    rows = [(c.model, "stated", c.stated_cut, c.stated_cut, c.cut_id) for c in checks.itertuples()]
    rows += [
        (c.model, "recomputed", c.recomputed_cut, c.recomputed_cut, c.recompute_ids)
        for c in checks.itertuples()
        if not math.isnan(c.recomputed_cut)
    ]
    rows.append((names.canonical(art.entity), "article", art.low, art.high, ARTICLE_CUT))
    m = moves(refs)
    for r in m[m.metric.isin(CUTS) & ~m.model.isin(checks.model)].itertuples():
        rows.append(
            (r.model, "below industry" if r.metric == "price_below_industry" else "range", r.low, r.high, r.ref_id)
        )
    data = pd.DataFrame(rows, columns=["model", "series", "low", "high", "source_id"])
    floor = headline_floor()
    is_cut = data.series != "below industry"
    data["deepest_vs_headline"] = [
        audit.within(h, floor, PCT) if c else "not a cut" for c, h in zip(is_cut, data.high, strict=True)
    ]
    data["all_vs_headline"] = [
        audit.within(lo, floor, PCT) if c else "not a cut" for c, lo in zip(is_cut, data.low, strict=True)
    ]
    order = data.groupby("model").low.min().sort_values(ascending=False, kind="stable")
    data["rank"] = data.model.map({x: i for i, x in enumerate(order.index)})
    data["layer"] = data.series.map({s: i for i, s in enumerate(DRAW_ORDER)})  # a ring under the dot it circles
    data = data.sort_values(["rank", "layer"], kind="stable").drop(columns=["rank", "layer"]).reset_index(drop=True)
    data["value_text"] = _cut_texts(data, facts.outlet(facts.value(ARTICLE_CUT).doc_id))
    return data, _cut_titles(data)


def headline_floor() -> float:
    """The lowest cut that still reads as the headline's 「超过90%」: the headline less the tolerance."""
    return facts.value(HEADLINE).value * (1 - facts.value(TOLERANCE).value)


def headline_refs() -> list[tuple[float, str]]:
    """The headline and its tolerance floor as reference lines: (90, "定焦：直降超过90%"), (85.5, "")."""
    v = facts.value(HEADLINE)
    return [(v.value, f"{facts.outlet(v.doc_id)}：直降超过{formatting.number(v.value)}%"), (headline_floor(), "")]


def comparison_refs(points: pd.DataFrame) -> list[tuple[float, str]]:
    """The comparison models' input prices as reference lines: (36, "GPT-4o 36") …"""
    price_of = points[points.series.isin(["announced", "snapshot"])].groupby("model").price.max()
    return [
        (price_of[r.model], f"{r.model} {formatting.number(price_of[r.model])}") for r in _role(models(), "comparison")
    ]


def _cut_texts(data: pd.DataFrame, article: str) -> list[str]:
    """All of a model's cuts written once, on its first row: "97% · 重算 97.5% · A5专栏 97%"."""
    prefix = {
        "stated": "",
        "recomputed": "重算 ",
        "article": f"{article} ",
        "range": "",
        "below industry": "低于行业价 ",
    }
    texts = {}
    for _, g in data.groupby("model", sort=False):
        g = g.sort_values("series", key=lambda x: x.map(TEXT_ORDER.index), kind="stable")
        parts = [prefix[s] + formatting.value(lo, hi) + "%" for s, lo, hi in zip(g.series, g.low, g.high, strict=True)]
        texts[g.high.idxmax()] = " " + " · ".join(parts)  # after the rightmost mark
    return [texts.get(i, "") for i in data.index]


def _cut_titles(data: pd.DataFrame) -> Titles:
    cut = data[data.series != "below industry"]
    lo, hi = formatting.number(cut.low.min()), formatting.number(cut.high.max())
    head = formatting.number(facts.value(HEADLINE).value)
    if (cut.all_vs_headline == audit.CONSISTENT).all():
        return Titles(
            f"每一次降价都够得上“直降超过{head}%”：最浅也有{lo}%", f"Every cut clears the 'over {head}%' headline"
        )
    return Titles(
        f"“直降超过{head}%”只说中了最深的降幅：各家降幅从{lo}%到{hi}%不等",
        f"'Over {head}%' fits the deepest cuts, not the round: the cuts run from {lo}% to {hi}%",
    )


def cut_styles() -> dict[str, charts.Series]:
    """How each series of the cuts figure is drawn (the column's own figure named by its outlet)."""
    article = facts.outlet(facts.value(ARTICLE_CUT).doc_id)
    return {
        "stated": charts.Series("公布的降幅 stated cut", "o", THEME),
        "recomputed": charts.Series("按前后价格重算 recomputed", "o", charts.INK, hollow=True, size=12),
        "article": charts.Series(f"文章所述 article ({article})", "x", charts.INK),
        "range": charts.Series("多个模型的降幅范围 range over a vendor's models", "|", THEME),
        "below industry": charts.Series(
            "低于行业价 below the industry price (not a cut)", "D", charts.GREY, hollow=True
        ),
    }


def price_styles(refs: pd.DataFrame | None = None) -> dict[str, charts.Series]:
    """How each series of the input-prices figure is drawn (the price table named by its day, the
    quoted prices by their article's outlet)."""
    refs = references() if refs is None else refs
    day = refs.period[refs.snapshot].min()
    article = facts.outlet(facts.value(_role(models(), "article_price")[0].source_id).doc_id)
    return {
        "announced": charts.Series("降价后（公布）after the cut, announced", "o", THEME),
        "snapshot": charts.Series(f"{day} 价格表 price table", "o", charts.INK, hollow=True, size=11),
        "article": charts.Series(f"文章所述 article ({article})", "x", charts.INK),
        "before (stated)": charts.Series("降价前 before the cut", "s", charts.GREY, size=7),
        "before (implied)": charts.Series("降价前（推算）before, implied", "s", charts.GREY, hollow=True, size=7),
    }


# ---------------------------------------------------------------------------------------------
# One developer's bill


def developer_spend(half_month_days: float | None = None, deepest_cut: float | None = None):
    """The developer's bill before (about a month) and after (「半个多月」, over half a month) the
    cuts, the after-amount put on a month (``A-half-month-days`` of an ``A-month-days``-day month,
    or the ``half_month_days`` parameter: an upper bound, so the fall is a lower bound), and what
    the headline cut would have left. Returns the bars, the titles (against ``deepest_cut``, the
    deepest list-price cut in %) and the numbers for prose."""
    before, after = facts.value("F-developer-spend-before"), facts.value("F-developer-spend-after")
    month, half = facts.value("A-month-days").value, facts.value("A-half-month-days", override=half_month_days).value
    half_source = (
        "A-half-month-days" if half_month_days is None else "parameter half_month_days (overrides A-half-month-days)"
    )
    headline = facts.value(HEADLINE).value
    after_month = after.value * month / half
    fall = PCT * audit.price_cut(before.value, after_month)
    at_headline = before.value * (1 - headline / PCT)
    b, a, mo, half_id = before.id, after.id, "A-month-days", "A-half-month-days"
    at_label = f"按“超过{formatting.number(headline)}%”降价后 at the headline cut"
    rows = [
        ("降价前，每月 before, a month", before.value, month, "level", f"{b};{mo}"),
        ("降价后，半个多月 after, over half a month", after.value, half, "part", f"{a};{a}-span;{half_id}"),
        ("降价后折合每月 after, per month (upper bound)", after_month, month, "level", f"{a};{half_id};{mo}"),
        (at_label, at_headline, month, "increment", f"{b};{HEADLINE}"),
    ]
    data = pd.DataFrame(rows, columns=["bar", "cny", "span_days", "kind", "source_id"])
    data["value_text"] = [f"{formatting.number(v)} 元" for v in data.cny]
    data["half_month_days"], data["half_month_days_source"] = half, half_source
    tokens = after_month / facts.value("R-deepseek-v2-input").value
    summary = SimpleNamespace(
        before=formatting.number(before.value),
        after_month=formatting.number(after_month),
        fall=f"{fall:.1f}%",
        tokens=f"{tokens:.2f}",
        half=formatting.number(half),
        month=formatting.number(month),
    )
    return data, _spend_titles(fall, deepest_cut), summary


def _spend_titles(fall: float, deepest: float | None) -> Titles:
    f = f"{fall:.1f}%"
    if deepest is None or fall <= deepest:
        return Titles(f"一位开发者的月支出至少降了{f}", f"One developer's monthly API bill fell by at least {f}")
    d = formatting.number(deepest)
    return Titles(
        f"一位开发者的月支出至少降了{f}，超过任何一次标价降幅（最深{d}%）",
        f"One developer's monthly API bill fell by at least {f}, more than any list-price cut (deepest {d}%)",
    )


# ---------------------------------------------------------------------------------------------
# The theme in the text: shares, vocabulary, context, names


def theme_share(docs: pd.DataFrame, scores: themes.Scores) -> tuple[pd.DataFrame, Titles]:
    """Per article: its sentences, those using the price-war vocabulary, and their share
    (``themes.score``), with a label "004 定焦 2024-07*"; largest share first (``charts.shares``
    draws it)."""
    rows = scores.documents[scores.documents.theme == THEME].merge(
        docs[["doc_id", "outlet", "published", "date_basis"]], on="doc_id"
    )
    rows["label"] = rows.doc_id.map(article_labels(docs))
    rows["source_id"] = rows.doc_id
    rows = rows.sort_values(["share", "doc_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    top, using = rows.iloc[0], int((rows.sentences > 0).sum())
    if not using:
        return rows, Titles("没有一篇文章用到价格战词汇", "No article uses the price-war vocabulary")
    share, name = formatting.percent(top.share, fraction=True), article_name(top.doc_id, docs)
    return rows, Titles(
        f"{name}的文章最常谈价格战（{share}的句子）；{len(rows)}篇中有{using}篇用到价格战词汇",
        f"The {name} article talks price war most ({share} of its sentences); "
        f"{using} of {len(rows)} articles use the vocabulary",
    )


def article_name(doc_id: str, docs: pd.DataFrame) -> str:
    """An article as a title names it: its outlet, and its number when the outlet has several."""
    outlets = docs.outlet.map(outlet)
    name = outlets[docs.doc_id == doc_id].iloc[0]
    return name if (outlets == name).sum() == 1 else f"{name} {short_id(doc_id)}"


def vocabulary(docs: pd.DataFrame, shares: pd.DataFrame, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """Hits per price-war term and article (``themes.term_counts``: the lexicon's own
    longest-term-first matching), terms in lexicon order, articles with the most price-war
    sentences first."""
    order = shares.sort_values(["sentences", "doc_id"], ascending=[False, True], kind="stable").doc_id
    counts = themes.term_counts(THEME, corpus_dir, doc_ids=list(order))
    counts["article"] = counts.doc_id.map(article_labels(docs))
    counts["source_id"] = counts.doc_id
    data = counts[["term", "article", "doc_id", "hits", "source_id"]]
    per_term = data.groupby("term", sort=False).hits.sum()
    per_doc = data[data.hits > 0].groupby("doc_id", sort=False).term.nunique().sort_values(ascending=False)
    if per_term.max() == 0:
        return data, Titles("价格战词汇没有出现", "The price-war vocabulary does not occur")
    term, n_terms = per_term.idxmax(), len(per_term)
    widest = article_name(per_doc.index[0], docs)
    return data, Titles(
        f"“{term}”是最常见的价格战词（{per_term.max()}次）；{widest}的文章用到{n_terms}个词中的{per_doc.iloc[0]}个",
        f"“{term}” is the most frequent price-war term ({per_term.max()}); "
        f"the {widest} article uses {per_doc.iloc[0]} of the {n_terms} terms",
    )


def column_labels(labels) -> dict[str, str]:
    """Article labels for a heatmap's columns, one part a line: "004\n定焦\n2024-07*"."""
    out = {}
    for x in dict.fromkeys(labels):
        number, rest = x.split(" ", 1)
        out[x] = "\n".join([number, *rest.rsplit(" ", 1)])
    return out


def kwic(term: str, docs: pd.DataFrame, corpus_dir=None) -> pd.DataFrame:
    """Every occurrence of ``term`` with its article and the words either side."""
    k = themes.kwic(term, corpus_dir=corpus_dir)
    k["article"] = [facts.cite(d, docs) for d in k.doc_id]
    k["source_id"] = k.doc_id
    return k[["article", "left", "term", "right", "source_id"]]


def kwic_table(term: str, docs: pd.DataFrame, corpus_dir=None, limit: int = 12):
    """The keyword-in-context table a reader sees: the left context right-aligned on the term."""
    k = kwic(term, docs, corpus_dir)
    heads = {"article": "article", "left": "before", "term": "term", "right": "after"}
    caption = f"“{term}” in context: every occurrence in the corpus"
    table = tables.reader_table(k, columns=heads, caption=caption, quotes=["left", "right"], limit=limit)
    return table.set_properties(subset=["left"], **{"text-align": "right"})


def entities(docs: pd.DataFrame, scores: themes.Scores, corpus_dir=None) -> tuple[pd.DataFrame, Titles]:
    """Companies and products (names-table terms) named in the sentences that use the price-war
    vocabulary (``themes.cooccurrence``), most sentences first; an outlet naming itself in its own
    text is left out. ``kind``: a company is drawn solid, a product light."""
    co = themes.cooccurrence(THEME, corpus_dir=corpus_dir, scores=scores, with_doc_ids=True)
    outlets = " ".join(docs.outlet.astype(str))
    co = co[~co.entity.map(lambda e: e in outlets)].reset_index(drop=True)
    co["label"] = co.entity.map(names.label)
    co["kind"] = co.category.map(lambda c: "level" if c == "company" else "part")
    co = co.rename(columns={"doc_ids": "source_id"})[
        ["label", "entity", "category", "kind", "sentences", "share"] + ["source_id"]
    ]
    if co.empty:
        return co, Titles("价格战句子里没有提到公司或产品", "No company or product is named in the price-war sentences")
    return co, _entity_titles(co)


def _entity_titles(co: pd.DataFrame) -> Titles:
    """The most named (all of them, when several tie), then the next."""
    n = co.sentences.iloc[0]
    top, rest = co[co.sentences == n], co[co.sentences < n]
    if len(top) > 1:
        shown = list(top.entity[:3])
        more_zh, more_en = (f"等{len(top)}个", f" and {len(top) - 3} more") if len(top) > 3 else ("", "")
        en = _and([vendor_name(e, "en") for e in shown], "en") if len(top) <= 3 else ", ".join(shown) + more_en
        return Titles(
            f"与价格战同句出现最多的是{'、'.join(shown)}{more_zh}（各{n}句）",
            f"{en} are named in the most price-war sentences ({n} each)",
        )
    a = top.iloc[0]
    then_zh = f"，其次是{rest.entity.iloc[0]}（{rest.sentences.iloc[0]}句）" if len(rest) else ""
    then_en = f", then {vendor_name(rest.entity.iloc[0], 'en')} ({rest.sentences.iloc[0]})" if len(rest) else ""
    return Titles(
        f"与价格战同句出现最多的是{a.entity}（{n}句）{then_zh}",
        f"{vendor_name(a.entity, 'en')} is named in the most price-war sentences ({n}){then_en}",
    )


# ---------------------------------------------------------------------------------------------
# Quotes and the numbers the prose prints


def quotes(section: str) -> str:
    """The chapter's quotes of one section (``seeds/price_war_quotes.csv``) as Markdown block
    quotes, each with its speaker (when the sentence does not name them), article and link."""
    q = facts.curated("price_war_quotes")
    out = []
    for r in q[q.section == section].itertuples():
        link = tables.SITE_PAGE_ROOT + provenance.href(r.doc_id)
        who = f"{r.speaker}, " if r.speaker else ""
        out.append(f"> 「{r.quote}」\n> — {who}[{facts.cite(r.doc_id)}]({link})")
    return "\n\n".join(out)


def cut_summary(checks: pd.DataFrame, cut_data: pd.DataFrame) -> SimpleNamespace:
    """The cut checks in numbers, for prose."""
    art = facts.value(ARTICLE_CUT)
    model = names.canonical(art.entity)
    recomputed = checks.set_index("model").recomputed_cut.get(model, math.nan)
    miss = cut_data[cut_data.all_vs_headline == audit.INCONSISTENT].drop_duplicates("model")
    short = list(dict.fromkeys(cut_data.model[cut_data.deepest_vs_headline == audit.INCONSISTENT]))
    return SimpleNamespace(
        article=f"{facts.outlet(art.doc_id)}'s 「直降{formatting.number(art.value)}%」 for {model}",
        article_verdict=audit.verdict(art.value, recomputed, facts.value(TOLERANCE).value),
        recomputed=formatting.number(recomputed),
        headline=formatting.number(facts.value(HEADLINE).value),
        floor=formatting.number(headline_floor()),
        miss="; ".join(f"{r.model} ({formatting.value(r.low, r.high)}%)" for r in miss.itertuples()),
        short=", ".join(short) or "none",
        checked=", ".join(f"{c.model} {formatting.number(c.recomputed_cut)}%" for c in checks.dropna().itertuples()),
        lowest=formatting.number(cut_data[cut_data.series != "below industry"].low.min()),
    )


def deepest_cut(cut_data: pd.DataFrame) -> float:
    """The deepest list-price cut of the figure (stated or recomputed, ranges included), in %."""
    return float(cut_data[cut_data.series != "below industry"].high.max())


def flagships(points: pd.DataFrame) -> str:
    """Vendors whose dearest model in the price table was not cut in May, against the model they
    did cut: "ERNIE 4.0 120 元 against ERNIE Speed 免费; GLM-4 100 元 against GLM-3-Turbo 1 元"."""
    seen = points[points.series.isin(["announced", "snapshot"])].groupby(["model", "may_move"], sort=False).price.max()
    seen = seen.reset_index()
    seen["vendor"] = seen.model.map(names.company)
    out = []
    for _, g in seen.groupby("vendor", sort=False):
        top, cut = g[~g.may_move], g[g.may_move]
        if len(top) and len(cut):
            t, c = top.loc[top.price.idxmax()], cut.loc[cut.price.idxmin()]
            out.append(f"{t.model} {_yuan(t.price)} against {c.model} {_yuan(c.price)}")
    return "; ".join(out) or "none"


def usage() -> SimpleNamespace:
    """The corpus's one usage series and its free-tier share, for prose."""
    may, nov = facts.value("F-wenxin-daily-calls-2024-05"), facts.value("F-wenxin-daily-calls-2024-11")
    return SimpleNamespace(
        may=formatting.scaled(may.value, "zh"),
        nov=formatting.scaled(nov.value, "zh"),
        growth=formatting.number(facts.value("F-wenxin-growth-since-may").value),
        free_users=str(facts.value("F-copyask-free-users")),
    )


def caveats(docs: pd.DataFrame, shares: pd.DataFrame) -> SimpleNamespace:
    """The sample in numbers, for the caveats: articles, how many use the vocabulary, the article
    holding most of the theme's quoted numbers, the dates, how many articles tell the beginning."""
    n_facts = facts.facts(theme=THEME).groupby("doc_id").size().sort_values(ascending=False)
    q = facts.curated("price_war_quotes")
    dates = sorted(docs.published.astype(str))
    return SimpleNamespace(
        articles=count_words(len(docs))[1],
        using=int((shares.sentences > 0).sum()),
        top_outlet=facts.outlet(n_facts.index[0]),
        top_facts=int(n_facts.iloc[0]),
        facts=int(n_facts.sum()),
        first=dates[0],
        last=dates[-1],
        beginnings=count_words(q[q.section == "start"].doc_id.nunique())[1],
    )
