"""04_data_scarcity: the figure CSVs hold exactly the values of the rows they cite, the text counts match
an independent count on the seed corpus, the notebook's quotes are verbatim, and audit.decimal_year."""

from __future__ import annotations

import math
import re

import nbformat
import pandas as pd
import pytest

from baimo import corpus, facts, paths, sources, themes

NB = paths.ROOT / "notebooks" / "04_data_scarcity.ipynb"
FIG = paths.FIGURES / "04_data_scarcity"
SLUGS = [
    "token_demand_vs_stock",
    "exhaustion_timeline",
    "data_market",
    "data_share_by_article",
    "data_vocabulary",
    "inputs_named",
]


# ---------------------------------------------------------------------------------------------
# Figure CSVs


def _csv(slug):
    path = FIG / f"{slug}.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def rows():
    f = facts.facts().set_index("fact_id")
    r = facts.references().set_index("ref_id")
    return pd.concat([f, r])


def test_token_demand_values(rows):
    df = _csv("token_demand_vs_stock")
    stock = rows.low["R-epoch-v2-stock"]
    assert stock == 3e14  # Epoch v2: ~300T tokens
    for r in df.itertuples():
        first = facts.split_ids(r.source_id)[0]
        assert (r.low, r.high) == (rows.low[first], rows.high[first]), r.item
        if r.kind != "stock":
            assert "R-epoch-v2-stock" in facts.split_ids(r.source_id)
            assert math.isclose(r.share_of_stock_low, rows.low[first] / stock)
            assert math.isclose(r.share_of_stock_high, rows.high[first] / stock)
        else:
            assert math.isnan(r.share_of_stock_low)
    gpt5 = df[df.source_id.str.startswith("F-gpt5-tokens")].iloc[0]
    # 60–100万亿 against 300万亿: a fifth to a third
    assert (round(gpt5.share_of_stock_low, 4), round(gpt5.share_of_stock_high, 4)) == (0.2, 0.3333)
    assert set(df.source_id.map(lambda s: facts.split_ids(s)[0])) == {
        "F-gpt4-tokens",
        "R-epoch-gpt4-tokens",
        "F-gpt5-tokens",
        "R-epoch-v2-stock",
        "R-epoch-v2-stock-interval",
    }


def test_exhaustion_timeline_values(rows):
    df = _csv("exhaustion_timeline")
    manifest = sources.read_manifest().set_index("doc_id")
    for r in df.itertuples():
        first = facts.split_ids(r.source_id)[0]
        if r.field == "low;high":
            expected = (rows.low[first], rows.high[first])
        elif r.field == "source_date":
            y, m = map(int, rows.source_date[first].split("-"))
            expected = (y + m / 12,) * 2
        elif r.field == "period":
            y, m = map(int, rows.period[first].split("-"))
            expected = (y + m / 12,) * 2
        else:
            assert r.field == "published"
            y, m, d = map(int, manifest.published[first].split("-"))
            expected = (y + (m - 1) / 12 + d / 31 / 12,) * 2  # August has 31 days
        assert math.isclose(r.year_low, expected[0]) and math.isclose(r.year_high, expected[1]), r.item
    matches = dict(zip(df.source_id, df.matches, strict=True))
    # The article's 50% and 90% dates are v1 (2022), its "delayed to 2028" is v2 (2024), each within half a year.
    assert matches["F-data-shortfall-p50"] == "v1 median: consistent"
    assert matches["F-data-shortfall-p90-year;F-data-shortfall-p90"] == "v1 interval's upper end: consistent"
    assert matches["F-data-shortfall-delayed-year"] == "v2 range: consistent"
    # 2026 is also the first year of v2's range: the ambiguity the notebook points out
    assert (
        dict(zip(df.source_id, df.also_within_other_version, strict=True))[
            "F-data-shortfall-p90-year;F-data-shortfall-p90"
        ]
        == "v2 range"
    )
    # hand check of the same pairings: |2024.5 − 2024.5| = 0; |2026 − 2025.7| = 0.3 ≤ 0.5; 2028 ∈ [2026, 2032]
    assert abs(rows.low["F-data-shortfall-p90-year"] - rows.high["R-epoch-v1-exhaustion-interval"]) <= 0.5
    assert (
        rows.low["R-epoch-v2-exhaustion"]
        <= rows.low["F-data-shortfall-delayed-year"]
        <= rows.high["R-epoch-v2-exhaustion"]
    )


def test_data_market_values(rows):
    df = _csv("data_market")
    stated = df[df.series == "stated"]
    for r in stated.itertuples():
        value_id, year_id = facts.split_ids(r.source_id)
        assert r.value == rows.low[value_id] and r.year == rows.low[year_id]
    implied = df[df.series == "implied by stated CAGR"].sort_values("year")
    start, rate = rows.low["F-data-services-2023"], rows.low["F-data-services-cagr"] / 100
    # by hand: 45亿元 × 1.304^k for k = 1 … 5
    assert [round(v / 1e8, 6) for v in implied.value] == [round(45 * 1.304**k, 6) for k in range(1, 6)]
    assert start == 4.5e9 and rate == 0.304
    assert math.isclose(implied.value.iloc[-1], rows.low["F-data-services-2028"], rel_tol=0.01)  # 170亿 within 1%
    deals = df[df.panel == "deals"]
    for r in deals.itertuples():
        assert r.value == rows.low[r.source_id]
    assert deals.set_index("source_id").value["F-investment-share-data"] == 3
    assert deals.value.sum() == 99  # the four segments: 69 + 16 + 11 + 3


# ---------------------------------------------------------------------------------------------
# Text counts, against an independent count on the seed corpus


@pytest.fixture(scope="module")
def seed_text(seed_dataset):
    return corpus.load().set_index("doc_id").text


def test_data_share_matches_theme_scores():
    df = _csv("data_share_by_article")
    scores = themes.score().documents
    lib = scores[scores.theme == "data"].set_index("doc_id")
    for r in df.itertuples():
        assert r.data_sentences == lib.sentences[r.doc_id] and r.n_sentences == lib.n_sentences[r.doc_id]
        assert r.as_such_sentences + r.cited_only_sentences == r.data_sentences
        assert math.isclose(r.share, r.data_sentences / r.n_sentences)
        assert math.isclose(r.share_as_such + r.share_cited_only, r.share)


def test_vocabulary_sums_to_theme_hits():
    df = _csv("data_vocabulary")
    scores = themes.score().documents
    hits = scores[scores.theme == "data"].set_index("doc_id").hits
    per_doc = df.groupby("doc_id").occurrences.sum()
    assert (per_doc == hits.reindex(per_doc.index)).all()
    assert (df.source_id == df.doc_id).all()


def test_inputs_named_against_raw_counts(seed_text):
    df = _csv("inputs_named").pivot(index="doc_id", columns="series", values="mentions")
    # No lexicon term other than 数据中心 (compute) contains 数据 outside the data theme, none contains 算法,
    # and only compute terms contain 算力 — so plain substring counts are an independent check.
    lexicon = themes.lexicon()
    assert [t for k, s in lexicon.items() if k != "data" for t in s["terms"] if "数据" in t] == ["数据中心"]
    assert not [t for s in lexicon.values() for t in s["terms"] if "算法" in t]
    assert not [t for k, s in lexicon.items() if k != "compute" for t in s["terms"] if "算力" in t]
    for doc_id, r in df.iterrows():
        text = seed_text[doc_id]
        assert r["data"] + r["data, cited statistic"] == text.count("数据") - text.count("数据中心") + text.count(
            "语料"
        )
        assert r["compute"] == text.count("算力")
        assert r["algorithms"] == text.count("算法")
    # cited statistics (数据显示, 据…数据), enumerated by hand from the seed sentences
    cited = df["data, cited statistic"].rename(index=lambda d: d[:3])
    assert cited.to_dict() == {"000": 8, "001": 5, "002": 0, "003": 0, "004": 1}


# ---------------------------------------------------------------------------------------------
# The notebook's prose: verbatim quotes, live audit anchors


def _markdown():
    nb = nbformat.read(NB, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_quotes_are_verbatim(seed_text):
    manifest = sources.read_manifest().set_index("doc_id")
    quotes = re.findall(r"^> (.+?) — (.+?), (\d{4}-\d{2}(?:-\d{2})?)\s*$", _markdown(), flags=re.M)
    assert len(quotes) >= 8
    for text, outlet, date in quotes:
        outlet = outlet.replace("unknown outlet", "unknown").split(" (")[0]
        docs = manifest[
            (manifest.outlet.str.split(" (", regex=False).str[0] == outlet) & (manifest.published == date)
        ].index
        assert len(docs) == 1, (outlet, date)
        for part in text.split("……"):  # an elision joins two verbatim pieces
            assert part in seed_text[docs[0]], part


def test_audit_links_resolve():
    audit_nb = (paths.ROOT / "notebooks" / "05_claims_audit.ipynb").read_text(encoding="utf-8")
    links = set(re.findall(r"05_claims_audit\.ipynb#(check-[a-z0-9-]+)", NB.read_text(encoding="utf-8")))
    assert links >= {
        "check-data-exhaustion-dates",
        "check-data-services-cagr",
        "check-gpt4-tokens",
        "check-gpt5-data-stock",
    }
    for anchor in links:
        assert f'id=\\"{anchor}\\"' in audit_nb, anchor
