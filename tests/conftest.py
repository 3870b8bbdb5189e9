"""Shared fixtures: the seed articles as text, and the seed corpus dataset (built once per session)."""
from __future__ import annotations

import pytest

from baimo import corpus, paths

SEED_IDS = ["000_556574f2cf34673c", "001_22442d4731984c15", "002_a6c80c997dc4fe08", "003_6cb7593ecb247ef0", "004_2ce58a2ea71ab375"]


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
