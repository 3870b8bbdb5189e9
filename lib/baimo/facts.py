"""Facts, references and assumptions: the only places a drawn number may come from.

- ``seeds/facts.csv``       F-…  the articles' own claims, each with its verbatim quote
- ``seeds/references.csv``  R-…  outside facts for cross-checks, each with a citation
- ``seeds/assumptions.csv`` A-…  stated choices (exchange rate, MFU, tolerances), each with a reason

``verify()`` lists every problem (file, line, id, reason); ``python -m baimo check`` fails on any.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from baimo import paths

THEMES = ("price_war", "monetization", "compute", "data")
NUMERIC = ["theme", "entity", "metric", "period", "low", "high", "unit", "per", "qualifier"]
FACT_COLUMNS = ["fact_id", *NUMERIC, "doc_id", "quote", "note"]
REFERENCE_COLUMNS = ["ref_id", *NUMERIC, "source_title", "source_publisher", "source_date", "source_url", "note"]
ASSUMPTION_COLUMNS = ["assumption_id", "name", "value", "unit", "why"]
TABLES = {
    # file → (id column, prefix, columns, required)
    "facts.csv": ("fact_id", "F-", FACT_COLUMNS, ["fact_id", "theme", "entity", "metric", "low", "high", "unit", "doc_id", "quote"]),
    "references.csv": ("ref_id", "R-", REFERENCE_COLUMNS, ["ref_id", "theme", "entity", "metric", "low", "high", "unit", "source_title", "source_publisher", "source_date"]),
    "assumptions.csv": ("assumption_id", "A-", ASSUMPTION_COLUMNS, ["assumption_id", "name", "value", "unit", "why"]),
}
UNITLESS = "none"  # a quantity with a magnitude but no unit word (估值过200亿): unit=none in the table


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    row_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.row_id or 'no id'}): {self.reason}"


def _read(name: str, seeds_dir: Path | None = None) -> tuple[pd.DataFrame, list[int]]:
    path = Path(seeds_dir or paths.SEEDS) / name
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows, lines = [], []
        for row in reader:
            rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
            lines.append(reader.line_num)
        columns = reader.fieldnames or []
    return pd.DataFrame(rows, columns=columns), lines


def _typed(df: pd.DataFrame, numeric: list[str]) -> pd.DataFrame:
    df = df.copy()
    for col in numeric:
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def _select(name: str, seeds_dir: Path | None, numeric: list[str], theme=None, ids=None) -> pd.DataFrame:
    """Read a table, optionally only some themes or ids, and tell the build what was read."""
    from baimo import cache

    id_col = TABLES[name][0]
    df = _typed(_read(name, seeds_dir)[0], numeric)
    select = {}
    if theme is not None:
        themes = [theme] if isinstance(theme, str) else list(theme)
        df, select["theme"] = df[df.theme.isin(themes)], themes
    if ids is not None:
        ids = [ids] if isinstance(ids, str) else list(ids)
        unknown = sorted(set(ids) - set(df[id_col]))
        if unknown:
            raise KeyError(f"{name}: unknown id(s) {', '.join(unknown)}")
        df, select[id_col] = df.set_index(id_col, drop=False).loc[ids].reset_index(drop=True), ids
    cache.record_read("table", Path(seeds_dir or paths.SEEDS) / name, select)
    return df.reset_index(drop=True)


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


def known_ids(seeds_dir: Path | None = None, corpus_dir=None) -> set[str]:
    from baimo import corpus

    ids = set(facts(seeds_dir).fact_id) | set(references(seeds_dir).ref_id) | set(assumptions(seeds_dir).assumption_id)
    return ids | set(corpus.read_manifest(Path(seeds_dir or paths.SEEDS) / "manifest.csv").doc_id)


def _value_in_quote(value: float, unit: str, quote: str) -> bool:
    from baimo import quantities

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
    from baimo import corpus

    seeds_dir = Path(seeds_dir or paths.SEEDS)
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for name, (id_col, prefix, columns, required) in TABLES.items():
        try:
            df, lines = _read(name, seeds_dir)
        except FileNotFoundError:
            problems.append(Problem(name, 0, "", "file missing"))
            continue
        missing = [c for c in columns if c not in df.columns]
        if missing:
            problems.append(Problem(name, 1, "", f"header lacks column(s) {', '.join(missing)}"))
            continue
        for row, line in zip(df.to_dict("records"), lines):
            rid = row[id_col]
            add = lambda reason: problems.append(Problem(name, line, rid, reason))
            empty = [c for c in required if not row[c]]
            if empty:
                add(f"required field(s) empty: {', '.join(empty)}")
            if rid and not rid.startswith(prefix):
                add(f"id must start with {prefix}")
            if rid in seen:
                add(f"id repeats {seen[rid][0]}:{seen[rid][1]}")
            elif rid:
                seen[rid] = (name, line)
            if "theme" in row and row["theme"] and row["theme"] not in THEMES:
                add(f"theme {row['theme']!r} is not one of {', '.join(THEMES)}")
            for col in ("low", "high", "value"):
                if col in row and row[col]:
                    try:
                        float(row[col])
                    except ValueError:
                        add(f"{col} {row[col]!r} is not a number")
    if problems:
        return problems  # structural problems first; content checks need sound tables

    try:  # a manifest row naming a missing (or unreadable) article stops the corpus: say which
        listed = set(corpus.read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir).doc_id)
        docs = _document_texts(seeds_dir)
    except corpus.CorpusError as exc:
        return problems + [_corpus_problem(exc)]
    df, lines = _read("facts.csv", seeds_dir)
    for row, line in zip(df.to_dict("records"), lines):
        add = lambda reason: problems.append(Problem("facts.csv", line, row["fact_id"], reason))
        if row["doc_id"] not in listed or row["doc_id"] not in docs.index:
            add(f"doc_id {row['doc_id']} is not in the manifest (was the article removed?): delete this row, "
                "point it at another article, or add the article back with `python -m baimo add`")
            continue
        if row["quote"] not in docs[row["doc_id"]]:
            add(f"quote is not verbatim in {row['doc_id']}: {row['quote'][:40]}…")
            continue
        for col in ("low", "high"):
            value = float(row[col])
            if not _value_in_quote(value, row["unit"], row["quote"]):
                what = "a year the quote states" if row["unit"] == "year" else f"a {row['unit']} quantity extract() finds in the quote"
                add(f"{col}={row[col]} is not {what}")
                break
    problems += figure_problems(known_ids(seeds_dir), figures_root)
    return problems


def _corpus_problem(exc: Exception) -> Problem:
    """A corpus error ("…/manifest.csv:7: file … does not exist") as a Problem of that file and line."""
    import re

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
    from baimo import corpus

    if seeds_dir.resolve() == paths.SEEDS.resolve():
        return corpus.load().set_index("doc_id").text
    manifest = corpus.read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir)
    return pd.Series({row["doc_id"]: corpus.clean_document(row, seeds_dir).cleaned.text for row in manifest.to_dict("records")})


def split_ids(value: str) -> list[str]:
    """A figure CSV's source_id cell may name several ids separated by ';'."""
    return [s.strip() for s in str(value).split(";") if s.strip()]


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
