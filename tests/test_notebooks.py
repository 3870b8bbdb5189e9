"""Notebooks: stored without outputs, one tagged parameters cell, and they execute under papermill.

Execution writes figures into a scratch directory (never figures/) and compares them with the
committed figures, so a stale figures/ fails here.
"""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

import nbformat
import pytest

from baimo import build, paths

NOTEBOOKS = build.notebooks()


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs_and_with_parameters(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip outputs before committing"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "corpus_dir = None" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown" and "Question" in nb.cells[0].source


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_and_matches_committed_figures(nb_path, seed_dataset, tmp_path, monkeypatch):
    import papermill as pm

    out = tmp_path / nb_path.stem
    monkeypatch.setenv("BAIMO_FIGURES_DIR", str(out))
    monkeypatch.setenv("BAIMO_NOTEBOOK", nb_path.stem)
    executed = paths.BUILD / "test-executed" / nb_path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(str(nb_path), str(executed), kernel_name="python3", cwd=str(paths.NOTEBOOKS), progress_bar=False)
    made = sorted(p.name for p in out.iterdir())
    assert len([m for m in made if m.endswith(".csv")]) >= 3
    committed = paths.FIGURES / nb_path.stem
    compared = [m for m in made if not m.endswith(".png")]  # PNG rasters may differ by a pixel; SVG and CSV may not
    stale = [m for m in compared if not (committed / m).exists() or not filecmp.cmp(out / m, committed / m, shallow=False)]
    extra = sorted(p.name for p in committed.glob("*") if p.name not in made)
    assert not stale and not extra, (
        f"figures/{nb_path.stem} is stale: differs {stale}, no longer produced {extra}; run `make` and commit figures/")
