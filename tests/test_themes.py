"""Theme lexicons, scores, keyword-in-context and co-occurrence on the seed corpus."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from baimo import corpus, plotting, segment, themes


def test_lexicon_has_the_four_themes_with_labels_colours_terms():
    lex = themes.lexicon()
    assert list(lex) == ["price_war", "monetization", "compute", "data"]
    for key, spec in lex.items():
        assert spec["label_zh"] and spec["label_en"] and spec["color"].startswith("#") and spec["terms"]
        assert plotting.THEME_COLORS[key] == spec["color"]  # one colour per theme everywhere
    for term in ["价格战", "降价", "免费", "白嫖", "内卷", "清仓大甩卖", "营销"]:
        assert term in lex["price_war"]["terms"]
    for term in ["B端", "C端", "ToB", "ToC", "付费", "订阅", "变现", "商业化", "盈利", "亏损"]:
        assert term in lex["monetization"]["terms"]
    for term in ["算力", "GPU", "英伟达", "万卡集群", "智算中心", "数据中心", "资本开支"]:
        assert term in lex["compute"]["terms"]
    for term in ["数据", "语料", "高质量数据", "数据治理", "私有数据", "行业数据"]:
        assert term in lex["data"]["terms"]
    # "token" is shared by price war (a price unit) and data (a unit of training data)
    assert lex["data"]["shared"] == lex["price_war"]["shared"] == ["token"]
    assert lex["monetization"]["shared"] == lex["compute"]["shared"] == []
    # regional forms that survive t2s, and newer compute, data and price terms
    for theme, term in [("compute", "资料中心"), ("compute", "晶片"), ("compute", "伺服器"), ("compute", "算力中心"),
                        ("compute", "智算"), ("compute", "推理成本"), ("data", "高质量数据集"), ("data", "合成数据"),
                        ("data", "语料库"), ("price_war", "百万token"), ("price_war", "千token")]:  # fmt: skip
        assert term in lex[theme]["terms"], (theme, term)


def test_lexicon_reads_only_the_four_theme_tables(tmp_path, monkeypatch):
    from baimo import paths

    extra = paths.THEMES.read_text(encoding="utf-8") + '\n[routes]\nchapter = "01_price_war"\nterms = ["token"]\n'
    (tmp_path / "themes.toml").write_text(extra, encoding="utf-8")
    monkeypatch.setattr(paths, "THEMES", tmp_path / "themes.toml")
    themes.lexicon.cache_clear()
    try:
        assert list(themes.lexicon()) == list(themes.THEMES)
    finally:
        themes.lexicon.cache_clear()


def test_longest_term_wins_across_themes():
    found = themes.find_terms("企业自建数据中心,打起价格战,数据是关键")
    assert [(t, th) for _, _, t, th in found] == [("数据中心", "compute"), ("价格战", "price_war"), ("数据", "data")]


def test_latin_terms_match_case_insensitively():
    assert [t for *_, t in themes.find_terms("英伟达的gpu和Token数据")] == ["compute", "compute", "data", "data"]


# ---------------------------------------------------------------------------------------------
# A shared word counts for the theme its sentence is about


def _themes_of(text: str) -> list[tuple[str, str]]:
    return [(term, theme) for *_, term, theme in themes.find_terms(text)]


def test_shared_word_counts_only_with_a_term_of_its_theme():
    # a price-war sentence (built like the price-war pages): "token" is a price unit here
    price = "字节跳动宣布豆包主力模型降价,每千token的价格仅为0.0008元,一元钱能买125万token。"
    assert _themes_of(price) == [("降价", "price_war"), ("千token", "price_war"), ("价格", "price_war"),
                                 ("token", "price_war")]  # fmt: skip
    # a data sentence: "token" is training data
    data = "训练GPT-4用了约13万亿个token的数据。"
    assert _themes_of(data) == [("token", "data"), ("数据", "data")]
    # both themes' own terms: it counts for both; neither: for none
    assert [th for _, th in _themes_of("数据越多,每个token的价格越低")] == ["data", "price_war", "data", "price_war"]
    assert _themes_of("模型一次能读20万个token。") == []


def test_shared_word_on_seed_sentences(seed_dataset):
    sents = corpus.sentences().set_index(["doc_id", "sent"]).text
    # 004 quotes the prices per million tokens: a price-war sentence, no longer also a data one
    s = sents[("004_2ce58a2ea71ab375", 70)]
    assert "token" in s and "价格" in s
    assert {th for *_, th in themes.find_terms(s)} == {"price_war"}
    # 000 counts the training tokens of GPT-4 next to 数据量: data, as before
    s = sents[("000_556574f2cf34673c", 78)]
    assert [th for *_, term, th in themes.find_terms(s) if term == "token"] == ["data", "data"]
    # over the seeds, every shared hit sits in a sentence with a term of its own theme
    for text in sents:
        found = themes.find_terms(text)
        for *_, term, th in found:
            if term == "token":
                assert any(t != "token" and t2 == th for *_, t, t2 in found), text


def test_price_war_page_is_not_data():
    # the case: a price-war article whose every data hit was "token"
    article = [
        "5月15日,字节跳动发布豆包大模型,主力模型在企业市场的定价为0.0008元/千tokens,比行业便宜99.3%。",
        "随后阿里云宣布通义千问降价,Qwen-Long的API输入价格从0.02元/千tokens降至0.0005元/千tokens。",
        "百度智能云则宣布两款主力模型全面免费。",
        "按照这个价格,1元钱就能买到豆包主力模型的125万tokens。",
        "一场大模型价格战就此打响。",
    ]
    per = [{th for *_, th in themes.find_terms(s)} for s in article]
    assert sum("price_war" in p for p in per) == 5
    assert sum("data" in p for p in per) == 0


def test_term_hits_of_a_shared_word(seed_dataset, docs):
    d = "000_556574f2cf34673c"  # GPT-4's 12万亿tokens next to 数据量: data
    listed = themes.term_hits(["token"], doc_ids=[d])
    assert len(listed) == len(re.findall(r"(?<![A-Za-z])tokens?(?![A-Za-z])", docs.text[d], re.I)) == 2
    assert set(listed.theme) == {"data"}
    # 004's "每百万 token" is the price term 百万token (the longest match), not the shared word
    assert themes.term_hits(["token"], doc_ids=["004_2ce58a2ea71ab375"]).empty
    assert "百万token" in set(themes.term_hits("price_war", doc_ids=["004_2ce58a2ea71ab375"]).term)
    # a theme's own hits and score() leave shared words out
    assert "token" not in set(themes.term_hits("data", doc_ids=[d]).term)


# ---------------------------------------------------------------------------------------------
# Scores, KWIC, co-occurrence


def test_score_counts_hits_and_shares(seed_dataset):
    s = themes.score()
    sents = corpus.sentences()
    # recount the price-war hits of 004 by hand from the sentences
    d = "004_2ce58a2ea71ab375"
    expected = sum(
        1 for t in sents[sents.doc_id == d].text if any(th == "price_war" for *_, th in themes.find_terms(t))
    )
    row = s.documents.set_index(["doc_id", "theme"]).loc[(d, "price_war")]
    assert row.sentences == expected > 0
    assert row.share == pytest.approx(expected / (sents.doc_id == d).sum())
    assert set(s.documents.theme) == set(themes.THEMES) and len(s.documents) == 5 * 4
    # every theme is present in the seeds
    assert (s.documents.groupby("theme").hits.sum() > 0).all()
    # 002 (the forum post on Baidu and monetization) is the most monetization-heavy article
    mon = s.documents[s.documents.theme == "monetization"].set_index("doc_id").share
    assert mon.idxmax() == "002_a6c80c997dc4fe08"


def test_kwic_offsets_point_at_the_term(docs):
    k = themes.kwic("价格战", width=10)
    assert len(k) == sum(t.count("价格战") for t in docs.text)
    for row in k.itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == "价格战"
        assert docs.text[row.doc_id][row.start - len(row.left) : row.start] == row.left
        assert len(row.left) <= 10 and len(row.right) <= 10


def test_cooccurrence_counts_entities_in_theme_sentences(seed_dataset):
    co = themes.cooccurrence("compute")
    assert {"entity", "category", "sentences", "share"} == set(co.columns)
    assert set(co.category) <= {"company", "product", "cloud", "chip"}
    top = co.set_index("entity")
    assert top.loc["英伟达", "sentences"] >= 3  # 英伟达 is named in several compute sentences
    assert "字节" not in top.index or top.loc["字节", "sentences"] < top.loc["字节跳动", "sentences"] + 5
    assert co.sentences.is_monotonic_decreasing
    with pytest.raises(KeyError, match="unknown theme"):
        themes.cooccurrence("weather")


def test_cooccurrence_counts_names_kept_whole_by_a_rule(seed_dataset):
    # 002 writes "Open AI o1" (one token now): it still names the company Open AI; 003's 可灵1.6
    # and 004's 文心一言 4.0 still name the products
    toks = set(corpus.tokens().token)
    assert {"Open AI o1", "可灵1.6", "文心一言 4.0"} <= toks
    for theme in themes.THEMES:
        co = themes.cooccurrence(theme, categories=("company", "product", "model", "cloud"))
        assert not {"Open AI o1", "可灵1.6", "文心一言 4.0"} & set(co.entity)
    hit = themes.score().sentences
    sents = corpus.sentences().set_index(["doc_id", "sent"]).text
    mon = hit[hit.theme == "monetization"]
    with_version = [k for k in zip(mon.doc_id, mon.sent, strict=True) if "文心一言 4.0" in sents[k]]
    assert with_version  # 004: 文心一言 4.0 是付费版
    co = themes.cooccurrence("monetization", with_doc_ids=True).set_index("entity")
    assert "004_2ce58a2ea71ab375" in co.doc_ids["文心一言"]


def test_spaced_and_whole_word_matching_on_real_text(docs):
    # 定焦 (004) writes "B 端" and "C 端" with a space: they count as B端 / C端
    t = docs.text["004_2ce58a2ea71ab375"]
    assert "B 端" in t
    found = [term for *_, term, _ in [(s, e, term, th) for s, e, term, th in themes.find_terms(t)]]
    assert found.count("B端") >= t.count("B 端") + t.count("B端")
    # Latin terms match whole words only (a plural s allowed)
    # (the shared "token" needs a data or price term beside it: 数据 here)
    assert [x[2] for x in themes.find_terms("tobacco, GPUs, 60万亿tokens的数据")] == ["GPU", "token", "数据"]


def test_outlets_are_not_counted_as_companies(seed_dataset):
    from baimo import segment

    outlets = set(segment.glossary().query("category == 'outlet'").term)
    assert {"定焦", "深网"} <= outlets
    for theme in themes.THEMES:
        assert not outlets & set(themes.cooccurrence(theme).entity)


# ---------------------------------------------------------------------------------------------
# term_hits / term_counts: single terms, counted the lexicon's way


def test_term_counts_of_a_theme_add_up_to_score(seed_dataset, docs):
    counts = themes.term_counts("price_war")
    terms = themes.lexicon()["price_war"]["terms"]
    assert list(counts.columns) == ["doc_id", "term", "hits"]
    assert len(counts) == len(docs) * len(terms)  # every pair, zeros included
    assert list(counts.term[: len(terms)]) == terms and list(dict.fromkeys(counts.doc_id)) == sorted(docs.index)
    per_doc = counts.groupby("doc_id").hits.sum()
    score = themes.score().documents.query("theme == 'price_war'").set_index("doc_id").hits
    assert per_doc.to_dict() == score.to_dict()
    got = counts.set_index(["doc_id", "term"]).hits
    for term in ("价格战", "清仓大甩卖", "白嫖"):  # no longer lexicon term contains these: a plain count
        for doc_id, text in docs.text.items():
            assert got[(doc_id, term)] == text.count(term), (doc_id, term)
    assert (counts.hits == 0).any()


def test_term_counts_longest_match_and_words_outside_the_lexicon(seed_dataset, docs):
    lexicon_terms = [t for spec in themes.lexicon().values() for t in spec["terms"]]
    assert "算法" not in lexicon_terms and not [t for t in lexicon_terms if "算法" in t or "大数据" in t]
    data_words = [t for t in themes.lexicon()["data"]["terms"] if "数据" in t]
    counts = themes.term_counts([*data_words, "数据中心", "算法"]).set_index(["doc_id", "term"]).hits
    for doc_id, text in docs.text.items():
        assert counts[(doc_id, "算法")] == text.count("算法")  # outside the lexicon, covered by nothing
        assert counts[(doc_id, "数据中心")] == text.count("数据中心")  # the compute term, not data
        assert sum(counts[(doc_id, w)] for w in [*data_words, "数据中心"]) == text.count("数据")
    # A word outside the lexicon that is longer than a lexicon term wins where it occurs (大数据 ⊃ 数据).
    alone = themes.term_counts(["数据"]).set_index(["doc_id", "term"]).hits
    both = themes.term_counts(["数据", "大数据"]).set_index(["doc_id", "term"]).hits
    d = "000_556574f2cf34673c"
    assert both[(d, "大数据")] == docs.text[d].count("大数据") == 1
    assert both[(d, "数据")] == alone[(d, "数据")] - 1


def test_term_counts_spelling_variants_and_doc_ids(seed_dataset, docs):
    import re

    d = "004_2ce58a2ea71ab375"
    counts = themes.term_counts(["B 端", "ToB"], doc_ids=[d, "002_a6c80c997dc4fe08"])
    assert list(counts.doc_id) == [d, d, "002_a6c80c997dc4fe08", "002_a6c80c997dc4fe08"]
    assert list(counts.term[:2]) == ["B 端", "ToB"]  # named as asked, matched as the lexicon's B端
    got = counts.set_index(["doc_id", "term"]).hits
    text = docs.text[d]
    to_b = len(re.findall(r"(?<![A-Za-z])to ?B(?![A-Za-z])", text, flags=re.I))
    assert (
        got[(d, "B 端")]
        == len(re.findall(r"B ?端", text)) - len(re.findall(r"(?<![A-Za-z])to ?B ?端", text, flags=re.I))
        > 0
    )
    assert got[(d, "ToB")] <= to_b  # "To B" is its own lexicon term: ToB counts the closed spelling only
    with pytest.raises(KeyError, match="unknown theme"):
        themes.term_counts("pricewar")
    with pytest.raises(ValueError):
        themes.term_counts([])


def test_term_hits_offsets_point_at_the_term(seed_dataset, docs):
    hits = themes.term_hits("data", doc_ids=["000_556574f2cf34673c", "001_22442d4731984c15"])
    assert set(hits.doc_id) == {"000_556574f2cf34673c", "001_22442d4731984c15"}
    assert list(hits.columns) == ["doc_id", "sent", "term", "theme", "start", "end"] and (hits.theme == "data").all()
    for r in hits.itertuples():
        found = docs.text[r.doc_id][r.start : r.end].lower().replace(" ", "")
        assert found in (r.term.lower(), r.term.lower() + "s")  # a Latin term may be plural (tokens)
    outside = themes.term_hits(["算法"], doc_ids=["004_2ce58a2ea71ab375"])
    assert len(outside) == docs.text["004_2ce58a2ea71ab375"].count("算法") and (outside.theme == "").all()


def test_cooccurrence_doc_ids_and_precomputed_scores(seed_dataset):
    scores = themes.score()
    co = themes.cooccurrence("price_war", with_doc_ids=True, scores=scores)
    plain = themes.cooccurrence("price_war")
    assert list(co.columns) == ["entity", "category", "sentences", "share", "doc_ids"]
    pd.testing.assert_frame_equal(co.drop(columns="doc_ids"), plain)
    # recount by hand: the articles with a price-war sentence whose tokens name the entity
    hit = scores.sentences.query("theme == 'price_war'")[["doc_id", "sent"]].drop_duplicates()
    toks = corpus.tokens().merge(hit, on=["doc_id", "sent"])
    table = segment.glossary()
    for r in co.head(8).itertuples():
        spellings = {r.entity} | set(table.term[(table.company == r.entity) & (table.category == "company")])
        named = toks[toks.token.isin(spellings)]
        assert r.doc_ids.split(";") == sorted(set(named.doc_id))
        assert r.sentences == len(named.drop_duplicates(["doc_id", "sent"]))


def test_cooccurrence_counts_a_companys_other_spellings_as_the_company(seed_dataset):
    """001 names iFlytek as 讯飞 and as 科大讯飞: one entity, each compute sentence once, whichever
    spelling (or both) it uses; a cloud unit (Azure, 阿里云) stays an entity of its own."""
    table = segment.glossary().set_index("term")
    short = {t for t, r in table.iterrows() if r.category == "company" and table.category.get(r.company) == "company"}
    assert {"讯飞", "字节", "Open AI", "大摩"} <= short
    hit = themes.score().sentences.query("theme == 'compute'")[["doc_id", "sent"]].drop_duplicates()
    toks = corpus.tokens().merge(hit, on=["doc_id", "sent"])
    assert {"讯飞", "科大讯飞"} <= set(toks.token)  # the corpus writes both
    for theme in themes.THEMES:
        co = themes.cooccurrence(theme, categories=("company", "cloud"))
        assert not short & set(co.entity), theme
    co = themes.cooccurrence("compute", categories=("company", "cloud")).set_index("entity")
    iflytek = toks[toks.token.isin({"讯飞", "科大讯飞"})].drop_duplicates(["doc_id", "sent"])
    assert co.sentences["科大讯飞"] == len(iflytek)
    assert co.category.get("阿里云") in (None, "cloud") and co.category.get("Azure") in (None, "cloud")
