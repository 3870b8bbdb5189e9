"""Project paths, resolved from the repository root.

Every other module asks here instead of building path strings, so the layout lives in one place.
`BAIMO_ROOT` overrides the root (tests point it at a scratch copy).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("BAIMO_ROOT", PACKAGE.parent.parent)).resolve()
DATA = PACKAGE / "data"
SEEDS = ROOT / "seeds"
MANIFEST = SEEDS / "manifest.csv"
FACTS = SEEDS / "facts.csv"
REFERENCES = SEEDS / "references.csv"
ASSUMPTIONS = SEEDS / "assumptions.csv"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
BUILD = ROOT / "build"
CORPUS = BUILD / "corpus"
EXECUTED = BUILD / "executed"
SITE = ROOT / "site"
LOCK = ROOT / "uv.lock"
USERDICT = DATA / "userdict.tsv"
STOPWORDS = DATA / "stopwords.txt"
THEMES = DATA / "themes.toml"
