"""03_compute_spending: every figure CSV holds exactly the values of the rows it cites, and the chapter's
arithmetic (annualising, conversion, 6·N·D days, cost per GPU-hour, growth indices, the revenue
comparison) matches a hand computation. Also unit-tests the two functions the chapter added to
``baimo.audit`` (``gpu_hours``, ``training_gpu_hours``).

The CSVs are the committed ones in figures/03_compute_spending/ (test_notebooks.py proves they are
what a fresh build writes).
"""

from __future__ import annotations

import pandas as pd
import pytest

from baimo import facts, paths, themes

FIG = paths.FIGURES / "03_compute_spending"
SLUGS = [
    "capex_annualised",
    "gpu_counts",
    "megascale_days_vs_gpus",
    "megascale_cost_per_gpu_hour",
    "compute_demand_index",
    "compute_share",
    "compute_terms",
    "compute_companies",
    "spend_vs_revenue",
]


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FIG / f"{name}.csv")


def ids(cell: str) -> list[str]:
    return facts.split_ids(cell)


def test_rate_is_the_stated_assumption_unless_overridden(A):
    for slug in ("capex_annualised", "megascale_cost_per_gpu_hour", "spend_vs_revenue"):
        data = csv(slug)
        used = data.dropna(subset=["cny_per_usd"])
        assert len(used), slug
        assert (used.cny_per_usd == A["A-cny-per-usd"]).all()
        assert (used.cny_per_usd_source == "A-cny-per-usd").all()


# ---------------------------------------------------------------------------------------------
# section 1: capex and GPU counts


def test_capex_values_are_the_facts_annualised_and_converted(F, A):
    data = csv("capex_annualised").set_index("fact_id")
    rate = A["A-cny-per-usd"]
    for fid, r in data.iterrows():
        assert fid in ids(r.source_id)
        assert r.value == F.low[fid] and r.unit == F.unit[fid] and r.period == F.period[fid]
        per_year = {"year": 1, "quarter": 4}[r.per]
        assert r.periods_per_year == per_year
        expected = r.value * per_year / (rate if r.unit == "CNY" else 1)
        assert r.usd_per_year == pytest.approx(expected, rel=1e-9)
        assert ("A-cny-per-usd" in ids(r.source_id)) == (r.unit == "CNY")
    # by hand
    assert data.usd_per_year["F-google-capex-quarter"] == pytest.approx(12e9 * 4)
    assert data.usd_per_year["F-microsoft-capex-quarter"] == pytest.approx(14e9 * 4)
    assert data.usd_per_year["F-bytedance-capex-2025"] == pytest.approx(1600e8 / 7.2)
    assert data.kind["F-meta-capex-raise"] == "increment"


def test_gpu_counts_are_every_compute_fact_in_gpus(F):
    data = csv("gpu_counts").set_index("fact_id")
    expected = F[(F.theme == "compute") & (F.unit == "gpus")]
    assert set(data.index) == set(expected.index)
    for fid, r in data.iterrows():
        assert (r.low, r.high) == (F.low[fid], F.high[fid])
        assert r.source_id == fid


# ---------------------------------------------------------------------------------------------
# section 2: MegaScale


def test_megascale_days_by_hand(F, A):
    data = csv("megascale_days_vs_gpus")
    claimed = data[data.series == "claimed"]
    for r in claimed.itertuples():
        gpus_id, days_id = ids(r.source_id)
        assert (r.gpus, r.days) == (F.low[gpus_id], F.low[days_id])
    assert sorted(claimed.gpus) == [1000, 10_000]
    n, d, peak = F.low["F-megascale-params"], A["A-megascale-tokens"], A["A-gpu-peak-flops"]
    computed = data[data.series == "computed"]
    assert sorted(set(computed.mfu_percent)) == pytest.approx(
        [100 * A["A-mfu-low"], 100 * A["A-mfu-mid"], 100 * A["A-mfu-high"]]
    )
    for r in computed.itertuples():
        hand = 6 * n * d / (r.gpus * peak * r.mfu_percent / 100) / 86_400
        assert r.days == pytest.approx(hand, rel=1e-9)
        assert r.tokens == d and r.tokens_source == "A-megascale-tokens"
        mfu_id = next(i for i in ids(r.source_id) if i.startswith("A-mfu-"))
        assert 100 * A[mfu_id] == pytest.approx(r.mfu_percent)
    # the article's two points lie inside the 50–60% band
    for r in claimed.itertuples():
        band = computed[computed.gpus == r.gpus].days
        assert band.min() <= r.days <= band.max()
    one = computed[(computed.gpus == 1000) & (computed.mfu_percent == 50)].days.iloc[0]
    assert one == pytest.approx(23.37, abs=0.01)


def test_megascale_cost_per_gpu_hour_by_hand(F, A):
    data = csv("megascale_cost_per_gpu_hour")
    rate = A["A-cny-per-usd"]
    for r in data.itertuples():
        assert r.cost_cny == F.low["F-megascale-cost"] == 2e6
        assert r.cny_per_gpu_hour == pytest.approx(r.cost_cny / r.gpu_hours)
        assert r.usd_per_gpu_hour == pytest.approx(r.cny_per_gpu_hour / rate)
    claimed = data[data.basis.str.startswith("文章")]
    assert list(claimed.gpu_hours) == [480_000, 480_000]
    assert claimed.cny_per_gpu_hour.iloc[0] == pytest.approx(2e6 / 480_000)  # 4.17 元
    computed = data[~data.basis.str.startswith("文章")]
    for r in computed.itertuples():
        mfu = A[next(i for i in ids(r.source_id) if i.startswith("A-mfu-"))]
        assert r.gpu_hours == pytest.approx(6 * 175e9 * A["A-megascale-tokens"] / (A["A-gpu-peak-flops"] * mfu) / 3600)


# ---------------------------------------------------------------------------------------------
# section 3: demand


def test_demand_index_by_hand(F, A):
    data = csv("compute_demand_index")
    base = A["A-base-year-index"]
    assert data.year.min() == F.low["F-compute-cagr-years"] == base
    assert data.year.max() == F.high["F-compute-cagr-years"]
    for r in data.itertuples():
        fid = ids(r.source_id)[0]
        assert r.cagr_percent == F.low[fid]
        assert r.index == pytest.approx((1 + r.cagr_percent / 100) ** (r.year - base))
    last = data[data.year == data.year.max()].set_index("source_id")["index"]
    assert last.filter(like="inference").iloc[0] == pytest.approx(2.13**3)
    assert last.filter(like="training").iloc[0] == pytest.approx(1.78**3)


# ---------------------------------------------------------------------------------------------
# section 4: text evidence


@pytest.fixture(scope="module")
def scores(seed_dataset):
    return themes.score()


def test_share_and_terms_match_the_theme_scores(scores):
    per_doc = scores.documents[scores.documents.theme == "compute"].set_index("doc_id")
    share = csv("compute_share").set_index("doc_id")
    for doc, r in share.iterrows():
        assert r.source_id == doc
        assert (r.sentences, r.n_sentences, r.hits) == (
            per_doc.sentences[doc],
            per_doc.n_sentences[doc],
            per_doc.hits[doc],
        )
        assert r.share_percent == pytest.approx(100 * r.sentences / r.n_sentences)
    terms = csv("compute_terms")
    lexicon = set(themes.lexicon()["compute"]["terms"])
    assert set(terms.term) <= lexicon
    assert (terms.source_id == terms.doc_id).all()
    # every term hit is counted once: the per-article totals are the theme's hits
    totals = terms.groupby("doc_id").occurrences.sum()
    for doc, total in totals.items():
        assert total == per_doc.hits[doc]


def test_companies_match_cooccurrence_without_self_hits(seed_dataset):
    data = csv("compute_companies")
    co = themes.cooccurrence("compute", categories=("company",)).set_index("entity")
    lexicon = {t.lower() for t in themes.lexicon()["compute"]["terms"]}
    assert not {e.lower() for e in data.entity} & lexicon
    for r in data.itertuples():
        assert r.sentences == co.sentences[r.entity] and r.category == "company"
        assert ids(r.source_id)  # the articles where it co-occurs
    assert list(data.sentences) == sorted(data.sentences, reverse=True)


# ---------------------------------------------------------------------------------------------
# section 5: spending against revenue


def test_spend_vs_revenue_by_hand(F, A):
    data = csv("spend_vs_revenue")
    rate = A["A-cny-per-usd"]
    row = {r.source_id: r for r in data.itertuples()}

    def check(source_id, low, high=None):
        r = row[source_id]
        assert (r.usd_per_year_low, r.usd_per_year_high) == pytest.approx((low, low if high is None else high)), (
            source_id
        )

    check("F-openai-revenue-2024-ai-guangnian;F-openai-loss-2024-ai-guangnian", 3.5e9 + 4e9, 4.5e9 + 5e9)
    check(
        "F-openai-revenue-2024-ai-guangnian",
        F.low["F-openai-revenue-2024-ai-guangnian"],
        F.high["F-openai-revenue-2024-ai-guangnian"],
    )
    check("F-openai-revenue-early-2024-forum", F.low["F-openai-revenue-early-2024-forum"])
    check("F-baidu-cloud-revenue-q2;A-cny-per-usd", 51e8 * 4 / rate)
    check("F-baidu-cloud-revenue-q2;F-baidu-cloud-llm-share;A-cny-per-usd", 51e8 * 4 * 0.09 / rate)
    check("F-sequoia-bigtech-ai-revenue;F-sequoia-others-ai-revenue", 4 * 10e9 + 6 * 5e9)
    check("F-internet-profit-q1;A-cny-per-usd", 278.9e8 * 4 / rate)
    check("F-sequoia-revenue-needed", F.low["F-sequoia-revenue-needed"])
    assert row["F-sequoia-revenue-needed"].qualifier == "over"
    capex = csv("capex_annualised").set_index("source_id")
    for r in data[data.group == "spending"].itertuples():
        if r.source_id in capex.index:
            assert r.usd_per_year_low == r.usd_per_year_high == capex.usd_per_year[r.source_id]
    assert set(data.group) == {"spending", "revenue", "profit", "needed"}
