"""What a source id (fact, reference, assumption or article) says, and where the site explains it."""

from __future__ import annotations

import dataclasses

from baimo import provenance
from baimo.site import values
from baimo.site.quotes import Highlights

KIND_ORDER = {"fact": 0, "reference": 1, "assumption": 2, "article": 3, "unknown": 4}


@dataclasses.dataclass
class SourceEntry:
    """One source id explained; ``href`` is relative to the site root ("" when there is no page to link)."""

    id: str
    kind: str  # fact, reference, assumption, article or unknown
    href: str = ""
    title: str = ""  # the link's tooltip; an article's title
    summary: str = ""  # fact, reference: entity · metric · period: value
    quote: str = ""  # fact
    doc_id: str = ""
    doc_short: str = ""
    doc_title: str = ""
    source_title: str = ""  # reference
    source_publisher: str = ""
    source_date: str = ""
    source_url: str = ""
    note: str = ""
    name: str = ""  # assumption
    value: str = ""
    unit: str = ""
    why: str = ""
    outlet: str = ""  # article; a fact: its article's
    published: str = ""


class Catalog:
    """The facts, references, assumptions and articles a figure can cite, by id."""

    def __init__(self, facts_df, refs_df, assumptions_df, docs, hl: Highlights):
        self.facts = _by_id(facts_df, "fact_id")
        self.refs = _by_id(refs_df, "ref_id")
        self.assumptions = _by_id(assumptions_df, "assumption_id")
        self.docs = {r["doc_id"]: r for r in docs.to_dict("records")}
        self.hl = hl
        self._cache: dict[str, SourceEntry] = {}

    def kind(self, sid: str) -> str:
        if sid in self.facts:
            return "fact"
        if sid in self.refs:
            return "reference"
        if sid in self.assumptions:
            return "assumption"
        if sid in self.docs:
            return "article"
        return "unknown"

    def entry(self, sid: str) -> SourceEntry:
        if sid not in self._cache:
            kind = self.kind(sid)
            explain = {
                "fact": self._fact,
                "reference": self._reference,
                "assumption": self._assumption,
                "article": self._article,
            }.get(kind)
            self._cache[sid] = explain(sid) if explain else SourceEntry(sid, kind)
        return self._cache[sid]

    def _fact(self, sid: str) -> SourceEntry:
        r = self.facts[sid]
        doc = values.text(r.get("doc_id"))
        quote = values.text(r.get("quote"))
        href = provenance.href(sid, doc) if sid in self.hl.located else ""  # no sentence to link when the quote is lost
        return SourceEntry(
            sid,
            "fact",
            href=href,
            title=quote,
            summary=values.summary(r),
            quote=quote,
            doc_id=doc,
            doc_short=doc[:3],
            doc_title=values.text(self.docs.get(doc, {}).get("title")),
            outlet=values.outlet(self.docs.get(doc, {}).get("outlet")) if doc in self.docs else "",
            published=values.text(self.docs.get(doc, {}).get("published")),
        )

    def _reference(self, sid: str) -> SourceEntry:
        r = self.refs[sid]
        title, publisher, date, url, note = (
            values.text(r.get(k)) for k in ("source_title", "source_publisher", "source_date", "source_url", "note")
        )
        return SourceEntry(
            sid,
            "reference",
            href=provenance.href(sid),
            title=", ".join(x for x in (title, publisher) if x),
            summary=values.summary(r),
            source_title=title,
            source_publisher=publisher,
            source_date=date,
            source_url=url if url.startswith(("http://", "https://")) else "",
            note=note,
        )

    def _assumption(self, sid: str) -> SourceEntry:
        r = self.assumptions[sid]
        name, unit, value = values.text(r.get("name")), values.text(r.get("unit")), values.number(r.get("value"))
        return SourceEntry(
            sid,
            "assumption",
            href=provenance.href(sid),
            title=f"{name} = {value} {unit}",
            name=name,
            value=value,
            unit=unit,
            why=values.text(r.get("why")),
        )

    def _article(self, sid: str) -> SourceEntry:
        d = self.docs[sid]
        return SourceEntry(
            sid,
            "article",
            href=provenance.href(sid),
            title=values.text(d.get("title")),
            outlet=values.outlet(d.get("outlet")),
            published=values.text(d.get("published")),
        )

    def link(self, ids: list[str]) -> str:
        """Where a mark drawing these ids links, from the site root: a fact's highlighted sentence
        first, else the first id's explanation ("" when none has a page)."""
        entries = [self.entry(s) for s in ids]
        fact = next((e for e in entries if e.kind == "fact" and e.href), None)
        first = fact or next((e for e in entries if e.href), None)
        return first.href if first else ""

    def hover(self, ids: list[str]) -> str:
        """What a mark's tooltip says about its sources: a fact's value and verbatim quote with its
        article, a reference's value and citation, an assumption's value, an article's title."""
        lines = []
        for e in (self.entry(s) for s in ids):
            if e.kind == "fact":
                lines += [e.summary, f"「{e.quote}」", f"— {e.outlet} {e.published}".rstrip()]
            elif e.kind == "reference":
                lines += [e.summary, " ".join(x for x in (e.title, e.source_date) if x)]
            elif e.kind == "assumption":
                lines.append(f"Assumption: {e.name} = {e.value} {e.unit}".rstrip())
            elif e.kind == "article":
                lines.append(f"{e.title} — {e.outlet}, {e.published}")
        return "\n".join(x for x in lines if x)

    def who(self, ids: list[str], most: int = 4) -> str:
        """Who said it, for a figure's caption: each article's outlet and date, each reference's
        publisher and date (sorted; past ``most``, how many more)."""
        names = []
        for e in (self.entry(s) for s in ids):
            if e.kind in ("fact", "article") and e.outlet:
                names.append(f"{e.outlet} {e.published}".strip())
            elif e.kind == "reference":
                names.append(f"{e.source_publisher} {e.source_date}".strip())
        names = sorted(dict.fromkeys(n for n in names if n))
        if len(names) > most:
            names = [*names[:most], f"{len(names) - most} more"]
        return "; ".join(names)


def _by_id(df, id_col: str) -> dict[str, dict]:
    return {r[id_col]: r for r in df.to_dict("records") if values.text(r.get(id_col))}
