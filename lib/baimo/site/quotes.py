"""Facts → sentences: where each fact's quote is in its article, and an article's paragraphs as
plain and highlighted sentences with theme marks in the margin."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from baimo import themes
from baimo.site import values


@dataclasses.dataclass
class Quoted:
    """The facts quoting one sentence; its anchor carries ``anchor_facts`` (the quotes starting in it)."""

    facts: list[str] = dataclasses.field(default_factory=list)
    anchor_facts: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Highlights:
    by_sentence: dict[tuple[str, int], Quoted]  # (doc_id, sent) → the facts quoting it
    marks: dict[str, list[tuple[int, int]]]  # doc_id → character spans of quotes
    located: dict[str, tuple[str, int]]  # fact_id → (doc_id, first sent)
    unmatched: dict[str, list[dict]]  # doc_id → fact rows whose quote was not found


def locate_quotes(docs, sents, facts_df) -> Highlights:
    """Find each fact's quote in its article; the sentences it overlaps are highlighted.

    The quote is searched in the cleaned text, so a quote inside one sentence highlights that
    sentence and a quote spanning several highlights them all; the fact's anchor goes on the first.
    """
    texts = dict(zip(docs.doc_id, docs.text, strict=True))
    by_doc = {d: g.sort_values("start") for d, g in sents.groupby("doc_id")}
    hl = Highlights(defaultdict(Quoted), defaultdict(list), {}, defaultdict(list))
    for row in facts_df.to_dict("records"):
        fid, doc, quote = values.text(row.get("fact_id")), values.text(row.get("doc_id")), values.text(row.get("quote"))
        if not fid or doc not in texts:
            continue
        pos = texts[doc].find(quote) if quote else -1
        hit = []
        if pos >= 0:
            end = pos + len(quote)
            g = by_doc.get(doc)
            if g is not None:
                hit = [int(s) for s, a, b in zip(g.sent, g.start, g.end, strict=True) if a < end and b > pos]
        if not hit:
            hl.unmatched[doc].append(row)
            continue
        hl.marks[doc].append((pos, pos + len(quote)))
        hl.located[fid] = (doc, hit[0])
        for i, s in enumerate(hit):
            entry = hl.by_sentence[(doc, s)]
            entry.facts.append(fid)
            if i == 0:
                entry.anchor_facts.append(fid)
    return hl


@dataclasses.dataclass
class Segment:
    text: str
    mark: bool  # inside a quote


@dataclasses.dataclass
class Part:
    """A piece of a paragraph: a sentence (``kind == "sent"``) or the text between sentences (``"gap"``)."""

    kind: str
    text: str = ""
    sent: int = -1
    quoted: bool = False
    facts: list[str] = dataclasses.field(default_factory=list)
    anchor_facts: list[str] = dataclasses.field(default_factory=list)
    segments: list[Segment] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class MarginMark:
    color: str
    title: str


@dataclasses.dataclass
class Paragraph:
    n: int
    parts: list[Part]
    margin: list[MarginMark]


def segments(text: str, offset: int, marks: list[tuple[int, int]]) -> list[Segment]:
    """Split a sentence into plain and marked (quoted) pieces; ``offset`` is its start in the doc."""
    end = offset + len(text)
    spans = sorted((max(a, offset) - offset, min(b, end) - offset) for a, b in marks if a < end and b > offset)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, cur = [], 0
    for a, b in merged:
        if a > cur:
            out.append(Segment(text[cur:a], False))
        out.append(Segment(text[a:b], True))
        cur = b
    if cur < len(text):
        out.append(Segment(text[cur:], False))
    return out


def article_paragraphs(text: str, doc_sents, doc_id: str, hl: Highlights) -> list[Paragraph]:
    """Paragraphs (lines of the cleaned text) as gaps and sentences, with theme margin marks."""
    sents_by_para = defaultdict(list)
    for s in doc_sents.sort_values("start").itertuples(index=False):
        sents_by_para[int(s.para)].append(s)
    marks = hl.marks.get(doc_id, [])
    out, pos = [], 0
    for para, line in enumerate(text.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        items, cur = [], start
        for s in sents_by_para.get(para, []):
            a, b = int(s.start), int(s.end)
            if a > cur:
                items.append(Part("gap", text[cur:a]))
            items.append(_sentence(text[a:b], a, int(s.sent), hl.by_sentence.get((doc_id, int(s.sent))), marks))
            cur = b
        if cur < start + len(line):
            items.append(Part("gap", text[cur : start + len(line)]))
        out.append(Paragraph(para, items, _margin(line)))
    return out


def _sentence(text: str, start: int, sent: int, quoted: Quoted | None, marks: list[tuple[int, int]]) -> Part:
    quoted = quoted or Quoted()
    pieces = segments(text, start, marks) if quoted.facts else [Segment(text, False)]
    return Part(
        "sent",
        sent=sent,
        quoted=bool(quoted.facts),
        facts=quoted.facts,
        anchor_facts=quoted.anchor_facts,
        segments=pieces,
    )


def _margin(line: str) -> list[MarginMark]:
    """A mark per theme whose terms occur in the paragraph, titled with the terms and their counts."""
    lex = themes.lexicon()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, _, term, theme in themes.find_terms(line):
        counts[theme][term] += 1
    return [
        MarginMark(
            lex[t]["color"],
            f"{lex[t]['label_zh']} {lex[t]['label_en']}: " + ", ".join(f"{k} ×{v}" for k, v in counts[t].items()),
        )
        for t in lex
        if t in counts
    ]
