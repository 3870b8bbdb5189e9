"""Facts, references and assumptions: the only places a drawn number may come from.

- ``seeds/facts.csv``       F-…  the articles' own claims, each with its verbatim quote
- ``seeds/references.csv``  R-…  outside facts for cross-checks, each with a citation
- ``seeds/assumptions.csv`` A-…  stated choices (exchange rate, MFU, tolerances), each with a reason

``verify()`` lists every problem (file, line, id, reason); ``python -m baimo check`` fails on any.
For the notebooks: ``bounds()`` reads a row's qualifier into an interval, ``table()`` shows rows by
id with their quotes, ``cite()``/``outlet()`` name the article a fact quotes.

Optional columns of ``facts.csv`` (``FACT_EXTRA``): ``hedge``, the words of its sentence that hedge
the number (``HEDGES``), and ``date_conflict``, a reference (R-…) dating the figure otherwise.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from baimo import cache, corpus, csvtables, formatting, paths, provenance, quantities, sources
from baimo.provenance import split_ids

THEMES = ("price_war", "monetization", "compute", "data")
NUMERIC = ["theme", "entity", "metric", "period", "low", "high", "unit", "per", "qualifier"]
FACT_COLUMNS = ["fact_id", *NUMERIC, "doc_id", "quote", "note"]
REFERENCE_COLUMNS = ["ref_id", *NUMERIC, "source_title", "source_publisher", "source_date", "source_url", "note"]
ASSUMPTION_COLUMNS = ["assumption_id", "name", "value", "unit", "why"]
TABLES = {
    # file → (id column, prefix, columns, required)
    "facts.csv": (
        "fact_id",
        "F-",
        FACT_COLUMNS,
        ["fact_id", "theme", "entity", "metric", "low", "high", "unit", "doc_id", "quote"],
    ),
    "references.csv": (
        "ref_id",
        "R-",
        REFERENCE_COLUMNS,
        [
            "ref_id",
            "theme",
            "entity",
            "metric",
            "low",
            "high",
            "unit",
            "source_publisher",
            "source_date",
        ],  # source_title may be empty: a page that states no title gets none invented
    ),
    "assumptions.csv": ("assumption_id", "A-", ASSUMPTION_COLUMNS, ["assumption_id", "name", "value", "unit", "why"]),
}
#: How an article with no stated outlet is named (the manifest says "unknown").
NO_OUTLET = "未署名"
UNITLESS = "none"  # a quantity with a magnitude but no unit word (估值过200亿): unit=none in the table
FACT_EXTRA = ["hedge", "date_conflict"]
#: What a hedge says about a number (as a chart names it), and the words that say it.
HEDGES = {
    "据报道 reported": re.compile(r"据[^，。,；;：:]{0,8}?报道|报道称|据悉"),
    "预计 forecast": re.compile(r"预计|预期|有望|据[^，。,；;：:]{0,10}?预测|(?<!支出)预测数据"),
    "估计 estimate": re.compile(r"据[^，。,；;：:]{0,10}?(?:估计|推算)|估算"),
    "有机构 unnamed source": re.compile(r"有机构"),
    "业内人士 insider": re.compile(r"业内人士|知情人士|内部人士"),
}
CLAUSE = re.compile(r"[，,；;：:]")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    row_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.row_id or 'no id'}): {self.reason}"


def _read(name: str, seeds_dir: Path | None = None) -> tuple[pd.DataFrame, list[int]]:
    return csvtables.read(Path(seeds_dir or paths.SEEDS) / name)


_field_counts = csvtables.field_counts
_typed = csvtables.typed


def _select(name: str, seeds_dir: Path | None, numeric: list[str], theme=None, ids=None) -> pd.DataFrame:
    """Read a table, optionally only some themes or ids, and tell the build what was read."""
    id_col = TABLES[name][0]
    table = _typed_table(name, seeds_dir, tuple(numeric))
    df, rows_of = table.frame, table.rows_of
    select = {}
    if theme is not None:
        themes = [theme] if isinstance(theme, str) else list(theme)
        df, select["theme"] = df[df.theme.isin(themes)], themes
    if ids is not None:
        ids = [ids] if isinstance(ids, str) else list(ids)
        present = set(df[id_col]) if theme is not None else rows_of
        unknown = sorted(set(ids) - set(present))
        if unknown:
            raise KeyError(f"{name}: unknown id(s) {', '.join(unknown)}")
        # every row of each id, in the order asked (the frame's index is the table's row number)
        df, select[id_col] = df.loc[[r for i in ids for r in rows_of[i] if r in df.index]], ids
    cache.record_read("table", Path(seeds_dir or paths.SEEDS) / name, select)
    return df.reset_index(drop=True) if select else df.copy()  # never the shared table itself


def _typed_table(name: str, seeds_dir: Path | None, numeric: tuple[str, ...]) -> csvtables.Indexed:
    return csvtables.indexed(Path(seeds_dir or paths.SEEDS) / name, TABLES[name][0], numeric)


def facts_unrecorded(seeds_dir: Path | None = None) -> pd.DataFrame:
    """Every fact, read without telling the build (for checks and notes, not for figures)."""
    return _typed(_read("facts.csv", seeds_dir)[0], ["low", "high"])


def facts(seeds_dir: Path | None = None, *, theme=None, ids=None) -> pd.DataFrame:
    """The articles' claims: one row per number, with its verbatim quote.

    ``theme`` (one or several) or ``ids`` restrict the rows; a notebook that asks only for its
    theme is re-run by the build only when rows of that theme change.
    """
    return _select("facts.csv", seeds_dir, ["low", "high"], theme, ids)


def references(seeds_dir: Path | None = None, *, theme=None, ids=None) -> pd.DataFrame:
    """Outside facts with citations (same filters as ``facts``)."""
    return _select("references.csv", seeds_dir, ["low", "high"], theme, ids)


def assumptions(seeds_dir: Path | None = None, *, ids=None) -> pd.DataFrame:
    """Stated choices, indexed by assumption_id (``assumptions().value["A-cny-per-usd"]``)."""
    return _select("assumptions.csv", seeds_dir, ["value"], None, ids).set_index("assumption_id", drop=False)


def assumption(assumption_id: str, seeds_dir: Path | None = None, *, override: float | None = None) -> float:
    """One assumption's value; ``override`` (a papermill parameter) wins when given."""
    value = float(assumptions(seeds_dir, ids=[assumption_id]).value.iloc[0])
    return value if override is None else float(override)


# ---------------------------------------------------------------------------------------------
# Reading the rows: intervals, citations, a table of sources

QUALIFIERS = ("over", "under", "about", "up_to")  # as quantities.QUALIFIERS writes them


def _field(row, name: str):
    try:
        return row[name]
    except (KeyError, TypeError, IndexError):
        return getattr(row, name)


def bounds(row) -> tuple[float, float]:
    """A fact's or reference's value as the interval it claims: (low, high).

    ``row`` is a row of ``facts()``/``references()`` (a Series, a dict or an ``itertuples`` row)
    with ``low``, ``high`` and ``qualifier``. 超过/over opens the upper end (low, inf); 不足/under
    and 至多/up_to open the lower end (-inf, high); 约/about and no qualifier keep (low, high).
    """
    low, high = float(_field(row, "low")), float(_field(row, "high"))
    qualifier = _field(row, "qualifier")
    qualifier = "" if qualifier is None or (isinstance(qualifier, float) and math.isnan(qualifier)) else str(qualifier)
    if qualifier == "over":
        return (low, math.inf)
    if qualifier in ("under", "up_to"):
        return (-math.inf, high)
    if qualifier in ("", "about"):
        return (low, high)
    raise ValueError(f"unknown qualifier {qualifier!r}; known: {', '.join(QUALIFIERS)}")


_RECORDED: set[tuple[str, str]] = set()
_MANIFESTS: dict[tuple[str, int, int], dict[str, tuple[str, str]]] = {}


def _manifest(seeds_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    """doc_id → (outlet, published) from the seeds' manifest (read once while the file is unchanged)."""
    path = (Path(seeds_dir or paths.SEEDS) / "manifest.csv").resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _MANIFESTS:
        m = sources.read_manifest(path)
        _MANIFESTS[key] = {d: (str(o), str(p)) for d, o, p in zip(m.doc_id, m.outlet, m.published, strict=True)}
    target = os.environ.get("BAIMO_READS", "")
    if target and (target, str(path)) not in _RECORDED:  # the build re-runs a notebook when it changes
        cache.record_read("file", path)
        _RECORDED.add((target, str(path)))
    return _MANIFESTS[key]


def _article(doc_id: str, docs=None, seeds_dir: Path | None = None) -> tuple[str, str]:
    """(outlet as the manifest writes it, published) of an article: from ``docs`` (a documents
    table, doc_id as column or index) when it has it, else from the seed manifest."""
    if docs is not None:
        table = docs.set_index("doc_id") if "doc_id" in docs.columns else docs
        if doc_id in table.index:
            return str(table.outlet[doc_id]), str(table.published[doc_id])
    manifest = _manifest(seeds_dir)
    if doc_id not in manifest:
        raise KeyError(f"unknown article {doc_id!r}: not in the documents given nor in the seed manifest")
    return manifest[doc_id]


def outlet(doc_id: str, docs=None, *, seeds_dir: Path | None = None) -> str:
    """The outlet's short name: "24直播网 (repost of …)" → "24直播网"; "unknown" where none is stated.

    ``docs`` (a documents table, e.g. ``corpus.load(corpus_dir)``) is looked in first; facts quote
    the seed articles, so an id it lacks is looked up in the seed manifest.
    """
    return short_outlet(_article(doc_id, docs, seeds_dir)[0])


def short_outlet(raw) -> str:
    """ "24直播网 (repost of …)" → "24直播网"; no stated outlet ("unknown", empty) → "未署名"."""
    name = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw).split(" (")[0].strip()
    return NO_OUTLET if name in ("", "unknown") else name


def cite(doc_id: str, docs=None, *, sep: str = ", ", seeds_dir: Path | None = None) -> str:
    """An article as prose and figures cite it: "定焦, 2024-07" (``sep`` between outlet and date)."""
    return f"{outlet(doc_id, docs, seeds_dir=seeds_dir)}{sep}{_article(doc_id, docs, seeds_dir)[1]}"


def _number(x: float) -> str:
    """1.5e9 → '1.5 bn', 1.2e13 → '12 tn', 52.05 → '52.05', 2028 → '2028': for reading, not computing."""
    if isinstance(x, float) and math.isnan(x):
        return ""
    for div, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if abs(x) >= div:
            return f"{x / div:g}{suffix}"
    return f"{x:g}"


TABLE_COLUMNS = ["id", "value", "unit", "qualifier", "quote", "source"]


def table(ids, seeds_dir: Path | None = None) -> pd.DataFrame:
    """The rows behind some ids, to show under a figure or a check: one row per id (repeats dropped,
    order kept), indexed by ``id``.

    value (``low`` or ``low–high``, large numbers as m/bn/tn), unit (with "per …"), qualifier,
    quote (a fact's verbatim quote) and source: for a fact its article ("定焦, 2024-07"), for a
    reference "publisher: title (date)", for an assumption why it was chosen. ``ids`` may mix
    F-, R- and A- ids (a "F-a;R-b" cell counts as two).
    """
    ids = list(dict.fromkeys(i for cell in ([ids] if isinstance(ids, str) else ids) for i in split_ids(cell)))
    by_kind = {p: [i for i in ids if i.startswith(p)] for p in ("F-", "R-", "A-")}
    unknown = [i for i in ids if i[:2] not in by_kind]
    if unknown:
        raise KeyError(f"not a fact, reference or assumption id: {', '.join(unknown)}")
    F = facts(seeds_dir, ids=by_kind["F-"]).set_index("fact_id") if by_kind["F-"] else None
    R = references(seeds_dir, ids=by_kind["R-"]).set_index("ref_id") if by_kind["R-"] else None
    A = assumptions(seeds_dir, ids=by_kind["A-"]) if by_kind["A-"] else None
    rows = []
    for i in ids:
        if i.startswith("A-"):
            a = A.loc[i]
            rows.append(dict(zip(TABLE_COLUMNS, [i, _number(float(a.value)), a.unit, "", "", a.why], strict=True)))
            continue
        r = (F if i.startswith("F-") else R).loc[i]
        value = _number(r.low) if r.low == r.high else f"{_number(r.low)}–{_number(r.high)}"
        source = cite(r.doc_id, seeds_dir=seeds_dir) if i.startswith("F-") else reference_citation(r)
        unit, quote = r.unit + (f" per {r.per}" if r.per else ""), r.quote if i.startswith("F-") else ""
        rows.append(dict(zip(TABLE_COLUMNS, [i, value, unit, r.qualifier, quote, source], strict=True)))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS).set_index("id")


def known_ids(seeds_dir: Path | None = None, corpus_dir=None, *, record: bool = True) -> set[str]:
    """Every id a figure may cite: facts, references, assumptions, the seed articles and, with
    ``corpus_dir``, the articles of that dataset. ``record=False`` reads without telling the
    build (a check, not a dependency: the notebook recorded the rows it actually used)."""
    seeds = Path(seeds_dir or paths.SEEDS)
    if record:
        ids = (
            set(facts(seeds_dir).fact_id)
            | set(references(seeds_dir).ref_id)
            | set(assumptions(seeds_dir).assumption_id)
        )
    else:
        ids = {
            i for name, (col, *_rest) in TABLES.items() if (seeds / name).exists() for i in _read(name, seeds)[0][col]
        }
    if record:
        ids |= set(sources.read_manifest(seeds / "manifest.csv").doc_id)
    elif (seeds / "manifest.csv").exists():  # the ids only: whether the files are there is check's business
        ids |= set(_read("manifest.csv", seeds)[0].get("doc_id", []))
    if corpus_dir is not None:
        ids |= set(pd.read_parquet(corpus.dataset_dir(corpus_dir) / "documents", columns=["doc_id"]).doc_id)
    return ids


def describe_quantity(q) -> str:
    """One quantity as ``extract()`` read it: "'50%-60%': 50–60 percent (about)"."""
    value = f"{q.low:g}" if q.low == q.high else f"{q.low:g}–{q.high:g}"
    per = f" per {q.per}" if q.per else ""
    return f"{q.surface!r}: {value} {q.unit or UNITLESS}{per}" + (f" ({q.qualifier})" if q.qualifier else "")


def _found_in_quote(unit: str, quote: str) -> str:
    found = quantities.extract(quote, years=unit == "year")
    return "; ".join(describe_quantity(q) for q in found) or "no quantity"


def not_verbatim(quote: str, text: str) -> str:
    """Why ``quote`` is not in ``text``, pointing at the fix: where the longest start of the quote
    that the text has stops matching (the character on each side), or the closest sentence."""
    lo, hi = 0, len(quote)
    while lo < hi:  # the longest prefix of the quote found in the text (prefixes are monotone)
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if quote[:mid] in text else (lo, mid - 1)
    rule = (
        "quotes are matched against the article's cleaned, simplified text (as `corpus.load().text` "
        "and its article page show it): copy the sentence from there"
    )
    if lo >= 4:
        at = text.index(quote[:lo])
        theirs = text[at + lo] if at + lo < len(text) else "(end of the article)"
        context = text[max(0, at + lo - 12) : at + lo + 12].replace("\n", " ")
        return (
            f"quote is not verbatim: it matches up to character {lo + 1}, where the quote has "
            f"{quote[lo]!r} (U+{ord(quote[lo]):04X}) and the article has {theirs!r}"
            f"{f' (U+{ord(theirs):04X})' if len(theirs) == 1 else ''}: …{context}…; {rule}"
        )
    spans = corpus.split_sentences(text)
    best = max(
        (text[a:b] for _, a, b in spans), key=lambda t: difflib.SequenceMatcher(None, quote, t).ratio(), default=""
    )
    return f"quote is not verbatim; the closest sentence of the article is 「{best[:120]}」; {rule}"


def _value_in_quote(value: float, unit: str, quote: str) -> bool:
    found = quantities.extract(quote, years=unit == "year")
    for q in found:
        q_unit = q.unit or UNITLESS
        if unit != q_unit:
            continue
        if any(math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-12) for v in (q.low, q.high)):
            return True
    return False


def verify(seeds_dir: Path | None = None, figures_root: Path | None = None) -> list[Problem]:
    """Every problem in the three tables (and in figure CSVs' source ids)."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for name in TABLES:
        problems += _table_problems(name, seeds_dir, seen)
    if problems:
        return problems  # structural problems first; content checks need sound tables

    try:  # a manifest row naming a missing (or unreadable) article stops the corpus: say which
        listed = set(sources.read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir).doc_id)
        docs = _document_texts(seeds_dir)
    except sources.CorpusError as exc:
        return problems + [_corpus_problem(exc)]
    df, lines = _read("facts.csv", seeds_dir)
    refs = _read("references.csv", seeds_dir)[0].set_index("ref_id")
    for row, line in zip(df.to_dict("records"), lines, strict=True):
        reasons = _quote_problems(row, listed, docs) or _sentence_problems(row, docs, refs)
        problems += [Problem("facts.csv", line, row["fact_id"], r) for r in reasons]
    problems += curated_problems(seeds_dir, docs)
    problems += figure_problems(known_ids(seeds_dir), figures_root)
    return problems


def _table_problems(name: str, seeds_dir: Path, seen: dict[str, tuple[str, int]]) -> list[Problem]:
    """What is wrong with the structure of one table: the file, its header, and per row the
    number of fields, required fields, the id (its prefix, and repeats of ids in ``seen``, where
    this table's ids are added), the theme and the numbers."""
    id_col, prefix, columns, required = TABLES[name]
    try:
        df, lines = _read(name, seeds_dir)
    except FileNotFoundError:
        return [Problem(name, 0, "", "file missing")]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        return [Problem(name, 1, "", f"header lacks column(s) {', '.join(missing)}")]
    counts = _field_counts(seeds_dir / name)
    problems = []
    for row, line in zip(df.to_dict("records"), lines, strict=True):
        rid = row[id_col]
        if counts.get(line, len(df.columns)) != len(df.columns):
            problems.append(
                Problem(
                    name,
                    line,
                    rid,
                    f"{counts[line]} fields where {len(df.columns)} are expected: "
                    'a field holding a comma must be quoted ("…, …"), and a quote inside it '
                    'doubled ("")',
                )
            )
            continue
        reasons = []
        empty = [c for c in required if not row[c]]
        if empty:
            reasons.append(f"required field(s) empty: {', '.join(empty)}")
        if rid and not rid.startswith(prefix):
            reasons.append(f"id must start with {prefix}")
        if rid in seen:
            reasons.append(f"id repeats {seen[rid][0]}:{seen[rid][1]}")
        elif rid:
            seen[rid] = (name, line)
        if "theme" in row and row["theme"] and row["theme"] not in THEMES:
            reasons.append(f"theme {row['theme']!r} is not one of {', '.join(THEMES)}")
        for col in ("low", "high", "value"):
            if col in row and row[col]:
                try:
                    float(row[col])
                except ValueError:
                    reasons.append(f"{col} {row[col]!r} is not a number")
        problems += [Problem(name, line, rid, reason) for reason in reasons]
    return problems


def _quote_problems(row: dict, listed: set[str], docs: pd.Series) -> list[str]:
    """What is wrong with a fact's quote: its article is gone, the quote is not verbatim in the
    article's cleaned text, or its low/high is not a value the quote states (the first found)."""
    if row["doc_id"] not in listed or row["doc_id"] not in docs.index:
        return [
            f"doc_id {row['doc_id']} is not in the manifest (was the article removed?): delete this row, "
            "point it at another article, or add the article back with `python -m baimo add`"
        ]
    if row["quote"] not in docs[row["doc_id"]]:
        return [f"{row['doc_id']}: {not_verbatim(row['quote'], docs[row['doc_id']])}"]
    for col in ("low", "high"):
        if not _value_in_quote(float(row[col]), row["unit"], row["quote"]):
            what = (
                "a year the quote states"
                if row["unit"] == "year"
                else f"a {row['unit']} quantity extract() finds in the quote"
            )
            return [f"{col}={row[col]} is not {what}; extract() finds: {_found_in_quote(row['unit'], row['quote'])}"]
    return []


def number_words(quote: str, value: float, unit: str) -> str:
    """The words of ``quote`` that write ``value``: the quantity extract() reads (with its
    qualifier: 超15亿, 接近20天) and the two characters before it (高达, which extract() does not read)."""
    for q in quantities.extract(quote, years=unit == "year"):
        if (q.unit or UNITLESS) == unit and any(math.isclose(value, v, rel_tol=1e-9) for v in (q.low, q.high)):
            return quote[max(0, q.start - 2) : q.end]
    return ""


def hedge_kinds(hedge: str) -> list[str]:
    """What each hedge of a ``hedge`` cell says ("据报道;预计" → "据报道 reported", "预计 forecast"; "?" if none)."""
    return [next((k for k, pat in HEDGES.items() if pat.fullmatch(h)), "?") for h in split_ids(hedge)]


def hedges_near(text: str, quote: str) -> tuple[str, list[str]]:
    """(``quote``'s sentence up to the quote's end, the hedge words found in the quote and in the
    clause just before it): the hedges ``verify`` requires a fact to record."""
    at = text.find(quote)
    start = max((a for _, a, _b in corpus.split_sentences(text) if a <= at), default=0)
    lead = CLAUSE.split(text[start:at].rstrip("，,；;：: "))[-1]
    found = [m.group(0) for pat in HEDGES.values() for part in (lead, quote) for m in pat.finditer(part)]
    return text[start : at + len(quote)], list(dict.fromkeys(found))


def _sentence_problems(row: dict, docs: pd.Series, refs: pd.DataFrame) -> list[str]:
    """A fact's ``hedge`` is hedge words of its sentence, at or before the end of the quote, and
    records every hedge of the quote and the clause before it; a ``date_conflict`` names a
    reference to the same entity that dates the figure otherwise."""
    out = []
    sentence, found = hedges_near(docs[row["doc_id"]], row["quote"])
    recorded = split_ids(row.get("hedge", ""))
    for h, kind in zip(recorded, hedge_kinds(row.get("hedge", "")), strict=True):
        if kind == "?":
            out.append(f"hedge {h!r} is none of the hedges ({', '.join(HEDGES)}) as facts.HEDGES writes them")
        elif h not in sentence:
            out.append(f"hedge {h!r} is not in the quote's sentence, before the quote's end")
    missed = [f for f in found if not any(f in h or h in f for h in recorded)]
    if missed:
        out.append(f"the quote or the clause before it hedges with {'、'.join(missed)}: record it in the hedge column")
    for ref_id in split_ids(row.get("date_conflict", "")):
        if ref_id not in refs.index:
            out.append(f"date_conflict {ref_id} is not a reference id (references.csv)")
        elif refs.entity[ref_id] != row["entity"] or refs.period[ref_id] == row["period"]:
            out.append(
                f"date_conflict {ref_id} must be a reference to {row['entity']} dated other than {row['period']}"
            )
    return out


def hedge_note(v: Value) -> str:
    """How a chart names a value's hedge: "据报道 reported", "" for none."""
    return " · ".join(dict.fromkeys(v.hedge_kinds))


def date_flag(v: Value) -> str:
    """How a chart dates a figure that outside sources date otherwise: the date they give, then the
    article's: "2024-06 (文章称 article: 2024-01)"; "" when no reference contradicts its date."""
    if not v.date_conflict:
        return ""
    when = "、".join(dict.fromkeys(references(ids=split_ids(v.date_conflict)).period))
    return f"{when} (文章称 article: {v.period})"


def _corpus_problem(exc: Exception) -> Problem:
    """A corpus error ("…/manifest.csv:7: file … does not exist") as a Problem of that file and line."""
    m = re.match(r"(?P<path>.+?)(?::(?P<line>\d+))?: (?P<reason>.*)", str(exc), re.S)
    if not m:
        return Problem("manifest.csv", 0, "", str(exc))
    reason = m["reason"]
    if "does not exist" in reason:
        reason += ": restore the file, or delete this row (and the facts that cite it)"
    return Problem(Path(m["path"]).name, int(m["line"] or 0), "", reason)


def _document_texts(seeds_dir: Path) -> pd.Series:
    """doc_id → cleaned text: from the seed dataset, or, for another seeds directory (a scratch
    copy, a curator's branch), cleaned directly from its own manifest and files."""
    if seeds_dir.resolve() == paths.SEEDS.resolve():
        return corpus.load().set_index("doc_id").text
    manifest = sources.read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir)
    return pd.Series(
        {row["doc_id"]: corpus.clean_document(row, seeds_dir).cleaned.text for row in manifest.to_dict("records")}
    )


def figure_problems(known: set[str], figures_root: Path | None) -> list[Problem]:
    root = Path(figures_root or paths.FIGURES)
    problems = []
    for csv_path in sorted(root.glob("*/*.csv")):
        rel = csv_path.relative_to(root.parent) if root.parent in csv_path.parents else csv_path
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        if "source_id" not in df.columns:
            problems.append(Problem(str(rel), 1, "", "no source_id column"))
            continue
        for i, cell in enumerate(df.source_id, start=2):
            unknown = [s for s in split_ids(cell) if s not in known] or ([] if split_ids(cell) else ["(empty)"])
            if unknown:
                problems.append(Problem(str(rel), i, "", f"source_id names unknown id(s): {', '.join(unknown)}"))
    return problems


# ---------------------------------------------------------------------------------------------
# One row as a typed value: what the chapters compute with and print


@dataclass(frozen=True)
class Value:
    """A fact, reference or assumption as one typed value: ``value`` is its number (the low end of
    a range), ``low``/``high`` its stated range, ``qualifier`` its hedge, ``interval`` the range
    the hedge implies; ``quote``/``doc_id`` for a fact, ``source`` a citation for every kind."""

    id: str
    kind: str
    low: float
    high: float
    unit: str
    per: str = ""
    qualifier: str = ""
    entity: str = ""
    metric: str = ""
    period: str = ""
    quote: str = ""
    doc_id: str = ""
    source: str = ""
    name: str = ""
    hedge: str = ""
    date_conflict: str = ""

    @property
    def value(self) -> float:
        return self.low

    @property
    def words(self) -> str:
        """The words of the quote that write the value (see :func:`number_words`)."""
        return number_words(self.quote, self.low, self.unit) if self.quote else ""

    @property
    def hedge_kinds(self) -> list[str]:
        """What the hedge says, as ``HEDGES`` names it ("据报道 reported", "预计 forecast" …)."""
        return hedge_kinds(self.hedge)

    @property
    def interval(self) -> tuple[float, float]:
        return bounds(self)

    def __str__(self) -> str:
        return formatting.value(self.low, self.high, self.unit, self.per, self.qualifier)


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def value(source_id: str, seeds_dir: Path | None = None, *, override: float | None = None) -> Value:
    """The fact (F-), reference (R-) or assumption (A-) ``source_id`` as a ``Value``; the build
    records that this row was read. ``override`` (a papermill parameter) replaces the number."""
    kind = provenance.kind(source_id)
    if kind == "assumption":
        a = _row("assumptions.csv", seeds_dir, ("value",), source_id)
        v = float(a["value"]) if override is None else float(override)
        return Value(source_id, kind, v, v, _text(a["unit"]), source=_text(a["why"]), name=_text(a["name"]))
    if kind not in ("fact", "reference"):
        raise KeyError(f"{source_id!r} is not a fact (F-), reference (R-) or assumption (A-) id")
    row = _row("facts.csv" if kind == "fact" else "references.csv", seeds_dir, ("low", "high"), source_id)
    low, high = (float(row["low"]), float(row["high"])) if override is None else (float(override),) * 2
    common = {k: _text(row[k]) for k in ("unit", "per", "qualifier", "entity", "metric", "period")}
    if kind == "fact":
        return Value(
            source_id,
            kind,
            low,
            high,
            quote=_text(row["quote"]),
            doc_id=_text(row["doc_id"]),
            source=cite(row["doc_id"], seeds_dir=seeds_dir),
            hedge=_text(row.get("hedge")),
            date_conflict=_text(row.get("date_conflict")),
            **common,
        )
    return Value(source_id, kind, low, high, source=reference_citation(row), **common)


def _row(name: str, seeds_dir: Path | None, numeric: tuple[str, ...], row_id: str) -> dict:
    """One row of a table as a dict (its first, if the id repeats); the build records the read."""
    table = _typed_table(name, seeds_dir, numeric)
    if row_id not in table.rows_of:
        raise KeyError(f"{name}: unknown id(s) {row_id}")
    cache.record_read("table", Path(seeds_dir or paths.SEEDS) / name, {TABLES[name][0]: [row_id]})
    return table.records[table.rows_of[row_id][0]]


def reference_citation(row) -> str:
    """ "publisher: title (date)"; a reference whose page states no title is cited without one."""
    parts = [_text(_field(row, "source_publisher")), _text(_field(row, "source_title"))]
    return f"{': '.join(p for p in parts if p)} ({_text(_field(row, 'source_date'))})"


# ---------------------------------------------------------------------------------------------
# Curated tables: a chapter's own data (stances, capex readings …) in seeds/, checked like facts

#: The files of seeds/ that are not curated tables.
CORE_TABLES = (*TABLES, "manifest.csv")


def curated(name: str, seeds_dir: Path | None = None) -> pd.DataFrame:
    """``seeds/<name>.csv``, a chapter's curated table (all text; ``*_ids`` cells split on ";").
    The build records the read, so the chapter re-runs when the table changes."""
    path = Path(seeds_dir or paths.SEEDS) / f"{name}.csv"
    if not path.exists():
        known = sorted(p.stem for p in path.parent.glob("*.csv") if p.name not in CORE_TABLES)
        raise FileNotFoundError(f"{path}: no curated table {name!r}; the curated tables are: {', '.join(known)}")
    cache.record_read("file", path)
    return _read(path.name, path.parent)[0]


def curated_problems(seeds_dir: Path, docs: pd.Series) -> list[Problem]:
    """Every curated table: its id columns (``fact_id``, ``*_ids``, ``source_id``) name known ids,
    a ``quote`` is verbatim in its ``doc_id``'s cleaned text, fields are as many as the header's."""
    known = known_ids(seeds_dir, record=False)
    problems = []
    for path in sorted(p for p in seeds_dir.glob("*.csv") if p.name not in CORE_TABLES):
        df, lines = _read(path.name, seeds_dir)
        counts = _field_counts(path)
        id_cols = [c for c in df.columns if c.endswith(("_id", "_ids"))]
        for row, line in zip(df.to_dict("records"), lines, strict=True):
            rid = row.get(id_cols[0], "") if id_cols else ""
            reasons = _curated_row_problems(
                row, counts.get(line, len(df.columns)), len(df.columns), id_cols, known, docs
            )
            problems += [Problem(path.name, line, rid, r) for r in reasons]
    return problems


def _curated_row_problems(
    row: dict, n_fields: int, expected: int, id_cols: list[str], known: set[str], docs: pd.Series
) -> list[str]:
    if n_fields != expected:
        return [f"{n_fields} fields where {expected} are expected: quote a field holding a comma"]
    out = []
    unknown = [i for c in id_cols for i in split_ids(row[c]) if i not in known]
    if unknown:
        out.append(
            f"unknown id(s) {', '.join(unknown)}: use ids of facts.csv, references.csv, assumptions.csv or the manifest"
        )
    if row.get("quote") and row.get("doc_id") in docs.index and row["quote"] not in docs[row["doc_id"]]:
        out.append(f"{row['doc_id']}: {not_verbatim(row['quote'], docs[row['doc_id']])}")
    return out
