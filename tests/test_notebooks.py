"""The real notebooks: stored without outputs, one tagged parameters cell; built by the build into
build/check/ (never figures/), every one succeeds, and what they produce matches the committed
figures/ (the stale check)."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from baimo import build, facts, paths, provenance

NOTEBOOKS = build.notebooks()
CHECK = paths.BUILD / "check"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs_and_with_parameters(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip outputs before committing"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "corpus_dir = None" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown" and "Question" in nb.cells[0].source


@pytest.fixture(scope="session")
def check_build():
    """Every notebook built into build/check/ (incremental: unchanged notebooks are skipped)."""
    return {r.notebook: r for r in build.build(out=CHECK, site=False)}


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(nb_path, check_build):
    r = check_build[nb_path.stem]
    assert r.status in ("ran", "skipped"), r.error
    assert (CHECK / "executed" / nb_path.name).exists()


def _compared(root: Path) -> set[str]:
    """Every figure file, PNG included, and the index."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _differ(a: Path, b: Path) -> tuple[list[str], list[str], list[str]]:
    new, old = _compared(a), _compared(b)
    return (
        sorted(f for f in new & old if not filecmp.cmp(a / f, b / f, shallow=False)),
        sorted(new - old),
        sorted(old - new),
    )


def test_committed_figures_are_current(check_build):
    differ, missing, extra = _differ(CHECK / "figures", paths.FIGURES)
    assert not (differ or missing or extra), (
        "figures/ is stale — run `make` and commit figures/.\n"
        f"  differ: {differ}\n  not committed: {missing}\n  committed but no longer produced: {extra}"
    )


INDEX = json.loads((paths.FIGURES / "index.json").read_text(encoding="utf-8"))["figures"]


@pytest.mark.parametrize("figure", INDEX, ids=lambda f: f["id"])
def test_every_figure_has_its_files_and_known_source_ids(figure):
    """One test per committed figure: its four files exist, every row of its CSV names ids, and
    every id is a fact, reference, assumption or article."""
    for rel in figure["files"].values():
        assert (paths.FIGURES / rel).exists(), rel
    data = pd.read_csv(paths.FIGURES / figure["files"]["csv"], dtype=str, keep_default_na=False)
    cells = [provenance.split_ids(c) for c in data["source_id"]]
    assert all(cells), f"{figure['id']}: rows without a source id"
    unknown = {i for ids in cells for i in ids} - facts.known_ids()
    assert not unknown, f"{figure['id']}: unknown ids {sorted(unknown)}"
    assert sorted({i for ids in cells for i in ids}) == figure["source_ids"]


def test_one_job_and_two_jobs_write_the_same_bytes(check_build, tmp_path):
    """The check build ran two notebooks at a time; one at a time, in a fresh output directory,
    must give every figure file (PNG, SVG, CSV, JSON) and the index byte for byte."""
    results = build.build(out=tmp_path, site=False, jobs=1)
    assert all(r.status == "ran" for r in results), [r.error for r in results]
    differ, missing, extra = _differ(tmp_path / "figures", CHECK / "figures")
    assert not (differ or missing or extra), (differ, missing, extra)
