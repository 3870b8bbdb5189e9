"""One content key for every cache and for the build.

A key is the SHA-256 of the *contents* (and repo-relative names) of a set of files, so it changes
exactly when an input changes — not when a file is merely touched or the repo is cloned elsewhere.
Directories are expanded to the files below them (sorted; bytecode and checkpoints skipped).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from baimo import paths

_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def _files(items: Iterable[Path | str]) -> list[Path]:
    out: set[Path] = set()
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.update(f for f in p.rglob("*") if f.is_file() and not _SKIP_PARTS & set(f.parts) and f.suffix != ".pyc")
        elif p.is_file():
            out.add(p)
        else:
            raise FileNotFoundError(f"content_key: input {p} does not exist")
    return sorted(out)


def _name(p: Path) -> str:
    try:
        return p.resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return p.name  # outside the repo (a scratch corpus): the name and bytes identify it


def content_key(items: Iterable[Path | str], *, extra: str = "") -> str:
    """Hex SHA-256 over each file's repo-relative name and bytes, plus ``extra`` (parameters)."""
    h = hashlib.sha256()
    for f in _files(items):
        h.update(_name(f).encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    h.update(extra.encode())
    return h.hexdigest()


def library_inputs() -> list[Path]:
    """What every derived artefact depends on: the library's code and data, and the lock file."""
    return [paths.PACKAGE, paths.LOCK] if paths.LOCK.exists() else [paths.PACKAGE]


CORPUS_FORMAT = "2"  # bump when the dataset layout changes (2: quantities.carried)


def seed_corpus_key(seeds_dir: Path | str | None = None) -> str:
    """Key of the seed corpus dataset: the articles, the manifest, the library and the lock."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    # every article file, whatever its format (.txt, .html …); the tables are not corpus inputs
    articles = sorted(
        f for f in seeds_dir.iterdir() if f.is_file() and f.suffix != ".csv" and not f.name.startswith(".")
    )
    return content_key([*articles, seeds_dir / "manifest.csv", *library_inputs()], extra=CORPUS_FORMAT)


# ---------------------------------------------------------------------------------------------
# Read tracking: which inputs a notebook actually read, so the build re-runs it only when *those*
# change (like ninja's depfiles). Reads go through baimo.facts / baimo.corpus, which call
# record_read; the build points $BAIMO_READS at a file per notebook run.


def record_read(kind: str, path: Path | str, select: dict[str, list[str]] | None = None) -> None:
    """Note that the running notebook read ``path`` (a table, restricted to rows matching
    ``select`` {column: [values]}, a whole file, or a corpus dataset)."""
    target = os.environ.get("BAIMO_READS")
    if not target:
        return
    record = {"kind": kind, "path": str(Path(path).resolve())}
    if select:
        record["select"] = {k: sorted(map(str, v)) for k, v in select.items()}
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")


def read_records(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    seen, out = set(), []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and line not in seen:
            seen.add(line)
            out.append(json.loads(line))
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))


def read_key(record: dict) -> str:
    """The content key of what one recorded read saw: the selected rows of a table, a whole
    file, or a corpus dataset's own key. A vanished input gets a key that never matches."""
    path = Path(record["path"])
    kind = record["kind"]
    if kind == "seed_corpus":
        return seed_corpus_key(path)
    if kind == "corpus":
        try:
            return json.loads((path / "meta.json").read_text(encoding="utf-8"))["content_key"]
        except (FileNotFoundError, KeyError, json.JSONDecodeError):
            return "missing"
    if not path.exists():
        return "missing"
    if kind == "table" and record.get("select"):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            select = {header.index(c): set(v) for c, v in record["select"].items() if c in header}
            if len(select) != len(record["select"]):
                return "missing"
            rows = [header] + [r for r in reader if any(i < len(r) and r[i] in v for i, v in select.items())]
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()
