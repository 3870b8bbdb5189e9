"""Theme lexicons and what they find in the corpus: scores, keyword-in-context, co-occurrence.

Every theme notebook uses these four functions on the same lexicon (``data/themes.toml``), so a
term added there shows up in every chapter at once.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

import pandas as pd

from baimo import corpus, paths

THEMES = ("price_war", "monetization", "compute", "data")


@cache
def lexicon() -> dict[str, dict]:
    """theme key → {label_zh, label_en, color, terms}, in THEMES order."""
    raw = tomllib.loads(paths.THEMES.read_text(encoding="utf-8"))
    missing = [k for k in THEMES if k not in raw]
    if missing:
        raise ValueError(f"{paths.THEMES}: missing theme table(s) {missing}")
    for key in THEMES:
        for field in ("label_zh", "label_en", "color", "terms"):
            if field not in raw[key]:
                raise ValueError(f"{paths.THEMES}: [{key}] lacks {field}")
    return {k: raw[k] for k in THEMES}


_LATIN = "A-Za-z"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"


def _term_pattern(term: str) -> str:
    """A term as written, case-insensitive, with two allowances real text needs: an optional
    space where Latin meets CJK (定焦 writes "B 端" for B端), and Latin ends that only match whole
    words ("ToB" not inside "tobacco", "API" not inside "Capital"; a plural s is allowed)."""
    parts = []
    for i, ch in enumerate(term):
        if i and ((re.match(f"[{_LATIN}0-9]", term[i - 1]) and re.match(f"[{_CJK}]", ch))
                  or (re.match(f"[{_CJK}]", term[i - 1]) and re.match(f"[{_LATIN}0-9]", ch))):
            parts.append(r"\s?")
        parts.append(re.escape(ch))
    body = "".join(parts)
    if re.match(f"[{_LATIN}]", term[0]):
        body = f"(?<![{_LATIN}])" + body
    if re.match(f"[{_LATIN}]", term[-1]):
        body += f"s?(?![{_LATIN}])"
    return body


@cache
def _terms() -> list[tuple[str, str]]:
    """(term, theme), longest first, each term once across all themes."""
    seen: dict[str, str] = {}
    for theme, spec in lexicon().items():
        for term in spec["terms"]:
            key = re.sub(rf"(?<=[{_LATIN}0-9])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[{_LATIN}0-9])", "", term.lower())
            if key in seen:
                raise ValueError(f"{paths.THEMES}: term {term!r} is in {seen[key]} already (spelling variants match anyway)")
            seen[key] = theme
    return sorted(((t, th) for th, spec in lexicon().items() for t in spec["terms"]), key=lambda x: -len(x[0]))


@cache
def _matcher() -> re.Pattern[str]:
    # one group per term, longest first: 数据中心 is tried before 数据
    return re.compile("|".join(f"(?P<t{i}>{_term_pattern(t)})" for i, (t, _) in enumerate(_terms())), re.IGNORECASE)


def find_terms(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, term as in the lexicon, theme) for every theme term in ``text``."""
    terms = _terms()
    out = []
    for m in _matcher().finditer(text):
        term, theme = terms[int(m.lastgroup[1:])]
        out.append((m.start(), m.end(), term, theme))
    return out


@dataclass
class Scores:
    sentences: pd.DataFrame  # doc_id, sent, theme, hits
    documents: pd.DataFrame  # doc_id, theme, hits, sentences (with the theme), n_sentences, share


def score(corpus_dir=None) -> Scores:
    """Theme hits per sentence, and per document the hits and the share of sentences with a hit."""
    sents = corpus.sentences(corpus_dir)
    rows = []
    for doc_id, sent, text in zip(sents.doc_id, sents.sent, sents.text):
        counts: dict[str, int] = {}
        for *_, theme in find_terms(text):
            counts[theme] = counts.get(theme, 0) + 1
        rows += [(doc_id, sent, theme, n) for theme, n in counts.items()]
    per_sentence = pd.DataFrame(rows, columns=["doc_id", "sent", "theme", "hits"])
    n_sent = sents.groupby("doc_id").size().rename("n_sentences")
    grid = pd.MultiIndex.from_product([n_sent.index, THEMES], names=["doc_id", "theme"])
    per_doc = (per_sentence.groupby(["doc_id", "theme"]).agg(hits=("hits", "sum"), sentences=("sent", "nunique"))
               .reindex(grid, fill_value=0).reset_index().merge(n_sent, on="doc_id"))
    per_doc["share"] = per_doc.sentences / per_doc.n_sentences
    return Scores(per_sentence, per_doc)


def kwic(term: str, width: int = 20, corpus_dir=None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters either side.

    ``start``/``end`` are offsets of the term in its document's text (the article page links there).
    """
    sents = corpus.sentences(corpus_dir)
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    rows = []
    for doc_id, sent, s_start, text in zip(sents.doc_id, sents.sent, sents.start, sents.text):
        for m in pattern.finditer(text):
            rows.append((doc_id, sent, text[max(0, m.start() - width):m.start()], m.group(),
                         text[m.end():m.end() + width], s_start + m.start(), s_start + m.end()))
    return pd.DataFrame(rows, columns=["doc_id", "sent", "left", "term", "right", "start", "end"])


def cooccurrence(theme: str, categories=("company", "product"), corpus_dir=None) -> pd.DataFrame:
    """Entities (glossary terms of ``categories``) named in the sentences where ``theme`` is hit.

    entity, category, sentences (theme sentences naming it), share (of all theme sentences).
    """
    from baimo import segment

    if theme not in THEMES:
        raise KeyError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")
    hit = score(corpus_dir).sentences
    theme_sents = hit.loc[hit.theme == theme, ["doc_id", "sent"]].drop_duplicates()
    # Count on jieba tokens, not substrings, so 字节 inside 字节跳动 is not a second entity.
    toks = corpus.tokens(corpus_dir).merge(theme_sents, on=["doc_id", "sent"])
    gloss = segment.glossary()
    gloss = gloss[gloss.category.isin(categories)]
    named = toks[toks.token.isin(set(gloss.term))].drop_duplicates(["doc_id", "sent", "token"])
    counts = named.groupby("token").size()
    category = dict(zip(gloss.term, gloss.category))
    rows = [(t, category[t], int(n), n / max(len(theme_sents), 1)) for t, n in counts.items()]
    out = pd.DataFrame(rows, columns=["entity", "category", "sentences", "share"])
    return out.sort_values(["sentences", "entity"], ascending=[False, True], ignore_index=True)
