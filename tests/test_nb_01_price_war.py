"""01_price_war: its figure CSVs hold exactly the values of the rows they cite, the arithmetic and
the titles' findings match hand computations from ``seeds/*.csv`` and the corpus (never
``baimo.analyses``), its curated tables are sound, and what a reader sees follows the chapter
rules (no NaN, no scientific notation, no year written as an amount, no working state)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from baimo import corpus, facts, paths, themes

FIG = paths.FIGURES / "01_price_war"
FIGURES = ["timeline", "input_prices", "price_cuts", "developer_spend", "theme_share", "vocabulary", "entities"]
FLOOR = "axis floor (免费 free)"
EXECUTED = [paths.BUILD / "check" / "executed" / "01_price_war.ipynb", paths.BUILD / "executed" / "01_price_war.ipynb"]


# ---------------------------------------------------------------------------------------------
# Hand-read tables


@pytest.fixture(scope="module")
def rows():
    F = facts.facts().set_index("fact_id")
    R = facts.references().set_index("ref_id")
    return pd.concat([F[["low", "high"]], R[["low", "high"]]])


@pytest.fixture(scope="module")
def userdict() -> pd.DataFrame:
    return pd.read_csv(paths.USERDICT, sep="\t", dtype=str, keep_default_na=False).set_index("term")


def fig(name):
    return pd.read_csv(FIG / f"{name}.csv", dtype={"source_id": str}, keep_default_na=False, na_values=[""])


def meta(name) -> dict:
    return json.loads((FIG / f"{name}.json").read_text(encoding="utf-8"))


def single(value, rows):
    lo, hi = rows.loc[value, "low"], rows.loc[value, "high"]
    assert lo == hi, value
    return lo


def test_every_figure_is_saved_with_a_finding_title():
    for name in FIGURES:
        m = meta(name)
        assert m["title_zh"] and m["title_en"] and m["subtitle_zh"] and m["subtitle_en"], name
        assert "five" not in m["title_en"].lower() and "五篇" not in m["title_zh"], name


# ---------------------------------------------------------------------------------------------
# The references: timeline, prices, cuts


def test_timeline_is_the_reference_rows(R, userdict):
    t = fig("timeline")
    assert t.source_id.is_unique
    for r in t.itertuples():
        ref = R.loc[r.source_id]
        assert (r.low, r.high, r.metric, r.date) == (ref.low, ref.high, ref.metric, ref.period)
    assert t.date.min() == "2024-05-06" and t.sort_values("date", kind="stable").model.iloc[0] == "DeepSeek-V2"
    # vendors and the big platforms as the names table has them
    giants = set(userdict.index[userdict.group == "大厂"])
    assert userdict.company["GLM-3-Turbo"] == "智谱" and userdict.company["Doubao-pro-32k"] == "字节跳动"
    by_alias = {a: term for term, cell in userdict.aliases.items() for a in cell.split("|") if a}
    for r in t.itertuples():  # a model's company, or the company a vendor-wide row is an alias of
        expected = (userdict.company[r.model] or r.model) if r.model in userdict.index else by_alias[r.model]
        assert r.vendor == expected
        assert (r.group == "大厂") == (r.vendor in giants)
    first = t.groupby("vendor").date.min().sort_values(kind="stable")
    assert list(first.index[:2]) == ["深度求索", "智谱"]  # before any of the big platforms
    assert first["字节跳动"] == "2024-05-15" and first["腾讯"] == "2024-05-22"
    # 05-15 and 05-22 are 9 and 16 days after 05-06
    assert "9–16 days" in meta("timeline")["title_en"] and "9–16天" in meta("timeline")["title_zh"]
    # the text is written once per vendor and day, naming each of that day's models
    for _, g in t.groupby(["vendor", "date"]):
        texts = g.text.dropna()
        assert len(texts) == 1 and all(m in texts.iloc[0] for m in g.model)


def test_input_prices_hold_every_after_price_in_the_references(rows, R):
    d = fig("input_prices")
    for r in d[d.series.isin(["announced", "snapshot", "article", "before (stated)"])].itertuples():
        assert r.price == single(r.source_id, rows), r
    # every input (or single) price of the theme's references is drawn, the free ones at the floor
    wanted = set(R.index[(R.theme == "price_war") & R.metric.isin(["api_input_price", "api_price"])])
    assert wanted <= set(d.source_id)
    assert ((d.price == 0) == (d.drawn_at == FLOOR)).all()
    assert (d.price[d.drawn_at != FLOOR] == pd.to_numeric(d.drawn_at[d.drawn_at != FLOOR])).all()
    # the price table's API names are the names table's aliases
    assert d.model[d.source_id == "R-snap-deepseek-chat-input"].iloc[0] == "DeepSeek-V2"
    # the one implied before-price: after / (1 − cut), by hand 15 / 0.125
    implied = d[d.series == "before (implied)"]
    assert len(implied) == 1 and implied.model.iloc[0] == "hunyuan-standard-256k"
    after_id, cut_id = facts.split_ids(implied.source_id.iloc[0])
    assert implied.price.iloc[0] == pytest.approx(single(after_id, rows) / (1 - single(cut_id, rows) / 100)) == 120
    assert set(d.model[d.series == "before (stated)"]) == {"GLM-3-Turbo", "Qwen-Long"}
    # the article's quoted prices sit on the models seeds/price_war_models.csv pairs them with
    paired = pd.read_csv(paths.SEEDS / "price_war_models.csv")
    article = paired[paired.role == "article_price"].set_index("source_id").model
    assert d[d.series == "article"].set_index("source_id").model.to_dict() == article.to_dict()


def test_input_prices_title_by_hand(R):
    moves = R[
        (R.theme == "price_war")
        & R.period.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        & R.metric.isin(["api_input_price", "api_price"])
    ]
    moves = moves[~moves.source_publisher.str.contains("LLM-Price")]
    may = moves.groupby("entity").low.max()
    gpt = R.low["R-snap-gpt-4o-input"]  # 36 元
    cheap, free = int((may < gpt / 10).sum()), int((may == 0).sum())
    assert (len(may), cheap, free) == (10, 9, 4)
    assert meta("input_prices")["title_en"].startswith(f"{cheap} of the {len(may)} models cut in May")


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
    # the title's range: the shallowest cut (Tencent's 50%) to the deepest (Qwen-Long recomputed, 97.5%)
    assert "from 50% to 97.5%" in meta("price_cuts")["title_en"]


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
    # A-half-month-days restates the quote's 半个月 (half a month of A-month-days)
    assert A["A-half-month-days"] / A["A-month-days"] == single("F-developer-spend-after-span", rows)
    assert "98.9%" in meta("developer_spend")["title_en"]  # 1 − 2.22 / 200


# ---------------------------------------------------------------------------------------------
# Text evidence: the CSVs hold what baimo.themes computes on the seed corpus


def test_theme_share_and_vocabulary(seed_dataset):
    share = fig("theme_share").set_index("doc_id")
    docs = themes.score().documents
    docs = docs[docs.theme == "price_war"].set_index("doc_id")
    assert set(share.index) == set(corpus.load().doc_id)  # every article is in the data, shown or not
    for doc_id, r in share.iterrows():
        assert (r.sentences, r.n_sentences, r.hits) == tuple(docs.loc[doc_id, ["sentences", "n_sentences", "hits"]])
        assert r.share == pytest.approx(r.sentences / r.n_sentences) and r.percent == pytest.approx(100 * r.share)
        assert r.value_text.endswith(f"({r.sentences}/{r.n_sentences})")
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
    outlets = " ".join(corpus.load().outlet)
    assert d.shown.sum() <= 15 and len(d) == sum(e not in outlets for e in co.index)  # the rest kept in the data
    for r in d.itertuples():
        assert r.sentences == co.sentences[r.entity] and r.share == pytest.approx(co.share[r.entity])
        assert set(facts.split_ids(r.source_id)) <= set(corpus.load().doc_id)


# ---------------------------------------------------------------------------------------------
# Curated tables


def test_curated_quotes_are_verbatim_and_ids_known(seed_dataset):
    text = corpus.load().set_index("doc_id").text
    quotes = pd.read_csv(paths.SEEDS / "price_war_quotes.csv", dtype=str, keep_default_na=False)
    assert set(quotes.section) == {"start", "developer", "case"}
    for r in quotes.itertuples():
        assert r.quote in text[r.doc_id], r.quote
    paired = pd.read_csv(paths.SEEDS / "price_war_models.csv", dtype=str)
    known = facts.known_ids(record=False)
    assert set(paired.source_id) <= known and set(paired.role) == {"comparison", "article_price"}


# ---------------------------------------------------------------------------------------------
# What the reader sees


def _executed():
    for path in EXECUTED:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip("no executed 01_price_war notebook: run `python -m baimo build --only 01_price_war`")


def _cells_text(html: str) -> list[str]:
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, flags=re.S)]


def test_reader_tables_follow_the_rules():
    nb = _executed()
    tables = [
        "".join(o["data"]["text/html"])
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert len(tables) >= 4  # price agreement, cut checks, two keyword-in-context tables
    for html in tables:
        assert "row_heading" not in html  # no index
        for cell in _cells_text(html):
            assert not re.search(r"\bnan\b", cell, flags=re.I), cell
            assert not re.search(r"\de[+-]\d", cell), cell
            assert not re.search(r"\b(1,9|2,0)\d\d\b", cell), cell  # a year is never written 2,024


def test_no_working_state_in_the_outputs():
    nb = _executed()
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        assert "print(" not in "".join(c["source"])
        for o in c.get("outputs", []):  # figures, prose and tables; no stream, no bare value (a dict, a repr)
            shown = o["output_type"] == "display_data" or "text/html" in o.get("data", {})
            assert shown, (o["output_type"], "".join(c["source"])[:80])


def test_no_phrase_is_asserted_to_occur_once():
    src = "".join(
        "".join(c["source"]) for c in json.loads((paths.NOTEBOOKS / "01_price_war.ipynb").read_text())["cells"]
    )
    assert "assert" not in src
