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
        assert r.distance_in_tolerances == pytest.approx(distance, abs=1e-9), r.label


# ---------------------------------------------------------------------------------------------
# The audit table (verdicts.csv), check by check


def test_tolerances_are_the_assumptions(V):
    assert V["A-tolerance-relative"][0] == TOL
    assert V["A-tolerance-share-sum"][0] == 2
    assert V["A-tolerance-year"][0] == 0.5


def test_every_claim_once_in_chapter_order(verdicts):
    assert len(verdicts) == 30
    unverifiable = verdicts.verdict == "unverifiable"
    assert not unverifiable[: (~unverifiable).sum()].any(), "unverifiable rows come last"
    assert verdicts.verdict.value_counts().to_dict() == {"consistent": 22, "inconsistent": 4, "unverifiable": 4}
    known = facts.known_ids(record=False)
    for cell in verdicts.source_id:
        assert ids(cell) <= known


def test_developer_spend_by_hand(verdicts, V):
    month = 1.11 * 30 / 15  # 半个多月 read as 15 days, scaled to a 30-day month
    fall = 100 * (1 - month / 200)
    r = row(verdicts, "check-developer-spend", "F-developer-spend-after")
    expect(r, (fall, fall), (90, math.inf), TOL * 90, "consistent", 0)
    assert round(fall, 2) == 98.89
    assert ids(r.source_id) == {
        "F-developer-spend-before",
        "F-developer-spend-after",
        "F-developer-spend-after-span",
        "F-api-price-cut-dingjiao",
        "A-half-month-days",
        "A-month-days",
        "A-tolerance-relative",
    }


def test_price_cuts_by_hand(verdicts, V):
    pairs = pd.read_csv(paths.SEEDS / "claims_price_cuts.csv")
    rows = verdicts[verdicts.check == "check-price-cuts"]
    assert len(rows) == len(pairs) == 8
    for (_, p), (_, r) in zip(pairs.iterrows(), rows.iterrows(), strict=True):
        low, high = V[p.fact_id]
        claimed = (low, math.inf) if p.fact_id == "F-api-price-cut-dingjiao" else (low, high)  # 超过 90%
        ref = V[p.ref_id] if p.kind == "quoted" else (V[p.ref_id][1],) * 2  # a vendor's deepest cut
        assert ids(r.source_id) == {p.fact_id, p.ref_id, "A-tolerance-relative"}
        expect(r, ref, claimed, TOL * abs(low), r.verdict)
    # the headline 直降超过90% against each vendor: Zhipu's 80% misses by 10 points, over two tolerances
    zhipu = rows[rows.source_id.str.contains("R-glm-3-turbo-cut")].iloc[0]
    assert (zhipu.verdict, zhipu.distance_in_tolerances) == ("inconsistent", pytest.approx(-10 / 4.5))
    tencent = rows[rows.source_id.str.contains("R-tencent-cuts")].iloc[0]
    assert (tencent.verdict, tencent.distance_in_tolerances) == ("consistent", pytest.approx(-2.5 / 4.5))
    assert (rows.verdict == "consistent").sum() == 7


def test_wenxin_multiples_by_hand(verdicts):
    # 15亿 / 2亿 = 7.5 (×N) or 6.5 (+N×); 15亿 / 5000万 = 30 or 29
    for n, (value, claimed, verdict) in enumerate([(7.5, 7.5, "consistent"), (6.5, 7.5, "inconsistent")]):
        r = row(verdicts, "check-wenxin-daily-calls", "F-wenxin-growth-since-may", n)
        expect(r, (value, value), (claimed, claimed), TOL * claimed, verdict, (value - claimed) / (TOL * claimed))
    for n, value in enumerate([30, 29]):
        r = row(verdicts, "check-wenxin-daily-calls", "F-wenxin-growth-year", n)
        expect(r, (value, value), (30, 30), TOL * 30, "consistent", (value - 30) / 1.5)


def test_openai_2024_by_hand(verdicts):
    loss = row(verdicts, "check-openai-2024", "F-openai-loss-2024-forum")
    expect(loss, (4e9, 5e9), (5e9, 5e9), TOL * 5e9, "consistent", 0)
    revenue = row(verdicts, "check-openai-2024", "F-openai-revenue-2024-ai-guangnian")
    expect(revenue, (3.5e9, 4.5e9), (3.4e9, math.inf), TOL * 3.4e9, "consistent", 0)  # 超过34亿: open upwards


def test_shares_by_hand(verdicts):
    invest = row(verdicts, "check-survey-shares", "F-investment-share-apps")
    expect(invest, (99, 99), (100, 100), 2, "consistent", -0.5)  # 69+16+11+3, whole percents: ±2 points
    survey = row(verdicts, "check-survey-shares", "F-survey-sometimes")
    total = 52.05 + 23.97 + 20.55 + 2.05
    expect(survey, (total, total), (100, 100), 0.02, "inconsistent", (total - 100) / 0.02)  # two decimals: ±0.02
    assert round(survey.distance_in_tolerances) == -69
    apps = row(verdicts, "check-survey-shares", "F-investment-app-medical")
    expect(apps, (54, 54), (-math.inf, 69), 2, "consistent", 0)  # 15+15+13+11 ≤ 69


def test_agent_errors_by_hand(verdicts):
    r = row(verdicts, "check-agent-error-compounding", "F-agent-error-after-steps")
    expect(r, (100 * (1 - 0.9**5), 100 * (1 - 0.8**5)), (50, math.inf), TOL * 50, "consistent", 0)


def test_megascale_days_by_hand(verdicts, V):
    flops = 6 * V["F-megascale-params"][0] * V["A-megascale-tokens"][0]
    assert flops == pytest.approx(3.15e23)
    for size, gpus, stated in (("small", 1000, 20), ("large", 10000, 2)):
        days = [flops / (gpus * 312e12 * m) / 86400 for m in (0.6, 0.5)]
        r = row(verdicts, "check-megascale-training-days", f"F-megascale-days-{size}")
        expect(r, tuple(days), (stated, stated), TOL * stated, "consistent", 0)
    assert days[1] == pytest.approx(2.337, abs=1e-3)


def test_data_checks_by_hand(verdicts):
    cagr = 100 * ((17e9 / 4.5e9) ** (1 / 5) - 1)
    expect(
        row(verdicts, "check-data-services-cagr", "F-data-services-cagr"),
        (cagr,) * 2,
        (30.4,) * 2,
        TOL * 30.4,
        "consistent",
        (cagr - 30.4) / (TOL * 30.4),
    )
    dates = "check-data-exhaustion-dates"
    expect(row(verdicts, dates, "F-data-shortfall-p50"), (2024.5,) * 2, (2024 + 6 / 12,) * 2, 0.5, "consistent", 0)
    expect(row(verdicts, dates, "F-data-shortfall-p90-year"), (2025.7,) * 2, (2026,) * 2, 0.5, "consistent", -0.6)
    expect(row(verdicts, dates, "F-data-shortfall-delayed-year"), (2026, 2032), (2028,) * 2, 0.5, "consistent", 0)
    gpt4 = row(verdicts, "check-gpt4-tokens", "F-gpt4-tokens")
    expect(gpt4, (13e12,) * 2, (12e12,) * 2, TOL * 13e12, "inconsistent", 1e12 / (TOL * 13e12))


def test_unverifiable_by_hand(verdicts):
    sub = row(verdicts, "check-subscription-prices", "F-wenxin-subscription")
    usd = 49.9 / 7.2
    expect(sub, (usd / 25, usd / 20), None, None, "unverifiable")
    assert (sub.cny_per_usd, sub.cny_per_usd_source) == (7.2, "A-cny-per-usd")
    expect(
        row(verdicts, "check-ai-market-2017-base", "F-ai-market-2025"),
        (6e12 / 1.3**8, math.inf),
        None,
        None,
        "unverifiable",
    )
    cost = row(verdicts, "check-megascale-cost", "F-megascale-cost")
    expect(cost, (2e6 / (1000 * 20), math.inf), None, None, "unverifiable")  # 100 CNY per GPU-day at least
    expect(row(verdicts, "check-gpt5-data-stock", "F-gpt5-tokens"), (60 / 300, 100 / 300), None, None, "unverifiable")


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
    for name in ("claims_price_cuts", "claims_share_groups", "claims_epoch_dates"):
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
