"""03_compute_spending: every figure CSV holds exactly the values of the rows it cites, and the chapter's
arithmetic (annualising, conversion, 6·N·D days, cost per GPU-hour, growth indices, the revenue
comparison) matches a hand computation written here from ``seeds/*.csv`` and the corpus — never by
calling ``baimo.analyses``. Also: the curated tables the chapter reads, the top-N rule of its
per-article figures, and what a reader sees (tables made by ``ch.table``: no NaN, no 1e+12, no
year written "2,024"; no print() of working state).

The CSVs are the committed ones in figures/03_compute_spending/ (test_notebooks.py proves they are
what a fresh build writes).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

import nbformat
import pandas as pd
import pytest

from baimo import facts, paths, themes

NAME = "03_compute_spending"
FIG = paths.FIGURES / NAME
NOTEBOOK = paths.NOTEBOOKS / f"{NAME}.ipynb"
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
MAX_ARTICLES, TOP_ENTITIES = 12, 12  # the notebook's parameters


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FIG / f"{name}.csv")


def ids(cell: str) -> list[str]:
    return facts.split_ids(cell)


@pytest.fixture(scope="module")
def readings():
    return pd.read_csv(paths.SEEDS / "capex_readings.csv", dtype=str, keep_default_na=False).set_index("fact_id")


def test_every_figure_is_written():
    for slug in SLUGS:
        for ext in ("png", "svg", "csv", "json"):
            assert (FIG / f"{slug}.{ext}").exists(), f"{slug}.{ext}"


def test_rate_is_the_stated_assumption_unless_overridden(A):
    for slug in ("capex_annualised", "megascale_cost_per_gpu_hour", "spend_vs_revenue"):
        data = csv(slug)
        used = data.dropna(subset=["cny_per_usd"])
        assert len(used), slug
        assert (used.cny_per_usd == A["A-cny-per-usd"]).all()
        assert (used.cny_per_usd_source == "A-cny-per-usd").all()


# ---------------------------------------------------------------------------------------------
# the curated tables


def test_capex_readings_name_facts_and_say_why(F, readings):
    assert set(readings.index) <= set(F.index)
    assert set(readings.use) == {"capex", "reading", "off_scale"}
    assert (readings.why != "").all()
    capex = readings[readings.use == "capex"]
    assert set(capex.kind) <= {"level", "part", "increment"}
    for fid, r in capex.iterrows():  # every figure drawn can be put on a year: its own rate or the reading
        assert (F.per[fid] or r.per) in ("year", "quarter"), fid


def test_moat_quotes_are_verbatim(docs):
    moat = pd.read_csv(paths.SEEDS / "compute_moat.csv", dtype=str, keep_default_na=False)
    for r in moat.itertuples():
        assert r.quote in docs.text[r.doc_id], r.quote


# ---------------------------------------------------------------------------------------------
# section 1: capex and GPU counts


def test_capex_values_are_the_facts_annualised_and_converted(F, A, readings):
    data = csv("capex_annualised").set_index("fact_id")
    rate = A["A-cny-per-usd"]
    assert set(data.index) == set(readings.index[readings.use == "capex"])
    for fid, r in data.iterrows():
        assert fid in ids(r.source_id)
        assert r.value == F.low[fid] and r.unit == F.unit[fid] and r.period == F.period[fid]
        assert r.per == (F.per[fid] or readings.per[fid]) and r.kind == readings.kind[fid]
        per_year = {"year": 1, "quarter": 4}[r.per]
        assert r.periods_per_year == per_year
        expected = r.value * per_year / (rate if r.unit == "CNY" else 1)
        assert r.usd_per_year == pytest.approx(expected, rel=1e-9)
        assert r.usd_bn == pytest.approx(expected / 1e9, rel=1e-9)
        assert ("A-cny-per-usd" in ids(r.source_id)) == (r.unit == "CNY")
    # by hand
    assert data.usd_per_year["F-google-capex-quarter"] == pytest.approx(12e9 * 4)
    assert data.usd_per_year["F-microsoft-capex-quarter"] == pytest.approx(14e9 * 4)
    assert data.usd_per_year["F-bytedance-capex-2025"] == pytest.approx(1600e8 / 7.2)
    assert data.value_text["F-bytedance-capex-2025"] == "$22.2 bn"
    assert data.value_text["F-google-capex-quarter"] == "≈$48 bn (×4 quarters)"
    assert data.kind["F-meta-capex-raise"] == "increment"
    # labels name a hedge and date a misdated figure as outside sources do (the article's date after it)
    assert data.chart_label["F-bytedance-capex-2025"].endswith(" · 预计")
    assert data.chart_label["F-bytedance-ai-spend-2024"].endswith(" · 据报道")
    assert "\n2024Q1 (文章称 article: 2024Q2) · " in data.chart_label["F-microsoft-capex-quarter"]


def test_capex_title_sets_the_largest_yuan_level_against_the_largest_dollar_level():
    meta = pd.read_json(FIG / "capex_annualised.json", typ="series")
    share = (1600e8 / 7.2) / (14e9 * 4)  # ByteDance's 2025 plan against Microsoft's quarter ×4
    assert f"{share:.0%}" == "40%"
    assert "ByteDance" in meta.title_en and "Microsoft" in meta.title_en and "40%" in meta.title_en
    assert "222亿美元" in meta.title_zh and "40%" in meta.title_zh


def test_gpu_counts_are_every_compute_fact_in_gpus(F):
    data = csv("gpu_counts").set_index("fact_id")
    expected = F[(F.theme == "compute") & (F.unit == "gpus")]
    assert set(data.index) == set(expected.index)
    for fid, r in data.iterrows():
        assert (r.low, r.high) == (F.low[fid], F.high[fid])
        assert r.source_id == fid
    title = pd.read_json(FIG / "gpu_counts.json", typ="series").title_en
    assert f"×{expected.high.max() / expected.low.min():,.0f}" in title  # 900,000 / 1,000


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
    # the article's two points lie inside the 50–60% band, and the title says so
    for r in claimed.itertuples():
        band = computed[computed.gpus == r.gpus].days
        assert band.min() <= r.days <= band.max()
    assert "reproduces both" in pd.read_json(FIG / "megascale_days_vs_gpus.json", typ="series").title_en
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
    lo, hi = 2e6 / (6 * 175e9 * 3e11 / (3.12e14 * 0.5) / 3600), 2e6 / (6 * 175e9 * 3e11 / (3.12e14 * 0.6) / 3600)
    assert f"¥{lo:.2f}–{hi:.2f}" in pd.read_json(FIG / "megascale_cost_per_gpu_hour.json", typ="series").title_en


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
    assert set(data.end_label.dropna()) == {f"×{2.13**3:.2f}", f"×{1.78**3:.2f}"}


# ---------------------------------------------------------------------------------------------
# section 4: text evidence


@pytest.fixture(scope="module")
def scores(seed_dataset):
    return themes.score()


def test_share_and_terms_match_the_theme_scores(scores, docs):
    per_doc = scores.documents[scores.documents.theme == "compute"].set_index("doc_id")
    share = csv("compute_share").set_index("doc_id")
    assert set(share.index) == set(docs.index)  # every article is in the data, the top N drawn
    assert share.shown.sum() == min(MAX_ARTICLES, len(docs))
    assert list(share.share_percent) == sorted(share.share_percent, reverse=True)
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
    top = terms.groupby("term").occurrences.sum().idxmax()
    assert f"“{top}”" in pd.read_json(FIG / "compute_terms.json", typ="series").title_en


def test_companies_match_cooccurrence_without_self_hits(seed_dataset):
    data = csv("compute_companies")
    co = themes.cooccurrence("compute", categories=("company", "cloud")).set_index("entity")
    lexicon = {t.lower() for t in themes.lexicon()["compute"]["terms"]}
    assert not {e.lower() for e in data.entity} & lexicon
    assert set(data.entity) == set(co.index) - {e for e in co.index if e.lower() in lexicon}
    for r in data.itertuples():
        assert r.sentences == co.sentences[r.entity] and r.category in ("company", "cloud")
        assert ids(r.source_id)  # the articles where it co-occurs
    assert list(data.sentences) == sorted(data.sentences, reverse=True)
    assert data.shown.sum() == min(TOP_ENTITIES, len(data))
    note = pd.read_json(FIG / "compute_companies.json", typ="series").note
    assert f"{len(data) - TOP_ENTITIES} more companies not shown" in note


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
    # a threshold: 年产值超过6000亿美元才够支付 — 超过 qualifies the revenue that must clear it, so no ">"
    assert pd.isna(row["F-sequoia-revenue-needed"].qualifier)
    # hedged figures are drawn hollow; the misdated run rate is labelled with the reported date
    assert row["F-openai-revenue-early-2024-forum"].series == "revenue hedged"
    assert row["F-bytedance-capex-2025;A-cny-per-usd"].series == "spending hedged"
    assert row["F-internet-profit-q1;A-cny-per-usd"].series == "profit"
    assert "2024-06 (文章称 article: 2024-01)" in row["F-openai-revenue-early-2024-forum"].label
    assert "2024Q1 (文章称 article: 2024Q2)" in row["F-microsoft-capex-quarter"].label
    capex = csv("capex_annualised").set_index("source_id")
    for r in data[data.group == "spending"].itertuples():
        if r.source_id in capex.index:
            assert r.usd_per_year_low == r.usd_per_year_high == capex.usd_per_year[r.source_id]
    assert set(data.group) == {"spending", "revenue", "profit", "needed"}
    assert (data.usd_bn_low == data.usd_per_year_low / 1e9).all()
    # the title: the largest revenue figure (Sequoia's assumed $70 bn) against the $600 bn needed
    assert f"{70e9 / 600e9:.0%}" in pd.read_json(FIG / "spend_vs_revenue.json", typ="series").title_en


# ---------------------------------------------------------------------------------------------
# what a reader sees


@pytest.fixture(scope="module")
def executed(seed_dataset, tmp_path_factory):
    """The chapter executed: the check build's copy when it runs the notebook as it stands, else
    run here with papermill (figures to a scratch directory, never figures/)."""
    source = nbformat.read(NOTEBOOK, as_version=4)
    checked = paths.BUILD / "check" / "executed" / NOTEBOOK.name
    if checked.exists():
        nb = nbformat.read(checked, as_version=4)
        if [c.source for c in nb.cells] == [c.source for c in source.cells]:
            return nb
    out = tmp_path_factory.mktemp("nb03")
    env = {**os.environ, "BAIMO_FIGURES_DIR": str(out / "figures"), "BAIMO_NOTEBOOK": NAME}
    papermill = os.path.join(os.path.dirname(sys.executable), "papermill")
    cmd = [papermill, str(NOTEBOOK), str(out / f"{NAME}.ipynb"), "--no-progress-bar"]
    subprocess.run(cmd, cwd=paths.ROOT, env=env, check=True, capture_output=True)
    return nbformat.read(out / f"{NAME}.ipynb", as_version=4)


def _outputs(nb, kind: str) -> list[str]:
    return ["".join(o.get("data", {}).get(kind, "")) for c in nb.cells for o in c.get("outputs", [])]


def _cells(table_html: str) -> list[str]:
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table_html, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]


def test_every_table_is_a_reader_table_without_nan_or_scientific_notation(executed):
    tables = [h for h in _outputs(executed, "text/html") if "<table" in h]
    assert tables, "the chapter shows its tables"
    for table in tables:
        assert 'id="T_t"' in table and "dataframe" not in table, "every table is made by ch.table"
        for cell in _cells(table):
            assert not re.search(r"\bnan\b|NaN|\d[eE]\+\d", cell), cell
    years = [c for t in tables for c in _cells(t) if re.fullmatch(r"20\d\d(E|Q\d|-\d\d(-\d\d)?)?", c)]
    assert years, "periods and dates are shown"
    assert not [c for t in tables for c in _cells(t) if re.fullmatch(r"2,0[0-4]\d(E|Q\d)?", c)], "a year as 2,024"


def test_prose_has_no_nan_scientific_notation_or_printed_state(executed):
    for text in _outputs(executed, "text/markdown"):
        assert not re.search(r"\bnan\b|NaN|\d[eE]\+\d", text), text
        assert not re.search(r"(?<![\d,$¥])2,0[12]\d(?![\d,])", text), text
    streams = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"]
    assert not streams, [o.get("text") for o in streams]
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
