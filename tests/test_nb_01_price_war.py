"""01_price_war: its figure CSVs hold exactly the values of the rows they cite, the price-cut
arithmetic matches a hand computation, and the audit helpers it added are right."""

from __future__ import annotations

import pandas as pd
import pytest

from baimo import corpus, facts, paths, themes

FIG = paths.FIGURES / "01_price_war"
FIGURES = ["timeline", "input_prices", "price_cuts", "developer_spend", "theme_share", "vocabulary", "entities"]


# ---------------------------------------------------------------------------------------------
# The figure CSVs


@pytest.fixture(scope="module")
def rows():
    F = facts.facts().set_index("fact_id")
    R = facts.references().set_index("ref_id")
    return pd.concat([F[["low", "high"]], R[["low", "high"]]])


def fig(name):
    return pd.read_csv(FIG / f"{name}.csv", dtype={"source_id": str})


def single(value, rows):
    lo, hi = rows.loc[value, "low"], rows.loc[value, "high"]
    assert lo == hi, value
    return lo


def test_timeline_is_the_reference_rows(R):
    t = fig("timeline")
    assert t.source_id.is_unique
    for r in t.itertuples():
        ref = R.loc[r.source_id]
        assert (r.low, r.high, r.metric, r.date) == (ref.low, ref.high, ref.metric, ref.period)
    assert t.date.min() == "2024-05-06" and t.sort_values("date").model.iloc[0] == "DeepSeek-V2"
    first = t.groupby("vendor").date.min().sort_values()
    assert list(first.index[:2]) == ["深度求索 DeepSeek", "智谱 Zhipu"]  # before any of the big platforms
    assert first["字节跳动 ByteDance"] == "2024-05-15" and first["腾讯 Tencent"] == "2024-05-22"


def test_input_prices_hold_every_after_price_in_the_references(rows, R):
    d = fig("input_prices")
    for r in d[d.series.isin(["announced", "snapshot", "article", "before (stated)"])].itertuples():
        assert r.price == single(r.source_id, rows), r
    # every input (or single) price of the theme's references is drawn, the free ones at the floor
    wanted = set(R.index[(R.theme == "price_war") & R.metric.isin(["api_input_price", "api_price"])])
    assert wanted <= set(d.source_id)
    assert ((d.price == 0) == (d.drawn_at == "axis floor (免费 free)")).all()
    assert (
        d.price[d.drawn_at != "axis floor (免费 free)"].astype(float)
        == pd.to_numeric(d.drawn_at, errors="coerce").dropna()
    ).all()
    # the one implied before-price: after / (1 − cut), by hand 15 / 0.125
    implied = d[d.series == "before (implied)"]
    assert len(implied) == 1 and implied.model.iloc[0] == "hunyuan-standard-256k"
    after_id, cut_id = facts.split_ids(implied.source_id.iloc[0])
    assert implied.price.iloc[0] == pytest.approx(single(after_id, rows) / (1 - single(cut_id, rows) / 100)) == 120
    assert set(d.model[d.series == "before (stated)"]) == {"GLM-3-Turbo", "Qwen-Long"}


def test_price_cuts_recomputed_by_hand(rows):
    d = fig("price_cuts").set_index(["model", "series"])
    assert d.loc[("GLM-3-Turbo", "recomputed"), "low"] == pytest.approx(100 * (1 - 1 / 5)) == 80
    assert d.loc[("Qwen-Long", "recomputed"), "low"] == pytest.approx(100 * (1 - 0.5 / 20)) == 97.5
    assert ("hunyuan-standard-256k", "recomputed") not in d.index  # its before-price is implied from the cut
    for (model, series), r in d.iterrows():
        ids = facts.split_ids(r.source_id)
        if series == "recomputed":
            before, after = (single(i, rows) for i in ids)
            assert r.low == r.high == pytest.approx(100 * (1 - after / before))
        else:
            assert len(ids) == 1 and (r.low, r.high) == tuple(rows.loc[ids[0], ["low", "high"]]), (model, series)
    # 定焦's 「直降超过90%」 (tolerance 5%: down to 85.5%) against every cut in the row
    assert d.loc[("GLM-3-Turbo", "stated"), "all_vs_headline"] == "inconsistent"
    assert d.loc[("Qwen-Long", "stated"), "all_vs_headline"] == "consistent"
    assert d.loc[("hunyuan-standard-256k", "stated"), "all_vs_headline"] == "consistent"  # 87.5 ≥ 85.5
    assert d.loc[("Tencent (hunyuan models)", "range"), "all_vs_headline"] == "inconsistent"
    assert d.loc[("Tencent (hunyuan models)", "range"), "deepest_vs_headline"] == "consistent"
    assert d.loc[("Doubao-pro-32k", "below industry"), "all_vs_headline"] == "not a cut"


def test_developer_spend_by_hand(rows, A):
    d = fig("developer_spend")
    assert d.cny.tolist() == pytest.approx([200, 1.11, 1.11 * 30 / 15, 200 * (1 - 0.90)])
    assert d.cny[0] == single("F-developer-spend-before", rows) and d.cny[1] == single("F-developer-spend-after", rows)
    assert d.cny[2] == pytest.approx(
        single("F-developer-spend-after", rows) * A["A-month-days"] / A["A-half-month-days"]
    )
    assert d.cny[3] == pytest.approx(
        single("F-developer-spend-before", rows) * (1 - single("F-api-price-cut-dingjiao", rows) / 100)
    )
    assert (d.half_month_days == A["A-half-month-days"]).all() and (
        d.half_month_days_source == "A-half-month-days"
    ).all()
    assert 1 - d.cny[2] / d.cny[0] == pytest.approx(1 - 2.22 / 200)


# ---------------------------------------------------------------------------------------------
# Text evidence: the CSVs hold what baimo.themes computes on the seed corpus


def test_theme_share_and_vocabulary(seed_dataset):
    share = fig("theme_share").set_index("doc_id")
    docs = themes.score().documents
    docs = docs[docs.theme == "price_war"].set_index("doc_id")
    for doc_id, r in share.iterrows():
        assert (r.sentences, r.n_sentences, r.hits) == tuple(docs.loc[doc_id, ["sentences", "n_sentences", "hits"]])
        assert r.share == pytest.approx(r.sentences / r.n_sentences)
    vocab = fig("vocabulary").set_index(["term", "doc_id"]).hits
    text = corpus.load().set_index("doc_id").text
    for term in ("价格战", "清仓大甩卖", "白嫖"):  # no longer lexicon term contains these: a plain count
        for doc_id in share.index:
            assert vocab[(term, doc_id)] == text[doc_id].count(term), (term, doc_id)
    assert vocab.groupby(level="doc_id").sum().to_dict() == share.hits.to_dict()


def test_entities_are_cooccurrence(seed_dataset):
    d = fig("entities")
    co = themes.cooccurrence("price_war").set_index("entity")
    assert "定焦" not in set(d.entity)  # the outlet naming itself
    for r in d.itertuples():
        assert r.sentences == co.sentences[r.entity] and r.share == pytest.approx(co.share[r.entity])
        assert set(facts.split_ids(r.source_id)) <= set(corpus.load().doc_id)
