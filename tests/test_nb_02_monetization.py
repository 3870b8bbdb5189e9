"""02_monetization: the figure CSVs hold exactly the values of the rows they cite, and the chapter's
arithmetic (currency, annualising, shares of a total, growth split, word counts) redone by hand
from seeds/*.csv and the corpus — never by calling baimo.analyses.

The notebook itself is executed by tests/test_notebooks.py (the build into build/check/); these
tests read the committed figures/02_monetization/ CSVs, which that test proves current, and the
executed notebook for the rules a chapter keeps (reader tables without NaN, 1e+12 or "2,024").
"""

from __future__ import annotations

import csv
import html
import json
import re
import tomllib

import nbformat
import pandas as pd
import pytest

from baimo import build, corpus, facts, paths, themes

NAME = "02_monetization"
FIG = paths.FIGURES / NAME
SLUGS = [
    "openai_revenue_loss",
    "consumer_prices",
    "tob_shares",
    "revenue_scale",
    "counts",
    "investment_deals",
    "tob_toc_vocabulary",
    "routes",
]
YI = 1e8
PCT = 100


@pytest.fixture(scope="module")
def rate():
    return float(facts.assumptions().value["A-cny-per-usd"])


@pytest.fixture(scope="module")
def texts(seed_dataset):
    return corpus.load().set_index("doc_id").text


@pytest.fixture(scope="module")
def rows():
    """seeds/monetization_rows.csv read with the csv module: figure → its rows."""
    with (paths.SEEDS / "monetization_rows.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    return {f: [r for r in table if r["figure"] == f] for f in dict.fromkeys(r["figure"] for r in table)}


def fig(slug: str) -> pd.DataFrame:
    return pd.read_csv(FIG / f"{slug}.csv", keep_default_na=False, na_values=[""])


def titles(slug: str) -> dict:
    return json.loads((FIG / f"{slug}.json").read_text(encoding="utf-8"))


def ids(cell) -> list[str]:
    return facts.split_ids(cell)


def test_every_figure_is_there():
    assert {p.stem for p in FIG.glob("*.csv")} == set(SLUGS)


# -- numbers drawn from facts ---------------------------------------------------------------------


def test_openai_rows_are_the_facts(F):
    df = fig("openai_revenue_loss")
    mine = F[(F.entity == "OpenAI") & F.metric.isin(["revenue", "annual_revenue", "loss"])]
    assert (
        set(df.source_id)
        == set(mine.index)
        == {
            "F-openai-revenue-2024-ai-guangnian",
            "F-openai-revenue-early-2024-forum",
            "F-openai-loss-2024-ai-guangnian",
            "F-openai-loss-2024-forum",
        }
    )
    for r in df.itertuples():
        f = F.loc[r.source_id]
        assert (r.low_usd, r.high_usd) == (f.low, f.high)
        assert (r.low_100m_usd, r.high_100m_usd) == (pytest.approx(f.low / YI), pytest.approx(f.high / YI))
        assert (r.qualifier if isinstance(r.qualifier, str) else "") == (
            f.qualifier if isinstance(f.qualifier, str) else ""
        )
        assert r.kind == ("loss" if f.metric == "loss" else "revenue")
        # every one of these is hedged (预计, 据报道, 据行业内估计): drawn hollow, the hedge in the label
        assert r.hedge == f.hedge and r.hedge in r.label and r.series == f"{r.kind} hedged"
    # the run rate the article dates to 2024年年初 was reported in June 2024 (R-openai-arr-2024-06)
    run = df.set_index("source_id").loc["F-openai-revenue-early-2024-forum"]
    assert F.date_conflict["F-openai-revenue-early-2024-forum"] == "R-openai-arr-2024-06"
    assert run.date_flag == "2024-06 (文章称 article: 2024-01)" and run.date_flag in run.label
    # the title's loss per dollar of revenue, from the article that gives both: 40–50 / 35–45
    rev, loss = F.loc["F-openai-revenue-2024-ai-guangnian"], F.loc["F-openai-loss-2024-ai-guangnian"]
    per_dollar = f"{loss.low / rev.high:.2f}–{loss.high / rev.low:.2f}"
    assert per_dollar == "0.89–1.43"
    assert per_dollar in titles("openai_revenue_loss")["title_en"]


def test_consumer_prices_converted_at_the_stated_rate(F, rate, texts, rows):
    df = fig("consumer_prices").set_index("name")
    gpt, wx = F.loc["F-chatgpt-subscription"], F.loc["F-wenxin-subscription"]
    row = df.loc["ChatGPT"]
    assert set(ids(row.source_id)) == {"F-chatgpt-subscription", "A-cny-per-usd"}
    assert (row.low, row.high) == (gpt.low, gpt.high)
    assert row.low_cny_per_month == pytest.approx(gpt.low * rate) == pytest.approx(144)
    assert row.high_cny_per_month == pytest.approx(gpt.high * rate)
    assert row.cny_per_usd == rate and row.cny_per_usd_source == "A-cny-per-usd"
    row = df.loc["文心一言"]
    assert row.low_cny_per_month == wx.low == row.low and row.source_id == "F-wenxin-subscription"
    free = F.loc["F-copyask-free-users"]
    assert df.loc["CopyAsk"].low == free.low and df.loc["CopyAsk"].low_cny_per_month == 0
    assert df.loc["CopyAsk"].paying_percent == pytest.approx(PCT - free.low)
    kimi = df.loc["Kimi"]
    assert kimi.low_cny_per_month == 0 and "打赏" in texts[kimi.source_id] and kimi.quote in texts[kimi.source_id]
    # ERNIE's plan as a share of ChatGPT's, as the title says: 49.9 / (180, 144)
    share = f"{PCT * wx.low / (gpt.high * rate):.0f}–{PCT * wx.low / (gpt.low * rate):.0f}%"
    assert share == "28–35%" and share in titles("consumer_prices")["title_en"]
    assert [r["name"] for r in rows["consumer_prices"]] == list(df.index)


def test_tob_shares_and_the_deepexi_split(F):
    df = fig("tob_shares")
    for r in df[df.measure == "share"].itertuples():
        assert r.percent == F.loc[r.source_id].low
    g, s = F.loc["F-deepexi-revenue-growth"].low / PCT, F.loc["F-deepexi-llm-share"].low / PCT
    split = df[df.measure == "growth"].iloc[0]
    assert set(ids(split.source_id)) == {"F-deepexi-revenue-growth", "F-deepexi-llm-share"}
    assert split.total_percent_of_prev == pytest.approx(PCT * (1 + g)) == pytest.approx(190)
    assert split.llm_percent_of_prev == pytest.approx(PCT * (1 + g) * s) == pytest.approx(76)
    assert split.other_percent_of_prev == pytest.approx(PCT * (1 + g) * (1 - s))
    # the most of the growth large models can be: all of their 76 points of last year's revenue, of 90
    assert split.percent == pytest.approx(PCT * min((1 + g) * s / g, 1)) == pytest.approx(84.444, abs=1e-3)
    assert "84%" in titles("tob_shares")["title_en"]


def test_revenue_scale_annualised_and_converted_by_hand(F, rate):
    df = fig("revenue_scale")
    for r in df.itertuples():
        main, *rest = ids(r.source_id)
        f = F.loc[main]
        assert (r.fact_low, r.fact_high) == (f.low, f.high)
        per_year = 4 if re.fullmatch(r"\d{4}Q\d", f.period) else 1
        fx = rate if f.unit == "USD" else 1
        assert ("A-cny-per-usd" in rest) == (f.unit == "USD")
        share = [F.loc[i].low / PCT for i in rest if i.startswith("F-")]
        k = per_year * fx * (share[0] if share else 1)
        high = f.low if f.qualifier == "over" else f.high
        assert r.low_cny_per_year == pytest.approx(f.low * k) and r.high_cny_per_year == pytest.approx(high * k)
        assert r.low_100m_cny_per_year == pytest.approx(r.low_cny_per_year / YI)
        hedged = any(F.hedge[i] for i in ids(r.source_id) if i.startswith("F-"))
        assert r.series == f"{r.kind} hedged" if hedged else r.series == r.kind
    run = df[df.source_id.str.startswith("F-openai-revenue-early-2024-forum")].iloc[0]
    assert "2024-06 (文章称 article: 2024-01)" in run.label  # the reported date, then the article's
    assert pd.isna(df[df.kind == "yardstick"].qualifier.iloc[0])  # a threshold: drawn without ">"
    baidu_llm = df[df.source_id == "F-baidu-cloud-revenue-q2;F-baidu-cloud-llm-share"].iloc[0]
    by_hand = F.loc["F-baidu-cloud-revenue-q2"].low * 4 * F.loc["F-baidu-cloud-llm-share"].low / PCT
    assert baidu_llm.low_cny_per_year == pytest.approx(by_hand) == pytest.approx(18.36e8)
    ads = F.loc["F-baidu-ads-revenue-q2"].low * 4
    title = titles("revenue_scale")["title_en"]
    assert f"{PCT * by_hand / ads:.1f}%" == "2.4%" and "2.4%" in title and "18.4亿元" in title
    # OpenAI's full-year revenue at most, against Sequoia's yardstick (6000亿美元 a year)
    need, openai = F.loc["F-sequoia-revenue-needed"].low, F.loc["F-openai-revenue-2024-ai-guangnian"].high
    assert f"{PCT * openai / need:.1f}%" == "0.8%" and "0.8%" in title


def test_counts_are_the_facts(F):
    df = fig("counts")
    for r in df.itertuples():
        first, *more = ids(r.source_id)
        expected = F.loc[first].low * (F.loc[more[0]].low / PCT if more else 1)
        assert r.value == pytest.approx(expected) and r.derived == bool(more)
    apps = df[df.derived].iloc[0]
    assert apps.value == pytest.approx(120 * 0.69) and apps.value_text == "≈83"
    ratio = F.loc["F-soe-llm-procurement"].low / F.loc["F-investment-deals"].low  # 950 / 120
    assert f"about {ratio:.0f}×" in titles("counts")["title_en"]


def test_investment_shares_and_implied_deals(F):
    df = fig("investment_deals")
    deals = F.loc["F-investment-deals"].low
    for r in df.itertuples():
        share_id, deals_id = ids(r.source_id)
        assert deals_id == "F-investment-deals" and r.share_percent == F.loc[share_id].low
        if r.panel == "segment":
            assert r.implied_deals == pytest.approx(r.share_percent * deals / PCT)
        else:
            assert pd.isna(r.implied_deals)  # the sub-sectors' base is not stated
    segments = df[df.panel == "segment"].share_percent.sum()
    assert abs(segments - PCT) <= float(facts.assumptions().value["A-tolerance-share-sum"])
    assert list(df.panel) == sorted(df.panel, key=["segment", "sub_sector"].index)


# -- text evidence, recounted without baimo.themes' scores ------------------------------------------


def _count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def test_tob_toc_vocabulary_recounted(texts):
    df = fig("tob_toc_vocabulary")
    assert (df.source_id == df.doc_id).all()
    assert set(df.doc_id) == set(texts.index)  # every article is in the data, shown or not
    got = df.pivot(index="term", columns="doc_id", values="occurrences")
    for doc, text in texts.items():
        want = {}
        for side in "BC":
            # "to B端" is one ToB (the longest term wins), so B端 counts only where no "to" precedes it
            want[f"To{side}"] = _count(rf"(?<![a-z])to ?{side}(?![a-z])", text)
            want[f"{side}端"] = _count(rf"{side} ?端", text) - _count(rf"(?<![a-z])to ?{side} ?端", text)
        for word in ("付费", "订阅", "变现", "商业化", "盈利", "亏损"):
            want[word] = text.count(word)
        assert {t: int(got.loc[t, doc]) for t in want} == want, doc
    lead = {
        d: sum(int(got.loc[t, d]) for t in ("B端", "ToB")) - sum(int(got.loc[t, d]) for t in ("C端", "ToC"))
        for d in texts.index
    }
    ahead = sum(v > 0 for v in lead.values())
    assert f"in {ahead} of {len(texts)} articles" in titles("tob_toc_vocabulary")["title_en"]


def test_routes_recounted(seed_dataset):
    """Tipping: every sentence naming 打赏 (itself a monetization term). Usage: sentences naming API (as a
    word), 调用 or MaaS that also contain a monetization or price-war lexicon term."""

    sents = corpus.sentences()
    df = fig("routes")

    def route(key):
        return df[df.route == key].set_index("doc_id").sentences

    tipping = route("tipping")
    assert tipping[tipping > 0].to_dict() == sents[sents.text.str.contains("打赏")].groupby("doc_id").size().to_dict()
    money = sents.text.map(lambda t: any(th in ("monetization", "price_war") for *_, th in themes.find_terms(t)))
    usage = sents[sents.text.str.contains(r"(?<![A-Za-z])API(?![A-Za-z])|调用|MaaS", case=False) & money]
    got = route("usage")
    assert got[got > 0].to_dict() == usage.groupby("doc_id").size().to_dict()
    assert not usage.text.str.contains("Thrive Capital").any()  # "Capital" does not name the API route
    totals = df.groupby("route").sentences.sum()
    assert f"{totals.max()} sentences" in titles("routes")["title_en"]


def test_routes_and_sides_are_word_groups_not_lexicon_terms():
    raw = tomllib.loads(paths.THEMES.read_text(encoding="utf-8"))
    assert set(raw) == set(themes.THEMES)  # no top-level table but the four themes (plotting reads them all)
    assert themes.routes() == {
        k: {"label": v["label"], "terms": v["terms"]} for k, v in raw["monetization"]["routes"].items()
    }
    assert set(themes.lexicon()["monetization"]) == {"label_zh", "label_en", "color", "terms", "shared"}
    lexicon = {t.replace(" ", "") for t in raw["monetization"]["terms"]}
    assert {t for g in raw["monetization"]["sides"].values() for t in g["terms"]} <= lexicon


def test_stances_quote_their_articles(texts):
    with (paths.SEEDS / "stances.csv").open(encoding="utf-8", newline="") as fh:
        stances = list(csv.DictReader(fh))
    for s in stances:
        assert s["quote"] in texts[s["doc_id"]]
        assert s["verdict"] in ("yes", "first", "no", "")
    known = set(facts.facts().fact_id)
    assert {i for s in stances for i in ids(s["fact_ids"])} <= known


# -- the rules a chapter keeps ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def executed():
    """The executed chapter: the check build's, when it ran the notebook as it stands; else a fresh run."""
    source = nbformat.read(paths.NOTEBOOKS / f"{NAME}.ipynb", as_version=4)
    checked = paths.BUILD / "check" / "executed" / f"{NAME}.ipynb"
    if checked.exists():
        nb = nbformat.read(checked, as_version=4)
        if [c.source for c in nb.cells] == [c.source for c in source.cells]:
            return nb
    return nbformat.read(build.run(paths.NOTEBOOKS / f"{NAME}.ipynb", {}) / f"{NAME}.ipynb", as_version=4)


def _cells(table_html: str) -> list[str]:
    body = re.sub(r"<style.*?</style>|<caption>.*?</caption>", "", table_html, flags=re.S)
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
    ]


def test_reader_tables_show_no_nan_no_exponent_no_comma_year(executed):
    tables = [
        "".join(o["data"]["text/html"])
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {}) and "<table" in "".join(o["data"]["text/html"])
    ]
    assert len(tables) >= 6
    for table in tables:
        for cell in _cells(table):
            assert not re.search(r"\bnan\b", cell, re.IGNORECASE), cell
            assert not re.search(r"\d[eE][+-]\d", cell), cell
            assert not re.search(r"(?<![\d,.])(1,9\d\d|2,0\d\d)(?![\d,.])", cell), cell  # a year as "2,024"


def test_no_working_state_printed_and_no_error(executed):
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type in ("stream", "error")]


def test_nothing_about_the_seed_corpus_is_typed_in():
    nb = nbformat.read(paths.NOTEBOOKS / f"{NAME}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert not re.search(r"\bfive\b|五篇", text, re.IGNORECASE)
    assert not re.search(r"^\s*assert\b", text, re.MULTILINE)  # no assertion about what the corpus holds
