"""05_claims_audit: every row of the figure CSVs redone by hand from seeds/*.csv and the corpus
(never through ``baimo.analyses``), the anchors the theme chapters link to, and the chapter's own
rules: what a reader sees in a table (no NaN, no scientific notation, no year written as an
amount) and what its code looks like (short cells, no print, no literal data, nothing about the
seed corpus typed in).

The CSVs are the ones in figures/05_claims_audit/ (test_notebooks.py proves they are what a fresh
build writes). The arithmetic itself (``baimo.audit``) is tested in test_audit.py.
"""

from __future__ import annotations

import ast
import json
import math
import re
import statistics

import pandas as pd
import pytest

from baimo import facts, paths, provenance, tables

NB = paths.ROOT / "notebooks" / "05_claims_audit.ipynb"
FIG = paths.FIGURES / "05_claims_audit"
EXECUTED = paths.BUILD / "check" / "executed" / "05_claims_audit.ipynb"
TOL = 0.05  # A-tolerance-relative, checked against the table below


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(FIG / f"{name}.csv", keep_default_na=False, na_values=[""])


def ids(cell) -> set[str]:
    return set(provenance.split_ids(cell))


@pytest.fixture(scope="module")
def V():
    """id → (low, high) of every fact and reference; id → value of every assumption."""
    f = pd.read_csv(paths.SEEDS / "facts.csv").set_index("fact_id")
    r = pd.read_csv(paths.SEEDS / "references.csv").set_index("ref_id")
    a = pd.read_csv(paths.SEEDS / "assumptions.csv").set_index("assumption_id")
    out = {i: (row.low, row.high) for t in (f, r) for i, row in t.iterrows()}
    return out | {i: (v, v) for i, v in a.value.items()}


@pytest.fixture(scope="module")
def verdicts():
    return csv("verdicts")


def row(table: pd.DataFrame, check: str, fact_id: str, n: int = 0):
    rows = table[(table.check == check) & (table.fact_id == fact_id)]
    return rows.iloc[n]


def expect(r, computed, claimed, tolerance, verdict, distance=None):
    assert r.verdict == verdict, r.label
    assert (r.computed_low, r.computed_high) == pytest.approx(computed, rel=1e-9), r.label
    if claimed is None:
        assert math.isnan(r.claimed_low) and math.isnan(r.claimed_high), r.label
        assert math.isnan(r.distance_in_tolerances), r.label
        return
    assert (r.claimed_low, r.claimed_high) == pytest.approx(claimed, rel=1e-9), r.label
    assert r.tolerance == pytest.approx(tolerance), r.label
    if distance is not None:
        assert r.distance_in_tolerances == pytest.approx(distance, rel=1e-8, abs=1e-9), r.label


# ---------------------------------------------------------------------------------------------
# The audit table (verdicts.csv): every claim's verdict, computed by hand
#
# A stated number is read as the interval its words claim: 超过 X → [X, ∞), 接近/近/至多 X → (−∞, X],
# a range as itself, and 约 X, 高达 X or X as written as X ± half a unit of its last written digit
# (34亿 → 33.5–34.5亿; 200 → 150–250). The tolerance is TOL of the claim as stated unless a row says
# otherwise; the distance is the gap between the nearest ends in tolerances.

CON, INC, UNV = "consistent", "inconsistent", "unverifiable"
MONTH = 1 / 12
FLOPS = 6 * 175e9 * 300e9  # 6·N·D with A-megascale-tokens
SURVEY = 52.05 + 23.97 + 20.55 + 2.05
CAGR = 100 * ((170 / 45) ** (1 / 5) - 1)
INF = math.inf
#: (check, fact_id, n-th row of that claim in the check, computed, claimed, tolerance, verdict, distance)
EXPECTED = [
    (
        "check-developer-spend",
        "F-developer-spend-after",
        0,
        (100 * (1 - 1.11 * 30 / 15 / 200), 100),
        (90, INF),
        TOL * 90,
        CON,
        0,
    ),  # 半个多月: the fall is at least this
    ("check-price-cuts", "F-qwen-long-cut-a5", 0, (96.5, 97.5), (96.5, 97.5), TOL * 97, CON, 0),
    ("check-price-cuts", "F-input-price-bytedance", 0, (0.75, 0.85), (0.75, 0.85), TOL * 0.8, CON, 0),
    ("check-price-cuts", "F-input-price-alibaba", 0, (0.45, 0.55), (0.45, 0.55), TOL * 0.5, CON, 0),
    ("check-price-cuts", "F-input-price-baidu", 0, (0, 0), (0, 0), 0, CON, 0),  # 免费 against ERNIE Speed's free
    ("check-price-cuts", "F-api-price-cut-dingjiao", 0, (96.5, 97.5), (90, INF), 4.5, CON, 0),  # Qwen-Long 97%
    ("check-price-cuts", "F-api-price-cut-dingjiao", 1, (99.25, 99.35), (90, INF), 4.5, CON, 0),  # Doubao 99.3%
    ("check-price-cuts", "F-api-price-cut-dingjiao", 2, (75, 85), (90, INF), 4.5, INC, (85 - 90) / 4.5),  # 智谱 80%
    ("check-price-cuts", "F-api-price-cut-dingjiao", 3, (87.45, 87.55), (90, INF), 4.5, CON, (87.55 - 90) / 4.5),
    # 超15亿 / 2亿 is 7.5 or more (×N) or 6.5 or more (+N×); 超15亿 / 5000万 is 30 or 29 or more
    ("check-wenxin-daily-calls", "F-wenxin-growth-since-may", 0, (7.5, INF), (7.45, 7.55), TOL * 7.5, CON, 0),
    ("check-wenxin-daily-calls", "F-wenxin-growth-year", 0, (30, INF), (25, 35), TOL * 30, CON, 0),  # 约30倍
    ("check-wenxin-daily-calls", "F-wenxin-growth-since-may", 1, (6.5, INF), (7.45, 7.55), TOL * 7.5, CON, 0),
    ("check-wenxin-daily-calls", "F-wenxin-growth-year", 1, (29, INF), (25, 35), TOL * 30, CON, 0),
    (
        "check-wenxin-calls-sources",
        "F-wenxin-daily-calls-2024-11",
        0,
        (14.5e8, 15.5e8),
        (15e8, INF),
        TOL * 15e8,
        CON,
        0,
    ),
    (
        "check-wenxin-calls-sources",
        "F-wenxin-daily-calls-2024-05",
        0,
        (1.5e8, 2.5e8),
        (1.5e8, 2.5e8),
        TOL * 2e8,
        CON,
        0,
    ),
    ("check-wenxin-calls-sources", "F-wenxin-daily-calls-2023", 0, (4.5e7, 5.5e7), (4.5e7, 5.5e7), TOL * 5e7, CON, 0),
    (
        "check-wenxin-calls-sources",
        "F-wenxin-daily-calls-2023",
        1,
        (2023 + 11 / 12, 2024),
        (2023 + 10 / 12, 2023 + 11 / 12),
        MONTH,
        CON,
        0,
    ),  # December 2023 against 2023-11
    ("check-openai-2024", "F-openai-loss-2024-forum", 0, (40e8, 50e8), (-INF, 50e8), TOL * 50e8, CON, 0),  # 接近50亿
    ("check-openai-2024", "F-openai-revenue-2024-ai-guangnian", 0, (34e8, INF), (35e8, 45e8), TOL * 35e8, CON, 0),
    (
        "check-openai-2024-reported",
        "F-openai-revenue-2024-ai-guangnian",
        0,
        (3.65e9, 3.75e9),
        (35e8, 45e8),
        TOL * 35e8,
        CON,
        0,
    ),  # NYT: about $3.7B
    (
        "check-openai-2024-reported",
        "F-openai-loss-2024-ai-guangnian",
        0,
        (4.5e9, 5.5e9),
        (40e8, 50e8),
        TOL * 40e8,
        CON,
        0,
    ),
    ("check-openai-2024-reported", "F-openai-loss-2024-forum", 0, (4.5e9, 5.5e9), (-INF, 50e8), TOL * 50e8, CON, 0),
    # 2024年年初 (January) against the June 2024 report: four months apart, one allowed
    (
        "check-openai-run-rate-date",
        "F-openai-revenue-early-2024-forum",
        0,
        (2024 + 5 / 12, 2024.5),
        (2024, 2024 + 1 / 12),
        MONTH,
        INC,
        (4 / 12) / MONTH,
    ),
    (
        "check-openai-run-rate-date",
        "F-openai-revenue-early-2024-forum",
        1,
        (1.55e9, 1.65e9),
        (34e8, INF),
        TOL * 34e8,
        INC,
        (1.65e9 - 34e8) / (TOL * 34e8),
    ),  # $1.6B, late 2023
    (
        "check-openai-run-rate-date",
        "F-openai-revenue-early-2024-forum",
        2,
        (1.5e9, 2.5e9),
        (34e8, INF),
        TOL * 34e8,
        INC,
        (2.5e9 - 34e8) / (TOL * 34e8),
    ),  # $2B, December 2023
    (
        "check-openai-run-rate-date",
        "F-openai-revenue-early-2024-forum",
        3,
        (3.35e9, 3.45e9),
        (34e8, INF),
        TOL * 34e8,
        CON,
        0,
    ),  # $3.4B, June 2024
    ("check-openai-funding", "F-openai-valuation", 0, (1.45e11, 1.55e11), (1.45e11, 1.55e11), TOL * 1.5e11, CON, 0),
    ("check-openai-funding", "F-openai-raise", 0, (6.45e9, 6.55e9), (6.45e9, 6.55e9), TOL * 6.5e9, CON, 0),
    ("check-openai-funding", "F-openai-debt", 0, (4.5e9, 5.5e9), (4.5e9, 5.5e9), TOL * 5e9, CON, 0),
    (
        "check-subscription-prices",
        "F-wenxin-subscription",
        0,
        (49.9 / 7.2 / 25, 49.9 / 7.2 / 20),
        None,
        None,
        UNV,
        None,
    ),
    ("check-survey-shares", "F-investment-share-apps", 0, (99, 99), (100, 100), 2, CON, -0.5),  # whole percents: ±2
    ("check-survey-shares", "F-survey-sometimes", 0, (SURVEY, SURVEY), (100, 100), 0.02, INC, (SURVEY - 100) / 0.02),
    ("check-survey-shares", "F-investment-app-medical", 0, (54, 54), (-INF, 69), 2, CON, 0),  # 15+15+13+11 ≤ 69
    (
        "check-agent-error-compounding",
        "F-agent-error-after-steps",
        0,
        (100 * (1 - 0.9**5), 100 * (1 - 0.8**5)),
        (50, INF),
        TOL * 50,
        CON,
        0,
    ),
    ("check-ai-market-2017-base", "F-ai-market-2025", 0, (6e12 / 1.3**8, INF), None, None, UNV, None),
    ("check-baidu-q2", "F-baidu-ads-revenue-q2", 0, (191.5e8, 192.5e8), (191.5e8, 192.5e8), TOL * 192e8, CON, 0),
    ("check-baidu-q2", "F-baidu-ads-revenue-change", 0, (1.5, 2.5), (1.5, 2.5), TOL * 2, CON, 0),
    (
        "check-internet-profit-q1",
        "F-internet-profit-q1-change",
        0,
        (19.7 - 4.4, 19.7 - 4.4),
        (15.25, 15.35),
        TOL * 15.3,
        CON,
        0,
    ),  # January–April's fall less 4.4 points
    (
        "check-megascale-training-days",
        "F-megascale-days-small",
        0,
        (FLOPS / (1000 * 312e12 * 0.6) / 86400, FLOPS / (1000 * 312e12 * 0.5) / 86400),
        (-INF, 20),
        TOL * 20,
        CON,
        0,
    ),
    (
        "check-megascale-training-days",
        "F-megascale-days-large",
        0,
        (FLOPS / (10000 * 312e12 * 0.6) / 86400, FLOPS / (10000 * 312e12 * 0.5) / 86400),
        (-INF, 2),
        TOL * 2,
        CON,
        0,
    ),
    ("check-megascale-cost", "F-megascale-cost", 0, (2e6 / (1000 * 20), INF), None, None, UNV, None),
    ("check-sequoia-600b", "F-sequoia-revenue-needed", 0, (5.5e11, 6.5e11), (5.5e11, 6.5e11), TOL * 6e11, CON, 0),
    (
        "check-sequoia-600b",
        "F-sequoia-revenue-needed",
        1,
        (6e11 - 4 * 1e10 - 6 * 5e9, 6e11 - 4 * 1e10 - 6 * 5e9),
        (4.5e11, 5.5e11),
        TOL * 5e11,
        CON,
        0,
    ),  # $530B vs ~$500B
    ("check-goldman-capex", "F-goldman-capex", 0, (1e12, INF), (0.5e12, 1.5e12), TOL * 1e12, CON, 0),
    (
        "check-hyperscaler-quarters",
        "F-google-capex-quarter",
        0,
        (1.15e10, 1.25e10),
        (1.15e10, 1.25e10),
        TOL * 1.2e10,
        CON,
        0,
    ),
    (
        "check-hyperscaler-quarters",
        "F-microsoft-capex-quarter",
        0,
        (1.35e10, 1.45e10),
        (1.35e10, 1.45e10),
        TOL * 1.4e10,
        CON,
        0,
    ),  # $14B: January–March 2024
    (
        "check-hyperscaler-quarters",
        "F-microsoft-capex-quarter",
        1,
        (1.85e10, 1.95e10),
        (1.35e10, 1.45e10),
        TOL * 1.4e10,
        INC,
        (1.85e10 - 1.45e10) / (TOL * 1.4e10),
    ),  # $19B
    ("check-meta-capex-raise", "F-meta-capex-raise", 0, (40e9 - 37e9, 35e9 - 30e9), (-INF, 1e10), TOL * 1e10, CON, 0),
    (
        "check-data-services-cagr",
        "F-data-services-cagr",
        0,
        (CAGR, CAGR),
        (30.35, 30.45),
        TOL * 30.4,
        CON,
        (CAGR - 30.45) / (TOL * 30.4),
    ),
    ("check-data-exhaustion-dates", "F-data-shortfall-p50", 0, (2024.5, 2024.5), (2024.5, 2024.5), 0.5, CON, 0),
    ("check-data-exhaustion-dates", "F-data-shortfall-p90-year", 0, (2025.7, 2025.7), (2026, 2026), 0.5, CON, -0.6),
    ("check-data-exhaustion-dates", "F-data-shortfall-delayed-year", 0, (2026, 2032), (2028, 2028), 0.5, CON, 0),
    # 高达12万亿 → 11.5–12.5万亿 against ~13T → 12.5–13.5T: they meet at 12.5T
    ("check-gpt4-tokens", "F-gpt4-tokens", 0, (12.5e12, 13.5e12), (11.5e12, 12.5e12), TOL * 12e12, CON, 0),
    ("check-gpt4-tokens", "F-gpt4-tokens", 1, (12.5e12, 13.5e12), (11.5e12, 12.5e12), TOL * 12e12, CON, 0),
    ("check-gpt5-data-stock", "F-gpt5-tokens", 0, (60 / 300, 100 / 300), None, None, UNV, None),
    ("check-chatgpt-visits", "F-chatgpt-visits-peak", 0, (1.75e9, 1.85e9), (1.75e9, 1.85e9), TOL * 18e8, CON, 0),
]


def test_tolerances_are_the_assumptions(V):
    assert V["A-tolerance-relative"][0] == TOL
    assert V["A-tolerance-share-sum"][0] == 2
    assert V["A-tolerance-year"][0] == 0.5
    assert V["A-tolerance-month"][0] == 1  # a month, MONTH of a year


def test_every_claim_once_in_chapter_order(verdicts):
    assert len(verdicts) == len(EXPECTED) == 56
    assert verdicts.check.nunique() >= 20
    unverifiable = verdicts.verdict == "unverifiable"
    assert not unverifiable[: (~unverifiable).sum()].any(), "unverifiable rows come last"
    assert verdicts.verdict.value_counts().to_dict() == {"consistent": 46, "inconsistent": 6, "unverifiable": 4}
    known = facts.known_ids(record=False)
    for cell in verdicts.source_id:
        assert ids(cell) <= known


def test_every_check_has_a_verdict_computed_by_hand(verdicts):
    assert set(verdicts.check) == {e[0] for e in EXPECTED}
    assert sorted(zip(verdicts.check, verdicts.fact_id, strict=True)) == sorted((e[0], e[1]) for e in EXPECTED)


@pytest.mark.parametrize("check, fact_id, n, computed, claimed, tolerance, verdict, distance", EXPECTED)
def test_verdict_by_hand(verdicts, check, fact_id, n, computed, claimed, tolerance, verdict, distance):
    expect(row(verdicts, check, fact_id, n), computed, claimed, tolerance, verdict, distance)


def test_the_rule_that_decided_each_verdict(verdicts):
    assert set(verdicts.rule) <= {
        "intervals meet",
        "gap within tolerance",
        "gap beyond tolerance",
        "nothing to compare",
    } | {r for r in verdicts.rule if ", as read: " in r}
    # the readings decided these: the bare numbers would have given the other verdict
    plus = row(verdicts, "check-wenxin-daily-calls", "F-wenxin-growth-since-may", 1)
    assert plus.rule.startswith("intervals meet, as read:") and "超 (over) opens it upwards" in plus.rule
    assert row(verdicts, "check-gpt4-tokens", "F-gpt4-tokens").rule == (
        "intervals meet, as read: claim as_much_as, computed about"
    )
    assert row(verdicts, "check-meta-capex-raise", "F-meta-capex-raise").rule.startswith(
        "intervals meet, as read: claim under"
    )
    assert row(verdicts, "check-price-cuts", "F-api-price-cut-dingjiao").rule.startswith(
        "intervals meet, as read: claim over"
    )
    # and these the numbers themselves
    assert row(verdicts, "check-price-cuts", "F-api-price-cut-dingjiao", 2).rule == "gap beyond tolerance"
    assert row(verdicts, "check-price-cuts", "F-api-price-cut-dingjiao", 3).rule == "gap within tolerance"
    assert (
        row(verdicts, "check-openai-run-rate-date", "F-openai-revenue-early-2024-forum").rule == "gap beyond tolerance"
    )
    assert set(verdicts.rule[verdicts.verdict == "unverifiable"]) == {"nothing to compare"}
    assert row(verdicts, "check-sequoia-600b", "F-sequoia-revenue-needed").claimed_reading == "threshold"
    assert row(verdicts, "check-megascale-training-days", "F-megascale-days-small").claimed_reading == "near"


def test_the_verdicts_say_which_rest_on_hedged_figures(verdicts):
    run = verdicts[verdicts.check == "check-openai-run-rate-date"]
    assert set(run.hedged) == {"据报道 (F-openai-revenue-early-2024-forum)"}
    loss = row(verdicts, "check-openai-2024", "F-openai-loss-2024-forum")
    assert loss.hedged == "预计 (F-openai-loss-2024-ai-guangnian); 据行业内估计 (F-openai-loss-2024-forum)"
    assert pd.isna(row(verdicts, "check-gpt4-tokens", "F-gpt4-tokens").hedged)  # 公开资料显示 is not a hedge
    hedged = verdicts.hedged.notna()
    assert hedged.sum() == 17
    assert (verdicts.mark == [f"{v} hedged" if h else v for v, h in zip(verdicts.verdict, hedged, strict=True)]).all()


def test_developer_spend_reads(verdicts):
    r = row(verdicts, "check-developer-spend", "F-developer-spend-after")
    assert round(r.computed_low, 2) == 98.89
    assert ids(r.source_id) == {
        "F-developer-spend-before",
        "F-developer-spend-after",
        "F-developer-spend-after-span",
        "F-api-price-cut-dingjiao",
        "A-half-month-days",
        "A-month-days",
        "A-tolerance-relative",
    }


def test_price_cuts_read_the_curated_pairs(verdicts):
    pairs = pd.read_csv(paths.SEEDS / "claims_price_cuts.csv")
    rows = verdicts[verdicts.check == "check-price-cuts"]
    assert len(rows) == len(pairs) == 8
    for (_, p), (_, r) in zip(pairs.iterrows(), rows.iterrows(), strict=True):
        assert ids(r.source_id) == {p.fact_id, p.ref_id, "A-tolerance-relative"}


def test_dates_are_read_from_the_periods(verdicts, V):
    f = pd.read_csv(paths.SEEDS / "facts.csv", dtype=str, keep_default_na=False).set_index("fact_id")
    r = pd.read_csv(paths.SEEDS / "references.csv", dtype=str, keep_default_na=False).set_index("ref_id")
    assert f.period["F-openai-revenue-early-2024-forum"] == "2024-01" and r.period["R-openai-arr-2024-06"] == "2024-06"
    assert f.date_conflict["F-openai-revenue-early-2024-forum"] == "R-openai-arr-2024-06"
    assert f.date_conflict["F-microsoft-capex-quarter"] == "R-msft-capex-2024q1"
    assert (f.period["F-microsoft-capex-quarter"], r.period["R-msft-capex-2024q1"]) == ("2024Q2", "2024Q1")
    date = row(verdicts, "check-openai-run-rate-date", "F-openai-revenue-early-2024-forum")
    assert date.unit == "year" and ids(date.source_id) >= {"R-openai-arr-2024-06", "A-tolerance-month"}


def test_verdicts_drawn_clipped_with_the_true_distance_written(verdicts):
    for r in verdicts.itertuples():
        d = r.distance_in_tolerances
        if math.isnan(d):
            assert (r.x, r.verdict) == (0, "unverifiable")
        elif abs(d) > 4:
            assert r.x == math.copysign(4, d) and r.qualifier == ("under" if d < 0 else "over")
            assert float(r.value_text) == pytest.approx(d, abs=0.5)
        else:
            assert r.x == pytest.approx(d)


# ---------------------------------------------------------------------------------------------
# The other figures


def test_megascale_training_days_csv(V):
    df = csv("megascale_training_days")
    flops = 6 * 1.75e11 * 3e11
    for size, gpus in (("small", 1000), ("large", 10000)):
        part = df[df.cluster_gpus == gpus].set_index("series")
        computed, claimed = part.loc["computed"], part.loc["claimed"]
        assert (computed.low, computed.high) == pytest.approx(
            (flops / (gpus * 312e12 * 0.6) / 86400, flops / (gpus * 312e12 * 0.5) / 86400)
        )
        assert (claimed.low, claimed.high, claimed.qualifier) == (*V[f"F-megascale-days-{size}"], "about")
        assert claimed.source_id == f"F-megascale-days-{size}"
        assert f"F-megascale-gpus-{size}" in ids(computed.source_id)
        assert {"A-megascale-tokens", "A-gpu-peak-flops", "A-mfu-low", "A-mfu-high"} <= ids(computed.source_id)


def test_data_exhaustion_dates_csv(V):
    df = csv("data_exhaustion_dates")
    pairs = pd.read_csv(paths.SEEDS / "claims_epoch_dates.csv", keep_default_na=False)
    assert len(df) == 2 * len(pairs)
    for n, p in enumerate(pairs.itertuples()):
        epoch, article = df.iloc[2 * n], df.iloc[2 * n + 1]
        assert (epoch.year_low, epoch.year_high, epoch.source_id) == (*V[p.ref_id], p.ref_id)
        year = 2024.5 if p.year_id == "F-data-shortfall-p50" else V[p.year_id][0]  # period 2024-06: mid-2024
        assert (article.year_low, article.year_high) == (year, year)
        assert ids(article.source_id) == {p.year_id, p.probability_id} - {""}
    assert set(df.version) == {"Epoch AI (v1), 2022", "Epoch AI (v2), 2024", "文章 article"}


def test_claims_by_article_recounted(docs, verdicts):
    df = csv("claims_by_article")
    quotes = pd.read_csv(paths.SEEDS / "facts.csv").set_index("fact_id").quote
    expected = {}
    for doc, text in docs.text.items():
        hits = [r.verdict for r in verdicts.itertuples() if quotes[r.fact_id] in text]
        for verdict in ("consistent", "inconsistent", "unverifiable"):
            if hits:
                expected[(doc, verdict)] = hits.count(verdict)
    got = {(r.doc_id, r.verdict): r.claims for r in df.itertuples()}
    assert got == expected
    totals = df.groupby("doc_id", sort=False).claims.sum()
    assert list(totals) == sorted(totals, reverse=True)
    assert df.shown.all()


# ---------------------------------------------------------------------------------------------
# Curated tables and anchors


def test_curated_tables_name_known_ids():
    known = facts.known_ids(record=False)
    for name in ("claims_price_cuts", "claims_share_groups", "claims_epoch_dates", "claims_reviews"):
        table = pd.read_csv(paths.SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)
        for col in [c for c in table.columns if c.endswith(("_id", "_ids"))]:
            for cell in table[col]:
                assert ids(cell) <= known, (name, col, cell)


def test_anchors_the_theme_chapters_link_to_exist():
    text = NB.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id=\\"(check-[a-z0-9-]+)\\"', text))
    linked = set()
    for other in (paths.ROOT / "notebooks").glob("0[0-4]_*.ipynb"):
        linked |= set(re.findall(r"05_claims_audit\.ipynb#(check-[a-z0-9-]+)", other.read_text(encoding="utf-8")))
    assert linked <= anchors, linked - anchors
    assert set(csv("verdicts").check) == anchors
    assert 'id=\\"summary\\"' in text


# ---------------------------------------------------------------------------------------------
# The chapter's rules

_BAD_CELL = re.compile(r"\bnan\b|e\+\d|(?<![\d,.])(?:1,9|2,0)\d\d(?![\d,.])", re.I)


def _text(html: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _reader_tables() -> list[str]:
    """Every table the chapter shows, rendered as the chapter renders it."""
    from baimo.analyses import claims  # the chapter's own tables, to render them (not to check numbers)

    table = claims.audit_table()
    out = [tables.reader_table(table, columns=claims.SUMMARY, formats={"check": claims.anchor_link}).to_html()]
    out.append(tables.reader_table(claims.by_theme(table), columns=claims.THEME_COLUMNS).to_html())
    for fn, uses_rate in claims.CHECKS:
        check = fn(None) if uses_rate else fn()
        out.append(tables.reader_table(claims.inputs(check), columns=claims.INPUTS).to_html())
        out.append(tables.reader_table(check.rows, columns=claims.RESULT).to_html())
    return out


def test_reader_tables_have_no_nan_no_scientific_notation_no_comma_years():
    shown = _reader_tables()
    if EXECUTED.exists() and EXECUTED.stat().st_mtime >= NB.stat().st_mtime:
        nb = json.loads(EXECUTED.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                shown += ["".join(o.get("data", {}).get("text/html", ""))]
    for html in shown:
        bad = _BAD_CELL.search(_text(html))
        assert bad is None, (bad.group(0), _text(html)[max(0, bad.start() - 80) : bad.end() + 80])


def _cells(kind: str) -> list[str]:
    nb = json.loads(NB.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_code_meets_the_chapter_targets():
    code = _cells("code")
    sizes = [sum(1 for line in c.split("\n") if line.strip()) for c in code]
    assert statistics.median(sizes) <= 5 and max(sizes) <= 25, sizes
    tree = ast.parse("\n".join(code))
    nodes = list(ast.walk(tree))
    assert sum(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in nodes) <= 3
    literals = [n for n in nodes if isinstance(n, (ast.Dict, ast.List, ast.Set))]
    assert all(len(getattr(n, "keys", None) or n.elts) <= 3 for n in literals)
    assert not any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print" for n in nodes)
    assert not any(isinstance(n, ast.Assert) for n in nodes), "no assertions about the corpus"
    assert all(len(line) <= 120 for c in code for line in c.split("\n"))
    nb = json.loads(NB.read_text(encoding="utf-8"))
    params = nb["cells"][1]
    assert params["metadata"].get("tags") == ["parameters"]
    assert "".join(params["source"]).split("\n")[1].startswith("corpus_dir = None")
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), "stored without outputs"


def test_nothing_about_the_seed_corpus_is_typed_in():
    manifest = pd.read_csv(paths.SEEDS / "manifest.csv", dtype=str, keep_default_na=False)
    outlets = {facts.short_outlet(o) for o in manifest.outlet} - {facts.NO_OUTLET}
    for text in _cells("markdown") + _cells("code"):
        assert not re.search(r"五篇|\bfive\b", text, re.I), text[:80]
        assert not [o for o in outlets if o in text], text[:80]
