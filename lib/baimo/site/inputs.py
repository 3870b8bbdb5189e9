"""Everything the site shows, gathered before a page is written: the corpus and its sentences, the
facts, references and assumptions, the figures with their data, and the executed notebooks."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pandas as pd

from baimo import corpus, facts, paths
from baimo.site import history, values
from baimo.site.catalog import Catalog
from baimo.site.entries import NotebookEntry, finding_figure, first_sentence, normalise_results, read_entries
from baimo.site.figures import Figure, FigureView, load_figures, view
from baimo.site.quotes import Highlights, locate_quotes


@dataclasses.dataclass
class InputDirs:
    """Where ``render`` reads from (None: the project's defaults)."""

    executed_dir: Path | None = None
    figures_root: Path | None = None
    corpus_dir: Path | None = None
    seeds_dir: Path | None = None


@dataclasses.dataclass
class Inputs:
    docs: pd.DataFrame  # the corpus, by doc_id
    sents: pd.DataFrame
    facts: pd.DataFrame
    refs: pd.DataFrame
    assumptions: pd.DataFrame
    highlights: Highlights
    catalog: Catalog
    seeds: Path  # the raw articles
    figures_root: Path
    figures: dict[str, Figure]  # by id
    entries: list[NotebookEntry]
    gallery: list[FigureView]  # every figure, seen from the site root: notebook by notebook, in page order
    used_by: dict[str, list[FigureView]]  # source id (and a fact's doc_id) → the figures drawing on it

    @property
    def doc_ids(self) -> set[str]:
        return set(self.docs.doc_id)


def gather(where: InputDirs, results=None) -> Inputs:
    executed_dir = Path(where.executed_dir or paths.EXECUTED)
    figures_root = Path(where.figures_root or paths.FIGURES)
    docs = corpus.load(where.corpus_dir).sort_values("doc_id").reset_index(drop=True)
    sents = corpus.sentences(where.corpus_dir)
    facts_df = _read_table(facts.facts, facts.FACT_COLUMNS, where.seeds_dir)
    refs_df = _read_table(facts.references, facts.REFERENCE_COLUMNS, where.seeds_dir)
    assumptions_df = _read_table(facts.assumptions, facts.ASSUMPTION_COLUMNS, where.seeds_dir)
    hl = locate_quotes(docs, sents, facts_df)
    catalog = Catalog(facts_df, refs_df, assumptions_df, docs, hl)

    figures = {rec["id"]: Figure.read(rec, figures_root) for rec in load_figures(figures_root)}
    for f in figures.values():
        f.cited = catalog.who(f.source_ids)
    by_nb: dict[str, dict[str, Figure]] = defaultdict(dict)
    for f in figures.values():
        by_nb[f.notebook][f.name] = f
    entries = read_entries(executed_dir, normalise_results(results), by_nb)
    for e in entries:
        e.updated = history.last_changed(history.chapter_inputs(e.name, executed_dir.parent / "state"))
        e.finding = first_sentence(e.answer)
        e.finding_figure = finding_figure(e.answer, e.finding, e.index_figures)
    orphans = sorted(set(by_nb) - {e.name for e in entries})  # figures of notebooks not executed here
    gallery = [f for e in entries for f in e.index_figures] + [
        view(by_nb[n][k], "") for n in orphans for k in sorted(by_nb[n])
    ]
    return Inputs(
        docs,
        sents,
        facts_df,
        refs_df,
        assumptions_df,
        hl,
        catalog,
        Path(where.seeds_dir or paths.SEEDS),
        figures_root,
        figures,
        entries,
        gallery,
        _used_by(gallery, figures, catalog),
    )


def _read_table(loader, columns: list[str], seeds_dir: Path | None) -> pd.DataFrame:
    try:
        df = loader(seeds_dir)
    except FileNotFoundError:
        return pd.DataFrame(columns=columns)
    df = df.reset_index(drop=True)
    for c in columns:
        if c not in df.columns:
            df[c] = ""
    return df


def _used_by(gallery: list[FigureView], figures: dict[str, Figure], catalog: Catalog) -> dict[str, list[FigureView]]:
    used_by: dict[str, list[FigureView]] = defaultdict(list)
    for f in gallery:
        for sid in sorted(set(figures[f.id].source_ids)):
            used_by[sid].append(f)
            if catalog.kind(sid) == "fact":
                doc = values.text(catalog.facts[sid].get("doc_id"))
                if f not in used_by[doc]:
                    used_by[doc].append(f)
    return used_by
