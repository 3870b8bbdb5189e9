"""Theme lexicons and what they find in the corpus: scores, keyword-in-context, co-occurrence.

Every theme notebook uses these functions on the same lexicon (``data/themes.toml``), so a
term added there shows up in every chapter at once: ``score`` (theme shares), ``term_hits`` and
``term_counts`` (individual terms, the lexicon's own longest-match rule), ``kwic`` and
``cooccurrence``. ``word_groups`` (and ``routes``) read the named word lists a chapter counts
under a theme, kept apart from the lexicon.

A word two themes share ("token": a price unit and a unit of training data) is listed under
``shared`` in both; in a sentence it counts only for those of its themes that the sentence hits
with a term of their own (``find_terms``), so it never makes a sentence a theme sentence by itself
and adds nothing to a theme's share; ``score`` counts a theme's own terms.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

import pandas as pd

from baimo import corpus, paths, segment
from baimo.text import CJK

THEMES = ("price_war", "monetization", "compute", "data")


@cache
def lexicon() -> dict[str, dict]:
    """theme key → {label_zh, label_en, color, terms, shared}, in THEMES order. Only the four theme
    tables are read (themes.toml may hold other tables); ``shared`` is [] where a theme has none."""
    raw = tomllib.loads(paths.THEMES.read_text(encoding="utf-8"))
    missing = [k for k in THEMES if k not in raw]
    if missing:
        raise ValueError(f"{paths.THEMES}: missing theme table(s) {missing}")
    for key in THEMES:
        for field in ("label_zh", "label_en", "color", "terms"):
            if field not in raw[key]:
                raise ValueError(f"{paths.THEMES}: [{key}] lacks {field}")
    # a theme's sub-tables are word groups (word_groups), not part of its lexicon
    return {
        k: {**{f: v for f, v in raw[k].items() if not isinstance(v, dict)}, "shared": list(raw[k].get("shared", []))}
        for k in THEMES
    }


def word_groups(theme: str, table: str) -> dict[str, dict]:
    """Named word lists a chapter counts under a theme, ``[<theme>.<table>.<key>]`` in themes.toml:
    key → {label, terms}, in file order. They are not lexicon terms: ``lexicon()``, ``score()``
    and ``find_terms()`` never see them."""
    raw = tomllib.loads(paths.THEMES.read_text(encoding="utf-8"))
    groups = raw.get(theme, {}).get(table)
    if not isinstance(groups, dict) or not groups:
        raise KeyError(f"{paths.THEMES}: no word groups [{theme}.{table}.*]")
    for key, spec in groups.items():
        if not isinstance(spec, dict) or not spec.get("label") or not spec.get("terms"):
            raise ValueError(f"{paths.THEMES}: [{theme}.{table}.{key}] needs a label and a list of terms")
    return {k: {"label": v["label"], "terms": list(v["terms"])} for k, v in groups.items()}


def routes() -> dict[str, dict]:
    """The monetization routes (``[monetization.routes.*]``): key → {label, terms}. A sentence about
    money that names one of a route's terms discusses that route (02_monetization)."""
    return word_groups("monetization", "routes")


_LATIN = "A-Za-z"


def _term_pattern(term: str) -> str:
    # one matching rule for glossary and lexicon: optional space at Latin–CJK seams, whole Latin
    # words only, a plural s allowed ("B 端" is B端; "ToB" is not in "tobacco"; "tokens" is token)
    return segment.term_pattern(term, plural=True)


def _key(term: str) -> str:
    """A term's identity: lower case, no space where Latin meets CJK ("B 端" is B端)."""
    return re.sub(rf"(?<=[{_LATIN}0-9])\s+(?=[{CJK}])|(?<=[{CJK}])\s+(?=[{_LATIN}0-9])", "", term.lower())


SHARED = "shared"  # the theme of a shared term in the matcher, before a sentence decides it


@cache
def _shared() -> dict[str, tuple[str, ...]]:
    """Shared term → the themes that share it (in THEMES order)."""
    out: dict[str, list[str]] = {}
    for theme, spec in lexicon().items():
        for term in spec["shared"]:
            out.setdefault(term, []).append(theme)
    lone = [t for t, th in out.items() if len(th) < 2]
    if lone:
        raise ValueError(f"{paths.THEMES}: {lone} listed as shared by one theme only; put it in that theme's terms")
    return {t: tuple(th) for t, th in out.items()}


@cache
def _terms() -> list[tuple[str, str]]:
    """(term, theme), longest first, each term once across all themes; a shared term once, with
    the theme ``SHARED``."""
    seen: dict[str, str] = {}
    for theme, spec in lexicon().items():
        for term in spec["terms"]:
            key = _key(term)
            if key in seen:
                raise ValueError(
                    f"{paths.THEMES}: term {term!r} is in {seen[key]} already (spelling variants match anyway)"
                )
            seen[key] = theme
    for term in _shared():
        if _key(term) in seen:
            raise ValueError(f"{paths.THEMES}: shared term {term!r} is also a term of {seen[_key(term)]}")
        seen[_key(term)] = SHARED
    entries = [(t, th) for th, spec in lexicon().items() for t in spec["terms"]] + [(t, SHARED) for t in _shared()]
    return sorted(entries, key=lambda x: -len(x[0]))


@cache
def _matcher() -> re.Pattern[str]:
    # one group per term, longest first: 数据中心 is tried before 数据
    return re.compile("|".join(f"(?P<t{i}>{_term_pattern(t)})" for i, (t, _) in enumerate(_terms())), re.IGNORECASE)


def _decide(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A sentence's matches with each shared term given to the themes that share it and have a
    term of their own in the sentence (one entry per such theme), or dropped if none has."""
    if not any(th == SHARED for *_, th in found):
        return found
    own = {th for *_, th in found if th in THEMES}
    out = []
    for s, e, term, theme in found:
        if theme != SHARED:
            out.append((s, e, term, theme))
            continue
        out += [(s, e, term, th) for th in _shared()[term] if th in own]
    return out


def find_terms(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, term as in the lexicon, theme) for every theme term in ``text``.

    A shared term ("token") is reported for each theme that shares it and has a term of its own
    in ``text`` — for price war in "每百万token降价到1元", for none in "数万亿token" alone."""
    terms = _terms()
    found = []
    for m in _matcher().finditer(text):
        term, theme = terms[int(m.lastgroup[1:])]
        found.append((m.start(), m.end(), term, theme))
    return _decide(found)


def _wanted(terms_or_theme) -> list[str]:
    """The terms asked for: a theme key's lexicon terms, or a list of terms (one per spelling)."""
    if isinstance(terms_or_theme, str):
        if terms_or_theme not in THEMES:
            raise KeyError(
                f"unknown theme {terms_or_theme!r}; known: {', '.join(THEMES)} (pass a list of terms to count words)"
            )
        return list(lexicon()[terms_or_theme]["terms"])
    terms: dict[str, str] = {}
    for term in terms_or_theme:
        if not isinstance(term, str) or not term.strip():
            raise ValueError(f"a term must be a non-empty string, got {term!r}")
        terms.setdefault(_key(term), term)  # "B端" and "B 端" are one term: the first spelling names it
    if not terms:
        raise ValueError("no terms given")
    return list(terms.values())


@cache
def _extended(outside: tuple[str, ...]) -> tuple[list[tuple[str, str]], re.Pattern[str]]:
    """The lexicon plus words outside it (theme ""), longest first, and one matcher for them all."""
    entries = sorted([*_terms(), *((w, "") for w in outside)], key=lambda x: -len(x[0]))
    pattern = re.compile("|".join(f"(?P<t{i}>{_term_pattern(t)})" for i, (t, _) in enumerate(entries)), re.IGNORECASE)
    return entries, pattern


def _hits(terms: list[str], sents: pd.DataFrame) -> pd.DataFrame:
    lexicon_terms = {_key(t): t for t, _ in _terms()}
    name = {}  # term as find_terms reports it → term as asked for
    outside = []
    for term in terms:
        if _key(term) in lexicon_terms:
            name[lexicon_terms[_key(term)]] = term
        else:
            name[term] = term
            outside.append(term)
    entries, matcher = _extended(tuple(sorted(outside))) if outside else (_terms(), _matcher())
    # Only sentences that can hold a wanted term are matched (a superset: the longest-match rule decides).
    maybe = re.compile("|".join(_term_pattern(t) for t in sorted(name, key=len, reverse=True)), re.IGNORECASE)
    rows = []
    for doc_id, sent, s_start, text in zip(sents.doc_id, sents.sent, sents.start, sents.text, strict=True):
        if not maybe.search(text):
            continue
        found = [(m.start(), m.end(), *entries[int(m.lastgroup[1:])]) for m in matcher.finditer(text)]
        own = {th for *_, th in found if th in THEMES}
        for start, end, term, th in found:
            if term not in name:
                continue
            if th == SHARED:  # the themes it counts for in this sentence (see find_terms)
                th = "+".join(t for t in _shared()[term] if t in own)
            rows.append((doc_id, sent, name[term], th, s_start + start, s_start + end))
    return pd.DataFrame(rows, columns=["doc_id", "sent", "term", "theme", "start", "end"])


def term_hits(terms_or_theme, corpus_dir=None, doc_ids=None) -> pd.DataFrame:
    """Every occurrence of some terms, found the way the lexicon finds them.

    ``terms_or_theme`` is a theme key (all its lexicon terms; shared ones only when listed) or a
    list of terms. Matching is
    ``find_terms``'s: case-insensitive, Latin ends whole words, an optional space where Latin meets
    CJK, and the longest term first across all themes — so 数据 inside 数据中心 is the compute term
    数据中心, not data. A word outside the lexicon (算法) joins the competition for this call: it is
    found where no longer term covers it, and a longer one covers the lexicon terms inside it.
    ``doc_ids`` restricts the documents.

    One row per occurrence: doc_id, sent, term (as asked for), theme (the lexicon's, "" for a
    word outside it; for a shared term the themes it counts for in that sentence joined by "+",
    "" if none), start, end (offsets in the document's text, as in ``kwic``).
    """
    sents = corpus.sentences(corpus_dir)
    if doc_ids is not None:
        sents = sents[sents.doc_id.isin(list(doc_ids))]
    return _hits(_wanted(terms_or_theme), sents)


def term_counts(terms_or_theme, corpus_dir=None, doc_ids=None) -> pd.DataFrame:
    """Hits per term and article (``term_hits`` counted): doc_id, term, hits.

    Every pair is a row, zeros included: the articles of ``doc_ids`` in that order (default: every
    article of the corpus, sorted), each with the terms in the order given (a theme's in lexicon
    order). Per article the hits of a theme's terms add up to ``score()``'s hits for that theme.
    """
    terms = _wanted(terms_or_theme)
    sents = corpus.sentences(corpus_dir)
    if doc_ids is not None:
        docs = list(dict.fromkeys(doc_ids))
        sents = sents[sents.doc_id.isin(docs)]
    else:
        docs = sorted(sents.doc_id.unique())
    hits = _hits(terms, sents)
    grid = pd.MultiIndex.from_product([docs, terms], names=["doc_id", "term"])
    counts = hits.groupby(["doc_id", "term"]).size().reindex(grid, fill_value=0).astype(int)
    return counts.rename("hits").reset_index()


@dataclass
class Scores:
    sentences: pd.DataFrame  # doc_id, sent, theme, hits
    documents: pd.DataFrame  # doc_id, theme, hits, sentences (with the theme), n_sentences, share


def score(corpus_dir=None) -> Scores:
    """Theme hits per sentence, and per document the hits and the share of sentences with a hit.

    Hits are of a theme's own terms: a shared term counts for a theme only in a sentence that one
    of its own terms already counts (``find_terms``), so it adds no sentence, and no hit either —
    the sum of ``term_counts(theme)`` stays the theme's hits."""
    sents = corpus.sentences(corpus_dir)
    shared = _shared()
    rows = []
    for doc_id, sent, text in zip(sents.doc_id, sents.sent, sents.text, strict=True):
        counts: dict[str, int] = {}
        for _, _, term, theme in find_terms(text):
            if term not in shared:
                counts[theme] = counts.get(theme, 0) + 1
        rows += [(doc_id, sent, theme, n) for theme, n in counts.items()]
    per_sentence = pd.DataFrame(rows, columns=["doc_id", "sent", "theme", "hits"])
    n_sent = sents.groupby("doc_id").size().rename("n_sentences")
    grid = pd.MultiIndex.from_product([n_sent.index, THEMES], names=["doc_id", "theme"])
    per_doc = (
        per_sentence.groupby(["doc_id", "theme"])
        .agg(hits=("hits", "sum"), sentences=("sent", "nunique"))
        .reindex(grid, fill_value=0)
        .reset_index()
        .merge(n_sent, on="doc_id")
    )
    per_doc["share"] = per_doc.sentences / per_doc.n_sentences
    return Scores(per_sentence, per_doc)


def kwic(term: str, width: int = 20, corpus_dir=None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``width`` characters either side.

    ``start``/``end`` are offsets of the term in its document's text (the article page links there).
    """
    sents = corpus.sentences(corpus_dir)
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    rows = []
    for doc_id, sent, s_start, text in zip(sents.doc_id, sents.sent, sents.start, sents.text, strict=True):
        for m in pattern.finditer(text):
            rows.append(
                (
                    doc_id,
                    sent,
                    text[max(0, m.start() - width) : m.start()],
                    m.group(),
                    text[m.end() : m.end() + width],
                    s_start + m.start(),
                    s_start + m.end(),
                )
            )
    return pd.DataFrame(rows, columns=["doc_id", "sent", "left", "term", "right", "start", "end"])


def cooccurrence(
    theme: str,
    categories=("company", "product", "cloud", "chip"),
    corpus_dir=None,
    *,
    scores: Scores | None = None,
    with_doc_ids: bool = False,
) -> pd.DataFrame:
    """Entities (names of ``categories``) named in the sentences where ``theme`` is hit: tokens that
    are names-table terms of those categories, and names segmentation keeps whole by a rule
    (``segment.name_kind``): a model version counts as the row it is built on (可灵1.6 is 可灵,
    Qwen2.5-Max is Qwen), a company's other spelling as the company (讯飞 is 科大讯飞), a cloud
    unit or a person as itself (腾讯云, 拉里·埃里森).

    entity, category, sentences (theme sentences naming it), share (of all theme sentences), and
    with ``with_doc_ids`` doc_ids: the articles of those sentences, sorted and joined with ";"
    (a figure's ``source_id`` as it stands; ``facts.split_ids`` splits it). ``scores`` is
    ``score(corpus_dir)`` when the caller has it already (it is not computed again).
    """
    if theme not in THEMES:
        raise KeyError(f"unknown theme {theme!r}; known: {', '.join(THEMES)}")
    hit = (scores if scores is not None else score(corpus_dir)).sentences
    theme_sents = hit.loc[hit.theme == theme, ["doc_id", "sent"]].drop_duplicates()
    # Count on jieba tokens, not substrings, so 字节 inside 字节跳动 is not a second entity.
    toks = corpus.tokens(corpus_dir).merge(theme_sents, on=["doc_id", "sent"])
    gloss = segment.glossary()
    category = dict(zip(gloss.term, gloss.category, strict=True))
    entity = {t: t for t in category}
    for tok in set(toks.token) - set(category):
        kind = segment.name_kind(tok)
        if kind and kind[0] == "model" and kind[1] in category:
            entity[tok] = kind[1]
        elif kind:
            entity[tok], category[tok] = tok, kind[0]
    # A company's other spelling (字节, Open AI, 大摩: a row whose ``company`` is a company row)
    # counts as that company, so a sentence naming it either way counts once, under one name.
    owner = dict(zip(gloss.term, gloss.company, strict=True))
    for tok, e in entity.items():
        if category[e] == "company" and category.get(owner.get(e, "")) == "company":
            entity[tok] = owner[e]
    wanted = {t for t, e in entity.items() if category[e] in categories}
    named = toks[toks.token.isin(wanted)].assign(token=lambda d: d.token.map(entity))
    named = named.drop_duplicates(["doc_id", "sent", "token"])
    counts = named.groupby("token").size()
    where = named.groupby("token").doc_id.agg(lambda s: ";".join(sorted(set(s))))
    rows = [(t, category[t], int(n), n / max(len(theme_sents), 1), where[t]) for t, n in counts.items()]
    out = pd.DataFrame(rows, columns=["entity", "category", "sentences", "share", "doc_ids"])
    if not with_doc_ids:
        out = out.drop(columns="doc_ids")
    return out.sort_values(["sentences", "entity"], ascending=[False, True], ignore_index=True)
