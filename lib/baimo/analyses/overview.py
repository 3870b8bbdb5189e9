"""Chapter 00: what the corpus is, what cleaning did to it, what the articles talk about."""

from __future__ import annotations

import pandas as pd

from baimo import segment
from baimo.analyses.common import Titles, article_labels, count_words, outlet, short_id

#: The cleaning rules a reader sees, in the order they run, with their names on a chart.
RULES = {
    "chrome": "站点杂项 chrome lines",
    "mojibake": "乱码 mojibake",
    "pinyin": "拼音注音 pinyin",
    "t2s": "繁→简 traditional → simplified",
    "zhe": "著→着",
}
AUDIT_COLUMNS = {
    "chrome_lines": "chrome lines",
    "chrome_chars": "chrome characters",
    "mojibake_repaired": "mojibake repaired",
    "mojibake_partial": "partly repaired",
    "mojibake_masked": "masked 〓",
    "pinyin_removed": "pinyin removed",
    "t2s_spans": "t2s spans",
    "zhe_fixed": "著→着",
}


def articles(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per article, as the manifest and the cleaning give it."""
    out = docs[["doc_id", "outlet", "published", "date_basis", "script", "n_chars", "n_sentences", "title"]].copy()
    out["outlet"] = out.outlet.map(lambda o: outlet(o) if o == "unknown" else o)
    return out


def lengths(docs: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Characters per article after cleaning, longest first; the title names the longest."""
    labels = article_labels(docs)
    data = docs.sort_values("n_chars", ascending=False, kind="stable")
    data = pd.DataFrame(
        {
            "label": data.doc_id.map(labels),
            "doc_id": data.doc_id,
            "outlet": data.outlet,
            "published": data.published,
            "date_basis": data.date_basis,
            "n_chars": data.n_chars,
            "source_id": data.doc_id,
        }
    )
    first = data.iloc[0]
    n_zh, n_en = count_words(len(data))
    return data, Titles(
        f"{n_zh}文章，{outlet(first.outlet)}的最长（{first.n_chars:,}字）",
        f"{n_en[0].upper()}{n_en[1:]}: {outlet(first.outlet)}'s is the longest ({first.n_chars:,} characters)",
    )


def audit(docs: pd.DataFrame) -> pd.DataFrame:
    """What each cleaning rule changed, per article (the dataset's audit columns)."""
    cols = [c for c in AUDIT_COLUMNS if c in docs.columns]
    out = docs[["doc_id", *cols]].rename(columns=AUDIT_COLUMNS)
    out["article"] = out.doc_id.map(article_labels(docs))
    return out[["article", *AUDIT_COLUMNS.values()]]


def edits(docs: pd.DataFrame, changes: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Edits per article and rule (long: label, rule, edits); the title names the busiest rule."""
    labels = article_labels(docs)
    counts = changes[changes.rule.isin(RULES)].groupby(["doc_id", "rule"]).size().rename("edits").reset_index()
    grid = pd.MultiIndex.from_product([docs.doc_id, list(RULES)], names=["doc_id", "rule"]).to_frame(index=False)
    data = grid.merge(counts, how="left").fillna({"edits": 0}).astype({"edits": int})
    data = data[data.rule.isin(set(counts.rule))]
    data.insert(0, "label", data.doc_id.map(labels))
    data["source_id"] = data.doc_id
    by_rule = data.groupby("rule").edits.sum().sort_values(ascending=False)
    top_rule = by_rule.index[0]
    name_zh, name_en = RULES[top_rule].split(" ", 1)
    return data, Titles(
        f"{name_zh}规则改动最多：{by_rule.iloc[0]:,}处，占全部改动的{by_rule.iloc[0] / by_rule.sum():.0%}",
        f"The {name_en} rule made most edits: {by_rule.iloc[0]:,}, {by_rule.iloc[0] / by_rule.sum():.0%} of all",
    )


def examples(changes: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """The first change each rule made, cut to ``width`` characters."""
    first = changes[changes.before.str.len() > 0].groupby("rule", sort=False).head(1)
    return first.assign(before=first.before.str.slice(0, width), after=first.after.str.slice(0, width))[
        ["doc_id", "rule", "kind", "before", "after"]
    ]


def domain_terms(tokens: pd.DataFrame, docs: pd.DataFrame, n: int = 15) -> tuple[pd.DataFrame, Titles]:
    """The ``n`` most frequent names-table terms and names the table's rules keep whole (a model
    version, a cloud unit), counted per article (long: term, article, count)."""
    terms = set(segment.glossary().term)
    terms |= {t for t in tokens.token.unique() if t not in terms and segment.name_kind(t) is not None}
    found = tokens[tokens.token.isin(terms)].groupby(["token", "doc_id"]).size().rename("count").reset_index()
    order = found.groupby("token")["count"].sum().sort_values(ascending=False, kind="stable")
    found["term_total"] = found.token.map(order)
    data = found.sort_values(["term_total", "token", "doc_id"], ascending=[False, True, True])
    data = data.rename(columns={"token": "term"}).drop(columns="term_total")
    data["article"] = data.doc_id.map({d: short_id(d) for d in docs.doc_id})
    data["source_id"] = data.doc_id
    best = order.index[0]
    per_doc = found.loc[found.groupby("doc_id")["count"].idxmax()]
    everywhere = int((per_doc.token == best).sum())
    return data, Titles(
        f"“{best}”最常见：{everywhere}/{docs.doc_id.nunique()}篇文章的头号领域词",
        f"“{best}” leads: the top domain term in {everywhere} of {docs.doc_id.nunique()} articles",
    )


def similarity(tokens: pd.DataFrame, docs: pd.DataFrame) -> tuple[pd.DataFrame, Titles]:
    """Cosine similarity of the articles' content-word counts (long: a, b, cosine)."""
    content = tokens[tokens.token.map(segment.is_content)]
    vectors = content.groupby(["doc_id", "token"]).size().unstack(fill_value=0).reindex(docs.doc_id, fill_value=0)
    unit = vectors.div(((vectors**2).sum(axis=1) ** 0.5).replace(0, 1), axis=0)
    sim = (unit @ unit.T).rename_axis(index="doc_a", columns="doc_b").stack().rename("cosine").reset_index()
    sim["cosine"] = sim.cosine.round(6)
    short = {d: short_id(d) for d in docs.doc_id}
    sim["a"], sim["b"] = sim.doc_a.map(short), sim.doc_b.map(short)
    sim["source_id"] = sim.doc_a + ";" + sim.doc_b
    pairs = sim[sim.doc_a < sim.doc_b].sort_values("cosine", ascending=False)
    if pairs.empty:
        return sim, Titles("只有一篇文章", "Only one article")
    best = pairs.iloc[0]
    return sim, Titles(
        f"用词最接近的是{best.a}与{best.b}（余弦{best.cosine:.2f}）",
        f"{best.a} and {best.b} share the most vocabulary (cosine {best.cosine:.2f})",
    )
