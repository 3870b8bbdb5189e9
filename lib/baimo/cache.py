"""One content key for every cache and for the build.

A key is the SHA-256 of the *contents* (and repo-relative names) of a set of files, so it changes
exactly when an input changes — not when a file is merely touched or the repo is cloned elsewhere.
Directories are expanded to the files below them (sorted; bytecode and checkpoints skipped).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

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
