"""The one names table (``data/userdict.tsv``) as lookups for the chapters.

The table segmentation reads is also where a chapter finds who makes a model (``company``), the
other spellings of a name (``aliases``: a snapshot's ``deepseek-chat`` is DeepSeek-V2), and groups
such as 大厂 (``group``). Nothing about names is typed into a chapter.

A spelling that articles write and that should be counted is a row of its own, pointing to the
full name through ``company`` (字节 → 字节跳动, Open AI → OpenAI, 南都 → 南方都市报), and is counted
as that name (``themes.cooccurrence``); ``aliases`` are spellings for lookups only (English names,
API ids). An affiliate — a fund, a unit, a subsidiary (幻方量化, 平头哥) — is a company of its own
with an empty ``company``: its gloss says whose it is. Names that segmentation keeps whole by a
rule rather than a row (``segment.name_kind``: Qwen2.5-Max, 腾讯云, 拉里·埃里森) are looked up
through the row they are built on: ``company("Qwen2.5-Max")`` is 阿里, Qwen's company.
"""

from __future__ import annotations

import functools

import pandas as pd

from baimo import paths, provenance, segment


@functools.cache
def table() -> pd.DataFrame:
    """The names table, indexed by term."""
    return segment.glossary().set_index("term", drop=False)


def canonical(name: str) -> str:
    """The table's term for a name or one of its aliases (unknown names come back unchanged)."""
    t = table()
    if name in t.index:
        return name
    for term, aliases in zip(t.term, t.aliases, strict=True):
        if name in provenance.split_ids(aliases.replace("|", ";")):
            return term
    return name


def category(name: str) -> str:
    """The table's category for a name (or alias), the name rule's for a rule-made name
    (Qwen2.5-Max is a model, 腾讯云 a cloud), "" for anything else."""
    term = canonical(name)
    t = table()
    if term in t.index:
        return t.category[term]
    kind = segment.name_kind(term)
    return kind[0] if kind else ""


def company(name: str) -> str:
    """Who a product, model or short form belongs to: the company's term (itself for a company);
    for a rule-made name, the company of the row it is built on (GPT-4-Turbo → OpenAI)."""
    term = canonical(name)
    t = table()
    if term not in t.index:
        kind = segment.name_kind(term)
        return company(kind[1]) if kind and kind[1] in t.index else term
    owner = t.company[term]
    return owner or term


def label(term: str) -> str:
    """ "智谱 Zhipu": the term and the first words of its English gloss (before any parenthesis);
    the gloss alone when it holds the term ("Microsoft Azure" for Azure, not "Azure Microsoft Azure")."""
    t = table()
    gloss = t.gloss_en.get(term, "").split(" (")[0]
    if not gloss or term in gloss:
        return gloss or term
    return f"{term} {gloss}"


def members(group: str) -> list[str]:
    """The companies of a group (``大厂``), in table order."""
    t = table()
    return list(t.term[t.group == group])


def problems() -> list[str]:
    """What ``baimo check`` reports about the table: an alias that is another term or alias, a
    company that is neither a company row nor a row of the same category, a group on a row that
    is not a company."""
    t, out, seen = table(), [], {}
    path = paths.USERDICT.name
    for r in t.itertuples(index=False):
        for alias in provenance.split_ids(r.aliases.replace("|", ";")):
            if alias in t.index or alias in seen:
                out.append(
                    f"{path} ({r.term}): alias {alias!r} is also {'a term' if alias in t.index else seen[alias]}"
                )
            seen[alias] = f"an alias of {r.term}"
        # a short form may point to the full name of its own kind (南都 → 南方都市报, an outlet)
        if r.company and (r.company not in t.index or t.category[r.company] not in ("company", r.category)):
            out.append(f"{path} ({r.term}): company {r.company!r} is not a company row of the table")
        if r.group and r.category != "company":
            out.append(f"{path} ({r.term}): group {r.group!r} on a {r.category} row; groups are of companies")
    return out
