"""Shared fixtures: the seed articles as text, the seed corpus dataset (built once per session), the
check build's executed notebooks, and the provenance tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from baimo import corpus, facts, paths

SEED_IDS = [
    "000_556574f2cf34673c",
    "001_22442d4731984c15",
    "002_a6c80c997dc4fe08",
    "003_6cb7593ecb247ef0",
    "004_2ce58a2ea71ab375",
]


@pytest.fixture(scope="session")
def raw():
    """doc number ("000" …) → raw text of the seed article."""
    return {d[:3]: (paths.SEEDS / f"{d}.txt").read_text(encoding="utf-8") for d in SEED_IDS}


@pytest.fixture(scope="session")
def seed_dataset():
    return corpus.build_seed_dataset()


@pytest.fixture(scope="session")
def docs(seed_dataset):
    return corpus.load().set_index("doc_id")


@pytest.fixture(scope="session")
def text(docs):
    """doc number ("000" …) → cleaned simplified text."""
    return {d[:3]: t for d, t in docs.text.items()}


@pytest.fixture(scope="session")
def real_inputs() -> tuple[Path, Path]:
    """(executed dir, figures root) of the check build test_notebooks uses (build/check/, incremental:
    notebooks already executed there are skipped), so the site shows exactly what CI verified."""
    from baimo import build

    out = paths.BUILD / "check"
    build.build(out=out, site=False)
    return out / "executed", out / "figures"


# The provenance tables as the notebooks read them, indexed by id (assumptions: id → value).


@pytest.fixture(scope="session")
def F():
    return facts.facts().set_index("fact_id")


@pytest.fixture(scope="session")
def R():
    return facts.references().set_index("ref_id")


@pytest.fixture(scope="session")
def A():
    return facts.assumptions().value


def broken_copy(tmp_path: Path, edit) -> Path:
    """A scratch copy of seeds/ whose manifest lines ``edit`` (a function of the list of lines) changed."""
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, seeds, ignore=shutil.ignore_patterns("*.csv"))
    lines = paths.MANIFEST.read_text(encoding="utf-8").splitlines()
    edit(lines)
    (seeds / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return seeds / "manifest.csv"
