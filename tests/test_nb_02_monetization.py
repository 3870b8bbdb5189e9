"""02_monetization: the figure CSVs hold exactly the values of the rows they cite, and the chapter's
arithmetic (currency, annualising, shares of a total, growth split, word counts) redone by hand.

The notebook itself is executed by tests/test_notebooks.py (the build into build/check/); these
tests read the committed figures/02_monetization/ CSVs, which that test proves current.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from baimo import corpus, facts, paths

FIG = paths.FIGURES / "02_monetization"
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


def fig(slug: str) -> pd.DataFrame:
    return pd.read_csv(FIG / f"{slug}.csv", keep_default_na=False, na_values=[""])


def ids(cell) -> list[str]:
    return facts.split_ids(cell)


# -- numbers drawn from facts ---------------------------------------------------------------------


def test_openai_rows_are_the_facts(F):
    df = fig("openai_revenue_loss")
    assert set(df.source_id) == {
        "F-openai-revenue-2024-ai-guangnian",
        "F-openai-revenue-early-2024-forum",
        "F-openai-loss-2024-ai-guangnian",
        "F-openai-loss-2024-forum",
    }
    for r in df.itertuples():
        f = F.loc[r.source_id]
        assert (r.low_usd, r.high_usd) == (f.low, f.high)
        assert (r.low_100m_usd, r.high_100m_usd) == (pytest.approx(f.low / YI), pytest.approx(f.high / YI))
        assert (r.qualifier if isinstance(r.qualifier, str) else "") == (
            f.qualifier if isinstance(f.qualifier, str) else ""
        )
        assert r.kind == ("loss" if f.metric == "loss" else "revenue")


def test_consumer_prices_converted_at_the_stated_rate(F, rate, texts):
    df = fig("consumer_prices").set_index("item")
    gpt, wx = F.loc["F-chatgpt-subscription"], F.loc["F-wenxin-subscription"]
    row = df.loc["ChatGPT"]
    assert set(ids(row.source_id)) == {"F-chatgpt-subscription", "A-cny-per-usd"}
    assert (row.low, row.high) == (gpt.low, gpt.high)
    assert row.low_cny_per_month == pytest.approx(gpt.low * rate) and row.high_cny_per_month == pytest.approx(
        gpt.high * rate
    )
    assert row.cny_per_usd == rate and row.cny_per_usd_source == "A-cny-per-usd"
    row = df.loc["ERNIE Bot 4.0"]
    assert row.low_cny_per_month == wx.low == row.low and row.source_id == "F-wenxin-subscription"
    free = F.loc["F-copyask-free-users"]
    assert df.loc["CopyAsk free tier"].low == free.low
    assert df.loc["CopyAsk paying (remainder)"].low == pytest.approx(PCT - free.low)
    kimi = df.loc["Kimi tipping (no set price)"]
    assert math.isnan(kimi.low) and "打赏" in texts[kimi.source_id]


def test_tob_shares_and_the_deepexi_split(F):
    df = fig("tob_shares")
    for r in df[df.panel == "share"].itertuples():
        assert r.value == F.loc[r.source_id].low
    g, s = F.loc["F-deepexi-revenue-growth"].low / PCT, F.loc["F-deepexi-llm-share"].low / PCT
    split = df[df.panel == "deepexi_revenue"].set_index("item").value
    assert split["previous year (base)"] == PCT
    assert split["large-model business"] == pytest.approx(PCT * (1 + g) * s)
    assert split["other business"] == pytest.approx(PCT * (1 + g) * (1 - s))
    assert split["large-model business"] + split["other business"] == pytest.approx(PCT * (1 + g))


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
    baidu_llm = df[df.source_id == "F-baidu-cloud-revenue-q2;F-baidu-cloud-llm-share"].iloc[0]
    by_hand = F.loc["F-baidu-cloud-revenue-q2"].low * 4 * F.loc["F-baidu-cloud-llm-share"].low / PCT
    assert baidu_llm.low_cny_per_year == pytest.approx(by_hand)


def test_counts_are_the_facts(F):
    for r in fig("counts").itertuples():
        main, *share = ids(r.source_id)
        expected = F.loc[main].low * (F.loc[share[0]].low / PCT if share else 1)
        assert r.value == pytest.approx(expected) and r.derived == bool(share)


def test_investment_shares_and_implied_deals(F):
    df = fig("investment_deals")
    deals = F.loc["F-investment-deals"].low
    for r in df.itertuples():
        share_id, deals_id = ids(r.source_id)
        assert deals_id == "F-investment-deals" and r.share_percent == F.loc[share_id].low
        if r.panel == "segment":
            assert r.implied_deals == pytest.approx(r.share_percent * deals / PCT)
        else:
            assert math.isnan(r.implied_deals)  # the sub-sectors' base is not stated
    segments = df[df.panel == "segment"].share_percent.sum()
    assert abs(segments - PCT) <= float(facts.assumptions().value["A-tolerance-share-sum"])


# -- text evidence, recounted without baimo.themes --------------------------------------------------


def _count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def test_tob_toc_vocabulary_recounted(texts):
    df = fig("tob_toc_vocabulary")
    assert (df.source_id == df.doc_id).all()
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


def test_routes_recounted(seed_dataset):
    """Tipping: every sentence naming 打赏 (itself a monetization term). Usage: sentences naming API (as a
    word), 调用 or MaaS that also contain a monetization or price-war lexicon term."""

    sents = corpus.sentences()
    df = fig("routes")

    def route(key):
        return df[df.route.str.contains(key)].set_index("doc_id").sentences

    tipping = route("tipping")
    assert tipping[tipping > 0].to_dict() == sents[sents.text.str.contains("打赏")].groupby("doc_id").size().to_dict()
    from baimo import themes

    money = sents.text.map(lambda t: any(th in ("monetization", "price_war") for *_, th in themes.find_terms(t)))
    usage = sents[sents.text.str.contains(r"(?<![A-Za-z])API(?![A-Za-z])|调用|MaaS", case=False) & money]
    got = route("usage")
    assert got[got > 0].to_dict() == usage.groupby("doc_id").size().to_dict()
    assert not usage.text.str.contains("Thrive Capital").any()  # "Capital" does not name the API route
