"""04_data_scarcity: the committed figure CSVs hold exactly the values of the rows they cite (checked
by hand from ``seeds/*.csv`` and the corpus, never through ``baimo.analyses``), the text counts
match an independent count on the seed corpus, the chapter's quotes are verbatim, its links and
anchors resolve, and what a reader sees follows the chapter rules (no nan, no 1e+12, no "2,024")."""

from __future__ import annotations

import json
import math
import re
import statistics

import nbformat
import pandas as pd
import pytest

from baimo import corpus, paths, provenance, tables, themes
from baimo.analyses import data  # only for the reader-table rule check; values are checked by hand

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
ANCHORS = [
    "demand-vs-stock",
    "exhaustion-timeline",
    "data-market",
    "text-evidence",
    "fig-data-share",
    "fig-data-vocabulary",
    "fig-inputs-named",
    "moat",
    "findings",
]


def _csv(slug):
    return pd.read_csv(FIG / f"{slug}.csv", keep_default_na=False, na_values=[""])


def _json(slug):
    return json.loads((FIG / f"{slug}.json").read_text(encoding="utf-8"))


def _seed_csv(name):
    return pd.read_csv(paths.SEEDS / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def rows():
    """Facts and references by id, read straight from the seed CSVs (low/high as numbers)."""
    f = _seed_csv("facts.csv").set_index("fact_id")
    r = _seed_csv("references.csv").set_index("ref_id")
    out = pd.concat([f, r])
    out["low"], out["high"] = out.low.astype(float), out.high.astype(float)
    return out


@pytest.fixture(scope="module")
def seed_text(seed_dataset):
    return corpus.load().set_index("doc_id").text


def _first(cell):
    return provenance.split_ids(cell)[0]


def _decimal_year(date):
    """The hand rule the chapter uses: YYYY-MM is the end of that month; a day is a fraction of it."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 2:
        return parts[0] + parts[1] / 12
    days = {8: 31}[parts[1]]  # the one article date drawn is in August
    return parts[0] + (parts[1] - 1) / 12 + parts[2] / days / 12


# ---------------------------------------------------------------------------------------------
# Figure CSVs against the seed rows


def test_every_figure_is_written():
    for slug in SLUGS:
        assert (FIG / f"{slug}.csv").exists() and (FIG / f"{slug}.png").exists(), slug
        info = _json(slug)
        assert info["title_zh"] and info["title_en"] and info["subtitle_zh"] and info["subtitle_en"], slug
        assert "five" not in info["title_en"].lower() and "五篇" not in info["title_zh"], slug


def test_token_demand_values(rows):
    df = _csv("token_demand_vs_stock")
    stock = rows.low["R-epoch-v2-stock"]
    assert stock == 3e14  # Epoch v2: ~300万亿 tokens
    # the data theme's token counts, largest first: Epoch's stock interval and central value, GPT-5's need,
    # GPT-4 by Epoch (13万亿) and by the article (12万亿)
    assert list(df.source_id.map(_first)) == [
        "R-epoch-v2-stock-interval",
        "R-epoch-v2-stock",
        "F-gpt5-tokens",
        "R-epoch-gpt4-tokens",
        "F-gpt4-tokens",
    ]
    assert list(df.kind) == ["stock", "stock", "article", "estimate", "article"]
    for r in df.itertuples():
        first = _first(r.source_id)
        assert (r.low, r.high) == (rows.low[first], rows.high[first]), r.item
        assert (r.low_tn, r.high_tn) == (r.low / 1e12, r.high / 1e12)
        if r.kind != "stock":
            assert "R-epoch-v2-stock" in provenance.split_ids(r.source_id)
            assert math.isclose(r.share_of_stock_low, rows.low[first] / stock)
            assert math.isclose(r.share_of_stock_high, rows.high[first] / stock)
        else:
            assert math.isnan(r.share_of_stock_low)
    by_id = df.assign(first=df.source_id.map(_first)).set_index("first")
    # 60–100万亿 against 300万亿: a fifth to a third; 12万亿 is 4%
    gpt5 = by_id.loc["F-gpt5-tokens"]
    assert (round(gpt5.share_of_stock_low, 4), round(gpt5.share_of_stock_high, 4)) == (0.2, 0.3333)
    assert by_id.value_text["F-gpt4-tokens"] == "12万亿 = 存量中值的 4%"
    assert by_id.value_text["R-epoch-v2-stock"] == "≈300万亿"
    title = _json("token_demand_vs_stock")["title_en"]
    assert "GPT-5-sized run would use 20–33%" in title and "GPT-4 used 4%" in title


def test_exhaustion_timeline_values(rows):
    df = _csv("exhaustion_timeline").fillna("")
    manifest = _seed_csv("manifest.csv").set_index("doc_id")
    for r in df.itertuples():
        first = _first(r.source_id)
        if r.field == "low;high":
            expected = (rows.low[first], rows.high[first])
        elif r.field == "period":
            expected = (_decimal_year(rows.period[first]),) * 2
        else:
            assert r.field == "published"
            expected = (_decimal_year(manifest.published[first]),) * 2
        assert math.isclose(r.year_low, expected[0]) and math.isclose(r.year_high, expected[1]), r.lane
    # mid-2024 is the end of June; the article appeared on 2024-08-15, after it and after v2 (2024-06)
    assert df.set_index("source_id").year_low["F-data-shortfall-p50"] == 2024.5
    published = df[df.field == "published"].iloc[0]
    assert published.text == "2024-08-15" and published.year_low > 2024.5
    matches = dict(zip(df.source_id, df.matches, strict=True))
    # The article's 50% and 90% dates are v1 (2022), its "delayed to 2028" is v2 (2024), each within half a year.
    assert matches["F-data-shortfall-p50"] == "v1 median: consistent"
    assert matches["F-data-shortfall-p90-year;F-data-shortfall-p90"] == "v1 upper end: consistent"
    assert matches["F-data-shortfall-delayed-year"] == "v2 range: consistent"
    version = dict(zip(df.source_id, df.version, strict=True))
    assert [version[i] for i in matches if matches[i]] == ["v1", "v1", "v2"]
    # 2026 is also the first year of v2's range: the ambiguity the chapter points out
    also = dict(zip(df.source_id, df.also_within_other_version, strict=True))
    assert also["F-data-shortfall-p90-year;F-data-shortfall-p90"] == "R-epoch-v2-exhaustion"
    assert also["F-data-shortfall-p50"] == also["F-data-shortfall-delayed-year"] == ""
    # hand check of the same pairings: |2024.5 − 2024.5| = 0; |2026 − 2025.7| = 0.3 ≤ 0.5; 2028 ∈ [2026, 2032]
    assert rows.low["F-data-shortfall-p50"] == 50 and rows.low["R-epoch-v1-exhaustion"] == 2024.5
    assert abs(rows.low["F-data-shortfall-p90-year"] - rows.high["R-epoch-v1-exhaustion-interval"]) <= 0.5
    assert (
        rows.low["R-epoch-v2-exhaustion"]
        <= rows.low["F-data-shortfall-delayed-year"]
        <= rows.high["R-epoch-v2-exhaustion"]
    )
    title = _json("exhaustion_timeline")["title_en"]
    assert title.endswith(
        "3 shortage dates come from 2 versions of Epoch's paper: 2 from v1 (2022-11), 1 from v2 (2024-06)"
    )


def test_data_market_values(rows):
    df = _csv("data_market")
    stated = df[df.kind == "stated"]
    for r in stated.itertuples():
        value_id, year_id = provenance.split_ids(r.source_id)
        assert r.value == rows.low[value_id] and r.year == rows.low[year_id] and r.yi == r.value / 1e8
    assert list(stated.label) == ["45亿元（2023）", "170亿元（2028E）"]
    implied = df[df.kind == "implied"].sort_values("year")
    start, rate = rows.low["F-data-services-2023"], rows.low["F-data-services-cagr"] / 100
    assert start == 4.5e9 and rate == 0.304
    # by hand: 45亿元 × 1.304^k for k = 0 … 5, from 2023
    assert list(implied.year) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert [round(v / 1e8, 6) for v in implied.value] == [round(45 * 1.304**k, 6) for k in range(6)]
    assert math.isclose(implied.value.iloc[-1], rows.low["F-data-services-2028"], rel_tol=0.01)  # 170亿 within 1%
    # (170 / 45)^(1/5) − 1 = 30.45%, within 5% (relative) of the stated 30.4%: the title says it fits
    assert math.isclose((17 / 4.5) ** (1 / 5) - 1, 0.3045, abs_tol=5e-5)
    assert _json("data_market")["title_en"].endswith("the stated 30.4% a year fits the endpoints")
    # the deal shares the chapter tabulates: 69 + 16 + 11 + 3 = 99, data services 3% of ~120 deals
    deals = [rows.low[i] for i in ("F-investment-share-apps", "F-investment-share-infra")]
    deals += [rows.low[i] for i in ("F-investment-share-foundation", "F-investment-share-data")]
    assert deals == [69, 16, 11, 3] and rows.low["F-investment-deals"] * 0.03 == pytest.approx(3.6)


# ---------------------------------------------------------------------------------------------
# Text counts, against an independent count on the seed corpus


def test_data_share_matches_theme_scores(seed_dataset):
    df = _csv("data_share_by_article")
    scores = themes.score().documents
    lib = scores[scores.theme == "data"].set_index("doc_id")
    n_sent = corpus.sentences().groupby("doc_id").size()
    assert set(df.doc_id) == set(n_sent.index)  # every article is in the data, shown or not
    for doc_id, g in df.groupby("doc_id"):
        seg = g.set_index("segment")
        assert (seg.n_sentences == n_sent[doc_id]).all() and (seg.data_sentences == lib.sentences[doc_id]).all()
        assert seg.sentences.sum() == lib.sentences[doc_id]
        for r in g.itertuples():
            assert math.isclose(r.percent, 100 * r.sentences / r.n_sentences)
            assert math.isclose(r.share, r.data_sentences / r.n_sentences)
    assert df.shown.sum() <= 2 * 12
    # 000: 15 of 81 sentences have a data term, 7 of them only as a cited statistic (数据显示, 据…数据)
    a5 = df[df.doc_id.str.startswith("000")].set_index("segment")
    assert (a5.data_sentences.iloc[0], a5.n_sentences.iloc[0], a5.sentences["cited_only"]) == (15, 81, 7)
    assert _json("data_share_by_article")["title_en"].startswith("A5专栏's article talks most about data (19%")


def test_vocabulary_sums_to_theme_hits(seed_dataset):
    df = _csv("data_vocabulary")
    scores = themes.score().documents
    hits = scores[scores.theme == "data"].set_index("doc_id").hits
    per_doc = df.groupby("doc_id").occurrences.sum()
    assert (per_doc == hits.reindex(per_doc.index)).all()
    assert (df.source_id == df.doc_id).all()
    # 行业数据 never occurs in that form: the article that argues it writes 行业性数据
    assert df[df.term == "行业数据"].occurrences.sum() == 0 and df[df.term == "行业性数据"].occurrences.sum() == 1


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
        assert r["data"] + r["data_cited"] == text.count("数据") - text.count("数据中心") + text.count("语料")
        assert r["compute"] == text.count("算力")
        assert r["algorithms"] == text.count("算法")
    # cited statistics (数据显示, 据…数据), enumerated by hand from the seed sentences
    by_hand = {"000": 8, "001": 5, "002": 0, "003": 0, "004": 1}
    cited = df["data_cited"].rename(index=lambda d: d[:3])
    assert {k: cited[k] for k in by_hand if k in cited.index} == by_hand
    # data (as such) outnumbers both compute and algorithms in 000 (9 > 0) and 001 (28 > 18) only
    lead = sorted(d[:3] for d, r in df.iterrows() if r["data"] > max(r["compute"], r["algorithms"]))
    assert lead == ["000", "001"]
    assert _json("inputs_named")["title_en"].startswith(
        f"Data (as such) is named more often than compute and algorithms in 2 of {len(df)}"
    )


# ---------------------------------------------------------------------------------------------
# The notebook's prose: verbatim quotes, live audit anchors, kept anchors


def _notebook():
    return nbformat.read(NB, as_version=4)


def _markdown():
    return "\n".join(c.source for c in _notebook().cells if c.cell_type == "markdown")


def test_quotes_are_verbatim(seed_text):
    # 「…」 in the prose quote an article word for word
    texts = list(seed_text)
    quoted = re.findall(r"「(.+?)」", _markdown())
    assert quoted
    for q in quoted:
        assert any(q in t for t in texts), q
    # the curated moat passages are verbatim in their article (as `baimo check` also verifies)
    moat = _seed_csv("data_moat.csv")
    assert set(moat.stance) == {"for", "against"}
    for r in moat.itertuples():
        assert r.quote in seed_text[r.doc_id], r.quote


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


def test_anchors_kept():
    text = _markdown()
    for anchor in ANCHORS:
        assert f'<a id="{anchor}"></a>' in text, anchor


def test_prose_types_no_seed_count():
    text = _markdown()
    assert not re.search(r"\bfive\b|五篇", text, re.I)


def test_code_cells_meet_the_targets():
    code = [c.source for c in _notebook().cells if c.cell_type == "code"]
    lengths = [sum(1 for line in s.splitlines() if line.strip()) for s in code]
    assert statistics.median(lengths) <= 5 and max(lengths) <= 25
    assert sum(len(re.findall(r"^\s*(def|class) ", s, re.M)) for s in code) <= 3
    assert not any("print(" in s for s in code)
    assert all(len(line) <= 120 for s in code for line in s.splitlines())


# ---------------------------------------------------------------------------------------------
# What a reader sees: every table cell formatted


_BAD_CELL = re.compile(r"\bnan\b|e\+\d|(?<![\d,.])(?:1,9|2,0)\d\d(?![\d,])", re.I)


def _cells(html: str) -> list[str]:
    """The text of every header and data cell of the tables in ``html``."""
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)]


def test_reader_tables_have_no_working_state(seed_dataset):
    """Every table the chapter shows, rendered as ``ch.table`` renders it."""
    docs = corpus.load()
    demand, _ = data.token_demand()
    timeline, _ = data.exhaustion_dates()
    hits = data.input_hits()
    shown = [
        data.source_rows(demand.source_id),
        data.date_matches(timeline),
        data.deal_shares(),
        data.kwic_data(docs),
        data.kwic_corpus(docs),
        data.entities(),
        data.ranking_sentences(hits, docs),
    ]
    for df in shown:
        html = tables.reader_table(df, years=["year"], quotes=["quote", "context", "text"]).to_html()
        bad = [c for c in _cells(html) if _BAD_CELL.search(c)]
        assert not bad, bad[:5]


def test_executed_notebook_shows_no_working_state():
    """The executed chapter (the check build's, or the last build's), when there is one: its tables
    have clean cells and no cell prints working state."""
    found = [p for p in (paths.BUILD / "check" / "executed", paths.BUILD / "executed") if (p / NB.name).exists()]
    if not found:
        pytest.skip("no executed 04_data_scarcity notebook (run `python -m baimo build`)")
    nb = nbformat.read(found[0] / NB.name, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "stream" or out.name == "stderr", out.get("text", "")[:200]
            html = out.get("data", {}).get("text/html", "")
            bad = [c for c in _cells(html) if _BAD_CELL.search(c)]
            assert not bad, bad[:5]
            markdown = out.get("data", {}).get("text/markdown", "")
            assert not re.search(r"\bnan\b|e\+\d", markdown), markdown[:200]
